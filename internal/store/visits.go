package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
)

// VisitCount is this terminal's own page-view count of one node.
type VisitCount struct {
	ID    uuid.UUID
	Count int64
}

// maxPendingVisits bounds the counts held in memory between flushes.
const maxPendingVisits = 10000

// CountVisit counts one view of a node on this terminal. It only touches
// memory, so it never slows a page; counts reach Badger on a ticker and at
// Close. Nothing about the visitor is recorded.
func (s *Store) CountVisit(id uuid.UUID) {
	s.visitMu.Lock()
	s.visits[id]++
	full := len(s.visits) >= maxPendingVisits
	s.visitMu.Unlock()
	if full {
		go func() {
			if err := s.flushVisits(); err != nil {
				s.log.Warn("store_visit_flush_failed", "err", err)
			}
		}()
	}
}

// TerminalVisits returns up to limit nodes by this terminal's view count, most
// first (limit ≤ 0 means all), and the total of all views, counting those not
// yet flushed.
func (s *Store) TerminalVisits(limit int) ([]VisitCount, int64, error) {
	counts := map[uuid.UUID]int64{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixVisit}, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			id, err := parseVisitKey(it.Item().Key())
			if err != nil {
				return err
			}
			n, err := itemUint64(it.Item())
			if err != nil {
				return err
			}
			counts[id] = int64(n)
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: read terminal visits: %w", err)
	}
	s.visitMu.Lock()
	for id, n := range s.visits {
		counts[id] += n
	}
	s.visitMu.Unlock()
	var total int64
	list := make([]VisitCount, 0, len(counts))
	for id, n := range counts {
		list = append(list, VisitCount{ID: id, Count: n})
		total += n
	}
	slices.SortFunc(list, func(a, b VisitCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return slices.Compare(a.ID[:], b.ID[:])
	})
	if limit > 0 && len(list) > limit {
		list = list[:limit]
	}
	return list, total, nil
}

// runFlush writes pending visit counts on a ticker until ctx ends.
func (s *Store) runFlush(ctx context.Context) {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.flushVisits(); err != nil {
				s.log.Warn("store_visit_flush_failed", "err", err)
			}
		}
	}
}

// flushVisits adds the pending counts to the stored ones in one transaction.
// On failure the counts go back to memory for the next try.
func (s *Store) flushVisits() error {
	s.visitMu.Lock()
	pending := s.visits
	s.visits = map[uuid.UUID]int64{}
	s.visitMu.Unlock()
	if len(pending) == 0 {
		return nil
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		for id, n := range pending {
			old, err := getUint64(txn, visitKey(id))
			if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
				return err
			}
			if err := txn.Set(visitKey(id), u64(old+uint64(n))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.visitMu.Lock()
		for id, n := range pending {
			s.visits[id] += n
		}
		s.visitMu.Unlock()
		return fmt.Errorf("store: write %d visit counts: %w", len(pending), err)
	}
	return nil
}

// itemUint64 decodes an item's value written by u64.
func itemUint64(item *badger.Item) (uint64, error) {
	var n uint64
	err := item.Value(func(v []byte) (err error) {
		n, err = getU64(v)
		return err
	})
	return n, err
}
