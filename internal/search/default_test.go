package search

import (
	"os"
	"path/filepath"
	"testing"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/defaultbulletin"
	"bipkiosk/internal/store"
)

// openDefault imports the embedded default bulletin (Chojnów) with the indexer.
func openDefault(t testing.TB) *store.Store {
	t.Helper()
	zip, err := defaultbulletin.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	key, err := defaultbulletin.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bulletin.zip")
	if err := os.WriteFile(path, zip, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: bundle.TrustKeys(key)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return openIndexed(t, b)
}

// TestDefaultBulletinMOPS is the acceptance test: a new user finds the
// MOPS page of the default bulletin the way citizens type.
func TestDefaultBulletinMOPS(t *testing.T) {
	st := openDefault(t)
	s := NewSearcher()
	mops := content.NodeID("jednostki-organizacyjne/mops")
	tests := []struct {
		name, query string
	}{
		{"no diacritics, inflected", "pomoc spoleczna"},
		{"acronym and town", "mops chojnow"},
		{"no diacritics", "osrodek pomocy"},
		{"with diacritics", "Ośrodek Pomocy Społecznej"},
		{"typo", "osrodek pomocy spolecnej"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, st, s, Query{Text: tt.query, Limit: 3})
			var titles []string
			for _, r := range res.Results {
				if r.ID == mops {
					return
				}
				titles = append(titles, r.Title)
			}
			t.Errorf("%q: got %q (of %d), want the MOPS page in the top 3", tt.query, titles, res.Total)
		})
	}
}
