package search

import (
	"bytes"
	"os"
	"testing"

	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// TestRunsGiveTheSameIndex checks that an index whose postings went to disk
// in runs (here after every document) and were merged is byte for byte the
// index built in memory, and that the runs' files are gone after the import.
func TestRunsGiveTheSameIndex(t *testing.T) {
	indexOf := func(ix *Indexer) map[string][]byte {
		src := newBulletin(relevancePages)
		src.attach("uchwaly/2024-budzet", "Uchwała budżetowa", "budzet.pdf", "application/pdf", flatePDF("dochody budżetu gminy wydatki deficyt kredyt"))
		st := storetest.Open(t, store.Options{})
		storetest.Import(t, st, src, store.ImportOptions{Indexers: []store.Indexer{ix}})
		kv := map[string][]byte{}
		err := st.Read(func(rd *store.Reader) error {
			return rd.Extension(ExtensionName).Each(nil, func(k, v []byte) error {
				kv[string(k)] = bytes.Clone(v)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return kv
	}
	want := indexOf(NewIndexer(nil))
	tmp := t.TempDir()
	spilled := NewIndexer(nil)
	spilled.TempDir, spilled.budget = tmp, 1
	got := indexOf(spilled)
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("got %d keys, want %d", len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Errorf("key %q: merged runs give %d bytes, memory %d", k, len(got[k]), len(v))
		}
	}
	if files, _ := os.ReadDir(tmp); len(files) != 0 {
		t.Errorf("got %d files left in the temporary folder, want none", len(files))
	}
}

// TestRunsAreWritten checks that a small budget does write runs, so the
// test above merges something.
func TestRunsAreWritten(t *testing.T) {
	ix := NewIndexer(nil)
	ix.TempDir, ix.budget = t.TempDir(), 1
	b := ix.Begin().(*build)
	defer b.Close()
	for _, n := range newBulletin(relevancePages[:5]).Nodes {
		if err := b.Add(n); err != nil {
			t.Fatal(err)
		}
	}
	b.stop()
	if b.err != nil || len(b.runs) < 5 {
		t.Fatalf("got %d runs (error %v), want one per document", len(b.runs), b.err)
	}
}
