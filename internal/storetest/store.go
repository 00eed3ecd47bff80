package storetest

import (
	"testing"

	"bipkiosk/internal/store"
)

// Open opens a real store in a temporary directory of t and closes it when
// the test ends, failing the test if it cannot be opened or closed.
func Open(t testing.TB, opts store.Options) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	return st
}

// Import imports src into st, failing the test on any error.
func Import(t testing.TB, st *store.Store, src store.Source, opts store.ImportOptions) store.Generation {
	t.Helper()
	g, err := st.Import(t.Context(), src, opts)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
