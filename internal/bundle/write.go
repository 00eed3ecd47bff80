package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"mime"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// BlobOpener opens the bytes of a logo or attachment by its SHA-256.
type BlobOpener func(sha256 string) (io.ReadCloser, error)

// WriteOptions are the inputs of Write besides the content.
type WriteOptions struct {
	Key      PrivateKey
	Sequence uint64    // must be greater than the sequence of every earlier bundle of this publisher
	Created  time.Time // required, kept to the second; also every zip entry's time, so output is reproducible
	Progress func(done, total int)
	// Base, when set, makes Write produce a delta on this verified manifest
	// of a full bundle of the same publisher with a lower sequence: only
	// nodes whose encoding differs from the base's, the base's nodes that
	// are gone (as removed), files the base does not hold, and site.json.
	Base *Manifest
	// KeyRotation, when set, is carried in the manifest: the old key's
	// hand-over (SignKeyRotation) to Key, which signs the bundle.
	KeyRotation *KeyRotation
	// Complete, when set, fills in a copy of each node before it is checked
	// and encoded: what the caller kept out of memory, such as the bodies a
	// lean source tree keeps on disk (source.Tree.Complete). It is called
	// from several goroutines at once, once per node.
	Complete func(*content.Node) error
	// TempDir is where the nodes' compressed entries wait between the
	// manifest and the zip ("": the system's temporary directory); about the
	// size of the bundle's JSON, compressed. The file is removed at once
	// where the system allows, and at the end in any case.
	TempDir string
}

// blobRef is one file to be written under files/.
type blobRef struct {
	sha   string
	size  int64
	store bool // already compressed: written with Store, not Deflate
}

// Write writes a signed bundle of site and nodes to w, taking the bytes of
// the logo and attachments from blobs. The same inputs always give the same
// bytes (with the same Go version): entries are sorted, their times are
// opts.Created and the JSON is deterministic. Memory use does not depend on
// attachment sizes: files are streamed, and each is checked against its
// SHA-256 and size while it is copied, so a file changed under us is an error.
//
// On error, what was written to w is not a valid bundle.
func Write(w io.Writer, opts WriteOptions, site content.Site, nodes []content.Node, blobs BlobOpener) error {
	if err := opts.check(); err != nil {
		return err
	}
	order, ids, err := sortNodes(nodes)
	if err != nil {
		return err
	}
	files, err := collectBlobs(site, nodes)
	if err != nil {
		return err
	}
	r := refs{
		blob: func(sha string) (int64, bool) {
			i, ok := slices.BinarySearchFunc(files, sha, func(b blobRef, s string) int { return strings.Compare(b.sha, s) })
			if !ok {
				return 0, false
			}
			return files[i].size, true
		},
		node:    func(id uuid.UUID) bool { _, ok := ids[id]; return ok },
		version: versionOf(nodes),
	}
	if err := checkSite(site, r); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	encoded, err := newEncodedNodes(opts.TempDir, len(order))
	if err != nil {
		return err
	}
	defer encoded.close()
	m, err := buildManifest(opts, site, nodes, order, files, r, encoded)
	if err != nil {
		return err
	}
	written := make([]int, len(order)) // positions in order of the nodes to write
	for k := range written {
		written[k] = k
	}
	if opts.Base != nil {
		written, files = deltaOn(&m, *opts.Base, files, ids)
	}
	m.KeyRotation = opts.KeyRotation
	var mj bytes.Buffer
	if err := encodeJSON(&mj, m); err != nil {
		return fmt.Errorf("bundle: encode manifest: %w", err)
	}
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(opts.Key.Key, mj.Bytes())) + "\n"

	zw := newZipWriter(w, m.Created)
	if err := zw.add(ManifestName, zip.Deflate, mj.Bytes()); err != nil {
		return err
	}
	if err := zw.add(SignatureName, zip.Store, []byte(sig)); err != nil {
		return err
	}
	if err := zw.writeContent(m.Entries, written, encoded, files, blobs, opts); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("bundle: finish zip: %w", err)
	}
	return nil
}

func (o WriteOptions) check() error {
	if len(o.Key.Key) != ed25519.PrivateKeySize {
		return errors.New("bundle: WriteOptions.Key has no Ed25519 private key; read one with ReadPrivateKey")
	}
	if err := o.Key.Publisher.check(); err != nil {
		return fmt.Errorf("bundle: WriteOptions.Key: %w", err)
	}
	if o.Sequence == 0 {
		return fail(ErrSequence, "bundle: sequence must be 1 or more, greater than the last bundle's")
	}
	if o.Created.IsZero() {
		return errors.New("bundle: WriteOptions.Created is required, so that the bundle is reproducible")
	}
	if b := o.Base; b != nil {
		switch {
		case b.BaseSequence != 0:
			return fmt.Errorf("bundle: the base bundle (sequence %d) is itself a delta on sequence %d; build a delta on a full bundle", b.Sequence, b.BaseSequence)
		case b.Publisher.ID != o.Key.ID:
			return fmt.Errorf("bundle: the base bundle is from publisher %s, the key is of %s; a delta applies to the same publisher's bundle", b.Publisher, o.Key.Publisher)
		case b.Sequence >= o.Sequence:
			return fail(ErrSequence, "bundle: the base bundle has sequence %d; the delta's sequence %d must be greater", b.Sequence, o.Sequence)
		}
	}
	if r := o.KeyRotation; r != nil {
		_, next, err := r.verify(o.Key.ID)
		switch {
		case err != nil:
			return fmt.Errorf("bundle: key rotation is refused: %w", err)
		case !bytes.Equal(next, o.Key.Public().Key):
			return errors.New("bundle: key rotation hands over to another key than the one signing the bundle")
		case r.FromSequence > o.Sequence:
			return fmt.Errorf("bundle: key rotation holds from sequence %d, after this bundle's sequence %d", r.FromSequence, o.Sequence)
		}
	}
	return nil
}

// complete returns n, or a completed copy of it when Complete is set.
func (o WriteOptions) complete(n *content.Node) (*content.Node, error) {
	if o.Complete == nil {
		return n, nil
	}
	c := *n
	if err := o.Complete(&c); err != nil {
		return nil, fmt.Errorf("bundle: node %s: %w", n.ID, err)
	}
	return &c, nil
}

// deltaOn turns the full manifest m into a delta on base: it keeps site.json,
// the nodes whose entry differs from the base's (node encoding is
// deterministic, so an unchanged node hashes the same) and the files the
// base does not hold, lists the base's nodes that are gone as removed, and
// returns the positions (in the full manifest's node order) of the nodes
// and the files left to write.
func deltaOn(m *Manifest, base Manifest, files []blobRef, ids map[uuid.UUID]struct{}) ([]int, []blobRef) {
	had := make(map[string]string, len(base.Entries))
	for _, e := range base.Entries {
		had[e.Path] = e.SHA256
		if kind, id := classify(e.Path); kind == kindNode {
			if _, still := ids[id]; !still {
				m.Removed = append(m.Removed, id)
			}
		}
	}
	slices.SortFunc(m.Removed, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	entries := []Entry{m.Entries[0]}
	var kept []int
	for k, e := range m.Entries[1:] {
		if kind, _ := classify(e.Path); kind != kindNode {
			break // the files follow the nodes
		}
		if had[e.Path] != e.SHA256 {
			entries = append(entries, e)
			kept = append(kept, k)
		}
	}
	var keptFiles []blobRef
	for _, f := range files {
		if _, ok := had[filePath(f.sha)]; !ok {
			keptFiles = append(keptFiles, f)
			entries = append(entries, Entry{Path: filePath(f.sha), SHA256: f.sha, Size: f.size})
		}
	}
	m.Entries = entries
	m.BaseSequence = base.Sequence
	return kept, keptFiles
}

// sortNodes returns the indices of nodes in id order and the set of ids,
// refusing duplicate or missing ids.
func sortNodes(nodes []content.Node) ([]int, map[uuid.UUID]struct{}, error) {
	order := make([]int, len(nodes))
	ids := make(map[uuid.UUID]struct{}, len(nodes))
	for i, n := range nodes {
		order[i] = i
		if _, dup := ids[n.ID]; dup {
			return nil, nil, fmt.Errorf("bundle: two nodes have id %s (one is %q)", n.ID, n.Title)
		}
		ids[n.ID] = struct{}{}
	}
	// Byte order of a UUID is the order of its canonical string, so the
	// entries come out sorted by name.
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(nodes[a].ID[:], nodes[b].ID[:]) })
	return order, ids, nil
}

// collectBlobs returns every file the site and nodes reference, once each,
// sorted by SHA-256.
func collectBlobs(site content.Site, nodes []content.Node) ([]blobRef, error) {
	seen := map[string]int{}
	var files []blobRef
	add := func(b content.Blob) error {
		if !isSHA256(b.SHA256) {
			return fmt.Errorf("bundle: file sha256 %q is not 64 lowercase hex digits", b.SHA256)
		}
		if b.Size < 0 {
			return fmt.Errorf("bundle: file %s has negative size %d", b.SHA256, b.Size)
		}
		i, ok := seen[b.SHA256]
		if !ok {
			seen[b.SHA256] = len(files)
			files = append(files, blobRef{sha: b.SHA256, size: b.Size, store: compressedType(b.Type)})
			return nil
		}
		if files[i].size != b.Size {
			return fmt.Errorf("bundle: file %s is given two sizes, %d and %d", b.SHA256, files[i].size, b.Size)
		}
		files[i].store = files[i].store || compressedType(b.Type)
		return nil
	}
	for _, b := range site.Blobs() { // logo, sign-language video and captions
		if err := add(b); err != nil {
			return nil, err
		}
	}
	for _, n := range nodes {
		for _, a := range n.Attachments {
			for _, b := range a.Blobs() {
				if err := add(b); err != nil {
					return nil, fmt.Errorf("%w (attachment %q of node %s)", err, a.Name, n.ID)
				}
			}
		}
	}
	slices.SortFunc(files, func(a, b blobRef) int { return strings.Compare(a.sha, b.sha) })
	return files, nil
}

// versionOf is the format version of a bundle of nodes: VersionWithoutPages
// unless an attachment has text or pages.
func versionOf(nodes []content.Node) int {
	for _, n := range nodes {
		for _, a := range n.Attachments {
			if a.Text != nil || len(a.Pages) > 0 {
				return Version
			}
		}
	}
	return VersionWithoutPages
}

// compressedType reports whether bytes of this MIME type are already
// compressed, so that deflating them again costs time and saves nothing:
// images other than SVG, BMP and TIFF, audio, video, archives, PDF (scans
// and Flate streams) and the zip-based office formats (docx, xlsx, odt, …).
func compressedType(t string) bool {
	t, _, err := mime.ParseMediaType(t)
	if err != nil {
		return false
	}
	switch t {
	case "image/svg+xml", "image/bmp", "image/tiff":
		return false
	case "application/pdf", "application/zip", "application/gzip", "application/x-gzip",
		"application/x-7z-compressed", "application/vnd.rar", "application/x-rar-compressed",
		"application/x-bzip2", "application/x-xz", "application/zstd", "application/epub+zip":
		return true
	}
	for _, p := range []string{"image/", "audio/", "video/",
		"application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument."} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// buildManifest encodes every node once, on all cores a batch at a time,
// for its hash and size, and keeps its compressed entry in encoded for the
// zip: memory holds a batch of nodes, not the whole bulletin, and no node is
// completed or encoded twice.
func buildManifest(opts WriteOptions, site content.Site, nodes []content.Node, order []int, files []blobRef, r refs, encoded *encodedNodes) (Manifest, error) {
	lim := DefaultLimits()
	m := Manifest{
		Format: FormatName, Version: r.version, Publisher: opts.Key.Publisher,
		Sequence: opts.Sequence, Created: opts.Created.UTC().Truncate(time.Second),
		Entries: make([]Entry, 0, 1+len(nodes)+len(files)),
	}
	m.Entries = m.Entries[:1+len(nodes)]
	var err error
	if m.Entries[0], err = encoded.site.fill(SiteName, site, lim); err != nil {
		return m, err
	}
	batch := make([]deflated, batchSize)
	for lo := 0; lo < len(order); lo += batchSize {
		hi := min(lo+batchSize, len(order))
		err := forEach(lo, hi, func(k int) error {
			n, err := opts.complete(&nodes[order[k]])
			if err != nil {
				return err
			}
			if err := checkNode(*n, r); err != nil {
				return fmt.Errorf("bundle: %w", err)
			}
			e, err := batch[k-lo].fill(nodePath(n.ID), n, lim)
			m.Entries[1+k] = e
			return err
		})
		if err != nil {
			return m, err
		}
		for k := lo; k < hi; k++ {
			if err := encoded.add(k, &batch[k-lo]); err != nil {
				return m, err
			}
		}
	}
	var total int64
	for _, f := range files {
		if f.size > lim.MaxEntryBytes {
			return m, fail(ErrLimit, "bundle: file %s is %d bytes; readers accept at most %d per file", f.sha, f.size, lim.MaxEntryBytes)
		}
		m.Entries = append(m.Entries, Entry{Path: filePath(f.sha), SHA256: f.sha, Size: f.size})
	}
	for _, e := range m.Entries {
		total += e.Size
	}
	if total > lim.MaxTotalBytes || len(m.Entries)+2 > lim.MaxEntries {
		return m, fail(ErrLimit, "bundle: the bundle would hold %d entries and %d bytes; readers accept at most %d and %d",
			len(m.Entries)+2, total, lim.MaxEntries, lim.MaxTotalBytes)
	}
	return m, nil
}

// encodeJSON is the one JSON encoding of the writer: compact, fields in
// struct order, "<" and "&" left as they are (bodies are HTML), one newline.
func encodeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// zipWriter writes entries with fixed times and our deflate level.
type zipWriter struct {
	*zip.Writer
	modified time.Time
}

// flateWriters are reused across entries: a new flate.Writer allocates about
// a megabyte, and a bundle can hold 100 000 small nodes.
var flateWriters sync.Pool

type pooledFlate struct{ fw *flate.Writer }

func (p *pooledFlate) Write(b []byte) (int, error) { return p.fw.Write(b) }
func (p *pooledFlate) Close() error {
	err := p.fw.Close()
	flateWriters.Put(p.fw)
	return err
}

// newFlate compresses at BestSpeed: level 1 resets in constant time between
// entries, where the default level clears 640 KB of hash tables for each one,
// which dominated writing 100 000 small nodes; JSON still shrinks about 4×.
func newFlate(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := flateWriters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return &pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(w, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	return &pooledFlate{fw}, nil
}

func newZipWriter(w io.Writer, modified time.Time) *zipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, newFlate)
	return &zipWriter{Writer: zw, modified: modified}
}

func (z *zipWriter) create(name string, method uint16) (io.Writer, error) {
	fh := &zip.FileHeader{Name: name, Method: method, Modified: z.modified}
	fh.SetMode(0o644)
	w, err := z.CreateHeader(fh)
	if err != nil {
		return nil, fmt.Errorf("bundle: write %s: %w", name, err)
	}
	return w, nil
}

func (z *zipWriter) add(name string, method uint16, data []byte) error {
	w, err := z.create(name, method)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("bundle: write %s: %w", name, err)
	}
	return nil
}

// writeContent writes site.json, the nodes at positions written (as the
// manifest pass encoded them) and the files, in manifest order.
func (z *zipWriter) writeContent(entries []Entry, written []int, encoded *encodedNodes, files []blobRef, blobs BlobOpener, opts WriteOptions) error {
	progress := opts.Progress
	total := len(entries)
	done := 0
	step := func() {
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	site := &encoded.site
	if err := z.addRaw(entries[0], site.crc, int64(site.json.Len()), bytes.NewReader(site.compressed.Bytes()), int64(site.compressed.Len())); err != nil {
		return err
	}
	step()
	for j, k := range written {
		at := encoded.at[k]
		if err := z.addRaw(entries[1+j], at.crc, at.size, io.NewSectionReader(encoded.f, at.off, at.compressed), at.compressed); err != nil {
			return err
		}
		step()
	}
	for _, f := range files {
		if err := z.copyBlob(f, blobs); err != nil {
			return err
		}
		step()
	}
	return nil
}

// deflated is one JSON entry, encoded and compressed, ready for
// zip.Writer.CreateRaw.
type deflated struct {
	json, compressed bytes.Buffer
	crc              uint32
}

// fill encodes v as the entry at path, within lim, compresses it and
// returns its manifest entry.
func (d *deflated) fill(path string, v any, lim Limits) (Entry, error) {
	d.json.Reset()
	d.compressed.Reset()
	if err := encodeJSON(&d.json, v); err != nil {
		return Entry{}, fmt.Errorf("bundle: encode %s: %w", path, err)
	}
	if int64(d.json.Len()) > lim.MaxJSONBytes {
		return Entry{}, fail(ErrLimit, "bundle: %s would be %d bytes; readers accept at most %d", path, d.json.Len(), lim.MaxJSONBytes)
	}
	sum := sha256.Sum256(d.json.Bytes())
	d.crc = crc32.ChecksumIEEE(d.json.Bytes())
	fw, err := newFlate(&d.compressed)
	if err == nil {
		_, err = fw.Write(d.json.Bytes())
	}
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Entry{}, fmt.Errorf("bundle: compress %s: %w", path, err)
	}
	return Entry{Path: path, SHA256: hex.EncodeToString(sum[:]), Size: int64(d.json.Len())}, nil
}

// encodedNodes keeps the nodes' compressed entries between the manifest
// pass and the zip, in a temporary file, by position in the node order,
// and site.json's in memory (one small entry).
type encodedNodes struct {
	site deflated
	f    *os.File
	name string // "" once removed
	end  int64
	at   []encodedAt
}

// encodedAt is where one node's entry lies in the file, and what its zip
// header needs.
type encodedAt struct {
	off, compressed, size int64
	crc                   uint32
}

func newEncodedNodes(dir string, nodes int) (*encodedNodes, error) {
	f, err := os.CreateTemp(dir, "bipkiosk-bundle-*")
	if err != nil {
		return nil, fmt.Errorf("bundle: keep the encoded nodes on disk: %w (give a folder with room as the temporary directory)", err)
	}
	e := &encodedNodes{f: f, name: f.Name(), at: make([]encodedAt, nodes)}
	if os.Remove(e.name) == nil {
		e.name = "" // gone with the process, even if it is killed
	}
	return e, nil
}

// add appends the entry of the node at position k.
func (e *encodedNodes) add(k int, d *deflated) error {
	n, err := e.f.Write(d.compressed.Bytes())
	if err != nil {
		return fmt.Errorf("bundle: keep the encoded nodes on disk: %w (free some space in the temporary directory)", err)
	}
	e.at[k] = encodedAt{off: e.end, compressed: int64(n), size: int64(d.json.Len()), crc: d.crc}
	e.end += int64(n)
	return nil
}

func (e *encodedNodes) close() {
	e.f.Close()
	if e.name != "" {
		os.Remove(e.name)
	}
}

// addRaw writes an entry compressed before: size bytes of JSON with crc,
// deflated into the compressed bytes of r.
func (z *zipWriter) addRaw(e Entry, crc uint32, size int64, r io.Reader, compressed int64) error {
	fh := &zip.FileHeader{
		Name: e.Path, Method: zip.Deflate, Modified: z.modified, CRC32: crc,
		CompressedSize64: uint64(compressed), UncompressedSize64: uint64(size),
	}
	fh.SetMode(0o644)
	setRawTime(fh)
	w, err := z.CreateRaw(fh)
	if err == nil {
		var n int64
		n, err = io.Copy(w, r)
		if err == nil && n != compressed {
			err = fmt.Errorf("wrote %d of its %d compressed bytes", n, compressed)
		}
	}
	if err != nil {
		return fmt.Errorf("bundle: write %s: %w", e.Path, err)
	}
	return nil
}

// setRawTime writes fh.Modified into the header fields as CreateHeader does
// and CreateRaw does not: the MS-DOS date and time, and the Info-ZIP extended
// timestamp with whole seconds, so every entry of a bundle carries the same time.
func setRawTime(fh *zip.FileHeader) {
	t := fh.Modified
	fh.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	fh.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	var extra [9]byte
	binary.LittleEndian.PutUint16(extra[0:], 0x5455) // extended timestamp
	binary.LittleEndian.PutUint16(extra[2:], 5)      // size of what follows
	extra[4] = 1                                     // flags: modification time present
	binary.LittleEndian.PutUint32(extra[5:], uint32(t.Unix()))
	fh.Extra = append(fh.Extra, extra[:]...)
}

// copyBlob streams one file into the zip through its SHA-256, reading at
// most one byte past the expected size so a grown file cannot run on.
func (z *zipWriter) copyBlob(f blobRef, blobs BlobOpener) error {
	if blobs == nil {
		return fmt.Errorf("bundle: file %s is referenced but no BlobOpener was given", f.sha)
	}
	rc, err := blobs(f.sha)
	if err != nil {
		return fmt.Errorf("bundle: open file %s: %w", f.sha, err)
	}
	defer rc.Close()
	method := zip.Deflate
	if f.store {
		method = zip.Store
	}
	w, err := z.create(filePath(f.sha), method)
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(rc, f.size+1))
	if err != nil {
		return fmt.Errorf("bundle: copy file %s: %w", f.sha, err)
	}
	if n != f.size || hex.EncodeToString(h.Sum(nil)) != f.sha {
		return fmt.Errorf("bundle: file %s changed since it was hashed (read %d bytes, want %d with that SHA-256); build the bundle again", f.sha, n, f.size)
	}
	return nil
}
