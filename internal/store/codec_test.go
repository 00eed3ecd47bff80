package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"bipkiosk/internal/content"
)

func TestPackValueRoundTrip(t *testing.T) {
	noise := make([]byte, 600)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	long, _ := json.Marshal(content.Node{Title: "Uchwała", Body: strings.Repeat("<p>Zarządzenie Burmistrza w sprawie budżetu.</p>", 40)})
	for _, c := range []struct {
		name       string
		data       []byte
		compressed bool
	}{
		{"empty", nil, false},
		{"short JSON", []byte(`{"title":"Budżet"}`), false},
		{"article JSON", long, true},
		{"incompressible", noise, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			packed := packValue(c.data)
			if got := bytes.HasPrefix(packed, zstdMagic); got != c.compressed {
				t.Errorf("compressed: got %v, want %v (%d → %d bytes)", got, c.compressed, len(c.data), len(packed))
			}
			if c.compressed && len(packed) >= len(c.data)/2 {
				t.Errorf("packed %d bytes into %d; want under half", len(c.data), len(packed))
			}
			got, err := unpackValue(packed)
			if err != nil || !bytes.Equal(got, c.data) {
				t.Errorf("round trip: got %d bytes, %v; want the %d bytes put in", len(got), err, len(c.data))
			}
		})
	}
}

func TestUnpackRefusesADamagedFrame(t *testing.T) {
	long, _ := json.Marshal(content.Node{Body: strings.Repeat("<p>Ogłoszenie o przetargu.</p>", 50)})
	packed := packValue(long)
	damaged := append(bytes.Clone(packed[:len(packed)/2]), 0xff, 0xff, 0xff)
	if _, err := unpackValue(damaged); err == nil {
		t.Error("a cut frame decoded without error")
	}
	var n content.Node
	if err := decodeJSON(damaged, &n); err == nil {
		t.Error("decodeJSON of a cut frame: no error")
	}
}

// longBulletin is the test bulletin with an article long enough to be compressed.
func longBulletin(seq uint64) *testSource {
	src := bulletin(seq, "pdf one")
	src.nodes[1].Body = strings.Repeat("<p>Regulamin organizacyjny Urzędu Miejskiego, rozdział pierwszy.</p>\n", 60)
	return src
}

// rawValue returns the stored bytes at key.
func rawValue(t *testing.T, s *Store, key []byte) []byte {
	t.Helper()
	var v []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		v, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		t.Fatalf("read %x: %v", key, err)
	}
	return v
}

func TestImportStoresArticlesCompressed(t *testing.T) {
	s, _ := openTest(t, Options{})
	src := longBulletin(1)
	g := mustImport(t, s, src)
	n := src.nodes[1]
	raw := rawValue(t, s, nodeKey(g.Number, n.ID))
	plain, _ := json.Marshal(n)
	if !bytes.HasPrefix(raw, zstdMagic) || len(raw) >= len(plain)/2 {
		t.Errorf("node value: %d bytes (zstd: %v) for %d bytes of JSON; want a zstd frame under half of it",
			len(raw), bytes.HasPrefix(raw, zstdMagic), len(plain))
	}
	checkBulletin(t, s, src)
}

// TestSchema1StoreStillReads writes what a schema-1 build left (every content
// value uncompressed), reopens it and reads everything back; the store is
// marked schema 2 and the next import writes compressed values.
func TestSchema1StoreStillReads(t *testing.T) {
	s, dir := openTest(t, Options{})
	src := longBulletin(1)
	g := mustImport(t, s, src)
	err := s.db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: genPrefix(g.Number)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			plain, err := unpackValue(v)
			if err != nil {
				return err
			}
			if err := txn.Set(it.Item().KeyCopy(nil), bytes.Clone(plain)); err != nil {
				return err
			}
		}
		return txn.Set(schemaKey(), binary.BigEndian.AppendUint32(nil, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, dir, Options{})
	if raw := rawValue(t, s, nodeKey(g.Number, src.nodes[1].ID)); bytes.HasPrefix(raw, zstdMagic) {
		t.Fatal("the schema-1 node value is compressed; the test did not write an old store")
	}
	if v := rawValue(t, s, schemaKey()); binary.BigEndian.Uint32(v) != SchemaVersion || SchemaVersion < 2 {
		t.Errorf("schema after Open: %d, want %d (at least 2)", binary.BigEndian.Uint32(v), SchemaVersion)
	}
	checkBulletin(t, s, src)

	next := longBulletin(2)
	g2 := mustImport(t, s, next)
	if raw := rawValue(t, s, nodeKey(g2.Number, next.nodes[1].ID)); !bytes.HasPrefix(raw, zstdMagic) {
		t.Error("the next import wrote the article uncompressed")
	}
	checkBulletin(t, s, next)
}
