// Command gen builds the default bulletin: it reads the source tree, signs
// it with a fresh throw-away key and writes dist/bulletin.zip and
// dist/publisher.pub for the defaultbulletin package to embed.
//
// Run it through "go generate ./..." from the repository root.
//
// It may import the standard library, internal/bundle and
// internal/defaultbulletin.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/defaultbulletin"
)

func main() {
	src := flag.String("src", "source", "source tree of the default bulletin")
	out := flag.String("out", "dist", "folder to write bulletin.zip and publisher.pub into")
	flag.Parse()
	if err := run(*src, *out, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run builds the bundle; warnings go to warn, one per line.
func run(src, out string, warn io.Writer) error {
	pub, err := writeBundle(filepath.Join(out, "bulletin.zip"), src, warn)
	if err != nil {
		return err
	}
	return writePublicKey(filepath.Join(out, "publisher.pub"), pub)
}

// writeBundle builds the bundle beside path and renames it into place, so an
// interrupted run never leaves half a zip to be embedded.
func writeBundle(path, src string, warn io.Writer) (bundle.PublicKey, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".bulletin-*.zip")
	if err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin/gen: %w", err)
	}
	defer os.Remove(f.Name())
	pub, err := defaultbulletin.Build(src, f, warn)
	if err == nil {
		err = f.Chmod(0o644) // CreateTemp made it private; it is build output anyone may read
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin/gen: writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin/gen: %w", err)
	}
	return pub, nil
}

// writePublicKey writes the public key; the private half died inside Build,
// so the embedded key can vouch for nothing else.
func writePublicKey(path string, key bundle.PublicKey) error {
	if err := os.WriteFile(path, bundle.MarshalPublicKey(key), 0o644); err != nil {
		return fmt.Errorf("defaultbulletin/gen: %w", err)
	}
	return nil
}
