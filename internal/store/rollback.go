package store

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
)

// Rollback makes the previous kept generation current again and returns it
// (to) and the generation it replaced (left). The flip and the marking of the
// left generation for removal are one transaction, synced like Import's flip.
//
// The left generation is dropped at once rather than kept for a roll forward:
// the store's rule that the current generation is the newest complete one
// then still holds, so the sweep after the next import keeps the generation
// rolled back to as the previous one (not the rejected one), and the disk
// holds no more generations than KeepGenerations. To return to what was left,
// import its bundle again: its sequence is newer than the current one, so
// Import accepts it.
func (s *Store) Rollback() (to, left Generation, err error) {
	s.importMu.Lock()
	defer s.importMu.Unlock()
	err = s.db.Update(func(txn *badger.Txn) error {
		cur, prev, err := rollbackPair(txn)
		if err != nil {
			return err
		}
		cur.State = stateSweeping
		if err := putGenRecord(txn, cur); err != nil {
			return err
		}
		to, left = prev.Generation, cur.Generation
		mark, err := json.Marshal(rolledBack{PublisherID: left.Edition.PublisherID, Sequence: left.Edition.Sequence})
		if err != nil {
			return err
		}
		if err := txn.Set(settingKey(rolledBackSetting), mark); err != nil {
			return err
		}
		return txn.Set(currentKey(), u64(prev.Number))
	})
	if err == nil {
		err = s.db.Sync()
	}
	if err != nil {
		if errors.Is(err, ErrEmpty) || errors.Is(err, ErrNothingToRollBack) {
			return Generation{}, Generation{}, err
		}
		return Generation{}, Generation{}, fmt.Errorf("store: roll back in %s: %w", s.dir, err)
	}
	// The left generation is already invisible; a failed sweep only leaves
	// garbage that the next import or Open removes.
	if serr := s.sweep(); serr != nil {
		s.log.Warn("store_sweep_failed", "err", serr)
	}
	s.log.Info("store_rolled_back", "generation", to.Number, "sequence", to.Edition.Sequence,
		"left_generation", left.Number, "left_sequence", left.Edition.Sequence)
	return to, left, nil
}

// rolledBackSetting names, among the per-installation settings, the edition
// the last rollback left, so that background updates do not install it again.
const rolledBackSetting = "rollback/left"

type rolledBack struct {
	PublisherID uuid.UUID `json:"publisher_id"`
	Sequence    uint64    `json:"sequence"`
}

// RolledBack reports whether the edition (publisher, sequence) is one a
// rollback on this installation left. Background updates skip it; a person
// may still import it again on purpose.
func (s *Store) RolledBack(publisherID uuid.UUID, sequence uint64) bool {
	v, err := s.Setting(rolledBackSetting)
	if err != nil {
		return false
	}
	var rb rolledBack
	return json.Unmarshal(v, &rb) == nil && rb.PublisherID == publisherID && rb.Sequence == sequence
}

// rollbackPair returns the current generation's record and that of the newest
// complete generation before it.
func rollbackPair(txn *badger.Txn) (cur, prev genRecord, err error) {
	n, err := currentNumber(txn)
	if err != nil {
		return cur, prev, err
	}
	recs, err := genRecords(txn)
	if err != nil {
		return cur, prev, err
	}
	found := false
	for _, r := range recs {
		switch {
		case r.Number == n:
			cur, found = r, true
		case found && r.State == stateComplete:
			return cur, r, nil
		}
	}
	if !found {
		return cur, prev, fmt.Errorf("store: the current generation %d has no record", n)
	}
	return cur, prev, fmt.Errorf("%w: only sequence %d is kept", ErrNothingToRollBack, cur.Edition.Sequence)
}
