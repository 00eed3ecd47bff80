package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"slices"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/parallel"
)

// Manifest returns the verified manifest.
func (b *Bundle) Manifest() Manifest {
	m := b.manifest
	m.Entries = slices.Clone(m.Entries)
	return m
}

// Key returns the trusted key that verified the bundle's signature.
func (b *Bundle) Key() PublicKey { return b.key }

// Edition returns who published the bundle and where it stands in their sequence.
func (b *Bundle) Edition() content.Edition {
	m := b.manifest
	return content.Edition{
		PublisherID: m.Publisher.ID, Publisher: m.Publisher.Name,
		Sequence: m.Sequence, BaseSequence: m.BaseSequence, Created: m.Created,
	}
}

// Counts returns how many nodes and files the bundle holds, known from the
// verified manifest before any is read, so an importer can show progress.
func (b *Bundle) Counts() (nodes, blobs int) {
	for _, e := range b.manifest.Entries {
		if kind, _ := classify(e.Path); kind == kindFile {
			blobs++
		}
	}
	return len(b.nodes), blobs
}

// ExpandedSize is the bytes of all the bundle's entries uncompressed, from
// the verified manifest: the store sizes its free-space check by it.
func (b *Bundle) ExpandedSize() int64 {
	var n int64
	for _, e := range b.manifest.Entries {
		n += e.Size
	}
	return n
}

// Close closes the bundle file.
func (b *Bundle) Close() error {
	if b.f == nil {
		return nil
	}
	err := b.f.Close()
	b.f = nil
	return err
}

// refs resolves references against the verified manifest. In a delta, a
// node or file it does not hold may be in its base, which only the importer
// can see: such references pass here and the importer checks the merged
// bulletin whole. A node the delta removes is never a valid reference.
func (b *Bundle) refs() refs {
	delta := b.manifest.BaseSequence != 0
	return refs{
		version: b.manifest.Version,
		blob: func(sha string) (int64, bool) {
			e, ok := b.entries[filePath(sha)]
			return e.Size, ok
		},
		node: func(id uuid.UUID) bool {
			if _, ok := b.nodes[id]; ok {
				return true
			}
			_, gone := b.removed[id]
			return delta && !gone
		},
		inBase: delta,
	}
}

// Removed returns the nodes a delta removes from its base, in id order; nil
// for a full bundle.
func (b *Bundle) Removed() []uuid.UUID {
	return slices.Clone(b.manifest.Removed)
}

// Site reads, checks and sanitises site.json.
func (b *Bundle) Site() (content.Site, error) {
	var s content.Site
	if err := b.readJSON(b.entries[SiteName], &s); err != nil {
		return content.Site{}, err
	}
	cleanSiteText(&s) // before the checks: a title of control characters only is empty
	if err := checkSite(s, b.refs()); err != nil {
		return content.Site{}, fmt.Errorf("%s: %w", b.name, err)
	}
	sanitizeSite(&s)
	return s, nil
}

// EachNode calls fn with every node in manifest order. Each node is checked
// (its id matches its file name, kind and title are valid, references
// resolve, addresses are safe) and its HTML is sanitised again: the producer
// of a bundle is never trusted. An error from fn stops the walk and is returned.
//
// Nodes are read, checked and sanitised on all cores a few nodes ahead of fn,
// which runs on the caller's goroutine one node at a time. The outcome does
// not depend on timing: fn sees the same nodes, and EachNode returns the same
// error, as if every node were read just before fn is called with it.
func (b *Bundle) EachNode(fn func(content.Node) error) error {
	r := b.refs()
	entries := make([]Entry, 0, len(b.nodes))
	for _, e := range b.manifest.Entries {
		if kind, _ := classify(e.Path); kind == kindNode {
			entries = append(entries, e)
		}
	}
	return parallel.Map(context.Background(), len(entries), parallel.Options{},
		func(_ context.Context, i int) (content.Node, error) {
			_, id := classify(entries[i].Path)
			return b.readNode(entries[i], id, r)
		},
		func(_ int, n content.Node) error { return fn(n) })
}

// readNode reads one node entry through the verifying reader, checks it
// against the rest of the bundle and sanitises its HTML. It may run on any
// goroutine: it only reads the Bundle.
func (b *Bundle) readNode(e Entry, id uuid.UUID, r refs) (content.Node, error) {
	var n content.Node
	if err := b.readJSON(e, &n); err != nil {
		return content.Node{}, err
	}
	if n.ID != id {
		return content.Node{}, b.failf(ErrCorrupt, "%s holds node %s; a node's file is named by its id", e.Path, n.ID)
	}
	cleanNodeText(&n) // before the checks: a title of control characters only is empty
	if err := checkNode(n, r); err != nil {
		return content.Node{}, fmt.Errorf("%s: %s: %w", b.name, e.Path, err)
	}
	sanitizeNode(&n)
	return n, nil
}

// EachBlob calls fn with every file under files/ in manifest order. r yields
// at most size bytes and, if the bytes do not match the manifest, returns an
// error wrapping ErrCorrupt instead of io.EOF at the end: fn must read r to
// EOF and treat any error as fatal. Whatever fn leaves unread is read and
// checked before the next file, so a bad file is always reported.
func (b *Bundle) EachBlob(fn func(sha256 string, size int64, r io.Reader) error) error {
	for _, e := range b.manifest.Entries {
		if kind, _ := classify(e.Path); kind != kindFile {
			continue
		}
		if err := b.eachBlob(e, fn); err != nil {
			return err
		}
	}
	return nil
}

func (b *Bundle) eachBlob(e Entry, fn func(string, int64, io.Reader) error) error {
	r, err := b.openEntry(e)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := fn(e.SHA256, e.Size, r); err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	return nil
}

// readJSON reads a whole JSON entry through the verifying reader and
// decodes it. Unknown fields are ignored, so a producer may add its own;
// anything after the one JSON value is an error.
func (b *Bundle) readJSON(e Entry, v any) error {
	r, err := b.openEntry(e)
	if err != nil {
		return err
	}
	defer r.Close()
	var buf bytes.Buffer
	buf.Grow(int(e.Size)) // at most Limits.MaxJSONBytes, checked by Open
	if _, err := buf.ReadFrom(r); err != nil {
		return err
	}
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		return b.failf(ErrCorrupt, "%s is not valid: %w", e.Path, err)
	}
	return nil
}

// openEntry opens an entry for reading through a verifying reader.
func (b *Bundle) openEntry(e Entry) (*entryReader, error) {
	rc, err := b.zipFiles[e.Path].Open()
	if err != nil {
		return nil, b.failf(ErrCorrupt, "%s cannot be read: %w", e.Path, err)
	}
	return &entryReader{
		b: b, e: e, rc: rc, h: sha256.New(),
		// One byte past the declared size is enough to know it lies; the
		// limit keeps a lying header from expanding without bound.
		r: io.LimitReader(rc, e.Size+1),
	}, nil
}

// entryReader yields an entry's bytes, hashing them, and turns the end of
// the entry into an error unless its size and SHA-256 match the manifest.
type entryReader struct {
	b   *Bundle
	e   Entry
	rc  io.ReadCloser
	r   io.Reader
	h   hash.Hash
	n   int64
	err error // sticky: io.EOF after a verified end, or the failure
}

func (r *entryReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.r.Read(p)
	if over := r.n + int64(n) - r.e.Size; over > 0 {
		n -= int(over)
		r.h.Write(p[:n])
		r.n += int64(n)
		r.err = r.b.failf(ErrCorrupt, "%s is longer than the %d bytes the manifest gives", r.e.Path, r.e.Size)
		return n, r.err
	}
	r.h.Write(p[:n])
	r.n += int64(n)
	switch {
	case err == io.EOF:
		r.err = r.finish()
	case err != nil:
		r.err = r.b.failf(ErrCorrupt, "%s is damaged: %w", r.e.Path, err)
	}
	return n, r.err
}

func (r *entryReader) finish() error {
	if r.n != r.e.Size {
		return r.b.failf(ErrCorrupt, "%s is %d bytes; the manifest gives %d", r.e.Path, r.n, r.e.Size)
	}
	if got := hex.EncodeToString(r.h.Sum(nil)); got != r.e.SHA256 {
		return r.b.failf(ErrCorrupt, "%s does not match its SHA-256 in the manifest (got %s); the bundle was altered or damaged", r.e.Path, got)
	}
	return io.EOF
}

func (r *entryReader) Close() error { return r.rc.Close() }
