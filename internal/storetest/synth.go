package storetest

import (
	"io"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/synth"
)

// SynthSource streams a bulletin made by synth.Generate to the store: the
// nodes are held in memory, the blob bytes made when they are read.
type SynthSource struct {
	Source // edition, site and nodes; its Blobs stay empty
	Open   func(sha256 string) (io.ReadCloser, error)
	blobs  []content.Blob // every blob referred to, once each, by SHA-256
}

var (
	_ store.Source  = (*SynthSource)(nil)
	_ store.Counter = (*SynthSource)(nil)
)

// synthPublisher is the publisher of every generated bulletin, fixed so a
// store kept between benchmark runs accepts the same bulletin again.
var synthPublisher = uuid.MustParse("5b1c0f0e-51a7-4e55-9a3d-0b3d1c2e4f50")

// Synth generates the bulletin opts describe, as edition 1 of a fixed
// publisher named after the site's owner.
func Synth(opts synth.Options) *SynthSource {
	site, nodes, open := synth.Generate(opts)
	s := &SynthSource{Open: open, Source: Source{
		Ed:       content.Edition{PublisherID: synthPublisher, Publisher: site.Owner, Sequence: 1, Created: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)},
		SiteData: site, Nodes: nodes,
	}}
	seen := map[string]bool{}
	add := func(b content.Blob) {
		if !seen[b.SHA256] {
			seen[b.SHA256] = true
			s.blobs = append(s.blobs, b)
		}
	}
	if site.Logo != nil {
		add(*site.Logo)
	}
	for _, n := range nodes {
		for _, a := range n.Attachments {
			add(a.Blob)
		}
	}
	slices.SortFunc(s.blobs, func(a, b content.Blob) int { return strings.Compare(a.SHA256, b.SHA256) })
	return s
}

// EachBlob hands over every blob the generated bulletin refers to, once each,
// sorted by SHA-256.
func (s *SynthSource) EachBlob(fn func(string, int64, io.Reader) error) error {
	for _, b := range s.blobs {
		rc, err := s.Open(b.SHA256)
		if err != nil {
			return err
		}
		err = fn(b.SHA256, b.Size, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Counts reports the nodes and blobs, so Import can report progress.
func (s *SynthSource) Counts() (nodes, blobs int) { return len(s.Nodes), len(s.blobs) }
