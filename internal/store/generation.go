package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"bipkiosk/internal/content"
)

// Generation describes one imported edition of the bulletin.
type Generation struct {
	Number      uint64          `json:"number"`
	Edition     content.Edition `json:"edition"`
	ImportedAt  time.Time       `json:"imported_at"`
	Articles    int             `json:"articles"`
	Sections    int             `json:"sections"`
	Links       int             `json:"links"`
	Attachments int             `json:"attachments"`
	Changes     int             `json:"changes"` // change register entries across the bulletin
	Bytes       int64           `json:"bytes"`   // sum of the sizes of the blobs it refers to, each once
}

// genState is where a generation is in its life.
type genState string

const (
	stateWriting  genState = "writing"  // an import is writing it; swept at Open if still so
	stateComplete genState = "complete" // verified; current or kept
	stateSweeping genState = "sweeping" // being removed; the sweep resumes at Open
)

// genRecord is the value of meta/gen/<n>.
type genRecord struct {
	State genState `json:"state"`
	Generation
}

// errRetry tells Read that its snapshot pinned a generation being swept.
var errRetry = errors.New("store: retry read")

// Current returns the installed generation, or ErrEmpty.
func (s *Store) Current() (Generation, error) {
	var g Generation
	err := s.db.View(func(txn *badger.Txn) error {
		n, err := currentNumber(txn)
		if err != nil {
			return err
		}
		rec, err := readGenRecord(txn, n)
		g = rec.Generation
		return err
	})
	return g, err
}

// Generations returns the complete generations kept in the store, newest first.
func (s *Store) Generations() ([]Generation, error) {
	var gens []Generation
	err := s.db.View(func(txn *badger.Txn) error {
		recs, err := genRecords(txn)
		for _, r := range recs {
			if r.State == stateComplete && len(gens) < s.opts.KeepGenerations {
				gens = append(gens, r.Generation)
			}
		}
		return err
	})
	return gens, err
}

// currentNumber reads meta/current; ErrEmpty when nothing is installed.
func currentNumber(txn *badger.Txn) (uint64, error) {
	n, err := getUint64(txn, currentKey())
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, ErrEmpty
	}
	if err != nil {
		return 0, fmt.Errorf("store: read current generation: %w", err)
	}
	return n, nil
}

// getUint64 reads a value written by u64.
func getUint64(txn *badger.Txn, key []byte) (uint64, error) {
	item, err := txn.Get(key)
	if err != nil {
		return 0, err
	}
	var n uint64
	err = item.Value(func(v []byte) error {
		n, err = getU64(v)
		return err
	})
	return n, err
}

// readGenRecord reads meta/gen/<n>.
func readGenRecord(txn *badger.Txn, n uint64) (genRecord, error) {
	var rec genRecord
	item, err := txn.Get(genRecordKey(n))
	if err != nil {
		return rec, fmt.Errorf("store: read record of generation %d: %w", n, err)
	}
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, &rec) })
	if err != nil {
		return rec, fmt.Errorf("store: decode record of generation %d: %w", n, err)
	}
	return rec, nil
}

// putGenRecord writes meta/gen/<n>.
func putGenRecord(txn *badger.Txn, rec genRecord) error {
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return txn.Set(genRecordKey(rec.Number), v)
}

// genRecords returns every generation record, newest first.
func genRecords(txn *badger.Txn) ([]genRecord, error) {
	var recs []genRecord
	it := txn.NewIterator(badger.IteratorOptions{Prefix: genRecordPrefix()})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var rec genRecord
		n, err := parseGenRecordKey(it.Item().Key())
		if err != nil {
			return nil, err
		}
		err = it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &rec) })
		if err != nil {
			return nil, fmt.Errorf("store: decode record of generation %d: %w", n, err)
		}
		rec.Number = n
		recs = append(recs, rec)
	}
	slices.Reverse(recs)
	return recs, nil
}

// pin registers a reader of generation n; false when n is being swept.
func (s *Store) pin(n uint64) bool {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	if s.dropping[n] {
		return false
	}
	s.pins[n]++
	return true
}

func (s *Store) unpin(n uint64) {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	if s.pins[n]--; s.pins[n] <= 0 {
		delete(s.pins, n)
	}
}

// sweep removes every generation that is not complete and among the newest
// KeepGenerations, unless a reader still has it pinned (then the next sweep
// takes it), and the blobs that no surviving generation refers to. The caller
// holds importMu or is Open, so no import is writing meanwhile.
func (s *Store) sweep() error {
	var recs []genRecord
	if err := s.db.View(func(txn *badger.Txn) (err error) {
		recs, err = genRecords(txn)
		return err
	}); err != nil {
		return fmt.Errorf("store: sweep: %w", err)
	}
	drop, survivors := s.chooseDrops(recs)
	if len(drop) == 0 {
		return nil
	}
	defer func() {
		s.pinMu.Lock()
		for _, r := range drop {
			delete(s.dropping, r.Number)
		}
		s.pinMu.Unlock()
	}()
	if err := s.markSweeping(drop); err != nil {
		return err
	}
	if err := s.sweepBlobs(survivors); err != nil {
		return err
	}
	prefixes := make([][]byte, len(drop))
	for i, r := range drop {
		prefixes[i] = genPrefix(r.Number)
	}
	if err := s.db.DropPrefix(prefixes...); err != nil {
		return fmt.Errorf("store: sweep generations: %w", err)
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, r := range drop {
			if err := txn.Delete(genRecordKey(r.Number)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: sweep generation records: %w", err)
	}
	for _, r := range drop {
		s.log.Info("store_generation_swept", "generation", r.Number, "state", string(r.State), "sequence", r.Edition.Sequence)
	}
	// The swept generations' values are now garbage in the value log;
	// reclaim it now rather than at the next GC tick, so a kiosk that
	// updates often does not hold several generations' worth of garbage.
	if !s.opts.InMemory {
		s.collectValueLog(context.Background())
	}
	return nil
}

// chooseDrops splits the records into those to remove and the numbers of those
// that stay, marking the removed ones as dropping so no new reader pins them.
func (s *Store) chooseDrops(recs []genRecord) (drop []genRecord, survivors []uint64) {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	kept := 0
	for _, r := range recs {
		switch {
		case r.State == stateComplete && kept < s.opts.KeepGenerations:
			kept++
			survivors = append(survivors, r.Number)
		case s.pins[r.Number] > 0:
			s.log.Debug("store_sweep_deferred", "generation", r.Number, "readers", s.pins[r.Number])
			survivors = append(survivors, r.Number)
		default:
			s.dropping[r.Number] = true
			drop = append(drop, r)
		}
	}
	return drop, survivors
}

// markSweeping records that the generations are being removed, so a crash
// halfway through resumes at the next Open rather than leaving them half there.
func (s *Store) markSweeping(drop []genRecord) error {
	err := s.db.Update(func(txn *badger.Txn) error {
		for _, r := range drop {
			r.State = stateSweeping
			if err := putGenRecord(txn, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: mark generations for sweeping: %w", err)
	}
	return nil
}

// sweepBlobs deletes every blob that none of the surviving generations refers to.
func (s *Store) sweepBlobs(survivors []uint64) error {
	var orphans [][32]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixBlob}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			sha, err := parseBlobKey(it.Item().Key())
			if err != nil {
				return err
			}
			used, err := referenced(txn, survivors, sha)
			if err != nil {
				return err
			}
			if !used {
				orphans = append(orphans, sha)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: find unreferenced blobs: %w", err)
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, sha := range orphans {
		if err := wb.Delete(blobKey(sha)); err != nil {
			return fmt.Errorf("store: delete unreferenced blob: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("store: delete unreferenced blobs: %w", err)
	}
	if len(orphans) > 0 {
		s.log.Info("store_blobs_swept", "count", len(orphans))
	}
	return nil
}

// referenced reports whether any of the generations refers to the blob.
func referenced(txn *badger.Txn, gens []uint64, sha [32]byte) (bool, error) {
	for _, n := range gens {
		_, err := txn.Get(refKey(n, sha))
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, badger.ErrKeyNotFound) {
			return false, err
		}
	}
	return false, nil
}
