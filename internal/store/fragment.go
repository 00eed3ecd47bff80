package store

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
	"github.com/klauspost/compress/zstd"
)

// Fragments are parts of a node's page that a reader rendered once and keeps
// in the generation they show, so a page that does not depend on who reads
// it is rendered from the node once per generation, not on every visit. The
// store knows nothing of what they hold; a reader names each (by language,
// display frame and template build, say) and treats a missing one as not
// rendered yet. They live inside the generation, so the sweep removes them
// with it.
//
// A fragment is kept as a zstd frame (codec.go), made by PutFragments with
// the dictionary of its name and generation (fragdict.go): a generation
// holds one per node, and most of each is alike. A reader
// tells it from a fragment kept uncompressed by an older build by the frame's
// magic bytes, so a fragment must not start with them itself (one that
// starts with a length or a version byte does not).

// ErrFragmentName reports a fragment name that cannot be part of a key.
var ErrFragmentName = errors.New("store: fragment name must be 1 to 200 bytes")

// maxFragmentName bounds a fragment's name inside its key.
const maxFragmentName = 200

// Fragment returns the fragment name of node id in the reader's generation,
// or ErrNotFound when none is kept. The bytes are the caller's.
func (r *Reader) Fragment(id uuid.UUID, name string) ([]byte, error) {
	return r.AppendFragment(nil, id, name)
}

// AppendFragment is Fragment appending to dst, so that a caller that reads
// many (a page served from its fragment) can reuse one buffer.
func (r *Reader) AppendFragment(dst []byte, id uuid.UUID, name string) ([]byte, error) {
	if len(name) == 0 || len(name) > maxFragmentName {
		return dst, ErrFragmentName
	}
	item, err := r.txn.Get(fragmentKey(r.gen.Number, id, name))
	if err != nil {
		return dst, r.notFound(err, "fragment "+name+" of node "+id.String())
	}
	out := dst
	// Decompressed straight from the store's buffer, valid only in here.
	err = item.Value(func(v []byte) error {
		var err error
		out, err = r.unpackFragment(dst, v, name)
		return err
	})
	if err != nil {
		return dst, fmt.Errorf("store: read fragment %s of node %s: %w", name, id, err)
	}
	return out, nil
}

// packFragment is the stored form of a fragment: always a zstd frame, so
// that no fragment is mistaken for another format when read back.
func packFragment(data []byte) []byte {
	return encoder().EncodeAll(data, make([]byte, 0, len(data)/3))
}

// NodesWithoutFragment returns, in key order, up to limit nodes of the
// reader's generation after node after (uuid.Nil: from the first) that have
// no fragment name kept. A renderer walks the generation with it, batch by
// batch, and after a restart it finds only the nodes still to do.
func (r *Reader) NodesWithoutFragment(name string, after uuid.UUID, limit int) ([]uuid.UUID, error) {
	if len(name) == 0 || len(name) > maxFragmentName {
		return nil, ErrFragmentName
	}
	it := r.txn.NewIterator(badger.IteratorOptions{Prefix: genKindPrefix(r.gen.Number, kindNode)})
	defer it.Close()
	var out []uuid.UUID
	start := nodeKey(r.gen.Number, after)
	for it.Seek(start); it.Valid() && len(out) < limit; it.Next() {
		k := it.Item().Key()
		if bytes.Equal(k, start) {
			continue
		}
		id, err := uuid.FromBytes(k[len(k)-16:])
		if err != nil {
			return nil, fmt.Errorf("store: malformed node key %q: %w", k, err)
		}
		_, err = r.txn.Get(fragmentKey(r.gen.Number, id, name))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
			out = append(out, id)
		case err != nil:
			return nil, fmt.Errorf("store: look for fragment %s of node %s: %w", name, id, err)
		}
	}
	return out, nil
}

// NodeFragment is one fragment to keep: the node it belongs to and its bytes.
type NodeFragment struct {
	ID   uuid.UUID
	Data []byte
}

// PutFragments keeps frags as fragments name of generation gen, if that
// generation is still complete, and returns when they are on disk. It is
// for a renderer working ahead of readers, many fragments at a time; a
// generation being swept or gone takes none (ErrNotFound), and a sweep that
// starts meanwhile makes the write conflict.
func (s *Store) PutFragments(gen uint64, name string, frags []NodeFragment) error {
	if len(name) == 0 || len(name) > maxFragmentName {
		return ErrFragmentName
	}
	if len(frags) == 0 {
		return nil
	}
	dict, err := s.fragmentDict(gen, name, frags[0].Data)
	if err != nil {
		return fmt.Errorf("store: keep %d fragments %s in generation %d: %w", len(frags), name, gen, err)
	}
	enc, err := dict.encoder()
	if err != nil {
		return fmt.Errorf("store: fragment dictionary: %w", err)
	}
	for conflicts := 0; len(frags) > 0; {
		n, err := s.putFragments(gen, name, frags, enc)
		// A write to the generation's record meanwhile (a flip, a sweep
		// starting) conflicts; trying again reads its new state.
		if errors.Is(err, badger.ErrConflict) && conflicts < 3 {
			conflicts++
			continue
		}
		if err != nil {
			return fmt.Errorf("store: keep %d fragments %s in generation %d: %w", len(frags), name, gen, err)
		}
		frags = frags[n:]
	}
	return nil
}

// putFragments commits as many of frags as one transaction takes and
// returns how many that was.
func (s *Store) putFragments(gen uint64, name string, frags []NodeFragment, enc *zstd.Encoder) (int, error) {
	txn := s.db.NewTransaction(true)
	defer txn.Discard()
	rec, err := readGenRecord(txn, gen)
	if err != nil {
		return 0, err
	}
	if rec.State != stateComplete {
		return 0, fmt.Errorf("%w: generation %d is %s", ErrNotFound, gen, rec.State)
	}
	n := 0
	for _, f := range frags {
		err := txn.Set(fragmentKey(gen, f.ID, name), enc.EncodeAll(f.Data, make([]byte, 0, len(f.Data)/4)))
		if errors.Is(err, badger.ErrTxnTooBig) && n > 0 {
			break
		}
		if err != nil {
			return 0, err
		}
		n++
	}
	return n, txn.Commit()
}

// PutFragment keeps data as fragment name of node id in generation gen, if
// that generation is still complete: a generation being swept gets nothing
// (a sweep that starts meanwhile makes the write conflict, and it is
// dropped). The write is committed in the background, so a page that keeps
// a fragment does not wait for the disk; done, if not nil, is called with
// its outcome. A fragment is a cache: a caller may ignore every error.
func (s *Store) PutFragment(gen uint64, id uuid.UUID, name string, data []byte, done func(error)) error {
	if len(name) == 0 || len(name) > maxFragmentName {
		return ErrFragmentName
	}
	txn := s.db.NewTransaction(true)
	rec, err := readGenRecord(txn, gen)
	if err == nil && rec.State != stateComplete {
		err = fmt.Errorf("%w: generation %d is %s", ErrNotFound, gen, rec.State)
	}
	if err == nil {
		err = txn.Set(fragmentKey(gen, id, name), packFragment(data))
	}
	if err != nil {
		txn.Discard()
		return fmt.Errorf("store: keep fragment %s of node %s: %w", name, id, err)
	}
	txn.CommitWith(func(err error) {
		if done != nil {
			if err != nil {
				err = fmt.Errorf("store: keep fragment %s of node %s: %w", name, id, err)
			}
			done(err)
		}
	})
	return nil
}
