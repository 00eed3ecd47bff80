package docprep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
)

// tree writes files into dir and returns one node attaching them all, and
// the files by SHA-256.
func tree(t *testing.T, dir string, files map[string]string) ([]content.Node, map[string]string) {
	t.Helper()
	paths := map[string]string{}
	n := content.Node{Title: "Uchwały"}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(body))
		sha := hex.EncodeToString(sum[:])
		paths[sha] = p
		typ, _ := attachment.ByExt(name)
		n.Attachments = append(n.Attachments, content.Attachment{Blob: content.Blob{SHA256: sha, Size: int64(len(body)), Type: typ.MIME}, Name: name, Title: name})
	}
	return []content.Node{n}, paths
}

// TestPrepareText gives each file its text as a blob in Dir, listed in
// files, and takes it from the cache in the next build.
func TestPrepareText(t *testing.T) {
	src, cache := t.TempDir(), t.TempDir()
	body := map[string]string{"a.txt": "Regulamin żłobka\n", "b.rtf": `{\rtf1\ansi Umowa najmu\par}`}
	wantText := map[string]string{"a.txt": "Regulamin żłobka", "b.rtf": "Umowa najmu"}
	for round := range 2 {
		nodes, files := tree(t, src, body)
		warns, err := Prepare(context.Background(), nodes, files, Options{Dir: cache})
		if err != nil || len(warns) > 0 {
			t.Fatalf("round %d: %v %v", round, warns, err)
		}
		for _, a := range nodes[0].Attachments {
			if a.Text == nil {
				t.Fatalf("round %d: %s has no text", round, a.Name)
			}
			data, err := os.ReadFile(files[a.Text.SHA256])
			if err != nil || !strings.Contains(string(data), wantText[a.Name]) {
				t.Errorf("round %d: %s: text %q (%v)", round, a.Name, data, err)
			}
			want := content.TextLayer
			if a.Name == "b.rtf" {
				want = content.TextOffice
			}
			if a.Text.Method != want || a.Text.Type != "text/plain; charset=utf-8" {
				t.Errorf("round %d: %s: %+v, want method %s", round, a.Name, a.Text, want)
			}
		}
		if round == 0 { // the next build must not need the files it has made text of
			for _, p := range files {
				os.Remove(p)
			}
		}
	}
}

// TestPrepareToolMissing warns once per missing program, not per file.
func TestPrepareToolMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	nodes, files := tree(t, t.TempDir(), map[string]string{"a.doc": "\xd0\xcf\x11\xe0 one", "b.doc": "\xd0\xcf\x11\xe0 two"})
	warns, err := Prepare(context.Background(), nodes, files, Options{Dir: t.TempDir()})
	var missing *attachment.ToolMissingError
	if err != nil || len(warns) != 1 || !errors.As(warns[0].Err, &missing) || missing.Package != "catdoc" {
		t.Fatalf("warnings %v, %v; want one naming catdoc", warns, err)
	}
}

// TestBound keeps page images in menu order while they fit the total, a
// page shared by two files counted once, and warns from the first file
// left without.
func TestBound(t *testing.T) {
	page := func(sha string, size int64) content.PageImage {
		return content.PageImage{Blob: content.Blob{SHA256: sha, Size: size}}
	}
	results := map[string]made{
		"a": {Pages: []content.PageImage{page("p1", 40), page("p2", 40)}},
		"b": {Pages: []content.PageImage{page("p1", 40)}}, // the same page again: free
		"c": {Pages: []content.PageImage{page("p3", 30)}},
		"d": {Pages: []content.PageImage{page("p4", 10)}},
	}
	atts := map[string]content.Attachment{"a": {Name: "a.pdf"}, "b": {Name: "b.pdf"}, "c": {Name: "c.pdf"}, "d": {Name: "d.pdf"}}
	warns := Options{MaxTotalPageBytes: 95}.bound([]string{"a", "b", "c", "d"}, atts, results)
	for sha, want := range map[string]int{"a": 2, "b": 1, "c": 0, "d": 1} {
		if got := len(results[sha].Pages); got != want {
			t.Errorf("%s: %d pages, want %d", sha, got, want)
		}
	}
	if len(warns) != 1 || warns[0].File != "c.pdf" || !errors.Is(warns[0].Err, ErrPageBudget) {
		t.Errorf("warnings %v, want one from c.pdf", warns)
	}
}
