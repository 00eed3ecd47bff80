package store

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// NodeSummary is the short form of a node that menus and lists show.
type NodeSummary struct {
	ID          uuid.UUID    `json:"id"`
	Parent      uuid.UUID    `json:"parent,omitzero"`
	Kind        content.Kind `json:"kind"`
	Title       string       `json:"title"`
	URL         string       `json:"url,omitempty"`
	Path        string       `json:"path"`
	HasChildren bool         `json:"-"`                // looked up when read, since children come after their parent
	Updated     time.Time    `json:"updated,omitzero"` // content.Node.LastChange
	Visits      int64        `json:"visits,omitempty"` // as published
}

// summaryOf returns the summary of n as stored (without HasChildren).
func summaryOf(n content.Node) NodeSummary {
	return NodeSummary{
		ID: n.ID, Parent: n.Parent, Kind: n.Kind, Title: n.Title, URL: n.URL, Path: n.Path,
		Updated: n.LastChange(), Visits: n.Meta.Visits,
	}
}

// ChangeQuery selects part of the bulletin-wide change register.
type ChangeQuery struct {
	From, To      time.Time // From inclusive, To exclusive; a zero time leaves that end open
	Offset, Limit int       // Limit ≤ 0 means no limit
}

// ChangeEntry is one entry of the bulletin-wide change register. Its
// Change has no PreviousBody: the register does not show earlier versions,
// and keeping each one twice (here and in the node's History) made the
// change records a fifth of a store. HasPrevious says whether there is one;
// Reader.Node has it.
type ChangeEntry struct {
	Node        NodeSummary
	Change      content.Change
	Index       int  // position of Change in the node's History
	HasPrevious bool // the node's History[Index].PreviousBody is not empty
}

// storedChange is a change register record as stored: the change without
// its previous body, and whether it has one. A schema-1 store kept the
// previous body itself; decoded here it gives HasPrevious too.
type storedChange struct {
	content.Change
	HasPrevious bool `json:"has_previous,omitempty"`
}

// storedChangeOf returns the register record of c.
func storedChangeOf(c content.Change) storedChange {
	sc := storedChange{Change: c, HasPrevious: c.PreviousBody != ""}
	sc.PreviousBody = ""
	return sc
}

// entry fills e from the stored record.
func (sc storedChange) entry(e *ChangeEntry) {
	e.Change, e.HasPrevious = sc.Change, sc.HasPrevious || sc.PreviousBody != ""
	e.Change.PreviousBody = ""
}

// AttachmentEntry is one attachment with the node that publishes it.
type AttachmentEntry struct {
	Node       NodeSummary
	Attachment content.Attachment
}

// Reader reads one generation inside one Badger read transaction. It is valid
// only inside the function given to Store.Read, and values it returns are copies.
type Reader struct {
	txn   *badger.Txn
	gen   Generation
	dicts *fragDicts // the store's fragment dictionaries (fragdict.go)
}

// Read calls fn with a Reader of the current generation; every read through it
// sees that one generation, whatever imports happen meanwhile. ErrEmpty when
// nothing is installed.
func (s *Store) Read(fn func(r *Reader) error) error {
	for {
		err := s.db.View(func(txn *badger.Txn) error {
			n, err := currentNumber(txn)
			if err != nil {
				return err
			}
			if !s.pin(n) {
				return errRetry
			}
			defer s.unpin(n)
			rec, err := readGenRecord(txn, n)
			if err != nil {
				return err
			}
			return fn(&Reader{txn: txn, gen: rec.Generation, dicts: &s.dicts})
		})
		if !errors.Is(err, errRetry) {
			return err
		}
	}
}

// CurrentNumber returns the number of the current generation, or ErrEmpty.
// It is what a conditional request needs, and costs one key read where
// Current also decodes the generation's record.
func (s *Store) CurrentNumber() (uint64, error) {
	var n uint64
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		n, err = currentNumber(txn)
		return err
	})
	return n, err
}

// Generation returns the generation this Reader sees.
func (r *Reader) Generation() Generation { return r.gen }

// Site returns the bulletin's site data.
func (r *Reader) Site() (content.Site, error) {
	var site content.Site
	err := r.getJSON(siteKey(r.gen.Number), &site, "site")
	return site, err
}

// Node returns one whole node, or ErrNotFound.
func (r *Reader) Node(id uuid.UUID) (content.Node, error) {
	var n content.Node
	err := r.getJSON(nodeKey(r.gen.Number, id), &n, "node "+id.String())
	return n, err
}

// Summary returns the short form of one node, or ErrNotFound.
func (r *Reader) Summary(id uuid.UUID) (NodeSummary, error) {
	var s NodeSummary
	if err := r.getJSON(summaryKey(r.gen.Number, id), &s, "node "+id.String()); err != nil {
		return s, err
	}
	return s, r.fillHasChildren(&s)
}

// Children returns the nodes under parent in menu order; uuid.Nil gives the top level.
func (r *Reader) Children(parent uuid.UUID) ([]NodeSummary, error) {
	var out []NodeSummary
	it := r.txn.NewIterator(badger.IteratorOptions{
		Prefix: childPrefix(r.gen.Number, parent), PrefetchValues: true, PrefetchSize: 64,
	})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var s NodeSummary
		if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &s) }); err != nil {
			return nil, fmt.Errorf("store: decode child of %s: %w", parent, err)
		}
		if err := r.fillHasChildren(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ChildCount returns how many children parent has, counting no further
// than most: it reads keys only, so a menu can tell "one" from "several"
// without decoding a section of thousands.
func (r *Reader) ChildCount(parent uuid.UUID, most int) (int, error) {
	it := r.txn.NewIterator(badger.IteratorOptions{Prefix: childPrefix(r.gen.Number, parent)})
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid() && n < most; it.Next() {
		n++
	}
	return n, nil
}

// ChildrenBrief returns the children of parent in menu order that have
// children of their own, and the first limit of those that have none, with
// the number of all children. It decodes only the summaries it returns, so a
// site map of a large bulletin need not decode every article.
func (r *Reader) ChildrenBrief(parent uuid.UUID, limit int) ([]NodeSummary, int, error) {
	var out []NodeSummary
	total, leaves := 0, 0
	it := r.txn.NewIterator(badger.IteratorOptions{Prefix: childPrefix(r.gen.Number, parent)})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		total++
		_, id, err := parseChildKey(it.Item().Key())
		if err != nil {
			return nil, 0, err
		}
		s := NodeSummary{ID: id}
		if err := r.fillHasChildren(&s); err != nil {
			return nil, 0, err
		}
		if !s.HasChildren {
			if leaves >= limit {
				continue
			}
			leaves++
		}
		if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &s) }); err != nil {
			return nil, 0, fmt.Errorf("store: decode child of %s: %w", parent, err)
		}
		out = append(out, s)
	}
	return out, total, nil
}

// Ancestors returns the nodes above id, root first, without id itself.
func (r *Reader) Ancestors(id uuid.UUID) ([]NodeSummary, error) {
	s, err := r.Summary(id)
	if err != nil {
		return nil, err
	}
	return AncestorChain(s, r.Summary)
}

// AncestorChain returns the nodes above s, root first, looking each parent up
// with summary; callers with a cache of summaries pass their own lookup.
func AncestorChain(s NodeSummary, summary func(uuid.UUID) (NodeSummary, error)) ([]NodeSummary, error) {
	var chain []NodeSummary
	// Import refuses cycles; the bound only guards against a damaged store.
	for p := s.Parent; p != uuid.Nil && len(chain) < maxDepth; p = chain[len(chain)-1].Parent {
		ps, err := summary(p)
		if err != nil {
			return nil, err
		}
		chain = append(chain, ps)
	}
	slices.Reverse(chain)
	return chain, nil
}

// maxDepth bounds the walk up the tree.
const maxDepth = 1000

// Changes returns a page of the bulletin-wide change register, newest first,
// and how many entries the query matches in all.
func (r *Reader) Changes(q ChangeQuery) ([]ChangeEntry, int, error) {
	open := q.From.IsZero() && q.To.IsZero()
	start := genKindPrefix(r.gen.Number, kindChange)
	if !q.To.IsZero() {
		start = changeTimeKey(r.gen.Number, q.To)
	}
	it := r.txn.NewIterator(badger.IteratorOptions{Prefix: genKindPrefix(r.gen.Number, kindChange)})
	defer it.Close()
	var out []ChangeEntry
	total := 0
	for it.Seek(start); it.Valid(); it.Next() {
		at, id, index, err := parseChangeKey(it.Item().Key())
		if err != nil {
			return nil, 0, err
		}
		if !q.To.IsZero() && !at.Before(q.To) {
			continue
		}
		if !q.From.IsZero() && at.Before(q.From) {
			break
		}
		if total++; total <= q.Offset {
			continue
		}
		if q.Limit > 0 && len(out) >= q.Limit {
			if open {
				return out, r.gen.Changes, nil // the generation knows its total
			}
			continue // counting the rest of the range
		}
		e := ChangeEntry{Index: index}
		var sc storedChange
		if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &sc) }); err != nil {
			return nil, 0, fmt.Errorf("store: decode change %d of node %s: %w", index, id, err)
		}
		sc.entry(&e)
		if e.Node, err = r.Summary(id); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, nil
}

// Attachments returns a page of every attachment with its node, ordered by
// node path, then attachment title, and how many there are in all. A limit
// ≤ 0 means no limit.
func (r *Reader) Attachments(offset, limit int) ([]AttachmentEntry, int, error) {
	it := r.txn.NewIterator(badger.IteratorOptions{Prefix: genKindPrefix(r.gen.Number, kindAttachment)})
	defer it.Close()
	var out []AttachmentEntry
	i := 0
	for it.Rewind(); it.Valid() && (limit <= 0 || len(out) < limit); it.Next() {
		if i++; i <= offset {
			continue
		}
		id, index, err := parseAttachmentKey(it.Item().Key())
		if err != nil {
			return nil, 0, err
		}
		var e AttachmentEntry
		if err := it.Item().Value(func(v []byte) error { return decodeJSON(v, &e.Attachment) }); err != nil {
			return nil, 0, fmt.Errorf("store: decode attachment %d of node %s: %w", index, id, err)
		}
		if e.Node, err = r.Summary(id); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, r.gen.Attachments, nil
}

// MostVisited returns up to limit articles with the most published visits.
func (r *Reader) MostVisited(limit int) ([]NodeSummary, error) {
	return r.ranked(kindPopular, limit)
}

// RecentlyChanged returns up to limit articles, latest content.Node.LastChange first.
func (r *Reader) RecentlyChanged(limit int) ([]NodeSummary, error) {
	return r.ranked(kindRecent, limit)
}

// ranked returns the summaries of the first limit ids of an index ending in an id.
func (r *Reader) ranked(kind byte, limit int) ([]NodeSummary, error) {
	it := r.txn.NewIterator(badger.IteratorOptions{Prefix: genKindPrefix(r.gen.Number, kind)})
	defer it.Close()
	var out []NodeSummary
	for it.Rewind(); it.Valid() && len(out) < limit; it.Next() {
		id, err := parseTrailingID(it.Item().Key())
		if err != nil {
			return nil, err
		}
		s, err := r.Summary(id)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Blob calls fn with the bytes of a blob this generation refers to, or returns
// ErrNotFound. data is valid only inside fn.
func (r *Reader) Blob(sha256 string, fn func(data []byte) error) error {
	sha, err := parseSHA256(sha256)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if _, err := r.txn.Get(refKey(r.gen.Number, sha)); err != nil {
		return r.notFound(err, "blob "+sha256)
	}
	item, err := r.txn.Get(blobKey(sha))
	if err != nil {
		return r.notFound(err, "blob "+sha256)
	}
	return item.Value(fn)
}

// getJSON decodes the value at key; json.Unmarshal copies, so nothing of
// Badger's memory escapes the transaction.
func (r *Reader) getJSON(key []byte, v any, what string) error {
	item, err := r.txn.Get(key)
	if err != nil {
		return r.notFound(err, what)
	}
	if err := item.Value(func(b []byte) error { return decodeJSON(b, v) }); err != nil {
		return fmt.Errorf("store: decode %s of generation %d: %w", what, r.gen.Number, err)
	}
	return nil
}

// fillHasChildren looks up whether the node has children.
func (r *Reader) fillHasChildren(s *NodeSummary) error {
	_, err := r.txn.Get(hasChildrenKey(r.gen.Number, s.ID))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: read node %s: %w", s.ID, err)
	}
	s.HasChildren = true
	return nil
}

// notFound maps Badger's missing key to ErrNotFound, naming what was missing.
func (r *Reader) notFound(err error, what string) error {
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("%w: %s in generation %d", ErrNotFound, what, r.gen.Number)
	}
	return fmt.Errorf("store: read %s of generation %d: %w", what, r.gen.Number, err)
}
