package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// testSource is an in-memory Source built from content values.
type testSource struct {
	ed    content.Edition
	site  content.Site
	nodes []content.Node
	blobs map[string][]byte // sha256 hex → bytes

	corruptBlob string // this blob's reader fails at its end, like a damaged bundle entry
	failAfter   int    // EachNode fails after this many nodes when > 0
	onNode      func(i int)
}

func (s *testSource) Edition() content.Edition    { return s.ed }
func (s *testSource) Site() (content.Site, error) { return s.site, nil }
func (s *testSource) Counts() (int, int)          { return len(s.nodes), len(s.blobs) }

func (s *testSource) EachNode(fn func(content.Node) error) error {
	for i, n := range s.nodes {
		if s.failAfter > 0 && i == s.failAfter {
			return errors.New("bundle: nodes/x.json: unexpected end of JSON input")
		}
		if s.onNode != nil {
			s.onNode(i)
		}
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

func (s *testSource) EachBlob(fn func(string, int64, io.Reader) error) error {
	for _, sha := range slices.Sorted(maps.Keys(s.blobs)) {
		data := s.blobs[sha]
		var r io.Reader = bytes.NewReader(data)
		if sha == s.corruptBlob {
			r = io.MultiReader(bytes.NewReader(data), errReader{errors.New("bundle: files/" + sha + ": sha256 does not match the manifest")})
		}
		if err := fn(sha, int64(len(data)), r); err != nil {
			return err
		}
	}
	return nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

var (
	testPublisher  = uuid.MustParse("0b6f3c3e-7f0e-4a8b-9d71-2c9e4f1a0a01")
	otherPublisher = uuid.MustParse("9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d")
	t0             = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
)

// blob returns the SHA-256 hex of data and an attachment of it.
func blob(data, title string) (string, content.Attachment) {
	sum := sha256.Sum256([]byte(data))
	h := hex.EncodeToString(sum[:])
	return h, content.Attachment{
		Blob:  content.Blob{SHA256: h, Size: int64(len(data)), Type: "application/pdf"},
		Title: title, Name: title + ".pdf",
	}
}

// bulletin builds a small bulletin whose site name and node titles carry the
// sequence, with one attachment per blob text given:
//
//	URZĄD (section, order 1)
//	  Regulamin (article, order 2, the attachments, 2 changes)
//	  Budżet    (article, order 1, 1 change)
//	  Jednostki (section, order 3)
//	    MOPS    (article, 7936 visits)
//	INNE (section, order 2)
//	  ePUAP (link)
func bulletin(seq uint64, blobTexts ...string) *testSource {
	id := content.NodeID
	src := &testSource{
		ed:    content.Edition{PublisherID: testPublisher, Publisher: "Miasto Testowo", Sequence: seq, Created: t0.Add(time.Duration(seq) * time.Hour)},
		blobs: map[string][]byte{},
	}
	var atts []content.Attachment
	for i, text := range blobTexts {
		sha, a := blob(text, []string{"Zarządzenie", "Aneks", "Cennik", "Wykaz"}[i%4])
		src.blobs[sha] = []byte(text)
		atts = append(atts, a)
	}
	name := editionName(seq)
	src.site = content.Site{
		Name: name, Owner: "Miasto Testowo",
		Groups: []content.Group{
			{Title: "URZĄD MIEJSKI", Nodes: []uuid.UUID{id("urzad")}},
			{Title: "INNE", Nodes: []uuid.UUID{id("inne")}},
		},
	}
	src.nodes = []content.Node{
		{ID: id("urzad"), Path: "urzad", Kind: content.KindSection, Title: "URZĄD", Order: 1},
		{ID: id("urzad/regulamin"), Parent: id("urzad"), Path: "urzad/regulamin", Kind: content.KindArticle, Title: name, Order: 2,
			Body: "<p>Regulamin</p>", Attachments: atts,
			Meta: content.Meta{Author: "Jan Kowalski", Published: t0, Updated: t0.Add(48 * time.Hour), Visits: 120},
			History: []content.Change{
				{At: t0, By: "Jan Kowalski", Kind: content.ChangeCreated, Summary: "nowa pozycja"},
				{At: t0.Add(48 * time.Hour), By: "Anna Nowak", Kind: content.ChangeModified, Summary: "modyfikacja", PreviousBody: "<p>stary</p>"},
			}},
		{ID: id("urzad/budzet"), Parent: id("urzad"), Path: "urzad/budzet", Kind: content.KindArticle, Title: "Budżet", Order: 1,
			Meta:    content.Meta{Updated: t0.Add(24 * time.Hour), Visits: 5},
			History: []content.Change{{At: t0.Add(24 * time.Hour), Kind: content.ChangeCreated}}},
		{ID: id("urzad/jednostki"), Parent: id("urzad"), Path: "urzad/jednostki", Kind: content.KindSection, Title: "Jednostki", Order: 3},
		{ID: id("urzad/jednostki/mops"), Parent: id("urzad/jednostki"), Path: "urzad/jednostki/mops", Kind: content.KindArticle,
			Title: "Miejski Ośrodek Pomocy Społecznej", Meta: content.Meta{Updated: t0.Add(-24 * time.Hour), Visits: 7936}},
		{ID: id("inne"), Path: "inne", Kind: content.KindSection, Title: "INNE", Order: 2},
		{ID: id("inne/epuap"), Parent: id("inne"), Path: "inne/epuap", Kind: content.KindLink, Title: "ePUAP", URL: "https://epuap.gov.pl"},
	}
	return src
}

func editionName(seq uint64) string {
	return fmt.Sprintf("Biuletyn wydanie %d", seq)
}

// openTest opens a store in a fresh temporary directory and closes it at the end.
func openTest(t testing.TB, opts Options) (*Store, string) {
	t.Helper()
	dir := t.TempDir()
	return reopen(t, dir, opts), dir
}

// reopen opens the store in dir and closes it at the end of the test.
func reopen(t testing.TB, dir string, opts Options) *Store {
	t.Helper()
	s, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// mustImport imports src and fails the test on error.
func mustImport(t testing.TB, s *Store, src Source) Generation {
	t.Helper()
	g, err := s.Import(context.Background(), src, ImportOptions{})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return g
}

// keysWithPrefix counts the keys under a prefix.
func keysWithPrefix(t testing.TB, s *Store, prefix []byte) int {
	t.Helper()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// hasBlobHex reports whether the store holds the blob.
func hasBlobHex(t testing.TB, s *Store, h string) bool {
	t.Helper()
	sha, err := parseSHA256(h)
	if err != nil {
		t.Fatal(err)
	}
	ok, err := s.hasBlob(sha)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}
