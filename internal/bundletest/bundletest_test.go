package bundletest

import (
	"bytes"
	"errors"
	"testing"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/synth"
)

// TestBuiltBundlesVerify: a bundle built here opens with its key's public
// half, is reproducible, and is refused by any other key.
func TestBuiltBundlesVerify(t *testing.T) {
	key := Key("Gmina Testowa")
	c := Synth(synth.Options{Articles: 5, Seed: 1, AttachmentsEvery: 2, AttachmentBytes: 1000})
	path := File(t, c, bundle.WriteOptions{Key: key, Sequence: 3})
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: bundle.TrustKeys(key.Public())})
	if err != nil {
		t.Fatal(err)
	}
	ed := b.Edition()
	b.Close()
	if ed.Sequence != 3 || ed.PublisherID != key.ID || !ed.Created.Equal(Created(3)) {
		t.Errorf("got %+v, want sequence 3 of %s created %s", ed, key.Publisher, Created(3))
	}
	if !bytes.Equal(Bytes(t, c, bundle.WriteOptions{Key: key, Sequence: 3}), Bytes(t, c, bundle.WriteOptions{Key: Key("Gmina Testowa"), Sequence: 3})) {
		t.Error("two builds of the same content, key and sequence differ")
	}
	other := Key("Gmina Obca")
	if _, err := bundle.Open(path, bundle.OpenOptions{Trust: bundle.TrustKeys(other.Public())}); !errors.Is(err, bundle.ErrUntrusted) {
		t.Errorf("opened with another publisher's key: got %v, want ErrUntrusted", err)
	}
}
