package store

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Every key of the store is built and parsed here, so this file is the one
// place that documents the layout.
//
// Notation: "x" is a literal byte or string, <gen> the generation number as an
// 8-byte big-endian uint64, <id> a node or publisher UUID as its 16 raw bytes,
// <sha> a SHA-256 as its 32 raw bytes, <time> a 12-byte time (see putTime).
// Integers are big-endian and fixed width so that byte order is numeric order.
// A value shown as JSON inside a generation (and the site) is stored as a
// zstd frame when that is smaller (schema 2, codec.go); readers tell the two
// apart by the frame's magic bytes, so schema-1 values read unchanged.
//
// Top-level prefixes:
//
//	meta/…   bookkeeping: schema version, current generation, generation records
//	g<gen>…  content of one generation; DropPrefix(g<gen>) removes all of it
//	b<sha>   blob bytes, shared by every generation that refers to them
//	v<id>    this terminal's own visit count for a node (outside generations)
//	k<id>    a trusted publisher key (outside generations)
//	o<name>  a per-installation setting (outside generations)
//
// Inside a generation, the byte after g<gen> says what the record is:
//
//	i site, n node, s summary, c child, h has-children, a attachment,
//	x change, p most visited, u recently changed, r blob reference,
//	e extension (a derived index such as search, see extension.go),
//	f fragment (a part of a node's page a reader rendered, see fragment.go)
const (
	prefixGen     = 'g'
	prefixBlob    = 'b'
	prefixVisit   = 'v'
	prefixTrust   = 'k'
	prefixSetting = 'o'

	kindSite        = 'i'
	kindNode        = 'n'
	kindSummary     = 's'
	kindChild       = 'c'
	kindHasChildren = 'h'
	kindAttachment  = 'a'
	kindChange      = 'x'
	kindPopular     = 'p'
	kindRecent      = 'u'
	kindRef         = 'r'
	kindExtension   = 'e'
	kindFragment    = 'f'
)

// titleKeyLen bounds the part of a title or path copied into a sort key; ties
// beyond it fall back to the node id, which keeps keys short.
const titleKeyLen = 64

// pathKeyLen bounds the part of a node path copied into an attachment sort key.
const pathKeyLen = 160

// timeLen is the width of a time inside a key.
const timeLen = 12

// schemaKey holds the schema version of the whole store as a 4-byte uint32.
//
//	meta/schema → uint32
func schemaKey() []byte { return []byte("meta/schema") }

// currentKey holds the number of the current (complete, visible) generation.
//
//	meta/current → uint64
func currentKey() []byte { return []byte("meta/current") }

// nextGenKey holds the number the next import will use, so numbers are never reused.
//
//	meta/next → uint64
func nextGenKey() []byte { return []byte("meta/next") }

// genRecordPrefix is the prefix of all generation records.
//
//	meta/gen/
func genRecordPrefix() []byte { return []byte("meta/gen/") }

// genRecordKey holds a generation's record: its state (writing, complete,
// sweeping), edition, import time and counts, as JSON.
//
//	meta/gen/<gen> → JSON genRecord
func genRecordKey(gen uint64) []byte {
	return binary.BigEndian.AppendUint64(genRecordPrefix(), gen)
}

// parseGenRecordKey returns the generation number of a generation record key.
func parseGenRecordKey(k []byte) (uint64, error) {
	p := genRecordPrefix()
	if len(k) != len(p)+8 || !bytes.HasPrefix(k, p) {
		return 0, fmt.Errorf("store: malformed generation record key %q", k)
	}
	return binary.BigEndian.Uint64(k[len(p):]), nil
}

// genPrefix is the prefix of every content key of one generation.
//
//	g<gen>
func genPrefix(gen uint64) []byte {
	k := make([]byte, 0, 64)
	k = append(k, prefixGen)
	return binary.BigEndian.AppendUint64(k, gen)
}

// genKindPrefix is the prefix of one kind of record in one generation.
//
//	g<gen><kind>
func genKindPrefix(gen uint64, kind byte) []byte {
	return append(genPrefix(gen), kind)
}

// siteKey holds the generation's site.
//
//	g<gen>i → JSON content.Site
func siteKey(gen uint64) []byte { return genKindPrefix(gen, kindSite) }

// nodeKey holds one whole node.
//
//	g<gen>n<id> → JSON content.Node
func nodeKey(gen uint64, id uuid.UUID) []byte {
	return append(genKindPrefix(gen, kindNode), id[:]...)
}

// summaryKey holds the short form of a node used by menus and lists.
//
//	g<gen>s<id> → JSON summary
func summaryKey(gen uint64, id uuid.UUID) []byte {
	return append(genKindPrefix(gen, kindSummary), id[:]...)
}

// childPrefix is the prefix of the children of one parent (uuid.Nil for the
// top level), which iterate in menu order.
//
//	g<gen>c<parent>
func childPrefix(gen uint64, parent uuid.UUID) []byte {
	return append(genKindPrefix(gen, kindChild), parent[:]...)
}

// childKey lists a node under its parent in menu order: by order, then by the
// Polish collation key of the title's first titleKeyLen bytes, then by id. The value repeats the
// summary so that a menu is one prefix scan.
//
//	g<gen>c<parent><order:8, sign bit flipped><title…><0x00><id> → JSON summary
func childKey(gen uint64, parent uuid.UUID, order int, title string, id uuid.UUID) []byte {
	k := childPrefix(gen, parent)
	k = binary.BigEndian.AppendUint64(k, uint64(int64(order))^(1<<63))
	k = append(k, titleSortKey(title)...)
	k = append(k, 0)
	return append(k, id[:]...)
}

// parseChildKey returns the order and id of a child key.
func parseChildKey(k []byte) (order int, id uuid.UUID, err error) {
	head := 1 + 8 + 1 + 16
	if len(k) < head+8+1+16 {
		return 0, uuid.Nil, fmt.Errorf("store: malformed child key %x", k)
	}
	order = int(int64(binary.BigEndian.Uint64(k[head:]) ^ (1 << 63)))
	copy(id[:], k[len(k)-16:])
	return order, id, nil
}

// hasChildrenKey marks a node that is the parent of at least one node, so a
// menu can show its disclosure control without scanning.
//
//	g<gen>h<id> → empty
func hasChildrenKey(gen uint64, id uuid.UUID) []byte {
	return append(genKindPrefix(gen, kindHasChildren), id[:]...)
}

// attachmentKey lists every attachment ordered by its node's path, then its
// title, then the node id and its position among the node's attachments.
//
//	g<gen>a<path…><0x00><title…><0x00><id><index:4> → JSON content.Attachment
func attachmentKey(gen uint64, path, title string, id uuid.UUID, index int) []byte {
	k := genKindPrefix(gen, kindAttachment)
	k = append(k, clip(path, pathKeyLen)...)
	k = append(k, 0)
	k = append(k, clip(title, titleKeyLen)...)
	k = append(k, 0)
	k = append(k, id[:]...)
	return binary.BigEndian.AppendUint32(k, uint32(index))
}

// parseAttachmentKey returns the node id and attachment index of an attachment key.
func parseAttachmentKey(k []byte) (id uuid.UUID, index int, err error) {
	if len(k) < 10+2+16+4 {
		return uuid.Nil, 0, fmt.Errorf("store: malformed attachment key %x", k)
	}
	copy(id[:], k[len(k)-20:len(k)-4])
	return id, int(binary.BigEndian.Uint32(k[len(k)-4:])), nil
}

// changeKey lists every change of the bulletin, newest first: the time is
// stored inverted, then the node id and the change's index in its History.
//
//	g<gen>x<^time><id><index:4> → JSON storedChange (the change without its previous body)
func changeKey(gen uint64, at time.Time, id uuid.UUID, index int) []byte {
	k := changeTimeKey(gen, at)
	k = append(k, id[:]...)
	return binary.BigEndian.AppendUint32(k, uint32(index))
}

// changeTimeKey is the part of a change key up to and including its time, the
// place to seek to for "changes at or before at".
//
//	g<gen>x<^time>
func changeTimeKey(gen uint64, at time.Time) []byte {
	return putTimeInverted(genKindPrefix(gen, kindChange), at)
}

// parseChangeKey returns the time, node id and history index of a change key.
func parseChangeKey(k []byte) (at time.Time, id uuid.UUID, index int, err error) {
	if len(k) != 10+timeLen+16+4 {
		return time.Time{}, uuid.Nil, 0, fmt.Errorf("store: malformed change key %x", k)
	}
	at = getTimeInverted(k[10:])
	copy(id[:], k[10+timeLen:])
	return at, id, int(binary.BigEndian.Uint32(k[10+timeLen+16:])), nil
}

// popularKey lists articles by published visit count, most first.
//
//	g<gen>p<^visits:8><id> → empty
func popularKey(gen uint64, visits int64, id uuid.UUID) []byte {
	k := genKindPrefix(gen, kindPopular)
	k = binary.BigEndian.AppendUint64(k, ^(uint64(visits) ^ (1 << 63)))
	return append(k, id[:]...)
}

// recentKey lists articles by content.Node.LastChange, newest first.
//
//	g<gen>u<^time><id> → empty
func recentKey(gen uint64, at time.Time, id uuid.UUID) []byte {
	k := putTimeInverted(genKindPrefix(gen, kindRecent), at)
	return append(k, id[:]...)
}

// parseTrailingID returns the id that ends a popular or recent key.
func parseTrailingID(k []byte) (uuid.UUID, error) {
	var id uuid.UUID
	if len(k) < 10+16 {
		return id, fmt.Errorf("store: malformed index key %x", k)
	}
	copy(id[:], k[len(k)-16:])
	return id, nil
}

// refKey records that a generation refers to a blob, so the blob sweep knows
// which blobs the kept generations still need.
//
//	g<gen>r<sha> → empty
func refKey(gen uint64, sha [32]byte) []byte {
	return append(genKindPrefix(gen, kindRef), sha[:]...)
}

// parseRefKey returns the SHA-256 of a reference key.
func parseRefKey(k []byte) ([32]byte, error) {
	var sha [32]byte
	if len(k) != 10+32 {
		return sha, fmt.Errorf("store: malformed blob reference key %x", k)
	}
	copy(sha[:], k[10:])
	return sha, nil
}

// extensionPrefix is the prefix of every key an Indexer wrote for one
// generation; the indexer's own key follows it.
//
//	g<gen>e<name><0x00><key…> → bytes
func extensionPrefix(gen uint64, name string) []byte {
	k := append(genKindPrefix(gen, kindExtension), name...)
	return append(k, 0)
}

// blobKey holds the bytes of one attachment or logo, content-addressed.
//
//	b<sha> → bytes
func blobKey(sha [32]byte) []byte {
	return append([]byte{prefixBlob}, sha[:]...)
}

// parseBlobKey returns the SHA-256 of a blob key.
func parseBlobKey(k []byte) ([32]byte, error) {
	var sha [32]byte
	if len(k) != 1+32 || k[0] != prefixBlob {
		return sha, fmt.Errorf("store: malformed blob key %x", k)
	}
	copy(sha[:], k[1:])
	return sha, nil
}

// visitKey holds this terminal's own page-view count of a node.
//
//	v<id> → uint64
func visitKey(id uuid.UUID) []byte {
	return append([]byte{prefixVisit}, id[:]...)
}

// parseVisitKey returns the node id of a visit key.
func parseVisitKey(k []byte) (uuid.UUID, error) {
	var id uuid.UUID
	if len(k) != 1+16 || k[0] != prefixVisit {
		return id, fmt.Errorf("store: malformed visit key %x", k)
	}
	copy(id[:], k[1:])
	return id, nil
}

// trustKey holds a trusted publisher key.
//
//	k<publisher id> → JSON TrustedKey
func trustKey(publisher uuid.UUID) []byte {
	return append([]byte{prefixTrust}, publisher[:]...)
}

// settingKey holds one per-installation setting.
//
//	o<name> → bytes
func settingKey(name string) []byte {
	return append([]byte{prefixSetting}, name...)
}

// putTimeInverted appends t so that later times sort first: seconds since the
// Unix epoch with the sign bit flipped (8 bytes) and nanoseconds (4 bytes),
// every bit inverted. Unix seconds, not UnixNano, so any time.Time fits.
func putTimeInverted(k []byte, t time.Time) []byte {
	k = binary.BigEndian.AppendUint64(k, ^(uint64(t.Unix()) ^ (1 << 63)))
	return binary.BigEndian.AppendUint32(k, ^uint32(t.Nanosecond()))
}

// getTimeInverted reads a time written by putTimeInverted, in UTC.
func getTimeInverted(b []byte) time.Time {
	sec := int64(^binary.BigEndian.Uint64(b) ^ (1 << 63))
	nsec := int64(^binary.BigEndian.Uint32(b[8:]))
	return time.Unix(sec, nsec).UTC()
}

// parseSHA256 turns a lowercase hex SHA-256 into its raw bytes.
func parseSHA256(s string) ([32]byte, error) {
	var sha [32]byte
	if len(s) != 64 {
		return sha, fmt.Errorf("store: %q is not a SHA-256 (want 64 hex digits)", s)
	}
	if _, err := hex.Decode(sha[:], []byte(s)); err != nil {
		return sha, fmt.Errorf("store: %q is not a SHA-256: %w", s, err)
	}
	return sha, nil
}

// clip returns at most n bytes of s, without NUL bytes (the key separator).
func clip(s string, n int) []byte {
	b := []byte(s)
	if len(b) > n {
		b = b[:n]
	}
	return bytes.ReplaceAll(b, []byte{0}, nil)
}

// u64 encodes a uint64 value.
func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// getU64 decodes a value written by u64.
func getU64(b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("store: malformed counter value %x (want 8 bytes)", b)
	}
	return binary.BigEndian.Uint64(b), nil
}

// fragmentKey holds one fragment of a node's page, named by the reader that
// rendered it.
//
//	g<gen>f<id><name> → bytes
func fragmentKey(gen uint64, id uuid.UUID, name string) []byte {
	return append(append(genKindPrefix(gen, kindFragment), id[:]...), name...)
}
