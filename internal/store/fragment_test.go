package store_test

import (
	"errors"
	"testing"

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
