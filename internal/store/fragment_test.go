package store_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/klauspost/compress/zstd"

	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
	"bipkiosk/internal/synth"
)

// TestFragment keeps a fragment in the current generation, reads it back,
// and checks that another generation does not see it and that a generation
// that is gone takes none.
func TestFragment(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	src := storetest.Synth(synth.Options{Articles: 5, Seed: 1})
	g1 := storetest.Import(t, st, src, store.ImportOptions{})
	id := src.Nodes[0].ID
	read := func() ([]byte, error) {
		var got []byte
		err := st.Read(func(r *store.Reader) (err error) {
			got, err = r.Fragment(id, "node/pl")
			return err
		})
		return got, err
	}
	if _, err := read(); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("before it is kept: got %v, want ErrNotFound", err)
	}
	done := make(chan error, 1)
	if err := st.PutFragment(g1.Number, id, "node/pl", []byte("<p>x</p>"), func(err error) { done <- err }); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got, err := read(); err != nil || string(got) != "<p>x</p>" {
		t.Fatalf("got %q, %v; want the fragment kept", got, err)
	}
	if err := st.PutFragment(g1.Number, id, "", []byte("x"), nil); !errors.Is(err, store.ErrFragmentName) {
		t.Errorf("empty name: got %v, want ErrFragmentName", err)
	}
	src.Ed.Sequence++
	storetest.Import(t, st, src, store.ImportOptions{})
	if _, err := read(); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a new generation: got %v, want ErrNotFound (fragments belong to their generation)", err)
	}
	if err := st.PutFragment(g1.Number+100, id, "node/pl", []byte("x"), nil); err == nil {
		t.Errorf("a generation that does not exist: got %v, want an error", err)
	}
}

// TestNodesWithoutFragment walks a generation batch by batch for the nodes
// still without a fragment, keeps fragments for some, and checks that the
// walk then skips exactly those, that the kept bytes read back, and that a
// generation no longer current takes none.
func TestNodesWithoutFragment(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	src := storetest.Synth(synth.Options{Articles: 20, Seed: 1})
	g1 := storetest.Import(t, st, src, store.ImportOptions{})
	walk := func(batch int) []uuid.UUID {
		var all []uuid.UUID
		after := uuid.Nil
		for {
			var ids []uuid.UUID
			err := st.Read(func(r *store.Reader) (err error) {
				ids, err = r.NodesWithoutFragment("node/pl", after, batch)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) == 0 {
				return all
			}
			all, after = append(all, ids...), ids[len(ids)-1]
		}
	}
	all := walk(7)
	if len(all) != len(src.Nodes) {
		t.Fatalf("walked %d nodes, want every one of %d", len(all), len(src.Nodes))
	}
	seen := map[uuid.UUID]bool{}
	for _, id := range all {
		if seen[id] {
			t.Fatalf("node %s walked twice", id)
		}
		seen[id] = true
	}
	var kept []store.NodeFragment
	for i, id := range all {
		if i%3 == 0 {
			kept = append(kept, store.NodeFragment{ID: id, Data: []byte("<p>" + id.String() + "</p>")})
		}
	}
	if err := st.PutFragments(g1.Number, "node/pl", kept); err != nil {
		t.Fatal(err)
	}
	if left := walk(5); len(left) != len(all)-len(kept) {
		t.Errorf("after keeping %d of %d: %d left, want %d", len(kept), len(all), len(left), len(all)-len(kept))
	}
	err := st.Read(func(r *store.Reader) error {
		got, err := r.Fragment(kept[1].ID, "node/pl")
		if err != nil || string(got) != string(kept[1].Data) {
			t.Errorf("fragment read back: %q, %v; want %q", got, err, kept[1].Data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	src.Ed.Sequence++
	storetest.Import(t, st, src, store.ImportOptions{})
	if left := walk(100); len(left) != len(src.Nodes) {
		t.Errorf("a new generation: %d nodes without a fragment, want all %d", len(left), len(src.Nodes))
	}
	if err := st.PutFragments(g1.Number+100, "node/pl", kept); err == nil {
		t.Error("a generation that does not exist took fragments")
	}
}

// TestFragmentDictionary keeps many alike fragments in batches, from two
// writers at once, and checks that each reads back whole, also after the
// store is opened again (the dictionary read from disk), that they are
// kept far smaller than on their own, that a fragment kept without the
// dictionary still reads, and that the next generation starts its own.
func TestFragmentDictionary(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := storetest.Synth(synth.Options{Articles: 200, Seed: 2})
	g1 := storetest.Import(t, st, src, store.ImportOptions{})
	// Pages alike but for their own few lines, as a bulletin's are.
	var frame strings.Builder
	for i := range 60 {
		fmt.Fprintf(&frame, "<li><a href=\"/p/%s\">%s</a></li>\n", src.Nodes[i].ID, src.Nodes[i].Title)
	}
	want := map[uuid.UUID]string{}
	var batches [2][]store.NodeFragment
	for i, n := range src.Nodes {
		page := frame.String() + "<h1>" + n.Title + "</h1>" + n.Body + strconv.Itoa(i)
		want[n.ID] = page
		batches[i%2] = append(batches[i%2], store.NodeFragment{ID: n.ID, Data: []byte(page)})
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for w, b := range batches {
		wg.Go(func() {
			for len(b) > 0 {
				k := min(16, len(b))
				if err := st.PutFragments(g1.Number, "node/pl", b[:k]); err != nil {
					errs[w] = err
					return
				}
				b = b[k:]
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	// One fragment of another name, kept on its own (no dictionary).
	done := make(chan error, 1)
	if err := st.PutFragment(g1.Number, src.Nodes[0].ID, "other", []byte("<p>alone</p>"), func(err error) { done <- err }); err != nil || <-done != nil {
		t.Fatal(err)
	}
	check := func(st *store.Store, when string) {
		t.Helper()
		err := st.Read(func(r *store.Reader) error {
			for id, page := range want {
				got, err := r.Fragment(id, "node/pl")
				if err != nil || string(got) != page {
					t.Fatalf("%s: fragment of %s: got %d bytes, %v; want the %d kept", when, id, len(got), err, len(page))
				}
			}
			if got, err := r.Fragment(src.Nodes[0].ID, "other"); err != nil || string(got) != "<p>alone</p>" {
				t.Fatalf("%s: the fragment kept without a dictionary: %q, %v", when, got, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check(st, "kept")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if st, err = store.Open(dir, store.Options{}); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	check(st, "opened again")
	// Stored size, the dictionary included, against the same pages
	// compressed one by one: the frame (some 4 KB) is kept once.
	stored := store.FragmentBytes(st, g1.Number)
	enc, _ := zstd.NewWriter(nil)
	alone := 0
	for _, page := range want {
		alone += len(enc.EncodeAll([]byte(page), nil))
	}
	if stored > alone/2 {
		t.Errorf("%d fragments take %d bytes kept, %d compressed one by one; want under half (compressed against the dictionary)", len(want), stored, alone)
	}
	// The next generation's fragments get a dictionary of their own.
	src.Ed.Sequence++
	g2 := storetest.Import(t, st, src, store.ImportOptions{})
	id := src.Nodes[3].ID
	if err := st.PutFragments(g2.Number, "node/pl", []store.NodeFragment{{ID: id, Data: []byte("<p>new</p>")}}); err != nil {
		t.Fatal(err)
	}
	st.Read(func(r *store.Reader) error {
		if got, err := r.Fragment(id, "node/pl"); err != nil || string(got) != "<p>new</p>" {
			t.Errorf("the next generation: %q, %v", got, err)
		}
		return nil
	})
}
