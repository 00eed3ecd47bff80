package store_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"

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
