package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// keyRotationContext starts every hand-over message. A manifest is JSON and
// starts with "{", so a signature over one can never pass for the other.
const keyRotationContext = "bipkiosk-key-rotation-v1"

// KeyRotation is a publisher's hand-over from the key readers have pinned
// to a new one: a statement, signed by the old key, that the new key speaks
// for the publisher from a given sequence on. A bundle signed by the new key
// carries it in its manifest, so a reader that still pins the old key
// accepts the bundle and pins the new key when it installs it.
//
// The signed message names the publisher id and both keys, so a hand-over
// cannot be moved to another publisher, another new key, or presented to a
// reader that pins some other old key.
type KeyRotation struct {
	PublisherID  uuid.UUID `json:"publisher_id"`
	OldKey       string    `json:"old_key"`       // standard base64 of the old Ed25519 public key
	NewKey       string    `json:"new_key"`       // standard base64 of the new Ed25519 public key
	FromSequence uint64    `json:"from_sequence"` // the first sequence the new key signs
	Signature    string    `json:"signature"`     // standard base64 Ed25519 signature by the old key of the message
}

// SignKeyRotation hands the publisher over from old to next, from sequence
// from on. Both keys must belong to the same publisher id.
func SignKeyRotation(old PrivateKey, next PublicKey, from uint64) (KeyRotation, error) {
	switch {
	case len(old.Key) != ed25519.PrivateKeySize || len(next.Key) != ed25519.PublicKeySize:
		return KeyRotation{}, errors.New("bundle: key rotation needs the old private key and the new public key")
	case old.ID != next.ID:
		return KeyRotation{}, fmt.Errorf("bundle: key rotation: the old key is of publisher %s and the new one of %s; a hand-over stays within one publisher id", old.Publisher, next.Publisher)
	case bytes.Equal(old.Public().Key, next.Key):
		return KeyRotation{}, fail(ErrSameKey, "bundle: key rotation: the old and the new key are the same; sign with the new key and hand over from the old one")
	case from == 0:
		return KeyRotation{}, errors.New("bundle: key rotation: from sequence must be 1 or more")
	}
	r := KeyRotation{
		PublisherID:  old.ID,
		OldKey:       base64.StdEncoding.EncodeToString(old.Public().Key),
		NewKey:       base64.StdEncoding.EncodeToString(next.Key),
		FromSequence: from,
	}
	r.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(old.Key, keyRotationMessage(old.ID, old.Public().Key, next.Key, from)))
	return r, nil
}

// keyRotationMessage is the exact byte string the old key signs: five lines
// of ASCII, each ending in "\n", the keys in standard base64, the sequence
// in decimal.
func keyRotationMessage(publisher uuid.UUID, old, next ed25519.PublicKey, from uint64) []byte {
	enc := base64.StdEncoding.EncodeToString
	return fmt.Appendf(nil, "%s\npublisher_id %s\nold_key %s\nnew_key %s\nfrom_sequence %d\n",
		keyRotationContext, publisher, enc(old), enc(next), from)
}

// verify checks that the hand-over belongs to publisher and is signed by
// the key it hands over from, and returns both keys. Its errors are phrases
// for a sentence about the bundle.
func (r *KeyRotation) verify(publisher uuid.UUID) (old, next ed25519.PublicKey, err error) {
	old, ok := parsePublic(r.OldKey)
	if !ok {
		return nil, nil, errors.New("old_key is not a base64 Ed25519 public key")
	}
	next, ok = parsePublic(r.NewKey)
	if !ok {
		return nil, nil, errors.New("new_key is not a base64 Ed25519 public key")
	}
	sig, err := base64.StdEncoding.DecodeString(r.Signature)
	switch {
	case r.PublisherID != publisher:
		return nil, nil, fmt.Errorf("it is made for publisher id %s, not %s", r.PublisherID, publisher)
	case r.FromSequence == 0:
		return nil, nil, errors.New("its from_sequence is 0; sequences start at 1")
	case bytes.Equal(old, next):
		return nil, nil, errors.New("it hands a key over to itself")
	case err != nil || len(sig) != ed25519.SignatureSize:
		return nil, nil, errors.New("its signature is not a base64 Ed25519 signature")
	case !ed25519.Verify(old, keyRotationMessage(publisher, old, next, r.FromSequence), sig):
		return nil, nil, errors.New("it is not signed by the key it hands over from; it is forged or damaged")
	}
	return old, next, nil
}

// KeyHandOver reports whether the bundle was accepted through its key
// rotation: the key it was verified against (old, the one the reader pins)
// did not sign it, but handed over to the key that did (next). A reader
// that installs the bundle pins next for the publisher.
func (b *Bundle) KeyHandOver() (old, next ed25519.PublicKey, ok bool) {
	if b.pinned == nil || bytes.Equal(b.pinned, b.key.Key) {
		return nil, nil, false
	}
	return bytes.Clone(b.pinned), bytes.Clone(b.key.Key), true
}
