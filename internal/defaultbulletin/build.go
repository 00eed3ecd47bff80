package defaultbulletin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/docprep"
	"bipkiosk/internal/samplescan"
	"bipkiosk/internal/source"
)

// ScanSuffix names the text of a sample scan in the source tree: the
// build renders NAME.skan.txt into the scanned-looking NAME.pdf beside it
// (internal/samplescan), which a page attaches like any PDF. No scan is
// committed; the text is our own.
const ScanSuffix = ".skan.txt"

// scanOptions are how the sample scans are scanned: 150 dpi (the page
// image a reader sees is made at that resolution anyway; at 120 dpi OCR
// misreads long words) with less noise than the OCR tests' scans, as noise
// is what costs bytes: a page is about 95 KB in the PDF and 85 KB as a page
// image, where σ 10 made them 390 and 370 KB.
var scanOptions = samplescan.Options{DPI: 150, Noise: 3, Quality: 50}

// MaxPageImageBytes bounds the page images of the whole default bulletin.
const MaxPageImageBytes = 4 << 20

// Build reads the source tree in dir and writes the default bulletin to w,
// signed with a fresh key whose private half is thrown away; it returns the
// public half. Warnings about the tree and its attachments (a program the
// documents need that is not installed) go to warn, one per line.
func Build(dir string, w io.Writer, warn io.Writer) (bundle.PublicKey, error) {
	return build(os.DirFS(dir), filepath.ToSlash(dir), w, warn)
}

// build builds the bundle from the tree in src, named name in warnings: a
// copy of it in a temporary folder gets its sample scans rendered, then is
// read, its attachments' text and page images made, and signed.
func build(src fs.FS, name string, w io.Writer, warn io.Writer) (bundle.PublicKey, error) {
	dir, err := os.MkdirTemp("", "bipkiosk-default-source-")
	if err != nil {
		return bundle.PublicKey{}, fmt.Errorf("defaultbulletin: %w", err)
	}
	defer os.RemoveAll(dir)
	tree, err := readTree(src, name, filepath.Join(dir, "source"), warn)
	if err != nil {
		return bundle.PublicKey{}, err
	}
	if err := prepareDocuments(tree, filepath.Join(dir, "documents"), warn); err != nil {
		return bundle.PublicKey{}, err
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

// readTree copies src to dir, renders its sample scans there and reads it.
func readTree(src fs.FS, name, dir string, warn io.Writer) (*source.Tree, error) {
	if err := os.CopyFS(dir, src); err != nil {
		return nil, fmt.Errorf("defaultbulletin: copying the source tree %s to %s: %w", name, dir, err)
	}
	if err := renderScans(dir); err != nil {
		return nil, err
	}
	tree, err := source.Read(dir)
	if err != nil {
		return nil, fmt.Errorf("defaultbulletin: the default bulletin in %s does not build; fix these files:\n%w", name, err)
	}
	for _, w := range tree.Warnings {
		fmt.Fprintf(warn, "warning: %s/%s\n", name, w)
	}
	return tree, nil
}

// renderScans turns every NAME.skan.txt under dir into NAME.pdf and
// removes the text, so the tree read holds the scan only.
func renderScans(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ScanSuffix) {
			return err
		}
		pdf, err := renderScan(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(strings.TrimSuffix(path, ScanSuffix)+".pdf", pdf, 0o644); err != nil {
			return fmt.Errorf("defaultbulletin: %w", err)
		}
		return os.Remove(path)
	})
}

// renderScan renders one scan's text; the noise is seeded by the text, so
// the same text gives the same PDF at every build.
func renderScan(path string) ([]byte, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("defaultbulletin: %w", err)
	}
	pages, err := samplescan.Wrap(string(text), scanOptions.DPI)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(text)
	o := scanOptions
	o.Seed = binary.BigEndian.Uint64(sum[:8])
	pdf, err := samplescan.PDF(pages, o)
	if err != nil {
		return nil, fmt.Errorf("defaultbulletin: rendering the sample scan %s: %w", filepath.Base(path), err)
	}
	return pdf, nil
}

// prepareDocuments makes the text and page images of the tree's
// attachments in dir, as "bundle build" does, and warns about what could
// not be made (a program not installed): the bulletin is built without it.
func prepareDocuments(tree *source.Tree, dir string, warn io.Writer) error {
	warns, err := docprep.Prepare(context.Background(), tree.Nodes, tree.Files, docprep.Options{
		PublishOptions:    attachment.PublishOptions{OCR: true, PageDPI: attachment.DefaultPageDPI},
		MaxTotalPageBytes: MaxPageImageBytes, Dir: dir,
	})
	for _, w := range warns {
		fmt.Fprintf(warn, "warning: attachment %s\n", w)
	}
	if err != nil {
		return fmt.Errorf("defaultbulletin: attachment text and pages: %w", err)
	}
	return nil
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
// "go install" of a clean clone) installs on its first run. Its warnings
// go to the log: on a machine without pdftoppm or tesseract the sample
// scan is published without page images or recognised text.
func buildEmbedded(src fs.FS) ([]byte, bundle.PublicKey, error) {
	var zip bytes.Buffer
	var warn bytes.Buffer
	key, err := build(src, "source", &zip, &warn)
	if err != nil {
		return nil, bundle.PublicKey{}, err
	}
	for line := range strings.Lines(warn.String()) {
		slog.Warn("default_bulletin_built_with_warning", "warning", strings.TrimSpace(line))
	}
	return zip.Bytes(), key, nil
}
