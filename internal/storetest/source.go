package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"slices"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// Source is a bulletin held as content values, for tests that edit nodes,
// site or edition before importing.
type Source struct {
	Ed       content.Edition
	SiteData content.Site
	Nodes    []content.Node
	Blobs    map[string][]byte // blob bytes by hex SHA-256
}

var (
	_ store.Source  = (*Source)(nil)
	_ store.Counter = (*Source)(nil)
)

// Edition returns Ed.
func (s *Source) Edition() content.Edition { return s.Ed }

// Site returns SiteData.
func (s *Source) Site() (content.Site, error) { return s.SiteData, nil }

// EachNode hands over Nodes in order.
func (s *Source) EachNode(fn func(content.Node) error) error {
	for _, n := range s.Nodes {
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

// EachBlob hands over Blobs sorted by SHA-256, so imports are repeatable.
func (s *Source) EachBlob(fn func(string, int64, io.Reader) error) error {
	for _, sum := range slices.Sorted(maps.Keys(s.Blobs)) {
		if err := fn(sum, int64(len(s.Blobs[sum])), bytes.NewReader(s.Blobs[sum])); err != nil {
			return err
		}
	}
	return nil
}

// Counts reports the nodes and blobs, so Import can report progress.
func (s *Source) Counts() (nodes, blobs int) { return len(s.Nodes), len(s.Blobs) }

// SHA256 returns the hex SHA-256 of data, the name a blob goes by.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
