package defaultbulletin

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/source"
)

// Build reads the source tree in dir and writes the default bulletin to w,
// signed with a fresh key whose private half is thrown away; it returns the
// public half. Warnings about the tree go to warn, one per line.
func Build(dir string, w io.Writer, warn io.Writer) (bundle.PublicKey, error) {
	tree, err := source.Read(dir)
	if err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin: the default bulletin in %s does not build; fix these files:\n%w", dir, err)
	}
	for _, w := range tree.Warnings {
		fmt.Fprintf(warn, "warning: %s/%s\n", filepath.ToSlash(dir), w)
	}
	key, err := bundle.GenerateKey(Publisher())
	if err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin: %w", err)
	}
	opts := bundle.WriteOptions{Key: key, Sequence: 1, Created: latestUpdate(tree.Nodes)}
	if err := bundle.Write(w, opts, tree.Site, tree.Nodes, blobOpener(tree.Files)); err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin: writing the bundle: %w", err)
	}
	return key.Public(), nil
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

// blobOpener opens attachment and logo bytes from the files the source
// reader found.
func blobOpener(files map[string]string) bundle.BlobOpener {
	return func(sha256 string) (io.ReadCloser, error) {
		p, ok := files[sha256]
		if !ok {
			return nil, fmt.Errorf("defaultbulletin: no source file for blob %s: %w", sha256, os.ErrNotExist)
		}
		return os.Open(p)
	}
}

// buildEmbedded builds the bundle from the source tree embedded in the
// binary: what a binary built without "go generate" (a plain "go build" or
// "go install" of a clean clone) installs on its first run. The source
// reader wants real files, so the tree is copied to a temporary folder.
func buildEmbedded(src fs.FS) ([]byte, bundle.PublicKey, error) {
	dir, err := os.MkdirTemp("", "bipkiosk-default-source-")
	if err != nil {
		return nil, bundle.PublicKey{}, fmt.Errorf("defaultbulletin: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, src); err != nil {
		return nil, bundle.PublicKey{}, fmt.Errorf("defaultbulletin: copying the embedded source tree to %s: %w", dir, err)
	}
	var zip bytes.Buffer
	key, err := Build(dir, &zip, io.Discard)
	if err != nil {
		return nil, bundle.PublicKey{}, err
	}
	return zip.Bytes(), key, nil
}
