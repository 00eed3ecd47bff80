package app

import (
	"crypto/ed25519"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/defaultbulletin"
	"bipkiosk/internal/web"
)

// TestHarvestRoundTrip harvests bipkiosk's own reader serving the embedded
// default bulletin, builds a bundle of the harvest, installs it in another
// data directory, and compares it with the default bulletin: every node
// back, with its title, parent, metadata and attachment bytes, and its
// body's words (token F1) at 0.98 or more.
func TestHarvestRoundTrip(t *testing.T) {
	served, work, again := t.TempDir(), t.TempDir(), t.TempDir()
	cfg := DefaultConfig()
	cfg.DataDir = served
	st, err := openStore(t.Context(), &env{stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}, cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.NewHandler(web.Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	defer st.Close()

	tree, key, out := filepath.Join(work, "tree"), filepath.Join(work, "k"), filepath.Join(work, "again.zip")
	report := mustCLI(t, again, "harvest", srv.URL+"/", "--out", tree, "--contact", "it@example.org", "--per-second", "1000", "--parallel", "4")
	t.Logf("harvest of the default bulletin:\n%s", firstLines(report, 4))
	mustCLI(t, again, "keygen", "--out", key, "--publisher", "Round trip")
	mustCLI(t, again, "trust", key+".pub")
	mustCLI(t, again, "harvest", srv.URL+"/", "--out", tree, "--contact", "it@example.org", "--per-second", "1000", "--parallel", "4",
		"--key", key+".key", "--sequence", "1", "--bundle", out)
	if got := mustCLI(t, again, "import", out); !strings.Contains(got, "sequence 1") {
		t.Fatalf("import of the harvested bundle: %s", got)
	}
	if made, _ := filepath.Glob(filepath.Join(tree, ".crawl", "documents", "*.json")); len(made) == 0 {
		t.Errorf("harvest --bundle kept no attachment text in %s/.crawl/documents", tree)
	}

	if g, w := bundleSite(t, out, trustFile(t, key+".pub")), bundleSite(t, defaultBundle(t), defaultTrust(t)); g.Name != w.Name || g.Owner != w.Owner {
		t.Errorf("harvested bulletin %q of %q, want %q of %q", g.Name, g.Owner, w.Name, w.Owner)
	}
	want := defaultNodes(t)
	got := bundleNodes(t, out, key+".pub")
	byOrigin := map[string]content.Node{} // original id (or a link's address) → harvested node
	for _, n := range got {
		if _, id, ok := strings.Cut(n.Meta.SourceURL, "/p/"); ok {
			byOrigin[id] = n
		} else if n.Kind == content.KindLink {
			byOrigin[n.URL] = n
		}
	}
	var titles, parents, metas, files, found, links int
	var f1s []float64
	for _, w := range want {
		g, ok := byOrigin[w.ID.String()]
		if w.Kind == content.KindLink {
			g, ok = byOrigin[w.URL]
		}
		if !ok {
			t.Logf("not harvested: %s %q", w.Path, w.Title)
			continue
		}
		found++
		if w.Kind == content.KindLink {
			links++
		}
		count(&titles, g.Title == w.Title, t, "title", w, g.Title)
		count(&parents, parentOrigin(got, g) == w.Parent.String() || (w.Parent.String() == "00000000-0000-0000-0000-000000000000" && g.Parent.String() == w.Parent.String()), t, "parent", w, g.Parent.String())
		if w.Kind != content.KindLink { // the reader shows no metryczka of a link
			count(&metas, sameMeta(g.Meta, w.Meta), t, "metadata", w, g.Meta)
		}
		count(&files, slices.Equal(blobs(g), blobs(w)), t, "attachments", w, blobs(g))
		if w.Kind != content.KindLink {
			f1s = append(f1s, wordsF1(plain(g.Body), plain(w.Body)))
			if f := f1s[len(f1s)-1]; f < 0.98 {
				t.Logf("body of %s: F1 %.2f\ngot  %.300q\nwant %.300q", w.Path, f, plain(g.Body), plain(w.Body))
			}
		}
	}
	matched := map[string]bool{}
	for _, w := range want {
		key := w.ID.String()
		if w.Kind == content.KindLink {
			key = w.URL
		}
		if n, ok := byOrigin[key]; ok {
			matched[n.ID.String()] = true
		}
	}
	extra := 0
	for _, n := range got {
		if !matched[n.ID.String()] {
			extra++
			t.Logf("harvested but not in the default bulletin: %s %q (%s)", n.Path, n.Title, n.Meta.SourceURL)
		}
	}
	mean := 0.0
	for _, f := range f1s {
		mean += f / float64(len(f1s))
	}
	t.Logf("harvested bundle: %d nodes", len(got))
	t.Logf("round trip: %d of %d nodes back; titles %d, parents %d, metadata %d (of %d with a metryczka), attachments %d equal; body token F1 mean %.3f, min %.3f",
		found, len(want), titles, parents, metas, found-links, files, mean, slices.Min(f1s))
	if found != len(want) || titles != found || parents != found || metas != found-links || files != found || mean < 0.98 || extra > 0 {
		t.Errorf("the harvested bulletin differs from the default one (see the log)")
	}
}

// count adds one to *n when ok, else logs what differs.
func count(n *int, ok bool, t *testing.T, what string, w content.Node, got any) {
	if ok {
		*n++
		return
	}
	t.Logf("%s of %s differs: got %v", what, w.Path, got)
}

// parentOrigin is the original id of a harvested node's parent.
func parentOrigin(nodes []content.Node, n content.Node) string {
	for _, p := range nodes {
		if p.ID == n.Parent {
			_, id, _ := strings.Cut(p.Meta.SourceURL, "/p/")
			return id
		}
	}
	return n.Parent.String()
}

// sameMeta compares what a metryczka shows; the source address and the
// visit count are the live site's own.
func sameMeta(a, b content.Meta) bool {
	a.SourceURL, b.SourceURL, a.Visits, b.Visits = "", "", 0, 0
	return a.Author == b.Author && a.Publisher == b.Publisher && a.Responsible == b.Responsible && a.EnteredBy == b.EnteredBy &&
		a.Created.Equal(b.Created) && a.Published.Equal(b.Published) && a.Updated.Equal(b.Updated)
}

func blobs(n content.Node) []string {
	var out []string
	for _, a := range n.Attachments {
		out = append(out, a.SHA256)
	}
	slices.Sort(out)
	return out
}

// plain is the text of an HTML body.
func plain(h string) string {
	doc, err := html.Parse(strings.NewReader(h))
	if err != nil {
		return h
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// wordsF1 is the F1 of the multisets of lower-case words of got and want.
func wordsF1(got, want string) float64 {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 127 && r != '\u00a0')
		})
	}
	g, w := split(got), split(want)
	if len(g) == 0 && len(w) == 0 {
		return 1
	}
	left := map[string]int{}
	for _, s := range w {
		left[s]++
	}
	hit := 0
	for _, s := range g {
		if left[s] > 0 {
			left[s]--
			hit++
		}
	}
	if hit == 0 {
		return 0
	}
	p, r := float64(hit)/float64(len(g)), float64(hit)/float64(len(w))
	return 2 * p * r / (p + r)
}

// defaultNodes are the nodes of the embedded default bulletin.
func defaultNodes(t *testing.T) []content.Node {
	return openNodes(t, defaultBundle(t), defaultTrust(t))
}

// defaultBundle writes the embedded default bulletin's bundle to a file.
func defaultBundle(t *testing.T) string {
	t.Helper()
	data, err := defaultbulletin.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "default.zip")
	writeTestFile(t, path, data)
	return path
}

func defaultTrust(t *testing.T) func(bundle.Publisher) (ed25519.PublicKey, error) {
	t.Helper()
	pub, err := defaultbulletin.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return bundle.TrustKeys(pub)
}

// bundleSite is a bundle's site: name, owner, groups.
func bundleSite(t *testing.T, path string, trust func(bundle.Publisher) (ed25519.PublicKey, error)) content.Site {
	t.Helper()
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	site, err := b.Site()
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// bundleNodes are the nodes of a bundle signed by the key in pubPath.
func bundleNodes(t *testing.T, path, pubPath string) []content.Node {
	return openNodes(t, path, trustFile(t, pubPath))
}

func openNodes(t *testing.T, path string, trust func(bundle.Publisher) (ed25519.PublicKey, error)) []content.Node {
	t.Helper()
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var out []content.Node
	if err := b.EachNode(func(n content.Node) error { out = append(out, n); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// firstLines is the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
