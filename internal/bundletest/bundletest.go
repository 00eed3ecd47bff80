package bundletest

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/synth"
)

// Key returns a throwaway publisher key derived from name: the publisher id
// and the key are the same in every run, so bundles signed with it are
// reproducible. It is for tests only; anyone can derive it.
func Key(name string) bundle.PrivateKey {
	seed := sha256.Sum256([]byte("bipkiosk test key " + name))
	return bundle.PrivateKey{
		Publisher: bundle.Publisher{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte(name)), Name: name},
		Key:       ed25519.NewKeyFromSeed(seed[:ed25519.SeedSize]),
	}
}

// Content is what a test bundle holds: a site, its nodes and the bytes of
// the files they refer to, by SHA-256.
type Content struct {
	Site  content.Site
	Nodes []content.Node
	Blobs bundle.BlobOpener // nil when no node or logo refers to a file
}

// Synth is the content synth.Generate makes for opts.
func Synth(opts synth.Options) Content {
	site, nodes, open := synth.Generate(opts)
	return Content{Site: site, Nodes: nodes, Blobs: func(sha string) (io.ReadCloser, error) { return open(sha) }}
}

// Created is the creation time a bundle of sequence seq gets when its
// options leave it zero: a fixed day per sequence, so rebuilds are identical.
func Created(seq uint64) time.Time {
	return time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, int(seq))
}

// Write signs c with opts into w. A zero opts.Created becomes Created(opts.Sequence).
func Write(w io.Writer, c Content, opts bundle.WriteOptions) error {
	if opts.Created.IsZero() {
		opts.Created = Created(opts.Sequence)
	}
	blobs := c.Blobs
	if blobs == nil {
		blobs = func(sha string) (io.ReadCloser, error) {
			return nil, &os.PathError{Op: "open", Path: "blob " + sha, Err: os.ErrNotExist}
		}
	}
	return bundle.Write(w, opts, c.Site, c.Nodes, blobs)
}

// WriteFile writes the signed bundle of c to path, for fixtures built
// outside a test (TestMain).
func WriteFile(path string, c Content, opts bundle.WriteOptions) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(file, 1<<20)
	err = Write(w, c, opts)
	if err == nil {
		err = w.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return err
}

// Bytes returns the signed bundle of c, failing tb if it cannot be written.
func Bytes(tb testing.TB, c Content, opts bundle.WriteOptions) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, c, opts); err != nil {
		tb.Fatalf("bundletest: write sequence %d: %v", opts.Sequence, err)
	}
	return buf.Bytes()
}

// File writes the signed bundle of c to bundle-SEQUENCE.zip in a fresh
// temporary directory of tb and returns its path.
func File(tb testing.TB, c Content, opts bundle.WriteOptions) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "bundle-"+strconv.FormatUint(opts.Sequence, 10)+".zip")
	if err := WriteFile(path, c, opts); err != nil {
		tb.Fatalf("bundletest: write %s: %v", path, err)
	}
	return path
}
