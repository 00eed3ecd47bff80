package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
)

// TrustedKey is a publisher's Ed25519 public key pinned in this installation.
type TrustedKey struct {
	PublisherID uuid.UUID `json:"publisher_id"`
	Publisher   string    `json:"publisher"`
	Key         []byte    `json:"key"` // ed25519 public key
	Added       time.Time `json:"added"`
}

// Setting returns a per-installation setting, or ErrNotFound.
func (s *Store) Setting(key string) ([]byte, error) {
	var v []byte
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		v, err = txnSetting(txn, key)
		return err
	})
	return v, err
}

// txnSetting reads a per-installation setting inside txn, or ErrNotFound.
func txnSetting(txn *badger.Txn, key string) ([]byte, error) {
	item, err := txn.Get(settingKey(key))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: setting %q", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read setting %q: %w", key, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, fmt.Errorf("store: read setting %q: %w", key, err)
	}
	return v, nil
}

// PutSetting stores a per-installation setting; it survives bulletin updates.
func (s *Store) PutSetting(key string, v []byte) error {
	if key == "" {
		return errors.New("store: setting needs a name")
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(settingKey(key), append([]byte(nil), v...))
	})
	if err != nil {
		return fmt.Errorf("store: write setting %q: %w", key, err)
	}
	return nil
}

// Trust pins a publisher's key, replacing any key pinned for that publisher before.
func (s *Store) Trust(k TrustedKey) error {
	if k.PublisherID == uuid.Nil {
		return fmt.Errorf("store: key of %q names no publisher id; use the .pub file the publisher gave", k.Publisher)
	}
	if len(k.Key) != 32 {
		return fmt.Errorf("store: key of %q has %d bytes, an Ed25519 public key has 32", k.Publisher, len(k.Key))
	}
	if k.Added.IsZero() {
		k.Added = time.Now().UTC()
	}
	v, err := json.Marshal(k)
	if err != nil {
		return fmt.Errorf("store: encode key of %q: %w", k.Publisher, err)
	}
	err = s.db.Update(func(txn *badger.Txn) error { return txn.Set(trustKey(k.PublisherID), v) })
	if err != nil {
		return fmt.Errorf("store: trust key of %q: %w", k.Publisher, err)
	}
	return nil
}

// TrustedKey returns the key pinned for a publisher, or ErrNotFound.
func (s *Store) TrustedKey(publisherID uuid.UUID) (TrustedKey, error) {
	var k TrustedKey
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(trustKey(publisherID))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &k) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return k, fmt.Errorf("%w: no trusted key for publisher %s", ErrNotFound, publisherID)
	}
	if err != nil {
		return k, fmt.Errorf("store: read trusted key of publisher %s: %w", publisherID, err)
	}
	return k, nil
}

// TrustedKeys returns every pinned key, in publisher id order.
func (s *Store) TrustedKeys() ([]TrustedKey, error) {
	var keys []TrustedKey
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixTrust}, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var k TrustedKey
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &k) }); err != nil {
				return err
			}
			keys = append(keys, k)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: read trusted keys: %w", err)
	}
	return keys, nil
}
