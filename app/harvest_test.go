package app

import (
	"bipkiosk/internal/harvesttest"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/crawl"
	"bipkiosk/internal/harvest"
	"bipkiosk/internal/source"
	"bipkiosk/internal/web"
)

// copyFixtureSite copies a fixture site of internal/harvest into a temporary
// folder, so a test can edit its pages between harvests.
func copyFixtureSite(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("..", "internal", "harvest", "testdata", "sites", name)
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// editPage replaces old with new in a fixture page, failing if old is not there.
func editPage(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(data), old) {
		t.Fatalf("%s: cannot edit %q (%v)", file, old, err)
	}
	os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644)
}

// TestHarvestNightlyEndToEnd runs the nightly step against a live fixture
// site twice, with two pages edited in between: the second run publishes
// a delta of just those two pages, and a reader following the publish
// folder's feed installs it and serves the new text.
func TestHarvestNightlyEndToEnd(t *testing.T) {
	site := copyFixtureSite(t, "govhost")
	srv := harvesttest.ServeSite(t, site, "text/html; charset=utf-8")
	work, reader := t.TempDir(), t.TempDir()
	tree, pub := filepath.Join(work, "tree"), filepath.Join(work, "pub")
	key := filepath.Join(work, "gok")
	mustCLI(t, reader, "keygen", "--out", key, "--publisher", "GOK Brzozów Mały")
	mustCLI(t, reader, "trust", key+".pub")
	nightly := []string{"harvest", srv.URL + "/", "--out", tree, "--contact", "it@example.org", "--per-second", "1000",
		"--key", key + ".key", "--publish", pub, "--keep", "1"}

	out := mustCLI(t, reader, nightly...)
	for _, want := range []string{"first harvest into this folder", "attachments: 4 (", "0 missing", "wrote " + filepath.Join(pub, "bip-1.zip"), "index.json: 1 bundles"} {
		if !strings.Contains(out, want) {
			t.Errorf("first nightly run: output lacks %q:\n%s", want, out)
		}
	}
	files := newCountingServer(t, pub)
	if out := mustCLI(t, reader, "import", files.URL+"/index.json"); !strings.Contains(out, "sequence 1") {
		t.Fatalf("reader's first import: %s", out)
	}

	editPage(t, filepath.Join(site, "articles", "view", "112.html"), "40 złotych", "45 złotych")
	editPage(t, filepath.Join(site, "articles", "view", "119.html"), "korzystają uczestnicy", "korzystają wszyscy uczestnicy")
	out = mustCLI(t, reader, nightly...)
	if !strings.Contains(out, "since the last harvest: 0 added, 2 changed, 0 removed") {
		t.Errorf("second nightly run: want 2 changed nodes reported:\n%s", out)
	}
	delta := filepath.Join(pub, "bip-2-delta-1.zip")
	b, err := bundle.Open(delta, bundle.OpenOptions{Trust: trustFile(t, key+".pub"), Limits: bundle.DefaultLimits()})
	if err != nil {
		t.Fatalf("the second run's delta: %v", err)
	}
	nodes, _ := b.Counts()
	m := b.Manifest()
	b.Close()
	if nodes != 2 || m.BaseSequence != 1 || m.Sequence != 2 || len(m.Removed) != 0 {
		t.Errorf("delta holds %d nodes, sequence %d on %d, %d removed; want the 2 edited pages, 2 on 1, none removed",
			nodes, m.Sequence, m.BaseSequence, len(m.Removed))
	}

	// The file server's Last-Modified has whole seconds: a feed rewritten
	// within the same second would be answered 304, which nights apart it is not.
	later := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(pub, "index.json"), later, later)
	if out := mustCLI(t, reader, "import", files.URL+"/index.json"); !strings.Contains(out, "sequence 2") {
		t.Fatalf("reader's second import: %s", out)
	}
	if files.count("/bip-2-delta-1.zip") != 1 || files.count("/bip-2.zip") != 0 {
		t.Errorf("reader fetched the delta %d times and the full bundle %d times; want the delta alone",
			files.count("/bip-2-delta-1.zip"), files.count("/bip-2.zip"))
	}
	page := servedPage(t, reader, tree, srv.URL+"/articles/view/112")
	if !strings.Contains(page, "45 złotych") || strings.Contains(page, "40 złotych") {
		t.Errorf("the reader serves the old text of the edited page:\n%s", page)
	}

	// A third run with nothing changed publishes nothing; --keep 1 has
	// already pruned sequence 1.
	out = mustCLI(t, reader, nightly...)
	if !strings.Contains(out, "nothing changed since the last harvest") {
		t.Errorf("third run: %s", out)
	}
	if _, err := os.Stat(filepath.Join(pub, "bip-1.zip")); !os.IsNotExist(err) {
		t.Errorf("bip-1.zip is still published with --keep 1 (%v)", err)
	}
}

// trustFile trusts the public key in path.
func trustFile(t *testing.T, path string) func(bundle.Publisher) (ed25519.PublicKey, error) {
	t.Helper()
	k, err := bundle.ReadPublicKey(path)
	if err != nil {
		t.Fatal(err)
	}
	return bundle.TrustKeys(k)
}

// servedPage is the reader's page of the node harvested from live, as
// bipkiosk's own handler serves it from the data directory.
func servedPage(t *testing.T, data, tree, live string) string {
	t.Helper()
	src, err := source.Read(tree)
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, n := range src.Nodes {
		if n.Meta.SourceURL == live {
			id = n.ID.String()
		}
	}
	if id == "" {
		t.Fatalf("no node of the tree was harvested from %s", live)
	}
	cfg := DefaultConfig()
	cfg.DataDir = data
	st, err := openStore(t.Context(), &env{stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := web.NewHandler(web.Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/p/"+id, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /p/%s: %d", id, rec.Code)
	}
	return rec.Body.String()
}

// TestHarvestFlags refuses command lines that cannot run, before any request.
func TestHarvestFlags(t *testing.T) {
	data := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"harvest", "http://127.0.0.1:1/", "--out", "x"}, "--contact is required: the User-Agent must name an address"},
		{[]string{"harvest", "http://127.0.0.1:1/", "--contact", "a@b.pl"}, "--out DIR is required"},
		{[]string{"harvest", "--out", "x", "--contact", "a@b.pl"}, "want the address of the bulletin to harvest"},
		{[]string{"harvest", "http://127.0.0.1:1/", "--out", "x", "--contact", "a@b.pl", "--bundle", "b.zip"}, "need --key"},
		{[]string{"harvest", "http://127.0.0.1:1/", "--out", "x", "--contact", "a@b.pl", "--key", "k.key", "--bundle", "b.zip"}, "--bundle needs --sequence"},
		{[]string{"harvest", "http://127.0.0.1:1/", "--out", "x", "--contact", "a@b.pl", "--key", "k.key", "--bundle", "b.zip", "--sequence", "1", "--publish", "p"}, "not both"},
	} {
		code, _, msg := cli(t, data, c.args...)
		if code != 2 || !strings.Contains(msg, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", c.args, code, msg, c.want)
		}
	}
}

// TestStoppedText names the flag behind each crawl limit.
func TestStoppedText(t *testing.T) {
	for _, c := range []struct {
		r    crawl.Report
		want string
	}{
		{crawl.Report{Limit: crawl.LimitPages, Stopped: "stopped after 10 000 pages (page limit); raise it to harvest more"}, "stopped after 10 000 pages: raise --max-pages"},
		{crawl.Report{Limit: crawl.LimitTime, Stopped: "stopped after 2h0m0s (time limit); raise it to harvest more"}, "stopped after 2h0m0s: raise --max-time"},
		{crawl.Report{Limit: crawl.LimitBytes, Stopped: "stopped after 1 000 bytes (byte limit); raise it"}, "stopped after 1 000 bytes: raise --max-bytes"},
		{crawl.Report{}, ""},
	} {
		if got := stoppedText(c.r); got != c.want {
			t.Errorf("stoppedText(%q) = %q, want %q", c.r.Stopped, got, c.want)
		}
	}
}

// TestHarvestLimitReported crawls with a page limit too small for the
// site: the report names --max-pages, and the nightly step refuses to
// publish a tree that lacks pages.
func TestHarvestLimitReported(t *testing.T) {
	site := copyFixtureSite(t, "govhost")
	srv := harvesttest.ServeSite(t, site, "text/html; charset=utf-8")
	work, data := t.TempDir(), t.TempDir()
	key := filepath.Join(work, "k")
	mustCLI(t, data, "keygen", "--out", key, "--publisher", "GOK")
	code, out, msg := cli(t, data, "harvest", srv.URL+"/", "--out", filepath.Join(work, "tree"), "--contact", "it@example.org",
		"--per-second", "1000", "--max-pages", "3", "--json", "--key", key+".key", "--publish", filepath.Join(work, "pub"))
	var sum harvest.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("--json output is not one JSON report: %v\n%s", err, out)
	}
	if !strings.Contains(sum.Stopped, "raise --max-pages") || !sum.CutShort || sum.Pages != 3 {
		t.Errorf("report %+v: want 3 pages, cut short, naming --max-pages", sum)
	}
	if code != 1 || !strings.Contains(msg, "cut short, so nothing was published") {
		t.Errorf("publishing a cut-short crawl: exit %d, %q; want a refusal", code, msg)
	}
	// What was not published is not taken as seen: the next whole run lists
	// every node as new and publishes them.
	out = mustCLI(t, data, "harvest", srv.URL+"/", "--out", filepath.Join(work, "tree"), "--contact", "it@example.org",
		"--per-second", "1000", "--key", key+".key", "--publish", filepath.Join(work, "pub"))
	if !strings.Contains(out, "first harvest into this folder: 9 nodes") || !strings.Contains(out, "bip-1.zip: 9 nodes") {
		t.Errorf("the run after the refusal: %s", out)
	}
}
