package bundle

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// manifestOf opens a bundle written in a test and returns its manifest.
func manifestOf(t testing.TB, data []byte, opts OpenOptions) Manifest {
	t.Helper()
	b, err := Open(save(t, "base.zip", data), opts)
	if err != nil {
		t.Fatalf("Open base: %v", err)
	}
	defer b.Close()
	return b.Manifest()
}

// writeDelta writes s as a delta on the bundle base.
func (s sample) writeDelta(t testing.TB, key PrivateKey, seq uint64, base []byte) []byte {
	t.Helper()
	m := manifestOf(t, base, OpenOptions{Trust: TrustKeys(key.Public())})
	var buf bytes.Buffer
	if err := Write(&buf, WriteOptions{Key: key, Sequence: seq, Created: created, Base: &m}, s.site, s.nodes, s.opener()); err != nil {
		t.Fatalf("Write delta: %v", err)
	}
	return buf.Bytes()
}

// readAll opens a bundle and reads everything in it.
func readAll(t *testing.T, path string) (b *Bundle, site content.Site, nodes []content.Node, files []string) {
	t.Helper()
	b, err := Open(path, trustChojnow())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	if site, err = b.Site(); err != nil {
		t.Fatalf("Site: %v", err)
	}
	if err := b.EachNode(func(n content.Node) error { nodes = append(nodes, n); return nil }); err != nil {
		t.Fatalf("EachNode: %v", err)
	}
	err = b.EachBlob(func(sha string, _ int64, r io.Reader) error {
		files = append(files, sha)
		_, err := io.Copy(io.Discard, r)
		return err
	})
	if err != nil {
		t.Fatalf("EachBlob: %v", err)
	}
	return b, site, nodes, files
}

func TestWriteDelta(t *testing.T) {
	section, article, link := content.NodeID("inne/jednostki"), content.NodeID("inne/jednostki/mops"), content.NodeID("urzedy/sejm")
	added := content.NodeID("inne/jednostki/ops")
	newFile := []byte("nowy plik")
	tests := []struct {
		name      string
		edit      func(s *sample)
		wantNodes []uuid.UUID
		removed   []uuid.UUID
		files     []string
	}{
		{name: "unchanged tree", edit: func(*sample) {}},
		{name: "article body changed", edit: func(s *sample) { s.nodes[1].Body = "<p>nowy adres</p>" }, wantNodes: []uuid.UUID{article}},
		{name: "link removed with its group", edit: func(s *sample) {
			s.nodes = s.nodes[:2]
			s.site.Groups = s.site.Groups[:1]
		}, removed: []uuid.UUID{link}},
		{name: "attachment added", edit: func(s *sample) {
			b := blob(newFile, "text/plain")
			s.blobs[b.SHA256] = newFile
			s.nodes[1].Attachments = append(s.nodes[1].Attachments, content.Attachment{Blob: b, Title: "Nowy", Name: "nowy.txt"})
		}, wantNodes: []uuid.UUID{article}, files: []string{blob(newFile, "").SHA256}},
		{name: "page added under a section of the base", edit: func(s *sample) {
			s.nodes = append(s.nodes, content.Node{ID: added, Parent: section, Path: "inne/jednostki/ops", Kind: content.KindArticle, Title: "OPS"})
		}, wantNodes: []uuid.UUID{added}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := newSample().write(t, chojnow, 1)
			next := newSample()
			tt.edit(&next)
			data := next.writeDelta(t, chojnow, 2, base)
			if again := next.writeDelta(t, chojnow, 2, base); !bytes.Equal(data, again) {
				t.Errorf("two writes of one delta differ")
			}
			b, site, nodes, files := readAll(t, save(t, "bundle.zip", data))
			if ed := b.Edition(); ed.Sequence != 2 || ed.BaseSequence != 1 {
				t.Errorf("edition: got sequence %d on %d, want 2 on 1", ed.Sequence, ed.BaseSequence)
			}
			var ids []uuid.UUID
			for _, n := range nodes {
				ids = append(ids, n.ID)
			}
			if !slices.Equal(ids, tt.wantNodes) {
				t.Errorf("nodes: got %v, want %v", ids, tt.wantNodes)
			}
			if got := b.Removed(); !slices.Equal(got, tt.removed) {
				t.Errorf("removed: got %v, want %v", got, tt.removed)
			}
			if !slices.Equal(files, tt.files) {
				t.Errorf("files: got %v, want %v", files, tt.files)
			}
			if site.Name != next.site.Name || len(site.Groups) != len(next.site.Groups) {
				t.Errorf("site: got %+v, want %+v", site, next.site)
			}
		})
	}
}

func TestWriteDeltaRefuses(t *testing.T) {
	base := newSample().write(t, chojnow, 3)
	full := manifestOf(t, base, trustChojnow())
	delta := manifestOf(t, newSample().writeDelta(t, chojnow, 4, base), trustChojnow())
	other := testKey(2, "Gmina Obca")
	tests := []struct {
		name   string
		key    PrivateKey
		seq    uint64
		base   Manifest
		phrase string
	}{
		{name: "base is a delta", key: chojnow, seq: 5, base: delta, phrase: "is itself a delta on sequence 3"},
		{name: "base of another publisher", key: other, seq: 5, base: full, phrase: "a delta applies to the same publisher's bundle"},
		{name: "sequence not after the base", key: chojnow, seq: 3, base: full, phrase: "must be greater"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSample()
			err := Write(io.Discard, WriteOptions{Key: tt.key, Sequence: tt.seq, Created: created, Base: &tt.base}, s.site, s.nodes, s.opener())
			if err == nil || !strings.Contains(err.Error(), tt.phrase) {
				t.Fatalf("got %v, want an error containing %q", err, tt.phrase)
			}
		})
	}
}

func TestDeltaReferencesAreCheckedAgainstWhatItRemoves(t *testing.T) {
	section := content.NodeID("inne/jednostki")
	tests := []struct {
		name   string
		edit   func(c *craft)
		want   error
		phrase string
	}{
		{name: "parent in the base", edit: func(c *craft) {}},
		{name: "parent removed", edit: func(c *craft) { c.manifest.Removed = []uuid.UUID{section} },
			want: ErrCorrupt, phrase: "which the bundle does not hold or removes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCraft(t)
			c.entries = slices.DeleteFunc(c.entries, func(e zipEntry) bool { return e.name == nodePath(section) })
			c.relist()
			c.manifest.BaseSequence = 6
			tt.edit(c)
			_, err := Inspect(c.save(t), trustChojnow())
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Inspect: got %v, want success", err)
				}
				return
			}
			checkRefusal(t, err, tt.want, tt.phrase)
		})
	}
}

func TestDeltaOpensWithoutItsBaseFiles(t *testing.T) {
	base := newSample().write(t, chojnow, 1)
	next := newSample()
	next.nodes[1].Title = "MOPS"
	b, _, nodes, files := readAll(t, save(t, "bundle.zip", next.writeDelta(t, chojnow, 2, base)))
	if len(nodes) != 1 || len(nodes[0].Attachments) != 2 || len(files) != 0 {
		t.Errorf("got %d nodes (%d attachments) and %d files, want 1 node with 2 attachments from the base and no files", len(nodes), len(nodes[0].Attachments), len(files))
	}
	if n, f := b.Counts(); n != 1 || f != 0 {
		t.Errorf("Counts: got %d nodes, %d files, want 1, 0", n, f)
	}
	if _, err := Open(save(t, "bundle.zip", next.writeDelta(t, chojnow, 2, base)), OpenOptions{}); !errors.Is(err, ErrUntrusted) {
		t.Errorf("untrusted delta: got %v, want ErrUntrusted", err)
	}
}
