package synth_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/sanitize"
	"bipkiosk/internal/source"
	"bipkiosk/internal/synth"
)

func TestGenerateIsDeterministic(t *testing.T) {
	opts := synth.Options{Articles: 300, Seed: 42, AttachmentsEvery: 10, AttachmentBytes: 2000}
	site1, nodes1, open1 := synth.Generate(opts)
	site2, nodes2, open2 := synth.Generate(opts)
	if !reflect.DeepEqual(site1, site2) {
		t.Error("got different sites from the same seed, want equal")
	}
	if !reflect.DeepEqual(nodes1, nodes2) {
		t.Error("got different nodes from the same seed, want equal")
	}
	for _, n := range nodes1 {
		for _, a := range n.Attachments {
			if b1, b2 := readAll(t, open1, a.SHA256), readAll(t, open2, a.SHA256); string(b1) != string(b2) {
				t.Errorf("%s: got different bytes from the same seed", a.Name)
			}
		}
	}
	_, other, _ := synth.Generate(synth.Options{Articles: 300, Seed: 43, AttachmentsEvery: 10, AttachmentBytes: 2000})
	if reflect.DeepEqual(nodes1, other) {
		t.Error("got the same nodes from seeds 42 and 43, want different")
	}
}

func readAll(t *testing.T, open func(string) (io.ReadCloser, error), sum string) []byte {
	t.Helper()
	r, err := open(sum)
	if err != nil {
		t.Fatalf("open %s: %v", sum, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGenerateCounts(t *testing.T) {
	tests := []struct {
		name      string
		opts      synth.Options
		wantDepth int // at least this many levels of sections above articles
	}{
		{name: "empty", opts: synth.Options{}},
		{name: "one", opts: synth.Options{Articles: 1, Seed: 1}, wantDepth: 1},
		{name: "small with attachments", opts: synth.Options{Articles: 95, Seed: 2, AttachmentsEvery: 3, AttachmentBytes: 1000}, wantDepth: 1},
		{name: "thousands", opts: synth.Options{Articles: 5000, Seed: 3, AttachmentsEvery: 50}, wantDepth: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, nodes, open := synth.Generate(tt.opts)
			byID := map[uuid.UUID]content.Node{}
			paths := map[string]bool{}
			articles, attachments, maxDepth := 0, 0, 0
			children := map[uuid.UUID]int{}
			for _, n := range nodes {
				if _, dup := byID[n.ID]; dup || paths[n.Path] {
					t.Fatalf("got duplicate id or path %s %q", n.ID, n.Path)
				}
				if n.ID != content.NodeID(n.Path) {
					t.Errorf("%s: got id %s, want NodeID(path)", n.Path, n.ID)
				}
				if _, ok := byID[n.Parent]; n.Parent != uuid.Nil && !ok {
					t.Errorf("%s: parent %s does not come before it", n.Path, n.Parent)
				}
				byID[n.ID], paths[n.Path] = n, true
				if n.Kind != content.KindArticle {
					continue
				}
				articles++
				children[n.Parent]++
				maxDepth = max(maxDepth, strings.Count(n.Path, "/"))
				if l := len(n.Body); l < 900 || l > 7000 {
					t.Errorf("%s: got a body of %d bytes, want about 1–5 KB", n.Path, l)
				}
				if n.Meta.Publisher == "" || n.Meta.Author == "" || n.Meta.Published.IsZero() || n.Meta.Updated.Before(n.Meta.Published) || len(n.History) == 0 {
					t.Errorf("%s: got meta %+v and %d changes, want full metadata and history", n.Path, n.Meta, len(n.History))
				}
				for _, a := range n.Attachments {
					attachments++
					b := readAll(t, open, a.SHA256)
					sum := sha256.Sum256(b)
					if hex.EncodeToString(sum[:]) != a.SHA256 || int64(len(b)) != a.Size {
						t.Errorf("%s: got %d bytes hashing differently, want the announced %d", a.Name, len(b), a.Size)
					}
				}
			}
			if articles != tt.opts.Articles {
				t.Errorf("got %d articles, want %d", articles, tt.opts.Articles)
			}
			if want := 0; tt.opts.AttachmentsEvery > 0 {
				want = tt.opts.Articles / tt.opts.AttachmentsEvery
				if attachments != want {
					t.Errorf("got %d attachments, want %d", attachments, want)
				}
			}
			if maxDepth < tt.wantDepth {
				t.Errorf("got articles %d levels deep, want at least %d", maxDepth, tt.wantDepth)
			}
			for id, c := range children {
				if c > 50 {
					t.Errorf("section %s: got %d articles, want at most 50", byID[id].Path, c)
				}
			}
			grouped := 0
			for _, g := range site.Groups {
				grouped += len(g.Nodes)
			}
			top := 0
			for _, n := range nodes {
				if n.Parent == uuid.Nil {
					top++
				}
			}
			if grouped != top {
				t.Errorf("got %d nodes in groups, want all %d top-level nodes", grouped, top)
			}
			if _, err := open(strings.Repeat("0", 64)); !errors.Is(err, synth.ErrNoBlob) {
				t.Errorf("got %v for an unknown hash, want ErrNoBlob", err)
			}
		})
	}
}

func TestGenerateWritesPolish(t *testing.T) {
	site, nodes, _ := synth.Generate(synth.Options{Articles: 2000, Seed: 7})
	var all strings.Builder
	for _, n := range nodes {
		all.WriteString(n.Title)
		all.WriteString(n.Body)
	}
	text := all.String()
	for _, want := range []string{"Uchwała nr ", "Rady Miejskiej w ", "w sprawie ", "Zarządzenie nr ", "Nabór na", "ą", "ę", "ł", "ż", "<table>"} {
		if !strings.Contains(text, want) {
			t.Errorf("got no %q in the bulletin, want it", want)
		}
	}
	var groups []string
	for _, g := range site.Groups {
		groups = append(groups, g.Title)
	}
	if got, want := strings.Join(groups, ","), "URZĄD MIEJSKI,ORGANA WŁADZY,PRAWO LOKALNE,INNE,Urzędy Centralne"; got != want {
		t.Errorf("got groups %s, want %s", got, want)
	}
}

func TestWriteTreeReadsBack(t *testing.T) {
	opts := synth.Options{Articles: 400, Seed: 5, AttachmentsEvery: 7, AttachmentBytes: 3000}
	dir := filepath.Join(t.TempDir(), "bip")
	if err := synth.WriteTree(dir, opts); err != nil {
		t.Fatal(err)
	}
	tree, err := source.Read(dir)
	if err != nil {
		t.Fatalf("got %v, want the written tree to read", err)
	}
	if len(tree.Warnings) > 0 {
		t.Errorf("got %d warnings, first %v; want none", len(tree.Warnings), tree.Warnings[0])
	}
	site, nodes, _ := synth.Generate(opts)
	if len(tree.Nodes) != len(nodes) {
		t.Fatalf("got %d nodes back, want %d", len(tree.Nodes), len(nodes))
	}
	for i, want := range nodes {
		got := tree.Nodes[i]
		compareNode(t, got, want)
	}
	if tree.Site.Name != site.Name || tree.Site.Editorial.Address != site.Editorial.Address || !reflect.DeepEqual(tree.Site.Groups, site.Groups) {
		t.Errorf("got site %q %q %v, want %q %q %v", tree.Site.Name, tree.Site.Editorial.Address, tree.Site.Groups, site.Name, site.Editorial.Address, site.Groups)
	}
	if tree.Site.Logo == nil || *tree.Site.Logo != *site.Logo {
		t.Errorf("got logo %+v, want %+v", tree.Site.Logo, site.Logo)
	}
	if tree.Site.Instructions != sanitize.HTML(site.Instructions) {
		t.Errorf("got instructions %q, want %q", tree.Site.Instructions, site.Instructions)
	}
	if err := synth.WriteTree(dir, opts); !errors.Is(err, synth.ErrNotEmpty) {
		t.Errorf("got %v writing into a full folder, want ErrNotEmpty", err)
	}
}

func compareNode(t *testing.T, got, want content.Node) {
	t.Helper()
	if got.ID != want.ID || got.Parent != want.Parent || got.Path != want.Path || got.Kind != want.Kind ||
		got.Title != want.Title || got.Order != want.Order || got.URL != want.URL {
		t.Fatalf("got node %s %q %q order %d, want %s %q %q order %d", got.ID, got.Path, got.Title, got.Order, want.ID, want.Path, want.Title, want.Order)
	}
	if got.Body != sanitize.HTML(want.Body) {
		t.Errorf("%s: got body\n%q\nwant\n%q", want.Path, got.Body, sanitize.HTML(want.Body))
	}
	gm, wm := got.Meta, want.Meta
	if !gm.Created.Equal(wm.Created) || !gm.Published.Equal(wm.Published) || !gm.Updated.Equal(wm.Updated) {
		t.Errorf("%s: got dates %v %v %v, want %v %v %v", want.Path, gm.Created, gm.Published, gm.Updated, wm.Created, wm.Published, wm.Updated)
	}
	gm.Created, gm.Published, gm.Updated = time.Time{}, time.Time{}, time.Time{}
	wm.Created, wm.Published, wm.Updated = time.Time{}, time.Time{}, time.Time{}
	if gm != wm {
		t.Errorf("%s: got meta %+v, want %+v", want.Path, gm, wm)
	}
	if !reflect.DeepEqual(got.Attachments, want.Attachments) {
		t.Errorf("%s: got attachments %+v, want %+v", want.Path, got.Attachments, want.Attachments)
	}
	if len(got.History) != len(want.History) {
		t.Fatalf("%s: got %d changes, want %d", want.Path, len(got.History), len(want.History))
	}
	for j, w := range want.History {
		g := got.History[j]
		if !g.At.Equal(w.At) || g.By != w.By || g.Kind != w.Kind || g.Summary != w.Summary || g.PreviousBody != sanitize.HTML(w.PreviousBody) {
			t.Errorf("%s: change %d: got %+v, want %+v", want.Path, j, g, w)
		}
	}
}

func TestGenerateLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 100 000 articles")
	}
	start := time.Now()
	_, nodes, _ := synth.Generate(synth.Options{Articles: 100_000, Seed: 1, AttachmentsEvery: 10, AttachmentBytes: 16 << 10})
	t.Logf("100 000 articles (%d nodes) in %v", len(nodes), time.Since(start))
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		synth.Generate(synth.Options{Articles: 10_000, Seed: 1, AttachmentsEvery: 10})
	}
}

func BenchmarkWriteTree(b *testing.B) {
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "bip")
		if err := synth.WriteTree(dir, synth.Options{Articles: 10_000, Seed: 1, AttachmentsEvery: 10}); err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(dir)
	}
}
