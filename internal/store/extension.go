package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"bipkiosk/internal/content"
)

// Indexer builds a derived index of a generation (the search index is one)
// while the generation is imported. Its keys live inside the generation, so
// the flip that shows new content shows its index too, a crashed import
// leaves both old, and the sweep removes both together. The store knows
// nothing of what the index means.
type Indexer interface {
	// Name names the indexer's key space within a generation; readers open it
	// with Reader.Extension. It must be non-empty and contain no NUL byte.
	Name() string
	// Begin starts the index of one import.
	Begin() IndexBuild
}

// IndexBuild is one indexer's work on one import.
type IndexBuild interface {
	// Add sees each node as it is written, in the source's order.
	Add(n content.Node) error
	// Finish writes the index after every node and blob is in the store and
	// verified, before the generation becomes current. blobs reads the bytes
	// of any blob the generation refers to.
	Finish(ctx context.Context, blobs BlobReader, w *ExtensionWriter) error
	// Close releases what the build holds. It is called once when the import
	// ends, whether Finish ran or not.
	Close()
}

// BlobReader calls fn with the bytes of a blob the imported generation refers
// to; data is valid only inside fn.
type BlobReader func(sha256 string, fn func(data []byte) error) error

// ErrExtensionName reports an Indexer whose name cannot be a key space.
var ErrExtensionName = errors.New("store: indexer name must be non-empty and contain no NUL byte")

// ExtensionWriter writes one indexer's keys into the generation being imported.
type ExtensionWriter struct {
	wb     *badger.WriteBatch
	prefix []byte
}

// Put stores value under key within the indexer's key space. Both are copied.
func (w *ExtensionWriter) Put(key, value []byte) error {
	k := append(bytes.Clone(w.prefix), key...)
	if err := w.wb.Set(k, bytes.Clone(value)); err != nil {
		return fmt.Errorf("store: write index key %q: %w", key, err)
	}
	return nil
}

// extensions runs the indexers of one import.
type extensions struct {
	names  []string
	builds []IndexBuild
}

func newExtensions(ixs []Indexer) *extensions {
	e := &extensions{}
	for _, ix := range ixs {
		e.names = append(e.names, ix.Name())
		e.builds = append(e.builds, ix.Begin())
	}
	return e
}

// add hands a node to every build.
func (e *extensions) add(n content.Node) error {
	for i, b := range e.builds {
		if err := b.Add(n); err != nil {
			return fmt.Errorf("index %s: node %s (%q): %w", e.names[i], n.ID, n.Path, err)
		}
	}
	return nil
}

// close ends every build, finished or not.
func (e *extensions) close() {
	for _, b := range e.builds {
		b.Close()
	}
}

// finish lets every build write its keys into generation gen.
func (e *extensions) finish(ctx context.Context, s *Store, gen uint64) error {
	for i, b := range e.builds {
		name := e.names[i]
		if name == "" || bytes.IndexByte([]byte(name), 0) >= 0 {
			return fmt.Errorf("%w: %q", ErrExtensionName, name)
		}
		wb := s.db.NewWriteBatch()
		w := &ExtensionWriter{wb: wb, prefix: extensionPrefix(gen, name)}
		err := b.Finish(ctx, s.generationBlob(gen), w)
		if err == nil {
			err = wb.Flush()
		}
		wb.Cancel()
		if err != nil {
			return fmt.Errorf("index %s: %w", name, err)
		}
	}
	return nil
}

// generationBlob reads blobs that generation gen refers to.
func (s *Store) generationBlob(gen uint64) BlobReader {
	return func(hexSHA string, fn func([]byte) error) error {
		sha, err := parseSHA256(hexSHA)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrNotFound, err)
		}
		return s.db.View(func(txn *badger.Txn) error {
			if _, err := txn.Get(refKey(gen, sha)); err != nil {
				return notFoundIn(err, gen, "blob "+hexSHA)
			}
			item, err := txn.Get(blobKey(sha))
			if err != nil {
				return notFoundIn(err, gen, "blob "+hexSHA)
			}
			return item.Value(fn)
		})
	}
}

// Extension is one indexer's key space in the generation a Reader sees.
type Extension struct {
	r      *Reader
	name   string
	prefix []byte
}

// Extension opens the keys the named Indexer wrote for this Reader's
// generation. A generation imported without that indexer has none: Get
// returns ErrNotFound.
func (r *Reader) Extension(name string) *Extension {
	return &Extension{r: r, name: name, prefix: extensionPrefix(r.gen.Number, name)}
}

// Get calls fn with the value at key, or returns ErrNotFound. value is valid
// only inside fn.
func (e *Extension) Get(key []byte, fn func(value []byte) error) error {
	item, err := e.r.txn.Get(append(bytes.Clone(e.prefix), key...))
	if err != nil {
		return notFoundIn(err, e.r.gen.Number, "index "+e.name+" key "+fmt.Sprintf("%q", key))
	}
	return item.Value(fn)
}

// Each calls fn with every key (without the key space's prefix) and value
// starting with prefix, in key order; both are valid only inside fn.
func (e *Extension) Each(prefix []byte, fn func(key, value []byte) error) error {
	full := append(bytes.Clone(e.prefix), prefix...)
	it := e.r.txn.NewIterator(badger.IteratorOptions{Prefix: full, PrefetchValues: false})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		key := item.Key()[len(e.prefix):]
		if err := item.Value(func(v []byte) error { return fn(key, v) }); err != nil {
			return err
		}
	}
	return nil
}

// notFoundIn maps Badger's missing key to ErrNotFound, naming what was missing.
func notFoundIn(err error, gen uint64, what string) error {
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("%w: %s in generation %d", ErrNotFound, what, gen)
	}
	return fmt.Errorf("store: read %s of generation %d: %w", what, gen, err)
}
