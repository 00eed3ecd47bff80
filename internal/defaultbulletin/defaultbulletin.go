package defaultbulletin

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
)

// dist holds the generated bundle and key; its README.md keeps the pattern
// matching even before the first "go generate".
//
//go:embed dist
var dist embed.FS

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

// ErrMissing means the bundle or key was not generated before the build.
var ErrMissing = errors.New(`defaultbulletin: default bulletin missing: run "go generate ./..." before building`)

// Publisher returns the default bulletin's publisher.
func Publisher() bundle.Publisher {
	return bundle.Publisher{ID: PublisherID, Name: PublisherName}
}

// Bundle returns the bytes of the embedded signed bundle.
func Bundle() ([]byte, error) {
	return readFile(dist, BundleFile)
}

// PublicKey returns the embedded key the bundle is signed with.
func PublicKey() (bundle.PublicKey, error) {
	b, err := readFile(dist, KeyFile)
	if err != nil {
		return bundle.PublicKey{}, err
	}
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
		return nil, ErrMissing
	}
	if err != nil {
		return nil, fmt.Errorf("defaultbulletin: %s: %w", name, err)
	}
	return b, nil
}
