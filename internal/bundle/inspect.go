package bundle

import (
	"io"
	"time"

	"bipkiosk/internal/content"
)

// SignatureCheck says how far a bundle's signature was checked.
type SignatureCheck int

const (
	// SignatureTrusted: verified with the publisher's trusted key (or a key
	// it handed over to).
	SignatureTrusted SignatureCheck = iota
	// SignatureUntrusted: the publisher has no trusted key, but the
	// manifest's key_rotation names the signing key, and the manifest and the
	// hand-over verify with the keys it names. Anyone can make such a bundle.
	SignatureUntrusted
	// SignatureNotChecked: the publisher has no trusted key and the bundle
	// names none, so the signature was not checked (only that it is well-formed).
	SignatureNotChecked
)

// Summary is what "bipkiosk bundle inspect" prints about a bundle.
type Summary struct {
	File         string // base name of the bundle file
	Publisher    Publisher
	Signature    SignatureCheck
	Fingerprint  string // of the key that signed the manifest; "" when SignatureNotChecked
	HandOverFrom string // fingerprint of the key that handed over to it, if the bundle was accepted through (or, untrusted, carries) a key rotation
	Sequence     uint64
	BaseSequence uint64
	Removed      int // nodes a delta removes from its base
	Created      time.Time
	Articles     int
	Sections     int
	Links        int
	Attachments  int   // attachment references across all nodes
	Blobs        int   // distinct files under files/
	Entries      int   // zip entries, manifest and signature included
	TotalBytes   int64 // uncompressed bytes of every entry the manifest lists
	ArchiveBytes int64 // size of the bundle file
}

// Inspect opens the bundle at path and verifies all of it, reading every
// entry, then summarises it.
func Inspect(path string, opts OpenOptions) (Summary, error) {
	b, err := Open(path, opts)
	if err != nil {
		return Summary{}, err
	}
	return summarise(b)
}

// InspectUntrusted is Inspect for a bundle whose publisher opts.Trust may
// not know, as a publisher checking its own bundle or an administrator
// before trusting one: every entry is verified as by Inspect, and
// Summary.Signature says whether the signature could be checked and with
// which key. A damaged bundle still fails. Nothing may be installed on the
// strength of a summary that is not SignatureTrusted.
func InspectUntrusted(path string, opts OpenOptions) (Summary, error) {
	b, err := openFile(path, opts, true)
	if err != nil {
		return Summary{}, err
	}
	return summarise(b)
}

// summarise reads all of b, verifying every entry, and closes it.
func summarise(b *Bundle) (Summary, error) {
	defer b.Close()
	m := b.manifest
	s := Summary{
		File: b.name, Publisher: m.Publisher, Signature: b.check,
		Sequence: m.Sequence, BaseSequence: m.BaseSequence, Created: m.Created,
		Entries: len(b.zr.File), ArchiveBytes: b.size, Removed: len(m.Removed),
	}
	if b.key.Key != nil {
		s.Fingerprint = b.key.Fingerprint()
	}
	if old, _, ok := b.KeyHandOver(); ok {
		s.HandOverFrom = PublicKey{Key: old}.Fingerprint()
	}
	for _, e := range m.Entries {
		s.TotalBytes += e.Size
	}
	if _, err := b.Site(); err != nil {
		return Summary{}, err
	}
	err := b.EachNode(func(n content.Node) error {
		switch n.Kind {
		case content.KindArticle:
			s.Articles++
		case content.KindSection:
			s.Sections++
		case content.KindLink:
			s.Links++
		}
		s.Attachments += len(n.Attachments)
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	err = b.EachBlob(func(_ string, _ int64, r io.Reader) error {
		s.Blobs++
		_, err := io.Copy(io.Discard, r)
		return err
	})
	if err != nil {
		return Summary{}, err
	}
	return s, nil
}
