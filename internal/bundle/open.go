package bundle

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Limits bound what Open accepts, so that a hostile bundle cannot exhaust
// memory or disk. A zero field means its default.
type Limits struct {
	MaxEntries    int   // entries in the zip, manifest and signature included
	MaxEntryBytes int64 // uncompressed bytes of one entry
	MaxTotalBytes int64 // uncompressed bytes of all entries together
	MaxJSONBytes  int64 // uncompressed bytes of one JSON entry, manifest.json included
}

// DefaultLimits returns limits that fit a very large bulletin (100 000
// pages with scanned attachments) with room to spare.
func DefaultLimits() Limits {
	return Limits{
		MaxEntries:    200_000,
		MaxEntryBytes: 127 << 20, // the store keeps a file as one value in a 128 MiB value-log file
		MaxTotalBytes: 8 << 30,
		MaxJSONBytes:  64 << 20,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxEntryBytes <= 0 {
		l.MaxEntryBytes = d.MaxEntryBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = d.MaxTotalBytes
	}
	if l.MaxJSONBytes <= 0 {
		l.MaxJSONBytes = d.MaxJSONBytes
	}
	return l
}

// OpenOptions say whom to trust and how much to accept.
type OpenOptions struct {
	// Trust returns the pinned key of a publisher, or an error wrapping
	// ErrUntrusted if there is none.
	Trust  func(Publisher) (ed25519.PublicKey, error)
	Limits Limits
}

// Bundle is an opened bundle whose signature and entry list have been
// verified. Its content is verified as it is read. A Bundle is meant for one
// goroutine at a time.
type Bundle struct {
	name     string // base name of the file, the start of every error message
	f        *os.File
	size     int64
	zr       *zip.Reader
	zipFiles map[string]*zip.File
	manifest Manifest
	entries  map[string]Entry
	nodes    map[uuid.UUID]struct{}
	removed  map[uuid.UUID]struct{} // a delta's removed nodes
	key      PublicKey              // the key that signed the manifest
	pinned   ed25519.PublicKey      // the key Trust gave; differs from key after a hand-over
	lastNode uuid.UUID              // the last node entry checked, for a delta's order
	limits   Limits
	// check is how the signature was checked; only InspectUntrusted opens
	// a bundle whose signature is not SignatureTrusted, and never returns it.
	check SignatureCheck
}

// Open opens the bundle at path and verifies, in this order and without
// reading any content: that it is a zip; its entry count; every entry name
// and mode; the signature of manifest.json against the key Trust gives for
// its publisher; the format and version; that the zip and the manifest list
// the same entries with the same sizes; the limits; and the kind of every
// path. Every error's message starts with the file's base name.
func Open(path string, opts OpenOptions) (*Bundle, error) {
	return openFile(path, opts, false)
}

// openFile opens the regular file at path and verifies it with open.
func openFile(path string, opts OpenOptions, untrusted bool) (*Bundle, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot open the bundle: %w", name, err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fail(ErrUnsafe, "%s: is not a regular file", name)
	} else if err != nil {
		err = fmt.Errorf("%s: %w", name, err)
	}
	var b *Bundle
	if err == nil {
		b, err = open(f, st.Size(), name, opts, untrusted)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	b.f = f
	return b, nil
}

// open verifies the bundle in r. With untrusted, a publisher Trust does not
// know is not refused: the signature is checked against the key the
// bundle's key_rotation hands over to, if any, or not at all (b.check says
// which), and everything else is checked as usual.
func open(r io.ReaderAt, size int64, name string, opts OpenOptions, untrusted bool) (*Bundle, error) {
	b := &Bundle{name: name, size: size, limits: opts.Limits.withDefaults()}
	if err := b.openZip(r, size); err != nil {
		return nil, err
	}
	if err := b.checkNames(); err != nil {
		return nil, err
	}
	raw, head, err := b.verifySignature(opts.Trust, untrusted)
	if err != nil {
		return nil, err
	}
	if err := b.parseManifest(raw, head); err != nil {
		return nil, err
	}
	if err := b.checkEntries(); err != nil {
		return nil, err
	}
	return b, nil
}

// failf builds an error of kind whose message starts with the bundle's name.
func (b *Bundle) failf(kind error, format string, args ...any) error {
	return fail(kind, "%s: "+format, append([]any{b.name}, args...)...)
}

// openZip counts the central directory's entries before archive/zip reads
// it, so a directory of millions of entries is refused without being parsed
// into memory, whatever count the end record declares.
func (b *Bundle) openZip(r io.ReaderAt, size int64) error {
	n, err := entryCount(r, size, b.limits.MaxEntries)
	if err != nil {
		return b.failf(ErrFormat, "is not a zip archive; a bundle is the .zip file that \"bipkiosk bundle build\" writes")
	}
	if n > uint64(b.limits.MaxEntries) {
		return b.failf(ErrLimit, "holds %d entries; the limit is %d", n, b.limits.MaxEntries)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are checked below, more strictly
		return b.failf(ErrFormat, "is not a valid zip archive: %w", err)
	}
	if len(zr.File) > b.limits.MaxEntries {
		return b.failf(ErrLimit, "holds %d entries; the limit is %d", len(zr.File), b.limits.MaxEntries)
	}
	b.zr = zr
	return nil
}

// checkNames refuses any entry that could escape a directory or be
// anything but a plain file, whether or not anyone would extract it.
func (b *Bundle) checkNames() error {
	b.zipFiles = make(map[string]*zip.File, len(b.zr.File))
	for _, f := range b.zr.File {
		if why := unsafeName(f.Name); why != "" {
			return b.failf(ErrUnsafe, "entry %q %s; refusing the bundle", f.Name, why)
		}
		if t := f.Mode().Type(); t != 0 {
			return b.failf(ErrUnsafe, "entry %q is a %s, not a regular file; refusing the bundle", f.Name, modeName(t))
		}
		if _, dup := b.zipFiles[f.Name]; dup {
			return b.failf(ErrUnsafe, "entry %q appears twice; refusing the bundle", f.Name)
		}
		if f.Flags&0x1 != 0 {
			return b.failf(ErrFormat, "entry %q is encrypted; bundles are signed, not encrypted", f.Name)
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return b.failf(ErrFormat, "entry %q uses compression method %d; bundles use only Store (0) and Deflate (8)", f.Name, f.Method)
		}
		b.zipFiles[f.Name] = f
	}
	return nil
}

// unsafeName says what is wrong with an entry name, or "" if nothing is.
func unsafeName(name string) string {
	switch {
	case name == "":
		return "has an empty name"
	case !utf8.ValidString(name):
		return "is not valid UTF-8"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "holds a control character"
	case strings.HasPrefix(name, "/"):
		return "is an absolute path"
	case strings.Contains(name, `\`):
		return "holds a backslash"
	case len(name) >= 2 && name[1] == ':':
		return "starts with a drive letter"
	}
	for _, seg := range strings.Split(name, "/") {
		switch seg {
		case "":
			return "has an empty path segment"
		case ".", "..":
			return "has a " + seg + " path segment"
		}
	}
	return ""
}

func modeName(t os.FileMode) string {
	switch {
	case t&os.ModeSymlink != 0:
		return "symbolic link"
	case t&os.ModeDir != 0:
		return "directory"
	default:
		return "special file (" + t.String() + ")"
	}
}

// manifestHeader is the part of the manifest read before the signature is
// checked: the publisher, to find the key, and the format, which is acted on
// only once the signature holds.
type manifestHeader struct {
	Format      string       `json:"format"`
	Version     int          `json:"version"`
	Publisher   Publisher    `json:"publisher"`
	KeyRotation *KeyRotation `json:"key_rotation"`
}

// verifySignature returns the exact bytes of manifest.json and its header
// once they verify.
func (b *Bundle) verifySignature(trust func(Publisher) (ed25519.PublicKey, error), untrusted bool) ([]byte, manifestHeader, error) {
	raw, err := b.readSmall(ManifestName, b.limits.MaxJSONBytes, ErrFormat)
	if err != nil {
		return nil, manifestHeader{}, err
	}
	sigText, err := b.readSmall(SignatureName, maxSignatureBytes, ErrSignature)
	if err != nil {
		return nil, manifestHeader{}, err
	}
	sig, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(sigText)))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, manifestHeader{}, b.failf(ErrSignature, "%s is not a base64 Ed25519 signature", SignatureName)
	}
	var h manifestHeader
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, manifestHeader{}, b.failf(ErrCorrupt, "%s is not valid JSON: %w", ManifestName, err)
	}
	if h.Publisher.ID == uuid.Nil {
		return nil, manifestHeader{}, b.failf(ErrFormat, "%s names no publisher id", ManifestName)
	}
	if trust == nil {
		trust = TrustKeys()
	}
	key, err := trust(h.Publisher)
	switch {
	case untrusted && errors.Is(err, ErrUntrusted):
		return b.verifyUntrusted(raw, sig, h)
	case err == ErrUntrusted: // the plain sentinel adds nothing to the sentence
		return nil, manifestHeader{}, fail(ErrUntrusted, "%s: publisher %s is not trusted; run \"bipkiosk trust PUBLISHER.pub\" with the key file the publisher gave you", b.name, h.Publisher)
	case errors.Is(err, ErrUntrusted):
		return nil, manifestHeader{}, fail(ErrUntrusted, "%s: publisher %s is not trusted; run \"bipkiosk trust PUBLISHER.pub\" with the key file the publisher gave you: %w", b.name, h.Publisher, err)
	case err != nil:
		return nil, manifestHeader{}, fmt.Errorf("%s: looking up the key of publisher %s: %w", b.name, h.Publisher, err)
	case len(key) != ed25519.PublicKeySize:
		return nil, manifestHeader{}, fail(ErrUntrusted, "%s: the trusted key of publisher %s is not an Ed25519 public key; trust the publisher's .pub file again", b.name, h.Publisher)
	}
	signer, err := b.signerKey(h, key)
	if err != nil {
		return nil, manifestHeader{}, err
	}
	if !ed25519.Verify(signer, raw, sig) {
		if h.KeyRotation != nil {
			return nil, manifestHeader{}, b.failf(ErrSignature, "signature does not match the key that the key_rotation of publisher %s hands over to; the bundle was altered or signed with another key", h.Publisher)
		}
		return nil, manifestHeader{}, b.failf(ErrSignature, "signature does not match the trusted key for publisher %s; the bundle was altered or signed with another key", h.Publisher)
	}
	b.key = PublicKey{Publisher: h.Publisher, Key: signer}
	b.pinned = key
	return raw, h, nil
}

// verifyUntrusted checks what can be checked of a signature without a
// trusted key: with a key_rotation, that the hand-over verifies and that the
// key it hands over to signed the manifest (SignatureUntrusted); without
// one, only that the signature is well-formed (SignatureNotChecked).
func (b *Bundle) verifyUntrusted(raw, sig []byte, h manifestHeader) ([]byte, manifestHeader, error) {
	b.key = PublicKey{Publisher: h.Publisher}
	b.check = SignatureNotChecked
	if h.KeyRotation == nil {
		return raw, h, nil
	}
	old, next, err := h.KeyRotation.verify(h.Publisher.ID)
	if err != nil {
		return nil, manifestHeader{}, b.failf(ErrSignature, "%s has a key_rotation that is refused: %w", ManifestName, err)
	}
	if !ed25519.Verify(next, raw, sig) {
		return nil, manifestHeader{}, b.failf(ErrSignature, "signature does not match the key that the key_rotation of publisher %s hands over to; the bundle was altered or signed with another key", h.Publisher)
	}
	b.key.Key, b.pinned, b.check = next, old, SignatureUntrusted
	return raw, h, nil
}

// signerKey returns the key that must have signed the manifest: the pinned
// key, or the key a key_rotation signed by the pinned key hands over to.
// The hand-over is read from bytes not yet verified, so it is acted on only
// after its own signature holds, and the manifest's signature is then
// checked against the new key.
func (b *Bundle) signerKey(h manifestHeader, pinned ed25519.PublicKey) (ed25519.PublicKey, error) {
	if h.KeyRotation == nil {
		return pinned, nil
	}
	old, next, err := h.KeyRotation.verify(h.Publisher.ID)
	if err != nil {
		return nil, b.failf(ErrSignature, "%s has a key_rotation that is refused: %w", ManifestName, err)
	}
	switch {
	case bytes.Equal(next, pinned): // the reader already pins the new key
		return pinned, nil
	case !bytes.Equal(old, pinned):
		return nil, b.failf(ErrSignature, "%s hands over from key %s, which is not the trusted key %s of publisher %s; trust the publisher's new key with \"bipkiosk trust PUBLISHER.pub\" if the publisher confirms it",
			ManifestName, PublicKey{Key: old}.Fingerprint(), PublicKey{Key: pinned}.Fingerprint(), h.Publisher)
	}
	return next, nil
}

// readSmall reads a whole metadata entry, which must be present and at most
// max bytes; its bytes are checked by the zip CRC only, as the manifest
// cannot list itself.
func (b *Bundle) readSmall(name string, max int64, missing error) ([]byte, error) {
	f := b.zipFiles[name]
	if f == nil {
		return nil, b.failf(missing, "has no %s; it is not a bipkiosk bundle or it is damaged", name)
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, b.failf(ErrLimit, "%s is %d bytes; the limit is %d", name, f.UncompressedSize64, max)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, b.failf(ErrCorrupt, "%s cannot be read: %w", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err == nil && int64(len(data)) > max {
		err = errors.New("longer than its header says")
	}
	if err != nil {
		return nil, b.failf(ErrCorrupt, "%s is damaged: %w", name, err)
	}
	return data, nil
}

// parseManifest decodes the verified manifest strictly and checks what it
// says about itself.
func (b *Bundle) parseManifest(raw []byte, head manifestHeader) error {
	if head.Format != FormatName {
		return b.failf(ErrFormat, "has format %q, want %q", head.Format, FormatName)
	}
	if head.Version != Version && head.Version != VersionWithoutPages {
		return b.failf(ErrFormat, "is bundle format version %d; this bipkiosk reads versions %d and %d, so update bipkiosk", head.Version, VersionWithoutPages, Version)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return b.failf(ErrFormat, "%s does not follow format version %d: %w", ManifestName, head.Version, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return b.failf(ErrCorrupt, "%s has data after its JSON object", ManifestName)
	}
	switch {
	case m.Sequence == 0:
		return b.failf(ErrFormat, "%s has sequence 0; sequences start at 1", ManifestName)
	case m.Created.IsZero():
		return b.failf(ErrFormat, "%s has no created time", ManifestName)
	case m.BaseSequence >= m.Sequence:
		return b.failf(ErrFormat, "is a delta on sequence %d but has sequence %d; a delta applies to an earlier sequence", m.BaseSequence, m.Sequence)
	case m.BaseSequence == 0 && len(m.Removed) > 0:
		return b.failf(ErrFormat, "%s lists removed nodes but has no base_sequence; only a delta bundle removes nodes", ManifestName)
	case m.KeyRotation != nil && m.KeyRotation.FromSequence > m.Sequence:
		return b.failf(ErrSignature, "%s has a key_rotation that holds from sequence %d, after this bundle's sequence %d", ManifestName, m.KeyRotation.FromSequence, m.Sequence)
	}
	b.removed = make(map[uuid.UUID]struct{}, len(m.Removed))
	for _, id := range m.Removed {
		if _, dup := b.removed[id]; dup || id == uuid.Nil {
			return b.failf(ErrCorrupt, "%s lists removed node %s twice or a nil id", ManifestName, id)
		}
		b.removed[id] = struct{}{}
	}
	b.manifest = m
	return nil
}

// checkEntries matches the manifest against the zip directory: the same
// entries, the same sizes, known kinds, within the limits.
func (b *Bundle) checkEntries() error {
	b.entries = make(map[string]Entry, len(b.manifest.Entries))
	b.nodes = make(map[uuid.UUID]struct{})
	for _, e := range b.manifest.Entries {
		if _, dup := b.entries[e.Path]; dup {
			return b.failf(ErrCorrupt, "%s lists %q twice", ManifestName, e.Path)
		}
		b.entries[e.Path] = e
	}
	for _, f := range b.zr.File {
		if _, ok := b.entries[f.Name]; !ok && f.Name != ManifestName && f.Name != SignatureName {
			return b.failf(ErrUnsafe, "holds entry %q, which %s does not list; refusing the bundle", f.Name, ManifestName)
		}
	}
	var total int64
	sites := 0
	for _, e := range b.manifest.Entries {
		if err := b.checkEntry(e); err != nil {
			return err
		}
		kind, id := classify(e.Path)
		switch kind {
		case kindSite:
			sites++
		case kindNode:
			if err := b.checkDeltaNode(id); err != nil {
				return err
			}
			b.nodes[id] = struct{}{}
		}
		total += e.Size
		if total > b.limits.MaxTotalBytes {
			return b.failf(ErrLimit, "expands to more than %d bytes, the limit", b.limits.MaxTotalBytes)
		}
	}
	if sites != 1 {
		return b.failf(ErrCorrupt, "has no %s", SiteName)
	}
	return nil
}

// checkDeltaNode refuses, in a delta, a node that is also listed as
// removed, or one listed out of id order: an importer merges a delta with
// the installed nodes in one ordered pass, as the full bundle would be read.
func (b *Bundle) checkDeltaNode(id uuid.UUID) error {
	if b.manifest.BaseSequence == 0 {
		return nil
	}
	if _, gone := b.removed[id]; gone {
		return b.failf(ErrCorrupt, "%s lists node %s both as removed and as an entry", ManifestName, id)
	}
	if b.lastNode != uuid.Nil && bytes.Compare(id[:], b.lastNode[:]) <= 0 {
		return b.failf(ErrFormat, "is a delta whose node entries are not in ascending id order (%s after %s); a delta lists its nodes in id order", id, b.lastNode)
	}
	b.lastNode = id
	return nil
}

func (b *Bundle) checkEntry(e Entry) error {
	f := b.zipFiles[e.Path]
	if f == nil {
		return b.failf(ErrCorrupt, "%s lists %q but the archive has no such entry", ManifestName, e.Path)
	}
	kind, _ := classify(e.Path)
	switch {
	case kind == kindOther:
		return b.failf(ErrUnsafe, "entry %q is not site.json, nodes/<uuid>.json or files/<sha256>; refusing the bundle", e.Path)
	case !isSHA256(e.SHA256):
		return b.failf(ErrFormat, "%s: sha256 of %q is not 64 lowercase hex digits", ManifestName, e.Path)
	case kind == kindFile && e.SHA256 != e.Path[len(filesDir):]:
		return b.failf(ErrCorrupt, "%s: %q is listed with sha256 %s; a file's name is its SHA-256", ManifestName, e.Path, e.SHA256)
	case e.Size < 0 || uint64(e.Size) != f.UncompressedSize64:
		return b.failf(ErrCorrupt, "%q is %d bytes in the archive but %d in %s", e.Path, f.UncompressedSize64, e.Size, ManifestName)
	case f.Method == zip.Store && f.CompressedSize64 != f.UncompressedSize64:
		return b.failf(ErrCorrupt, "%q is stored uncompressed but its sizes differ (%d and %d)", e.Path, f.CompressedSize64, f.UncompressedSize64)
	case e.Size > b.limits.MaxEntryBytes:
		return b.failf(ErrLimit, "%q is %d bytes; the limit is %d per entry", e.Path, e.Size, b.limits.MaxEntryBytes)
	case kind != kindFile && e.Size > b.limits.MaxJSONBytes:
		return b.failf(ErrLimit, "%q is %d bytes; the limit is %d per JSON entry", e.Path, e.Size, b.limits.MaxJSONBytes)
	}
	return nil
}

// directoryEnd is what the zip's end records say of its central directory.
type directoryEnd struct {
	count          uint64 // entries, as declared
	size, offset   uint64 // of the central directory, as declared
	endRecordStart int64  // where the (zip64) end record starts
}

// readDirectoryEnd reads the zip's end of central directory record,
// following the zip64 locator when the 16-bit fields are full.
func readDirectoryEnd(r io.ReaderAt, size int64) (directoryEnd, error) {
	const endLen, locLen, end64Len = 22, 20, 56
	errNotZip := errors.New("no end of central directory record")
	tail := min(size, endLen+0xffff) // the record and the longest comment
	if tail < endLen || size < end64Len {
		return directoryEnd{}, errNotZip
	}
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && err != io.EOF {
		return directoryEnd{}, err
	}
	i := bytes.LastIndex(buf[:len(buf)-endLen+4], []byte("PK\x05\x06"))
	if i < 0 {
		return directoryEnd{}, errNotZip
	}
	d := directoryEnd{
		count:          uint64(binary.LittleEndian.Uint16(buf[i+10:])),
		size:           uint64(binary.LittleEndian.Uint32(buf[i+12:])),
		offset:         uint64(binary.LittleEndian.Uint32(buf[i+16:])),
		endRecordStart: size - tail + int64(i),
	}
	if d.count != 0xffff && d.size != 0xffffffff && d.offset != 0xffffffff {
		return d, nil
	}
	loc := make([]byte, locLen)
	locAt := d.endRecordStart - locLen
	if locAt < 0 {
		return directoryEnd{}, errNotZip
	}
	if _, err := r.ReadAt(loc, locAt); err != nil || string(loc[:4]) != "PK\x06\x07" {
		return directoryEnd{}, errNotZip
	}
	at := binary.LittleEndian.Uint64(loc[8:])
	if at > uint64(size-end64Len) {
		return directoryEnd{}, errNotZip
	}
	rec := make([]byte, end64Len)
	if _, err := r.ReadAt(rec, int64(at)); err != nil || string(rec[:4]) != "PK\x06\x06" {
		return directoryEnd{}, errNotZip
	}
	d.count = binary.LittleEndian.Uint64(rec[32:])
	d.size = binary.LittleEndian.Uint64(rec[40:])
	d.offset = binary.LittleEndian.Uint64(rec[48:])
	d.endRecordStart = int64(at)
	return d, nil
}

// entryCount returns how many entries archive/zip would read. archive/zip
// reads central directory headers until one is malformed and checks the
// declared count only modulo 65536, so the declared count alone can lie:
// the headers are counted here, from every place archive/zip may start
// (with and without the offset of data prepended to the archive), without
// allocating, and counting stops past limit.
func entryCount(r io.ReaderAt, size int64, limit int) (uint64, error) {
	d, err := readDirectoryEnd(r, size)
	if err != nil {
		return 0, err
	}
	if d.size > uint64(size) || d.offset > uint64(size) {
		return 0, errors.New("central directory outside the file")
	}
	n := countHeaders(r, size, int64(d.offset), limit)
	if base := d.endRecordStart - int64(d.size) - int64(d.offset); base > 0 {
		n = max(n, countHeaders(r, size, base+int64(d.offset), limit))
	}
	return max(n, d.count), nil
}

// countHeaders counts well-formed central directory headers from offset,
// stopping at the first that is not one or once the count passes limit.
func countHeaders(r io.ReaderAt, size, offset int64, limit int) uint64 {
	if offset < 0 || offset >= size {
		return 0
	}
	const headerLen = 46
	br := bufio.NewReaderSize(io.NewSectionReader(r, offset, size-offset), 64<<10)
	var h [headerLen]byte
	var n uint64
	for n <= uint64(limit) {
		if _, err := io.ReadFull(br, h[:]); err != nil || string(h[:4]) != "PK\x01\x02" {
			break
		}
		n++
		skip := int(binary.LittleEndian.Uint16(h[28:])) + int(binary.LittleEndian.Uint16(h[30:])) + int(binary.LittleEndian.Uint16(h[32:]))
		if _, err := br.Discard(skip); err != nil {
			break
		}
	}
	return n
}
