// Command gen builds the default bulletin: it reads the source tree, signs
// it with a fresh throw-away key and writes dist/bulletin.zip and
// dist/publisher.pub for the defaultbulletin package to embed.
//
// Run it through "go generate ./..." from the repository root.
//
// It may import the standard library, internal/bundle, internal/content,
// internal/defaultbulletin and internal/source.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/defaultbulletin"
	"bipkiosk/internal/source"
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
	tree, err := source.Read(src)
	if err != nil {
		return fmt.Errorf("defaultbulletin/gen: the default bulletin in %s does not build; fix these files:\n%w", src, err)
	}
	for _, w := range tree.Warnings {
		fmt.Fprintf(warn, "warning: %s/%s\n", filepath.ToSlash(src), w)
	}
	key, err := bundle.GenerateKey(defaultbulletin.Publisher())
	if err != nil {
		return fmt.Errorf("defaultbulletin/gen: %w", err)
	}
	created := latestUpdate(tree.Nodes)
	if err := writeBundle(filepath.Join(out, "bulletin.zip"), key, created, tree); err != nil {
		return err
	}
	return writePublicKey(filepath.Join(out, "publisher.pub"), key)
}

// latestUpdate is the bundle's creation time: the newest update in the
// tree, so that two builds of the same tree carry the same date.
func latestUpdate(nodes []content.Node) time.Time {
	var last time.Time
	for _, n := range nodes {
		if n.Meta.Updated.After(last) {
			last = n.Meta.Updated
		}
	}
	return last
}

// writeBundle writes the signed bundle beside path and renames it into
// place, so an interrupted run never leaves half a zip to be embedded.
func writeBundle(path string, key bundle.PrivateKey, created time.Time, tree *source.Tree) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".bulletin-*.zip")
	if err != nil {
		return fmt.Errorf("defaultbulletin/gen: %w", err)
	}
	defer os.Remove(f.Name())
	opts := bundle.WriteOptions{Key: key, Sequence: 1, Created: created}
	err = bundle.Write(f, opts, tree.Site, tree.Nodes, blobOpener(tree.Files))
	if err == nil {
		err = f.Chmod(0o644) // CreateTemp made it private; it is build output anyone may read
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("defaultbulletin/gen: writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("defaultbulletin/gen: %w", err)
	}
	return nil
}

// blobOpener opens attachment and logo bytes from the files the source
// reader found.
func blobOpener(files map[string]string) bundle.BlobOpener {
	return func(sha256 string) (io.ReadCloser, error) {
		p, ok := files[sha256]
		if !ok {
			return nil, fmt.Errorf("defaultbulletin/gen: no source file for blob %s: %w", sha256, os.ErrNotExist)
		}
		return os.Open(p)
	}
}

// writePublicKey writes only the public half of key; the private half
// dies with this process, so the embedded key can vouch for nothing else.
func writePublicKey(path string, key bundle.PrivateKey) error {
	if err := os.WriteFile(path, bundle.MarshalPublicKey(key.Public()), 0o644); err != nil {
		return fmt.Errorf("defaultbulletin/gen: %w", err)
	}
	return nil
}
