package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// UpdateResult is how one look for a new bundle ended.
type UpdateResult string

// The update results. Only Installed changed the bulletin; every other result
// left the installed bulletin as it was.
const (
	UpdateInstalled UpdateResult = "installed" // a newer bundle was verified and installed
	UpdateUnchanged UpdateResult = "unchanged" // the publisher has nothing newer
	UpdateFailed    UpdateResult = "failed"    // the network or the server failed; will retry
	UpdateRefused   UpdateResult = "refused"   // a bundle arrived but failed verification
)

// UpdateCheck is the record of the last look for a new bundle, kept per
// installation so the footer and the operator screen can show it.
type UpdateCheck struct {
	URL      string       `json:"url"`
	At       time.Time    `json:"at"`
	Result   UpdateResult `json:"result"`
	Sequence uint64       `json:"sequence,omitempty"` // the bundle installed or refused
	Error    string       `json:"error,omitempty"`    // English, for the log and the operator
	Next     time.Time    `json:"next,omitzero"`      // when the next check is due
}

// updateCheckSetting names the record among the per-installation settings.
const updateCheckSetting = "update/last-check"

// RecordUpdateCheck keeps c as the last update check.
func (s *Store) RecordUpdateCheck(c UpdateCheck) error {
	v, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("store: encode update check: %w", err)
	}
	return s.PutSetting(updateCheckSetting, v)
}

// LastUpdateCheck returns the last update check, or ErrNotFound when this
// installation has never checked.
func (s *Store) LastUpdateCheck() (UpdateCheck, error) {
	v, err := s.Setting(updateCheckSetting)
	if err != nil {
		return UpdateCheck{}, err
	}
	return decodeUpdateCheck(v)
}

// LastUpdateCheck returns the last update check as it stood when the read
// began, or ErrNotFound: a page's footer reports it from the same read as
// the rest of the page.
func (r *Reader) LastUpdateCheck() (UpdateCheck, error) {
	v, err := txnSetting(r.txn, updateCheckSetting)
	if err != nil {
		return UpdateCheck{}, err
	}
	return decodeUpdateCheck(v)
}

func decodeUpdateCheck(v []byte) (UpdateCheck, error) {
	var c UpdateCheck
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("store: read update check: %w (the next check replaces it)", err)
	}
	return c, nil
}
