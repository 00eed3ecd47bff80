package bundle

import (
	"io"
	"time"

	"bipkiosk/internal/content"
)

// Summary is what "bipkiosk bundle inspect" prints about a verified bundle.
type Summary struct {
	File         string // base name of the bundle file
	Publisher    Publisher
	Fingerprint  string // of the key that signed the manifest
	HandOverFrom string // fingerprint of the pinned key that handed over to it, if the bundle was accepted through a key rotation
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
	defer b.Close()
	m := b.manifest
	s := Summary{
		File: b.name, Publisher: m.Publisher, Fingerprint: b.key.Fingerprint(),
		Sequence: m.Sequence, BaseSequence: m.BaseSequence, Created: m.Created,
		Entries: len(b.zr.File), ArchiveBytes: b.size, Removed: len(m.Removed),
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
	err = b.EachNode(func(n content.Node) error {
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
