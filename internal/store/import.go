package store

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// Source is a verified bulletin to import; *bundle.Bundle is one.
type Source interface {
	Edition() content.Edition
	Site() (content.Site, error)
	EachNode(fn func(content.Node) error) error
	// EachBlob hands out each blob's bytes; a reader returns a non-EOF error at
	// its end when the bytes do not match, so Import reads each to EOF.
	EachBlob(fn func(sha256 string, size int64, r io.Reader) error) error
}

// Counter is implemented by a Source that knows its size before it is read, so
// Import can report progress against a total.
type Counter interface {
	Counts() (nodes, blobs int)
}

// ImportOptions configures Import.
type ImportOptions struct {
	// Progress, if set, is called now and then with the nodes and blobs done so
	// far and their total (0 when the Source is not a Counter).
	Progress func(done, total int)
	// ReplacePublisher allows a bundle from another publisher to replace the
	// installed bulletin.
	ReplacePublisher bool
	// Indexers build derived indexes (search) inside the new generation, so
	// they flip with it; see extension.go.
	Indexers []Indexer
}

// progressEvery is how many items pass between Progress calls.
const progressEvery = 100

// blobBatchBytes bounds the blob bytes held in memory before they are flushed
// to Badger: blob values go to the value log, so Badger's own batch size limit
// barely counts them.
const blobBatchBytes = 32 << 20

// Import writes src as a new generation beside the current one, verifies it is
// complete and then makes it current in one transaction. On any error, or when
// ctx ends, the current generation stays as it was and what was written is removed.
func (s *Store) Import(ctx context.Context, src Source, opts ImportOptions) (Generation, error) {
	s.importMu.Lock()
	defer s.importMu.Unlock()
	ed := src.Edition()
	base, err := s.checkEdition(src, opts.ReplacePublisher)
	if err != nil {
		return Generation{}, err
	}
	if err := s.checkRoomFor(src); err != nil {
		return Generation{}, fmt.Errorf("store: import %s sequence %d: %w", ed.Publisher, ed.Sequence, err)
	}
	n, err := s.beginGeneration(ed)
	if err != nil {
		return Generation{}, err
	}
	imp := newImporter(ctx, s, n, src, opts.Progress)
	imp.base = base
	if base != nil {
		imp.total += base.nodes
	}
	imp.ext = newExtensions(opts.Indexers)
	defer imp.ext.close()
	g, err := imp.run(src)
	// Badger does not sync writes: make the new generation durable before the
	// pointer names it, and the pointer before we report success, so a power
	// cut cannot leave "current" naming values that never reached the disk.
	if err == nil {
		err = s.db.Sync()
	}
	if err == nil {
		err = s.flip(g, handOverOf(src))
	}
	if err == nil {
		err = s.db.Sync()
	}
	if serr := s.sweep(); serr != nil {
		s.log.Warn("store_sweep_failed", "err", serr)
	}
	if err != nil {
		return Generation{}, fmt.Errorf("store: import %s sequence %d: %w", ed.Publisher, ed.Sequence, err)
	}
	s.log.Info("store_imported", "generation", g.Number, "publisher", ed.Publisher, "sequence", ed.Sequence,
		"base_sequence", ed.BaseSequence, "articles", g.Articles, "attachments", g.Attachments)
	return g, nil
}

// checkEdition refuses, before anything is written, a bundle that must not
// replace the installed one. For a delta it returns the base to merge with.
func (s *Store) checkEdition(src Source, replacePublisher bool) (*deltaBase, error) {
	ed := src.Edition()
	if ed.PublisherID == uuid.Nil {
		return nil, fmt.Errorf("store: bundle of %q names no publisher id; rebuild it with a current bipkiosk", ed.Publisher)
	}
	cur, err := s.Current()
	if errors.Is(err, ErrEmpty) {
		if ed.BaseSequence != 0 {
			return nil, deltaBaseError(ed, "no bulletin is installed", 0)
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	inst := cur.Edition
	switch {
	case inst.PublisherID != ed.PublisherID && ed.BaseSequence != 0:
		return nil, deltaBaseError(ed, fmt.Sprintf("the installed bulletin is of another publisher, %q", inst.Publisher), 0)
	case inst.PublisherID != ed.PublisherID && !replacePublisher:
		return nil, fmt.Errorf("%w: bundle from %q (%s) would replace %q (%s); import it with the option to replace the publisher if that is intended",
			ErrOtherPublisher, ed.Publisher, ed.PublisherID, inst.Publisher, inst.PublisherID)
	case inst.PublisherID != ed.PublisherID:
		return nil, nil
	case ed.Sequence < inst.Sequence:
		return nil, fmt.Errorf("%w: bundle of %q has sequence %d, installed is %d; import sequence %d or later",
			ErrDowngrade, ed.Publisher, ed.Sequence, inst.Sequence, inst.Sequence+1)
	case ed.Sequence == inst.Sequence:
		return nil, fmt.Errorf("%w: %q sequence %d", ErrAlreadyInstalled, ed.Publisher, ed.Sequence)
	}
	return s.deltaBaseFor(src, cur)
}

// beginGeneration takes the next generation number and records it as writing
// before any of its keys exist, so a crash leaves a record the next Open sweeps.
func (s *Store) beginGeneration(ed content.Edition) (uint64, error) {
	var n uint64
	err := s.db.Update(func(txn *badger.Txn) error {
		next, err := getUint64(txn, nextGenKey())
		if errors.Is(err, badger.ErrKeyNotFound) {
			next, err = 1, nil
		}
		if err != nil {
			return err
		}
		n = next
		if err := txn.Set(nextGenKey(), u64(n+1)); err != nil {
			return err
		}
		return putGenRecord(txn, genRecord{State: stateWriting, Generation: Generation{Number: n, Edition: ed}})
	})
	if err != nil {
		return 0, fmt.Errorf("store: start a new generation: %w", err)
	}
	return n, nil
}

// flip makes the verified generation current and complete in one
// transaction, pinning the publisher's new key in it when the source was
// accepted through a key hand-over, so the key and the content it signed
// change together.
func (s *Store) flip(g Generation, ho *handOver) error {
	err := s.db.Update(func(txn *badger.Txn) error {
		if err := putGenRecord(txn, genRecord{State: stateComplete, Generation: g}); err != nil {
			return err
		}
		if err := ho.pin(txn, g.Edition); err != nil {
			return err
		}
		return txn.Set(currentKey(), u64(g.Number))
	})
	if err != nil {
		return fmt.Errorf("make generation %d current: %w", g.Number, err)
	}
	if ho != nil {
		s.log.Info("store_key_handed_over", "publisher", g.Edition.Publisher, "publisher_id", g.Edition.PublisherID, "sequence", g.Edition.Sequence)
	}
	return nil
}

// blobRef is what the importer remembers of a blob its nodes refer to.
type blobRef struct {
	size int64
	by   uuid.UUID // the first node referring to it; uuid.Nil for the site logo
	done bool      // supplied by the source or already in the store
}

// importer writes one generation. It keeps in memory only what verification
// needs: each node's parent and each referenced blob, not the nodes themselves.
type importer struct {
	ctx      context.Context
	s        *Store
	gen      Generation
	progress func(done, total int)
	done     int
	total    int

	site    content.Site
	parents map[uuid.UUID]uuid.UUID // node → parent
	refs    map[[32]byte]*blobRef
	ext     *extensions // the indexers' builds
	base    *deltaBase  // the generation a delta applies to; nil for a full import
	space   spaceGuard  // stops the import before the disk is full
}

func newImporter(ctx context.Context, s *Store, n uint64, src Source, progress func(done, total int)) *importer {
	imp := &importer{
		ctx: ctx, s: s, progress: progress,
		gen:     Generation{Number: n, Edition: src.Edition(), ImportedAt: time.Now().UTC()},
		parents: map[uuid.UUID]uuid.UUID{},
		refs:    map[[32]byte]*blobRef{},
		space:   spaceGuard{dir: s.dir, free: diskFree},
	}
	if c, ok := src.(Counter); ok {
		nodes, blobs := c.Counts()
		imp.total = nodes + blobs
	}
	return imp
}

// run writes site, nodes and blobs, then verifies the generation is whole.
func (imp *importer) run(src Source) (Generation, error) {
	if err := imp.writeNodes(src); err != nil {
		return Generation{}, err
	}
	if err := imp.verifyTree(); err != nil {
		return Generation{}, err
	}
	if err := imp.writeBlobs(src); err != nil {
		return Generation{}, err
	}
	if err := imp.verifyBlobs(); err != nil {
		return Generation{}, err
	}
	if err := imp.ext.finish(imp.ctx, imp.s, imp.gen.Number); err != nil {
		return Generation{}, err
	}
	if imp.base != nil {
		imp.total = imp.done // the total was a guess: replaced nodes are counted once
	}
	if imp.progress != nil {
		imp.progress(imp.done, imp.total)
	}
	return imp.gen, nil
}

// tick counts one item done and reports progress now and then.
func (imp *importer) tick() {
	imp.done++
	if imp.progress != nil && imp.done%progressEvery == 0 {
		imp.progress(imp.done, imp.total)
	}
}

// writeNodes streams the site and every node, with their index keys, into
// one write batch; for a delta, every node of the merged bulletin.
func (imp *importer) writeNodes(src Source) error {
	wb := imp.s.db.NewWriteBatch()
	defer wb.Cancel()
	w := &batch{wb: wb}
	if err := imp.writeSite(w, src); err != nil {
		return err
	}
	var err error
	if imp.base != nil {
		err = imp.mergeNodes(w, src)
	} else {
		err = src.EachNode(func(n content.Node) error { return imp.putNode(w, n) })
	}
	if err == nil {
		err = w.err
	}
	if err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("write nodes: %w", err)
	}
	return nil
}

// writeSite reads the source's site and queues it with its logo's reference.
func (imp *importer) writeSite(w *batch, src Source) error {
	site, err := src.Site()
	if err != nil {
		return fmt.Errorf("read site: %w", err)
	}
	if err := site.CheckLengths(); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	imp.site = site
	for _, b := range site.Blobs() {
		if err := imp.addRef(b.SHA256, b.Size, uuid.Nil); err != nil {
			return fmt.Errorf("site file (logo, sign-language video): %w", err)
		}
	}
	w.putJSON(siteKey(imp.gen.Number), site)
	for _, b := range site.Blobs() {
		sha, _ := parseSHA256(b.SHA256) // checked by addRef
		w.put(refKey(imp.gen.Number, sha), nil)
	}
	return w.err
}

// putNode writes one node of the new generation and counts it done.
func (imp *importer) putNode(w *batch, n content.Node) error {
	if err := imp.ctx.Err(); err != nil {
		return err
	}
	if err := imp.space.check(); err != nil {
		return err
	}
	if err := imp.writeNode(w, n); err != nil {
		return err
	}
	imp.tick()
	return w.err
}

// writeNode checks one node and queues it with its index keys.
func (imp *importer) writeNode(w *batch, n content.Node) error {
	if err := imp.checkNode(n); err != nil {
		return err
	}
	g := imp.gen.Number
	sum := summaryOf(n)
	w.putJSON(nodeKey(g, n.ID), n)
	w.putJSON(summaryKey(g, n.ID), sum)
	w.putJSON(childKey(g, n.Parent, n.Order, n.Title, n.ID), sum)
	if n.Parent != uuid.Nil {
		w.put(hasChildrenKey(g, n.Parent), nil)
	}
	for i, a := range n.Attachments {
		w.putJSON(attachmentKey(g, n.Path, a.Title, n.ID, i), a)
		for _, b := range a.Blobs() { // the file, its text and page images
			sha, _ := parseSHA256(b.SHA256) // checked by checkNode
			w.put(refKey(g, sha), nil)
		}
	}
	for i, c := range n.History {
		w.putJSON(changeKey(g, c.At, n.ID, i), storedChangeOf(c))
	}
	if n.Kind == content.KindArticle {
		w.put(popularKey(g, n.Meta.Visits, n.ID), nil)
		w.put(recentKey(g, n.LastChange(), n.ID), nil)
	}
	imp.count(n)
	return imp.ext.add(n)
}

// checkNode refuses a node the store cannot index or whose text fields are
// over content's limits, and remembers what the verification needs.
func (imp *importer) checkNode(n content.Node) error {
	// Before the other checks, whose messages quote the path.
	if err := n.CheckLengths(); err != nil {
		return fmt.Errorf("node %s: %w", n.ID, err)
	}
	if n.ID == uuid.Nil {
		return fmt.Errorf("node %q has no id", n.Path)
	}
	if !n.Kind.Valid() {
		return fmt.Errorf("node %s (%q) has unknown kind %q", n.ID, n.Path, n.Kind)
	}
	if n.Parent == n.ID {
		return fmt.Errorf("node %s (%q) is its own parent", n.ID, n.Path)
	}
	if _, dup := imp.parents[n.ID]; dup {
		return fmt.Errorf("node id %s (%q) appears twice", n.ID, n.Path)
	}
	imp.parents[n.ID] = n.Parent
	for _, a := range n.Attachments {
		for _, b := range a.Blobs() {
			if err := imp.addRef(b.SHA256, b.Size, n.ID); err != nil {
				return fmt.Errorf("node %s (%q) attachment %q: %w", n.ID, n.Path, a.Name, err)
			}
		}
	}
	return nil
}

// addRef remembers a blob the generation refers to.
func (imp *importer) addRef(hexSHA string, size int64, by uuid.UUID) error {
	sha, err := parseSHA256(hexSHA)
	if err != nil {
		return err
	}
	if size < 0 || size > MaxBlobSize {
		return fmt.Errorf("blob %s has size %d; the store takes 0 to %d bytes", hexSHA, size, int64(MaxBlobSize))
	}
	if r, ok := imp.refs[sha]; ok {
		if r.size != size {
			return fmt.Errorf("blob %s is named with sizes %d and %d", hexSHA, r.size, size)
		}
		return nil
	}
	imp.refs[sha] = &blobRef{size: size, by: by}
	imp.gen.Bytes += size
	return nil
}

// count adds the node to the generation's counts.
func (imp *importer) count(n content.Node) {
	switch n.Kind {
	case content.KindArticle:
		imp.gen.Articles++
	case content.KindSection:
		imp.gen.Sections++
	case content.KindLink:
		imp.gen.Links++
	}
	imp.gen.Attachments += len(n.Attachments)
	imp.gen.Changes += len(n.History)
}

// verifyTree checks that every parent and every group node exists and that
// every node reaches the top level (no cycles).
func (imp *importer) verifyTree() error {
	for _, grp := range imp.site.Groups {
		for _, id := range grp.Nodes {
			if _, ok := imp.parents[id]; !ok {
				return fmt.Errorf("%w: menu group %q names node %s, which is not in the bulletin", ErrIncomplete, grp.Title, id)
			}
		}
	}
	rooted := map[uuid.UUID]bool{uuid.Nil: true}
	for id := range imp.parents {
		var chain []uuid.UUID
		for cur := id; !rooted[cur]; {
			parent, ok := imp.parents[cur]
			if !ok {
				return fmt.Errorf("%w: node %s has parent %s, which is not in the bulletin", ErrIncomplete, chain[len(chain)-1], cur)
			}
			chain = append(chain, cur)
			if len(chain) > len(imp.parents) {
				return fmt.Errorf("%w: node %s is inside a cycle of parents", ErrIncomplete, id)
			}
			cur = parent
		}
		for _, c := range chain {
			rooted[c] = true
		}
	}
	return nil
}

// writeBlobs stores the referenced blobs the store does not have yet. Every
// reader is read to EOF and checked, even when its bytes are not needed.
func (imp *importer) writeBlobs(src Source) error {
	w := &blobWriter{db: imp.s.db}
	defer w.cancel()
	err := src.EachBlob(func(hexSHA string, size int64, r io.Reader) error {
		if err := imp.ctx.Err(); err != nil {
			return err
		}
		if err := imp.space.check(); err != nil {
			return err
		}
		if err := imp.writeBlob(w, hexSHA, size, r); err != nil {
			return fmt.Errorf("blob %s: %w", hexSHA, err)
		}
		imp.tick()
		return nil
	})
	if err != nil {
		return err
	}
	return w.flush()
}

func (imp *importer) writeBlob(w *blobWriter, hexSHA string, size int64, r io.Reader) error {
	sha, err := parseSHA256(hexSHA)
	if err != nil {
		return err
	}
	ref := imp.refs[sha]
	if ref != nil && ref.size != size {
		return fmt.Errorf("has %d bytes, but node %s says %d", size, ref.by, ref.size)
	}
	have, err := imp.s.hasBlob(sha)
	if err != nil {
		return err
	}
	if ref == nil || ref.done || have {
		if ref != nil {
			ref.done = true
		}
		return drain(r, sha, size)
	}
	data, err := readBlob(r, sha, size)
	if err != nil {
		return err
	}
	ref.done = true
	return w.put(blobKey(sha), data)
}

// verifyBlobs checks that every blob the generation refers to is in the store.
func (imp *importer) verifyBlobs() error {
	for sha, ref := range imp.refs {
		if ref.done {
			continue
		}
		have, err := imp.s.hasBlob(sha)
		if err != nil {
			return err
		}
		if !have {
			what := "the site logo"
			if ref.by != uuid.Nil {
				what = "node " + ref.by.String()
			}
			return fmt.Errorf("%w: %s refers to blob %x, which is neither in the bundle nor in the store", ErrIncomplete, what, sha)
		}
	}
	return nil
}

// hasBlob reports whether the blob's bytes are stored.
func (s *Store) hasBlob(sha [32]byte) (bool, error) {
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get(blobKey(sha))
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// readBlob reads r to EOF into memory and checks its size and SHA-256.
func readBlob(r io.Reader, sha [32]byte, size int64) ([]byte, error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if extra, err := io.Copy(io.Discard, r); err != nil || extra > 0 {
		return nil, fmt.Errorf("read past %d bytes (%d more): %w", size, extra, err)
	}
	if sha256.Sum256(data) != sha {
		return nil, fmt.Errorf("bytes do not match their SHA-256; the bundle is damaged")
	}
	return data, nil
}

// drain reads r to EOF, checking its size and SHA-256 without keeping the bytes.
func drain(r io.Reader, sha [32]byte, size int64) error {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if n != size {
		return fmt.Errorf("has %d bytes, want %d", n, size)
	}
	if [32]byte(h.Sum(nil)) != sha {
		return fmt.Errorf("bytes do not match their SHA-256; the bundle is damaged")
	}
	return nil
}

// batch queues key/values in a write batch and keeps the first error.
type batch struct {
	wb  *badger.WriteBatch
	err error
}

func (b *batch) put(k, v []byte) {
	if b.err == nil {
		b.err = b.wb.Set(k, v)
	}
}

func (b *batch) putJSON(k []byte, v any) {
	data, err := json.Marshal(v)
	if err != nil && b.err == nil {
		b.err = fmt.Errorf("encode %x: %w", k, err)
	}
	b.put(k, packValue(data))
}

// blobWriter writes blobs in write batches flushed every blobBatchBytes, so
// memory stays bounded however many blobs there are.
type blobWriter struct {
	db      *badger.DB
	wb      *badger.WriteBatch
	pending int
}

func (w *blobWriter) put(k, v []byte) error {
	if w.wb == nil {
		w.wb = w.db.NewWriteBatch()
	}
	if err := w.wb.Set(k, v); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if w.pending += len(v); w.pending >= blobBatchBytes {
		return w.flush()
	}
	return nil
}

func (w *blobWriter) flush() error {
	if w.wb == nil {
		return nil
	}
	err := w.wb.Flush()
	w.wb, w.pending = nil, 0
	if err != nil {
		return fmt.Errorf("write blobs: %w", err)
	}
	return nil
}

func (w *blobWriter) cancel() {
	if w.wb != nil {
		w.wb.Cancel()
	}
}

// Dir is the folder the store lives in: where an indexer may keep its
// temporary files during an import, on the store's disk rather than in a
// temporary folder that may be held in memory.
func (s *Store) Dir() string { return s.dir }
