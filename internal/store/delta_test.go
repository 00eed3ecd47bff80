package store

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// deltaSource is a delta as a bundle gives it: nodes in id order and the
// ids it removes.
type deltaSource struct {
	*testSource
	removed []uuid.UUID
}

func (d *deltaSource) Removed() []uuid.UUID { return d.removed }

// sortedByID returns src with its nodes in id order, the order a bundle
// lists them in.
func sortedByID(src *testSource) *testSource {
	out := *src
	out.nodes = slices.Clone(src.nodes)
	slices.SortFunc(out.nodes, func(a, b content.Node) int { return bytes.Compare(a.ID[:], b.ID[:]) })
	return &out
}

// makeDelta returns the delta from base to next as a bundle writer makes
// it: nodes whose encoding differs, removed ids, blobs base lacks.
func makeDelta(t *testing.T, base, next *testSource) *deltaSource {
	t.Helper()
	had := map[uuid.UUID][]byte{}
	for _, n := range base.nodes {
		had[n.ID] = mustJSON(t, n)
	}
	d := &deltaSource{testSource: &testSource{ed: next.ed, site: next.site, blobs: map[string][]byte{}}}
	d.ed.BaseSequence = base.ed.Sequence
	for _, n := range sortedByID(next).nodes {
		if old, ok := had[n.ID]; !ok || !bytes.Equal(old, mustJSON(t, n)) {
			d.nodes = append(d.nodes, n)
		}
		delete(had, n.ID)
	}
	for id := range had {
		d.removed = append(d.removed, id)
	}
	for sha, data := range next.blobs {
		if _, ok := base.blobs[sha]; !ok {
			d.blobs[sha] = data
		}
	}
	return d
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recorder is an Indexer that keeps, as its index, the ids of the nodes it
// saw in order and the size of every attachment it read back.
type recorder struct{}

func (recorder) Name() string      { return "rec" }
func (recorder) Begin() IndexBuild { return &recording{} }

type recording struct {
	ids  []string
	blob []content.Attachment
}

func (r *recording) Add(n content.Node) error {
	r.ids = append(r.ids, n.ID.String())
	r.blob = append(r.blob, n.Attachments...)
	return nil
}

func (r *recording) Finish(ctx context.Context, blobs BlobReader, w *ExtensionWriter) error {
	if err := w.Put([]byte("order"), []byte(strings.Join(r.ids, ","))); err != nil {
		return err
	}
	for _, a := range r.blob {
		err := blobs(a.SHA256, func(data []byte) error {
			return w.Put([]byte("blob/"+a.SHA256), fmt.Appendf(nil, "%d", len(data)))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *recording) Close() {}

// generationDump returns every key of generation n without its generation
// prefix, with its value, so two stores' generations compare whole.
func generationDump(t *testing.T, s *Store, n uint64) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: genPrefix(n), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().Key()[len(genPrefix(n)):])] = string(v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func importWith(s *Store, src Source) (Generation, error) {
	return s.Import(context.Background(), src, ImportOptions{Indexers: []Indexer{recorder{}}})
}

func TestDeltaBuildsTheSameGenerationAsTheFullBundle(t *testing.T) {
	id := content.NodeID
	tests := []struct {
		name string
		edit func(v2 *testSource)
	}{
		{name: "body changed and attachment added", edit: func(v2 *testSource) {
			sha, a := blob("nowy załącznik", "Wykaz")
			v2.blobs[sha] = []byte("nowy załącznik")
			v2.nodes[2].Body = "<p>Budżet na 2025</p>"
			v2.nodes[2].Attachments = append(v2.nodes[2].Attachments, a)
			v2.nodes[2].History = append(v2.nodes[2].History, content.Change{At: t0.Add(72 * 3600e9), Kind: content.ChangeModified})
		}},
		{name: "subtree removed and page added", edit: func(v2 *testSource) {
			v2.nodes = slices.DeleteFunc(v2.nodes, func(n content.Node) bool { return strings.HasPrefix(n.Path, "urzad/jednostki") })
			v2.nodes = append(v2.nodes, content.Node{ID: id("inne/ogloszenia"), Parent: id("inne"), Path: "inne/ogloszenia",
				Kind: content.KindArticle, Title: "Ogłoszenia", Meta: content.Meta{Visits: 3}})
		}},
		{name: "page moved and groups reordered", edit: func(v2 *testSource) {
			v2.nodes[4].Parent, v2.nodes[4].Order = id("inne"), 9
			slices.Reverse(v2.site.Groups)
		}},
		{name: "attachment dropped, only the site otherwise", edit: func(v2 *testSource) {
			v2.nodes[1].Attachments = v2.nodes[1].Attachments[:1]
			v2.site.Owner = "Gmina Testowo"
		}},
		{name: "nothing but the edition", edit: func(v2 *testSource) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v1 := sortedByID(bulletin(1, "pdf one", "pdf two"))
			v2 := sortedByID(bulletin(2, "pdf one", "pdf two"))
			v2.nodes = slices.Clone(v2.nodes)
			v2.blobs = maps.Clone(v2.blobs)
			byPath := map[string]int{}
			for i, n := range v2.nodes {
				byPath[n.Path] = i
			}
			// Edits address nodes in bulletin order; map them to the sorted slice.
			ordered := make([]content.Node, 0, len(v2.nodes))
			for _, p := range []string{"urzad", "urzad/regulamin", "urzad/budzet", "urzad/jednostki", "urzad/jednostki/mops", "inne", "inne/epuap"} {
				ordered = append(ordered, v2.nodes[byPath[p]])
			}
			v2.nodes = ordered
			tt.edit(v2)
			v2 = sortedByID(v2)

			viaDelta, _ := openTest(t, Options{})
			if _, err := importWith(viaDelta, v1); err != nil {
				t.Fatal(err)
			}
			delta := makeDelta(t, v1, v2)
			gd, err := importWith(viaDelta, delta)
			if err != nil {
				t.Fatalf("import delta: %v", err)
			}
			fresh, _ := openTest(t, Options{})
			gf, err := importWith(fresh, v2)
			if err != nil {
				t.Fatalf("import full: %v", err)
			}
			gd.Number, gd.ImportedAt, gd.Edition.BaseSequence = gf.Number, gf.ImportedAt, 0
			if !reflect.DeepEqual(gd, gf) {
				t.Errorf("generation: got %+v, want %+v", gd, gf)
			}
			got, want := generationDump(t, viaDelta, 2), generationDump(t, fresh, 1)
			for k, v := range want {
				if got[k] != v {
					t.Errorf("key %x: got %q, want %q", k, got[k], v)
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("key %x: in the delta's generation only", k)
				}
			}
			for sha := range v2.blobs {
				if !hasBlobHex(t, viaDelta, sha) {
					t.Errorf("blob %s: missing after the delta", sha)
				}
			}
		})
	}
}

func TestRefusedDeltaLeavesCurrentAlone(t *testing.T) {
	id := content.NodeID
	v9 := sortedByID(bulletin(9, "pdf"))
	delta := func(edit func(d *deltaSource)) Source {
		next := sortedByID(bulletin(12, "pdf", "new in 12"))
		d := makeDelta(t, v9, next)
		d.ed.BaseSequence = 9
		edit(d)
		return d
	}
	tests := []struct {
		name   string
		empty  bool
		src    Source
		want   error
		phrase string
	}{
		{name: "base is not installed", src: delta(func(d *deltaSource) { d.ed.BaseSequence = 11 }), want: ErrDeltaBase,
			phrase: `store: bundle sequence 12 of "Miasto Testowo" is a delta on sequence 11, but sequence 9 is installed: import the full bundle of sequence 12 (or any full bundle after 9)`},
		{name: "nothing installed", empty: true, src: delta(func(*deltaSource) {}), want: ErrDeltaBase,
			phrase: "but no bulletin is installed: import the full bundle of sequence 12"},
		{name: "other publisher", src: delta(func(d *deltaSource) { d.ed.PublisherID = otherPublisher }), want: ErrDeltaBase,
			phrase: "another publisher"},
		{name: "older than installed", src: delta(func(d *deltaSource) { d.ed.Sequence, d.ed.BaseSequence = 8, 7 }), want: ErrDowngrade},
		{name: "source cannot list removals", src: delta(func(d *deltaSource) {}).(*deltaSource).testSource, want: ErrDeltaUnsupported},
		{name: "removes a node the base lacks", src: delta(func(d *deltaSource) { d.removed = append(d.removed, uuid.New()) }), want: ErrDeltaBase,
			phrase: "which the installed sequence 9 does not have"},
		{name: "removes the parent of a kept node", src: delta(func(d *deltaSource) { d.removed = append(d.removed, id("urzad/jednostki")) }),
			want: ErrIncomplete},
		{name: "refers to a blob nobody has", src: delta(func(d *deltaSource) { clear(d.blobs) }), want: ErrIncomplete},
		{name: "nodes out of order", src: delta(func(d *deltaSource) { d.nodes = append(d.nodes, v9.nodes[len(v9.nodes)-1], v9.nodes[0]) }), phrase: "ascending id order"},
		{name: "removes and carries a node", src: delta(func(d *deltaSource) { d.removed = append(d.removed, d.nodes[0].ID) }),
			phrase: "both removes and carries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			if !tt.empty {
				mustImport(t, s, v9)
			}
			before, beforeErr := s.Current()
			_, err := s.Import(context.Background(), tt.src, ImportOptions{})
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.phrase) {
				t.Fatalf("got %v, want %v containing %q", err, tt.want, tt.phrase)
			}
			after, afterErr := s.Current()
			if !reflect.DeepEqual(after, before) || !errors.Is(afterErr, beforeErr) {
				t.Errorf("current: got %+v (%v), want %+v (%v)", after, afterErr, before, beforeErr)
			}
			wantRecords := 1
			if tt.empty {
				wantRecords = 0
			}
			if n := keysWithPrefix(t, s, genRecordPrefix()); n != wantRecords {
				t.Errorf("generation records: got %d, want %d", n, wantRecords)
			}
			if sha, _ := blob("new in 12", ""); hasBlobHex(t, s, sha) {
				t.Errorf("refused delta's blob was kept")
			}
		})
	}
}

// handing is a source that carries a key hand-over.
type handing struct {
	*testSource
	old, next ed25519.PublicKey
}

func (h *handing) KeyHandOver() (ed25519.PublicKey, ed25519.PublicKey, bool) {
	return h.old, h.next, true
}

func TestKeyHandOverPinsTheNewKeyWithTheFlip(t *testing.T) {
	key := func(b byte) ed25519.PublicKey { return bytes.Repeat([]byte{b}, ed25519.PublicKeySize) }
	a, b, c := key(0xa), key(0xb), key(0xc)
	// missingBlob is bulletin 2 whose attachment's bytes are in neither the
	// bundle nor the store: its import fails after the nodes are written.
	missingBlob := func() *testSource {
		src := bulletin(2, "pdf only in the manifest")
		clear(src.blobs)
		return src
	}
	tests := []struct {
		name    string
		src     *testSource       // nil: bulletin(2)
		pinned  ed25519.PublicKey // nil: nothing pinned
		want    ed25519.PublicKey // pinned afterwards; nil: nothing
		wantErr error
	}{
		{name: "old key pinned", pinned: a, want: b},
		{name: "nothing pinned (embedded key)", want: b},
		{name: "new key already pinned", pinned: b, want: b},
		{name: "another key pinned meanwhile", pinned: c, want: c, wantErr: ErrKeyChanged},
		{name: "import fails: the old key stays", src: missingBlob(), pinned: a, want: a, wantErr: ErrIncomplete},
		{name: "import fails: nothing gets pinned", src: missingBlob(), wantErr: ErrIncomplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			mustImport(t, s, bulletin(1))
			if tt.pinned != nil {
				if err := s.Trust(TrustedKey{PublisherID: testPublisher, Publisher: "Miasto Testowo", Key: tt.pinned}); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := s.Current()
			src := tt.src
			if src == nil {
				src = bulletin(2)
			}
			_, err := s.Import(context.Background(), &handing{testSource: src, old: a, next: b}, ImportOptions{})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("import: got %v, want %v", err, tt.wantErr)
			}
			k, kerr := s.TrustedKey(testPublisher)
			switch {
			case tt.want == nil && !errors.Is(kerr, ErrNotFound):
				t.Errorf("pinned key: got %x, %v, want none (ErrNotFound)", k.Key, kerr)
			case tt.want != nil && (kerr != nil || !bytes.Equal(k.Key, tt.want)):
				t.Errorf("pinned key: got %x, %v, want %x", k.Key, kerr, tt.want)
			}
			cur, _ := s.Current()
			if tt.wantErr != nil && !reflect.DeepEqual(cur, before) {
				t.Errorf("current after a refused hand-over: got %+v, want %+v", cur, before)
			}
			if tt.wantErr == nil && cur.Edition.Sequence != 2 {
				t.Errorf("current sequence: got %d, want 2", cur.Edition.Sequence)
			}
		})
	}
}
