package bundle

import (
	"archive/zip"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

// FuzzOpen feeds the reader random bytes and mutations of valid bundles: it
// must return an error or a bundle whose content reads cleanly or fails with
// one of our errors; it must never panic or hang. Small limits keep every
// run short whatever the headers claim.
func FuzzOpen(f *testing.F) {
	valid := newSample().write(f, chojnow, 1)
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(valid[len(valid)/2:])
	next := newSample()
	next.nodes[1].Body = "<p>zmiana</p>"
	next.nodes = next.nodes[:2]
	next.site.Groups = next.site.Groups[:1]
	f.Add(next.writeDelta(f, chojnow, 2, valid)) // a delta on valid, with a change and a removal
	f.Add(withPublished().write(f, chojnow, 3))  // format version 2: an attachment with text and page images
	handedOver := newCraft(f)
	handedOver.signer = successor
	handedOver.manifest.KeyRotation = mustRotate(f, chojnow, successor.Public(), 7)
	f.Add(handedOver.bytes(f)) // signed by a new key, handed over from the trusted one
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte("not a zip"))
	for _, change := range []func(*craft){
		func(c *craft) { c.entries[1].data = append(c.entries[1].data, ' ') },
		func(c *craft) { c.entries = append(c.entries, zipEntry{name: "../x", data: []byte("x")}) },
		func(c *craft) { c.entries[0].mode = os.ModeSymlink },
		func(c *craft) {
			e := &c.entries[len(c.entries)-1]
			e.raw = &zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(e.data),
				CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(len(e.data)) + 5}
		},
	} {
		c := newCraft(f)
		change(c)
		f.Add(c.bytes(f))
	}
	opts := trustChojnow()
	opts.Limits = Limits{MaxEntries: 64, MaxEntryBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxJSONBytes: 256 << 10}

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "bundle.zip")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		b, err := Open(path, opts)
		if err != nil {
			checkOurs(t, err)
			return
		}
		defer b.Close()
		if _, err := b.Site(); err != nil {
			checkOurs(t, err)
		}
		if err := b.EachNode(func(content.Node) error { return nil }); err != nil {
			checkOurs(t, err)
		}
		err = b.EachBlob(func(_ string, size int64, r io.Reader) error {
			n, err := io.Copy(io.Discard, r)
			if n > size {
				t.Fatalf("got %d bytes from a %d-byte entry", n, size)
			}
			return err
		})
		if err != nil {
			checkOurs(t, err)
		}
	})
}

// checkOurs asserts that a reading error is one of the package's kinds and
// names the file.
func checkOurs(t *testing.T, err error) {
	t.Helper()
	for _, kind := range []error{ErrUntrusted, ErrSignature, ErrCorrupt, ErrUnsafe, ErrLimit, ErrFormat} {
		if errors.Is(err, kind) {
			if !strings.HasPrefix(err.Error(), "bundle.zip: ") {
				t.Fatalf("got message %q, want it to start with the file name", err)
			}
			return
		}
	}
	t.Fatalf("got %v, want an error of one of the package's kinds", err)
}
