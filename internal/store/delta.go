package store

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// Delta is implemented by a Source whose Edition names a base sequence: it
// carries the site, the nodes new or changed since its base and the blobs
// the base does not have. EachNode must give its nodes in ascending id
// order, the order in which Import merges them with the base's.
type Delta interface {
	// Removed lists the base's nodes that the new edition no longer has.
	Removed() []uuid.UUID
}

// KeyHandOver is implemented by a Source that can carry a publisher's signed
// hand-over from the pinned key to a new one (*bundle.Bundle does). When ok,
// Import pins next for the publisher in the transaction that makes the new
// generation current.
type KeyHandOver interface {
	KeyHandOver() (old, next ed25519.PublicKey, ok bool)
}

// deltaBase is the installed generation a delta is merged with.
type deltaBase struct {
	gen     uint64
	seq     uint64
	nodes   int // nodes of the base, for progress
	removed map[uuid.UUID]bool
	met     map[uuid.UUID]bool // removed nodes found in the base
}

// deltaBaseError says why a delta cannot be applied and which full bundle
// to import instead; errors.Is matches ErrDeltaBase.
func deltaBaseError(ed content.Edition, why string, installed uint64) error {
	msg := fmt.Sprintf("store: bundle sequence %d of %q is a delta on sequence %d, but %s: import the full bundle of sequence %d",
		ed.Sequence, ed.Publisher, ed.BaseSequence, why, ed.Sequence)
	if installed != 0 {
		msg += fmt.Sprintf(" (or any full bundle after %d)", installed)
	}
	return &sentinelError{msg: msg, kind: ErrDeltaBase}
}

// sentinelError is an error whose message is a whole sentence of its own
// and which matches a sentinel with errors.Is.
type sentinelError struct {
	msg  string
	kind error
}

func (e *sentinelError) Error() string        { return e.msg }
func (e *sentinelError) Is(target error) bool { return target == e.kind }

// deltaBaseFor returns the base a delta src merges with, nil for a full
// source, or why the delta cannot apply to the installed generation cur
// (same publisher, newer sequence, already checked).
func (s *Store) deltaBaseFor(src Source, cur Generation) (*deltaBase, error) {
	ed := src.Edition()
	if ed.BaseSequence == 0 {
		return nil, nil
	}
	d, ok := src.(Delta)
	if !ok {
		return nil, fmt.Errorf("%w: %q sequence %d is a delta on sequence %d; import a full bundle",
			ErrDeltaUnsupported, ed.Publisher, ed.Sequence, ed.BaseSequence)
	}
	if inst := cur.Edition.Sequence; inst != ed.BaseSequence {
		return nil, deltaBaseError(ed, fmt.Sprintf("sequence %d is installed", inst), inst)
	}
	b := &deltaBase{
		gen: cur.Number, seq: cur.Edition.Sequence, nodes: cur.Articles + cur.Sections + cur.Links,
		removed: map[uuid.UUID]bool{}, met: map[uuid.UUID]bool{},
	}
	for _, id := range d.Removed() {
		b.removed[id] = true
	}
	return b, nil
}

// mergeNodes writes the bulletin a delta makes of its base generation: the
// base's nodes less those removed or replaced, plus the delta's. Both come in
// ascending id order and are merged in one pass, so the new generation's
// nodes are written (and indexers see them) in the order a full bundle of
// the same edition gives them, and an import of delta and full bundle alike
// builds the same generation.
func (imp *importer) mergeNodes(w *batch, src Source) error {
	b := imp.base
	txn := imp.s.db.NewTransaction(false)
	defer txn.Discard()
	it := txn.NewIterator(badger.IteratorOptions{Prefix: genKindPrefix(b.gen, kindNode), PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	it.Rewind()
	base := &baseCursor{imp: imp, w: w, it: it}
	last := uuid.Nil
	err := src.EachNode(func(n content.Node) error {
		if last != uuid.Nil && bytes.Compare(n.ID[:], last[:]) <= 0 {
			return fmt.Errorf("delta node %s (%q) comes after node %s; a delta gives its nodes in ascending id order", n.ID, n.Path, last)
		}
		last = n.ID
		if b.removed[n.ID] {
			return fmt.Errorf("delta both removes and carries node %s (%q)", n.ID, n.Path)
		}
		if err := base.copyBefore(&n.ID); err != nil {
			return err
		}
		return imp.putNode(w, n)
	})
	if err == nil {
		err = base.copyBefore(nil)
	}
	if err != nil {
		return err
	}
	for id := range b.removed {
		if !b.met[id] {
			ed := imp.gen.Edition
			return deltaBaseError(ed, fmt.Sprintf("it removes node %s, which the installed sequence %d does not have", id, b.seq), b.seq)
		}
	}
	return nil
}

// baseCursor walks the base generation's nodes in id order.
type baseCursor struct {
	imp *importer
	w   *batch
	it  *badger.Iterator
}

// copyBefore writes the base's nodes with ids below id (all that are left
// when id is nil), except removed ones, and steps over a base node with id
// itself, which the delta replaces.
func (c *baseCursor) copyBefore(id *uuid.UUID) error {
	b := c.imp.base
	for ; c.it.Valid(); c.it.Next() {
		key := c.it.Item().Key()
		cur, err := uuid.FromBytes(key[len(key)-16:])
		if err != nil {
			return fmt.Errorf("base generation %d: malformed node key %x", b.gen, key)
		}
		cmp := -1
		if id != nil {
			cmp = bytes.Compare(cur[:], id[:])
		}
		switch {
		case cmp > 0:
			return nil
		case b.removed[cur]:
			b.met[cur] = true
		case cmp == 0: // replaced by the delta's node
		default:
			var n content.Node
			if err := c.it.Item().Value(func(v []byte) error { return decodeJSON(v, &n) }); err != nil {
				return fmt.Errorf("base generation %d: decode node %s: %w", b.gen, cur, err)
			}
			if err := c.imp.putNode(c.w, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// handOver is a key hand-over to pin with the flip.
type handOver struct {
	old, next ed25519.PublicKey
}

// handOverOf returns the source's key hand-over, or nil.
func handOverOf(src Source) *handOver {
	k, ok := src.(KeyHandOver)
	if !ok {
		return nil
	}
	old, next, ok := k.KeyHandOver()
	if !ok {
		return nil
	}
	return &handOver{old: old, next: next}
}

// pin records the new key of ed's publisher inside txn, unless the pinned
// key is neither the old nor the new one: then someone trusted another key
// during the import, and that choice wins. Nothing pinned means the old key
// came from elsewhere (the key embedded for the default bulletin).
func (h *handOver) pin(txn *badger.Txn, ed content.Edition) error {
	if h == nil {
		return nil
	}
	if len(h.next) != ed25519.PublicKeySize {
		return fmt.Errorf("store: new key of %q has %d bytes, an Ed25519 public key has %d", ed.Publisher, len(h.next), ed25519.PublicKeySize)
	}
	item, err := txn.Get(trustKey(ed.PublisherID))
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return err
	default:
		var k TrustedKey
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &k) }); err != nil {
			return fmt.Errorf("store: read trusted key of %q: %w", ed.Publisher, err)
		}
		if !bytes.Equal(k.Key, h.old) && !bytes.Equal(k.Key, h.next) {
			return fmt.Errorf("%w: %q now pins a key other than the one that handed over; import the bundle again", ErrKeyChanged, ed.Publisher)
		}
	}
	v, err := json.Marshal(TrustedKey{PublisherID: ed.PublisherID, Publisher: ed.Publisher, Key: bytes.Clone(h.next), Added: time.Now().UTC()})
	if err != nil {
		return err
	}
	return txn.Set(trustKey(ed.PublisherID), v)
}
