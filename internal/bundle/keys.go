package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/google/uuid"
)

// Publisher is who signs bundles: a body (or its CMS vendor acting for it)
// identified by a UUID that never changes and a name people recognise.
type Publisher struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

// String names the publisher for messages: "Miasto Chojnów" (uuid).
func (p Publisher) String() string {
	return fmt.Sprintf("%q (%s)", p.Name, p.ID)
}

func (p Publisher) check() error {
	if p.ID == uuid.Nil {
		return errors.New("publisher id is missing")
	}
	if strings.TrimSpace(p.Name) == "" {
		return errors.New("publisher name is missing")
	}
	return nil
}

// PrivateKey is a publisher's signing key.
type PrivateKey struct {
	Publisher
	Key ed25519.PrivateKey
}

// PublicKey is a publisher's verifying key, the one a reader pins with
// "bipkiosk trust".
type PublicKey struct {
	Publisher
	Key ed25519.PublicKey
}

// Public returns the public half of k.
func (k PrivateKey) Public() PublicKey {
	return PublicKey{Publisher: k.Publisher, Key: k.Key.Public().(ed25519.PublicKey)}
}

// Fingerprint returns a short hex digest of the key (the first 8 bytes of its
// SHA-256), for people to compare over the phone before trusting a key.
func (k PublicKey) Fingerprint() string {
	sum := sha256.Sum256(k.Key)
	return hex.EncodeToString(sum[:8])
}

// GenerateKey makes a new signing key for p.
func GenerateKey(p Publisher) (PrivateKey, error) {
	if err := p.check(); err != nil {
		return PrivateKey{}, fmt.Errorf("bundle: generate key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("bundle: generate key: %w", err)
	}
	return PrivateKey{Publisher: p, Key: priv}, nil
}

// TrustKeys returns a Trust function for OpenOptions that knows exactly the
// given keys, matched by publisher id.
func TrustKeys(keys ...PublicKey) func(Publisher) (ed25519.PublicKey, error) {
	return func(p Publisher) (ed25519.PublicKey, error) {
		for _, k := range keys {
			if k.ID == p.ID {
				return k.Key, nil
			}
		}
		return nil, fmt.Errorf("bundle: no trusted key for publisher %s: %w", p, ErrUntrusted)
	}
}

// The key file formats: small JSON documents, described in docs/bundle-format.md.
const (
	privateKeyFormat = "bipkiosk-private-key"
	publicKeyFormat  = "bipkiosk-public-key"
	keyFileVersion   = 1
	maxKeyFileBytes  = 64 << 10
)

type keyFile struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	Publisher  Publisher `json:"publisher"`
	PublicKey  string    `json:"public_key"`            // base64, 32 bytes
	PrivateKey string    `json:"private_key,omitempty"` // base64, the 32-byte RFC 8032 seed
}

// MarshalPublicKey returns the bytes of a .pub file for k.
func MarshalPublicKey(k PublicKey) []byte {
	return marshalKeyFile(keyFile{
		Format: publicKeyFormat, Version: keyFileVersion, Publisher: k.Publisher,
		PublicKey: base64.StdEncoding.EncodeToString(k.Key),
	})
}

func marshalPrivateKey(k PrivateKey) []byte {
	return marshalKeyFile(keyFile{
		Format: privateKeyFormat, Version: keyFileVersion, Publisher: k.Publisher,
		PublicKey:  base64.StdEncoding.EncodeToString(k.Key.Public().(ed25519.PublicKey)),
		PrivateKey: base64.StdEncoding.EncodeToString(k.Key.Seed()),
	})
}

func marshalKeyFile(f keyFile) []byte {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		panic("bundle: marshal key file: " + err.Error()) // only strings and a UUID: cannot fail
	}
	return append(b, '\n')
}

// WriteKeyFiles writes PREFIX.key (the private key, mode 0600) and PREFIX.pub
// (the public key, to hand to readers). It refuses to overwrite either file:
// losing a signing key strands every reader that trusts it.
func WriteKeyFiles(prefix string, k PrivateKey) error {
	if err := k.Publisher.check(); err != nil {
		return fmt.Errorf("bundle: write key files %s.key: %w", prefix, err)
	}
	if len(k.Key) != ed25519.PrivateKeySize {
		return fmt.Errorf("bundle: write key files %s.key: the key is %d bytes, want %d", prefix, len(k.Key), ed25519.PrivateKeySize)
	}
	keyPath, pubPath := prefix+".key", prefix+".pub"
	for _, p := range []string{keyPath, pubPath} {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("bundle: %s already exists; move it away or choose another prefix (an existing key is never overwritten): %w", p, fs.ErrExist)
		}
	}
	if err := writeNew(keyPath, marshalPrivateKey(k), 0o600); err != nil {
		return err
	}
	if err := writeNew(pubPath, MarshalPublicKey(k.Public()), 0o644); err != nil {
		os.Remove(keyPath) // we created it a moment ago; half a pair is useless
		return err
	}
	return nil
}

// writeNew creates path, failing if it exists, and syncs it to disk.
func writeNew(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("bundle: write key file: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("bundle: write key file %s: %w", path, err)
	}
	return nil
}

// ReadPrivateKey reads a .key file written by WriteKeyFiles.
func ReadPrivateKey(path string) (PrivateKey, error) {
	f, err := readKeyFile(path, privateKeyFormat)
	if err != nil {
		return PrivateKey{}, err
	}
	seed, err := base64.StdEncoding.DecodeString(f.PrivateKey)
	if err != nil || len(seed) != ed25519.SeedSize {
		return PrivateKey{}, fail(ErrFormat, "bundle: key file %s: private_key is not a base64 %d-byte Ed25519 key; the file is damaged", path, ed25519.SeedSize)
	}
	k := PrivateKey{Publisher: f.Publisher, Key: ed25519.NewKeyFromSeed(seed)}
	pub, _ := parsePublic(f.PublicKey)
	if !bytes.Equal(pub, k.Key.Public().(ed25519.PublicKey)) {
		return PrivateKey{}, fail(ErrFormat, "bundle: key file %s: public_key does not belong to private_key; the file is damaged", path)
	}
	return k, nil
}

// ReadPublicKey reads a .pub file written by WriteKeyFiles.
func ReadPublicKey(path string) (PublicKey, error) {
	f, err := readKeyFile(path, publicKeyFormat)
	if err != nil {
		return PublicKey{}, err
	}
	return publicFromFile(path, f)
}

// ParsePublicKey parses the bytes of a .pub file; name is used in errors.
func ParsePublicKey(name string, data []byte) (PublicKey, error) {
	f, err := parseKeyFile(name, data, publicKeyFormat)
	if err != nil {
		return PublicKey{}, err
	}
	return publicFromFile(name, f)
}

func publicFromFile(name string, f keyFile) (PublicKey, error) {
	pub, ok := parsePublic(f.PublicKey)
	if !ok {
		return PublicKey{}, fail(ErrFormat, "bundle: key file %s: public_key is not a base64 %d-byte Ed25519 key; the file is damaged", name, ed25519.PublicKeySize)
	}
	return PublicKey{Publisher: f.Publisher, Key: pub}, nil
}

func parsePublic(s string) (ed25519.PublicKey, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, false
	}
	return ed25519.PublicKey(b), true
}

func readKeyFile(path, want string) (keyFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return keyFile{}, fmt.Errorf("bundle: read key file: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxKeyFileBytes+1))
	if err != nil {
		return keyFile{}, fmt.Errorf("bundle: read key file %s: %w", path, err)
	}
	return parseKeyFile(path, data, want)
}

func parseKeyFile(name string, data []byte, want string) (keyFile, error) {
	var f keyFile
	if len(data) > maxKeyFileBytes || json.Unmarshal(data, &f) != nil || f.Format == "" {
		return keyFile{}, fail(ErrFormat, "bundle: %s is not a bipkiosk key file; give the %s file that \"bipkiosk keygen\" wrote", name, keyExt(want))
	}
	switch {
	case f.Format == want:
	case f.Format == publicKeyFormat:
		return keyFile{}, fail(ErrFormat, "bundle: %s is a public key file; signing needs the private key file (PREFIX.key) that \"bipkiosk keygen\" wrote beside it", name)
	case f.Format == privateKeyFormat:
		return keyFile{}, fail(ErrFormat, "bundle: %s is a private key file; give the public key file (PREFIX.pub) instead, and never hand out the .key file", name)
	default:
		return keyFile{}, fail(ErrFormat, "bundle: %s has format %q, want %q", name, f.Format, want)
	}
	if f.Version != keyFileVersion {
		return keyFile{}, fail(ErrFormat, "bundle: key file %s has version %d; this bipkiosk reads version %d, so update bipkiosk", name, f.Version, keyFileVersion)
	}
	if err := f.Publisher.check(); err != nil {
		return keyFile{}, fail(ErrFormat, "bundle: key file %s: %v", name, err)
	}
	return f, nil
}

func keyExt(format string) string {
	if format == privateKeyFormat {
		return ".key"
	}
	return ".pub"
}
