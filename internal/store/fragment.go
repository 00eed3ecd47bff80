package store

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// Fragments are parts of a node's page that a reader rendered once and keeps
// in the generation they show, so a page that does not depend on who reads
// it is rendered from the node once per generation, not on every visit. The
// store knows nothing of what they hold; a reader names each (by language,
// display frame and template build, say) and treats a missing one as not
// rendered yet. They live inside the generation, so the sweep removes them
// with it.

// ErrFragmentName reports a fragment name that cannot be part of a key.
var ErrFragmentName = errors.New("store: fragment name must be 1 to 200 bytes")

// maxFragmentName bounds a fragment's name inside its key.
const maxFragmentName = 200

// Fragment returns the fragment name of node id in the reader's generation,
// or ErrNotFound when none is kept. The bytes are the caller's.
func (r *Reader) Fragment(id uuid.UUID, name string) ([]byte, error) {
	if len(name) == 0 || len(name) > maxFragmentName {
		return nil, ErrFragmentName
	}
	item, err := r.txn.Get(fragmentKey(r.gen.Number, id, name))
	if err != nil {
		return nil, r.notFound(err, "fragment "+name+" of node "+id.String())
	}
	data, err := item.ValueCopy(nil)
	if err != nil {
		return nil, fmt.Errorf("store: read fragment %s of node %s: %w", name, id, err)
	}
	return data, nil
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
		err = txn.Set(fragmentKey(gen, id, name), data)
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
