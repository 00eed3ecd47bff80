package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/google/uuid"
)

// The index's keys, inside the store's extension key space "search" of one
// generation (store.Reader.Extension):
//
//	v            → format version (1 byte)
//	t            → doc table: count:4, then per doc <id:16><parent:4><kind:1><attachment:2><day:4>
//	d            → dictionary of folded surface forms: per form <len uvarint><form><df uvarint>, sorted
//	s<stem>      → postings of a stem: <df> then per doc <Δdoc><impact><forms>
//	p<stem>      → positions of the same documents, in the same order: per doc <npos><Δpos…>
//	a<doc:4>     → extracted text of an attachment document, for snippets
//
// Integers in postings are uvarints. An impact is the document's BM25F term
// weight (boosted, length-normalised term frequency) times impactScale,
// shifted left by one, with the low bit set when the stem is in the title: a
// query needs no document lengths. forms is a 16-bit mask of the surface forms
// of the stem the document uses (formBit), so one list per stem serves exact
// and inflected matches. Positions count words across the fields, with gaps
// between fields; they are kept apart because only phrases need them.
const (
	keyVersion      = "v"
	keyDocs         = "t"
	keyDict         = "d"
	prefixStem      = 's'
	prefixPositions = 'p'
	prefixAttText   = 'a'
)

// formatVersion changes whenever the layout above does; a Searcher treats an
// index of another version as absent and falls back.
const formatVersion = 3

// impactScale turns a float term weight into an integer impact.
const impactScale = 64

// noParent marks a document at the top level.
const noParent = math.MaxUint32

// noDay marks a document without a date.
const noDay = math.MinInt32

// Kind says what a search result is.
type Kind uint8

// The kinds of result.
const (
	KindPage       Kind = 1 // an article, a section with text, or a link
	KindAttachment Kind = 2 // a file published with a page
)

// docInfo is one row of the doc table.
type docInfo struct {
	id     uuid.UUID
	parent uint32 // doc number of the parent page, noParent at the top
	kind   Kind
	att    uint16 // index among the node's attachments, for KindAttachment
	day    int32  // days since 1970-01-01 of the publication date, or noDay
}

const docRowLen = 16 + 4 + 1 + 2 + 4

func encodeDocs(docs []docInfo) []byte {
	out := make([]byte, 4, 4+len(docs)*docRowLen)
	binary.BigEndian.PutUint32(out, uint32(len(docs)))
	for _, d := range docs {
		out = append(out, d.id[:]...)
		out = binary.BigEndian.AppendUint32(out, d.parent)
		out = append(out, byte(d.kind))
		out = binary.BigEndian.AppendUint16(out, d.att)
		out = binary.BigEndian.AppendUint32(out, uint32(d.day))
	}
	return out
}

var errCorrupt = errors.New("search: index is damaged; import the bulletin again to rebuild it")

func decodeDocs(b []byte) ([]docInfo, error) {
	if len(b) < 4 {
		return nil, fmt.Errorf("%w: doc table of %d bytes", errCorrupt, len(b))
	}
	n := int(binary.BigEndian.Uint32(b))
	b = b[4:]
	if len(b) != n*docRowLen {
		return nil, fmt.Errorf("%w: doc table holds %d bytes for %d documents", errCorrupt, len(b), n)
	}
	docs := make([]docInfo, n)
	for i := range docs {
		r := b[i*docRowLen:]
		copy(docs[i].id[:], r[:16])
		docs[i].parent = binary.BigEndian.Uint32(r[16:])
		docs[i].kind = Kind(r[20])
		docs[i].att = binary.BigEndian.Uint16(r[21:])
		docs[i].day = int32(binary.BigEndian.Uint32(r[23:]))
	}
	return docs, nil
}

// posting is one document of a postings list.
type posting struct {
	doc    uint32
	impact uint32
	forms  uint16
	pos    []uint32
}

// decodePostings reads a postings list.
func decodePostings(b []byte, fn func(p posting)) error {
	df, n := binary.Uvarint(b)
	if n <= 0 {
		return fmt.Errorf("%w: postings header", errCorrupt)
	}
	b = b[n:]
	var doc uint32
	for i := uint64(0); i < df; i++ {
		var v [3]uint64
		for j := range v {
			x, k := binary.Uvarint(b)
			if k <= 0 {
				return fmt.Errorf("%w: posting %d", errCorrupt, i)
			}
			v[j], b = x, b[k:]
		}
		doc += uint32(v[0])
		fn(posting{doc: doc, impact: uint32(v[1]), forms: uint16(v[2])})
	}
	return nil
}

// decodePositions reads a postings list with its positions; p.pos is valid
// only inside fn.
func decodePositions(b, pos []byte, fn func(p posting)) error {
	var buf []uint32
	var err error
	derr := decodePostings(b, func(p posting) {
		if err != nil {
			return
		}
		np, k := binary.Uvarint(pos)
		if k <= 0 || np > uint64(len(pos)) {
			err = fmt.Errorf("%w: positions of document %d", errCorrupt, p.doc)
			return
		}
		pos = pos[k:]
		buf = buf[:0]
		var at uint32
		for range np {
			d, k := binary.Uvarint(pos)
			if k <= 0 {
				err = fmt.Errorf("%w: positions of document %d", errCorrupt, p.doc)
				return
			}
			pos = pos[k:]
			at += uint32(d)
			buf = append(buf, at)
		}
		p.pos = buf
		fn(p)
	})
	return errors.Join(derr, err)
}
