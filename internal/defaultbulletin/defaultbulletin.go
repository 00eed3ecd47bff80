package defaultbulletin

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
)

// dist holds the bundle and key "go generate" made; its README.md keeps the
// pattern matching even before the first "go generate".
//
//go:embed dist
var dist embed.FS

// sourceTree is the default bulletin's source, built into a bundle at run
// time when dist holds none (a binary built without "go generate").
//
//go:embed all:source
var sourceTree embed.FS

// Names of the generated files inside dist/.
const (
	BundleFile = "dist/bulletin.zip"
	KeyFile    = "dist/publisher.pub"
)

// PublisherID is the fixed id of the default bulletin's publisher. It never
// changes, so a later default bulletin replaces an earlier one and a real
// municipal publisher (another id) is never confused with it.
var PublisherID = uuid.MustParse("8f3b2c1e-6a4d-4e7b-9c2a-5d1e0f7a3b64")

// PublisherName names the default bulletin's publisher in the UI and in errors.
const PublisherName = "Miasto Chojnów (wbudowany biuletyn)"

// ErrMissing means a generated file is absent; Bundle and PublicKey then
// build the bulletin from the embedded source instead.
var ErrMissing = errors.New(`defaultbulletin: default bulletin not generated: run "go generate ./..." before building`)

// Publisher returns the default bulletin's publisher.
func Publisher() bundle.Publisher {
	return bundle.Publisher{ID: PublisherID, Name: PublisherName}
}

// embedded is the bundle and key of this process, loaded once.
var embedded struct {
	once sync.Once
	zip  []byte
	key  bundle.PublicKey
	err  error
}

// load returns the generated bundle and key, or builds both from the
// embedded source tree when they were not generated; at most once a process.
func load() ([]byte, bundle.PublicKey, error) {
	embedded.once.Do(func() {
		embedded.zip, embedded.key, embedded.err = loadFrom(dist, sourceTree)
	})
	return embedded.zip, embedded.key, embedded.err
}

// loadFrom reads the generated pair from gen, or builds it from src's
// "source" folder when gen holds neither file.
func loadFrom(gen, src fs.FS) ([]byte, bundle.PublicKey, error) {
	zip, zerr := readFile(gen, BundleFile)
	raw, kerr := readFile(gen, KeyFile)
	if errors.Is(zerr, ErrMissing) && errors.Is(kerr, ErrMissing) {
		tree, err := fs.Sub(src, "source")
		if err != nil {
			return nil, bundle.PublicKey{}, fmt.Errorf("defaultbulletin: %w", err)
		}
		return buildEmbedded(tree)
	}
	if err := errors.Join(zerr, kerr); err != nil {
		return nil, bundle.PublicKey{}, fmt.Errorf("%w; run \"go generate ./...\" again", err)
	}
	key, err := parseKey(raw)
	return zip, key, err
}

// Bundle returns the bytes of the default bulletin's signed bundle.
func Bundle() ([]byte, error) {
	zip, _, err := load()
	return zip, err
}

// PublicKey returns the key the default bulletin is signed with.
func PublicKey() (bundle.PublicKey, error) {
	_, key, err := load()
	return key, err
}

// parseKey reads the generated public key and checks its publisher.
func parseKey(b []byte) (bundle.PublicKey, error) {
	k, err := bundle.ParsePublicKey(KeyFile, b)
	if err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin: %w; run \"go generate ./...\" again", err)
	}
	if k.Publisher != Publisher() {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin: embedded %s belongs to publisher %q (%s), want %q (%s); run \"go generate ./...\" again",
			KeyFile, k.Publisher.Name, k.Publisher.ID, PublisherName, PublisherID)
	}
	return k, nil
}

// readFile reads a generated file, turning its absence into ErrMissing.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	b, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (%s)", ErrMissing, name)
	}
	if err != nil {
		return nil, fmt.Errorf("defaultbulletin: %s: %w", name, err)
	}
	return b, nil
}
