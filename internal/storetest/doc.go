// Package storetest is test support for packages that read a bulletin from
// the store: in-memory store.Source values (one built from content values,
// one over synth.Generate) and a real Badger store in a test's temporary
// directory, closed when the test ends. The fixture content itself — which
// pages, titles and texts — stays in each package's tests.
//
// Only tests may import it. It may import the standard library,
// internal/content, internal/store, internal/synth, github.com/google/uuid
// and testing.
package storetest
