package harvest

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/source"
)

// harvestSite crawls and extracts one fixture site.
func harvestSite(t *testing.T, name string) (*Bulletin, func(string) (io.ReadCloser, error)) {
	t.Helper()
	for _, s := range fixtureSites {
		if s.name == name {
			srv := serveSite(t, s.name, s.htmlType)
			b, err := Extract(crawl(t, srv.URL+"/"), Options{Start: srv.URL + "/"})
			if err != nil {
				t.Fatal(err)
			}
			return b, get
		}
	}
	t.Fatalf("no fixture site %s", name)
	return nil, nil
}

// snapshot reads every file under dir into a map of slash path → bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWriteTreeReadsBack writes every fixture bulletin as a source tree and
// reads it back with internal/source: no errors, the same nodes, titles,
// live addresses, metadata, attachments, history and menu groups.
func TestWriteTreeReadsBack(t *testing.T) {
	for _, site := range fixtureSites {
		t.Run(site.name, func(t *testing.T) {
			b, get := harvestSite(t, site.name)
			dir := t.TempDir()
			if _, err := b.WriteTree(dir, get); err != nil {
				t.Fatal(err)
			}
			tree, err := source.Read(dir)
			if err != nil {
				t.Fatalf("source.Read: %v", err)
			}
			for _, w := range tree.Warnings {
				t.Errorf("warning: %s", w)
			}
			if tree.Site.Name != b.Site.Name || tree.Site.LiveURL != b.Site.LiveURL {
				t.Errorf("site %q %q, want %q %q", tree.Site.Name, tree.Site.LiveURL, b.Site.Name, b.Site.LiveURL)
			}
			wantGroups := len(b.Site.Groups)
			if wantGroups == 0 {
				wantGroups = countTop(b.Nodes) // the reader's default: one group per top-level node
			}
			if len(tree.Site.Groups) != wantGroups {
				t.Errorf("%d groups, want %d", len(tree.Site.Groups), wantGroups)
			}
			want := map[uuid.UUID]content.Node{}
			for _, n := range b.Nodes {
				want[n.ID] = n
			}
			if len(tree.Nodes) != len(b.Nodes) {
				t.Fatalf("%d nodes read back, want %d", len(tree.Nodes), len(b.Nodes))
			}
			for i, got := range tree.Nodes {
				w, ok := want[got.ID]
				if !ok {
					t.Errorf("node %s (%s) read back was not written", got.Path, got.ID)
					continue
				}
				if got.ID != b.Nodes[i].ID {
					t.Errorf("node %d is %s, want %s: menu order changed", i, got.Path, b.Nodes[i].Path)
				}
				if got.Title != w.Title || got.Kind != w.Kind || got.Parent != w.Parent || got.URL != w.URL {
					t.Errorf("%s: got %q %s parent %s url %q, want %q %s parent %s url %q",
						got.Path, got.Title, got.Kind, got.Parent, got.URL, w.Title, w.Kind, w.Parent, w.URL)
				}
				gm, wm := got.Meta, w.Meta
				if !gm.Created.Equal(wm.Created) || !gm.Published.Equal(wm.Published) || !gm.Updated.Equal(wm.Updated) {
					t.Errorf("%s: dates %v, want %v", got.Path, gm, wm)
				}
				gm.Created, gm.Published, gm.Updated = wm.Created, wm.Published, wm.Updated // compared above, across zones
				if gm != wm {
					t.Errorf("%s: meta %+v, want %+v", got.Path, gm, wm)
				}
				if len(got.Attachments) != len(w.Attachments) || len(got.History) != len(w.History) {
					t.Errorf("%s: %d attachments, %d changes, want %d, %d", got.Path, len(got.Attachments), len(got.History), len(w.Attachments), len(w.History))
				}
				for j, a := range got.Attachments {
					if j < len(w.Attachments) && (a.Title != w.Attachments[j].Title || a.Type == "application/octet-stream" || a.Size == 0) {
						t.Errorf("%s: attachment %+v, want title %q and a known type", got.Path, a, w.Attachments[j].Title)
					}
				}
				if w.Kind == content.KindArticle && strings.TrimSpace(got.Body) == "" {
					t.Errorf("%s: empty body read back", got.Path)
				}
			}
		})
	}
}

func countTop(nodes []content.Node) int {
	n := 0
	for _, x := range nodes {
		if x.Parent == uuid.Nil {
			n++
		}
	}
	return n
}

// TestWriteTreeDeterministicAndIdempotent: the same bulletin gives the same
// bytes in two folders; a second run over the first changes nothing; a
// run with a page gone removes its files and only those.
func TestWriteTreeDeterministicAndIdempotent(t *testing.T) {
	b, get := harvestSite(t, "govhost")
	a, c := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, c, a} {
		if _, err := b.WriteTree(dir, get); err != nil {
			t.Fatal(err)
		}
	}
	sa, sc := snapshot(t, a), snapshot(t, c)
	if len(sa) < 10 {
		t.Fatalf("only %d files written", len(sa))
	}
	for p, data := range sa {
		if sc[p] != data {
			t.Errorf("%s differs between two writes", p)
		}
	}
	if len(sa) != len(sc) {
		t.Errorf("%d files, then %d", len(sa), len(sc))
	}

	// Drop the last article with attachments; its page and files must go.
	var kept []content.Node
	var gone content.Node
	for i := len(b.Nodes) - 1; i >= 0; i-- {
		if gone.ID == uuid.Nil && b.Nodes[i].Kind == content.KindArticle && len(b.Nodes[i].Attachments) > 0 {
			gone = b.Nodes[i]
			continue
		}
		kept = append([]content.Node{b.Nodes[i]}, kept...)
	}
	rep, err := WriteTree(a, b.Site, kept, b.Opener(get))
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, a)
	var removed []string
	for p := range sa {
		if _, ok := after[p]; !ok {
			removed = append(removed, p)
		}
	}
	sort.Strings(removed)
	if len(removed) != 1+len(gone.Attachments) || rep.Removed != len(removed) {
		t.Errorf("removed %v, want the page of %s and its %d attachments", removed, gone.Path, len(gone.Attachments))
	}
	if _, err := source.Read(a); err != nil {
		t.Errorf("tree after removal: %v", err)
	}
}

// TestWriteTreeStaysInside refuses node paths and file names that would
// lead out of the folder, and a tree harvest did not write.
func TestWriteTreeStaysInside(t *testing.T) {
	none := func(content.Node, content.Attachment) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader([]byte("%PDF-1.4\n"))), nil
	}
	site := content.Site{Name: "BIP"}
	for _, n := range []content.Node{
		{ID: uuid.New(), Path: "../poza", Kind: content.KindArticle, Title: "x"},
		{ID: uuid.New(), Path: "/etc/poza", Kind: content.KindArticle, Title: "x"},
		{ID: uuid.New(), Path: "a", Kind: content.KindArticle, Title: "x", Attachments: []content.Attachment{{Name: "../../../poza.pdf"}}},
	} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "tree")
		_, err := WriteTree(dir, site, []content.Node{n}, none)
		if !errors.Is(err, ErrBadPath) {
			t.Errorf("%s %v: got %v, want ErrBadPath", n.Path, n.Attachments, err)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 1 {
			t.Errorf("%s: wrote beside the tree: %v", n.Path, entries)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("name: ręczny\n"), 0o644)
	if _, err := WriteTree(dir, site, nil, none); !errors.Is(err, ErrNotHarvested) {
		t.Errorf("hand-made tree: got %v, want ErrNotHarvested", err)
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zarządzenie Wójta nr 12/2019", "zarzadzenie-wojta-nr-12-2019"},
		{"ŻÓŁĆ gęślą jaźń", "zolc-gesla-jazn"},
		{"  --  ", "strona"},
		{"Ogłoszenie o naborze na stanowisko podinspektora do spraw gospodarki odpadami komunalnymi", "ogloszenie-o-naborze-na-stanowisko-podinspektora-do-spraw-go"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWriteTreeLeavesOutUnreadableFiles: an attachment the live site no
// longer serves is left out of its page and reported; the tree still reads.
func TestWriteTreeLeavesOutUnreadableFiles(t *testing.T) {
	b, get := harvestSite(t, "wordpress")
	broken := func(u string) (io.ReadCloser, error) {
		if strings.HasSuffix(u, ".docx") {
			return nil, fs.ErrNotExist
		}
		return get(u)
	}
	dir := t.TempDir()
	rep, err := b.WriteTree(dir, broken)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Missing) != 1 || rep.Missing[0].Name != "formularz-zgloszeniowy.docx" || !errors.Is(rep.Missing[0].Err, fs.ErrNotExist) {
		t.Errorf("missing %+v, want the one DOCX", rep.Missing)
	}
	tree, err := source.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, n := range tree.Nodes {
		files += len(n.Attachments)
	}
	if files != 2 {
		t.Errorf("%d attachments read back, want 2", files)
	}
}
