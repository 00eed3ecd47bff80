package search

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"log/slog"
	"math"
	"math/bits"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
	"bipkiosk/internal/parallel"
	"bipkiosk/internal/store"
)

// ExtensionName is the store key space the index lives in.
const ExtensionName = "search"

// Indexer builds the search index of each imported generation. Pass it to
// store.Import in store.ImportOptions.Indexers.
type Indexer struct {
	log *slog.Logger
	// TempDir is where a build keeps the postings it cannot hold in memory
	// until Finish merges them ("" for the system's temporary folder).
	TempDir string
	budget  int // bytes of raw postings held before a run is written; 0 for runBudget
}

// NewIndexer returns the search indexer; a nil logger discards logs.
func NewIndexer(log *slog.Logger) *Indexer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Indexer{log: log}
}

// Name implements store.Indexer.
func (ix *Indexer) Name() string { return ExtensionName }

// Begin implements store.Indexer. The nodes are analysed on a goroutine of
// their own, beside the store's JSON encoding and writes.
func (ix *Indexer) Begin() store.IndexBuild {
	b := &build{
		log: ix.log, started: time.Now(), byID: map[uuid.UUID]uint32{}, tempDir: ix.TempDir, budget: cmp.Or(ix.budget, runBudget),
		work: make(chan content.Node, 256), done: make(chan struct{}),
	}
	go b.analyseNodes()
	return b
}

// The fields of a document, in the order their positions are numbered.
const (
	fieldTitle = iota
	fieldMeta
	fieldBody
	fieldAttachment
	numFields
)

// Ranking parameters (BM25F). Title ≫ metadata > body > attachment text; a
// term in the title also earns titleBonus × idf on top, so a page named
// after the query comes before pages that only repeat it.
var (
	fieldBoost = [numFields]float64{4, 2, 1, 0.7}
	fieldB     = [numFields]float64{0.3, 0.5, 0.75, 0.75}
)

const (
	k1         = 1.2
	titleBonus = 1.0
	// maxPositions bounds the positions kept per term and document: a phrase
	// is found among the first maxPositions occurrences of its first word.
	maxPositions = 16
	// fieldGap separates the positions of adjacent fields, so a phrase never
	// spans the end of a title and the start of the body.
	fieldGap = 16
	// maxAttText bounds the attachment text kept for snippets.
	maxAttText = 4 << 10
)

// build is the index of one import, held in memory until Finish.
type build struct {
	log     *slog.Logger
	started time.Time

	work   chan content.Node // Add → analyseNodes
	done   chan struct{}     // closed when analyseNodes has returned
	closed bool

	// Owned by analyseNodes until done is closed, then by Finish.
	docs    []docInfo
	lens    [][numFields]uint32
	parents []uuid.UUID // parent node id of each page document
	byID    map[uuid.UUID]uint32
	pending []pendingAttachment
	terms   vocabulary
	buf     []byte // the folded text of the field being analysed

	tempDir string
	runs    []*postingRun // raw postings written to disk, oldest first
	held    int           // bytes of raw postings in memory since the last run
	budget  int           // held bytes that make a run
	err     error         // the first error of writing a run
}

// vocabulary interns terms and stems, so each distinct word is folded,
// stemmed and hashed once per import, not once per occurrence.
type vocabulary struct {
	termID map[string]uint32 // folded surface form → term id
	term   []string
	stem   []uint32 // term id → stem id
	form   []uint16 // term id → its bit in a posting's forms mask
	df     []uint32 // term id → documents containing the form
	seen   []uint32 // term id → 1 + last document it was counted in
	slot   []int32  // term id → index in cur while seen in this document

	stemID   map[string]uint32
	stemStr  []string
	lists    []rawList // stem id → postings
	stemSeen []uint32
	stemSlot []int32

	cur  []docTerm // the terms of the document being analysed
	scur []docTerm // its stems
}

// pendingAttachment is an attachment whose text is read in Finish, when its
// bytes are in the store. Its document number is given then, after every
// page's, so every postings list is built in document order.
type pendingAttachment struct {
	page        uint32
	index       int
	day         int32
	sha, typ    string
	name        string // the file's name, for its type when typ is unknown
	title, meta string
	// text is the file's text as its publisher made it (office files, OCR
	// of scans), read in place of the file's own when there is one.
	text *content.AttachmentText
}

// rawList is a stem's postings list during the build: per document its
// number, term frequency per field, forms mask and positions, as uvarints.
type rawList struct {
	buf []byte
	df  uint32
}

// Add implements store.IndexBuild.
func (b *build) Add(n content.Node) error {
	b.work <- n
	return nil
}

// Close implements store.IndexBuild: it stops the analysing goroutine of a
// build that will not be finished and removes its runs.
func (b *build) Close() {
	b.stop()
	b.closeRuns()
}

// stop ends the analysis of nodes and waits for it.
func (b *build) stop() {
	if !b.closed {
		b.closed = true
		close(b.work)
		<-b.done
	}
}

// analyseNodes gives each node a page document and analyses it; attachments
// wait for Finish.
func (b *build) analyseNodes() {
	defer close(b.done)
	for n := range b.work {
		doc := b.newDoc(docInfo{id: n.ID, kind: KindPage, day: dayOf(n.Meta)}, n.Parent)
		b.byID[n.ID] = doc
		meta := n.Meta.Publisher + " " + n.Meta.Author + " " + n.Meta.Responsible + " " + n.Meta.EnteredBy
		title := strings.Join(append([]string{n.Title}, acronyms(n.Title)...), " ")
		b.analyse(doc, [numFields]string{fieldTitle: title, fieldMeta: meta, fieldBody: htmlText(n.Body)})
		for i, a := range n.Attachments {
			b.pending = append(b.pending, pendingAttachment{
				page: doc, index: i, day: dayOf(n.Meta), sha: a.SHA256, typ: a.Type, name: a.Name,
				title: a.Title + " " + strings.TrimSuffix(a.Name, path.Ext(a.Name)), meta: n.Title, text: a.Text,
			})
		}
	}
}

func (b *build) newDoc(d docInfo, parent uuid.UUID) uint32 {
	doc := uint32(len(b.docs))
	b.docs = append(b.docs, d)
	b.lens = append(b.lens, [numFields]uint32{})
	b.parents = append(b.parents, parent)
	return doc
}

// dayOf returns the publication day of a node, falling back to its creation
// and update dates.
func dayOf(m content.Meta) int32 {
	for _, t := range []time.Time{m.Published, m.Created, m.Updated} {
		if !t.IsZero() {
			return int32(t.Unix() / 86400)
		}
	}
	return noDay
}

// docTerm is what one document says of one term or stem.
type docTerm struct {
	id    uint32
	tf    [numFields]uint32
	forms uint16
	pos   []uint32
}

// analyse folds and tokenises a document's fields and appends one posting
// per stem, with the positions of all its forms and a mask of which forms.
func (b *build) analyse(doc uint32, fields [numFields]string) {
	v := &b.terms
	v.cur = v.cur[:0]
	var at uint32
	for f, text := range fields {
		b.buf = foldAppend(b.buf[:0], text)
		n := uint32(0)
		eachWord(b.buf, func(w []byte) {
			e := v.enter(doc, w)
			e.tf[f]++
			if len(e.pos) < maxPositions {
				e.pos = append(e.pos, at)
			}
			at++
			n++
		})
		b.lens[doc][f] = n
		at += fieldGap
	}
	v.scur = v.scur[:0]
	for i := range v.cur {
		e := &v.cur[i]
		v.df[e.id]++
		sid := v.stem[e.id]
		s := v.stemEntry(doc, sid)
		for f := range s.tf {
			s.tf[f] += e.tf[f]
		}
		s.forms |= v.form[e.id]
		s.pos = append(s.pos, e.pos...)
	}
	for i := range v.scur {
		s := &v.scur[i]
		if bits.OnesCount16(s.forms) > 1 {
			slices.Sort(s.pos)
		}
		if len(s.pos) > maxPositions {
			s.pos = s.pos[:maxPositions]
		}
		l := &v.lists[s.id]
		held := len(l.buf)
		l.append(doc, s)
		b.held += len(l.buf) - held
	}
	if b.held > b.budget && b.err == nil {
		b.err = b.spillRun()
	}
}

// enter returns the document's entry for the word w, interning w.
func (v *vocabulary) enter(doc uint32, w []byte) *docTerm {
	id, ok := v.termID[string(w)]
	if !ok {
		id = v.intern(string(w))
	}
	if v.seen[id] != doc+1 {
		v.seen[id] = doc + 1
		v.slot[id] = int32(len(v.cur))
		v.cur = nextEntry(v.cur, id)
	}
	return &v.cur[v.slot[id]]
}

// stemEntry returns the document's entry for stem sid.
func (v *vocabulary) stemEntry(doc, sid uint32) *docTerm {
	if v.stemSeen[sid] != doc+1 {
		v.stemSeen[sid] = doc + 1
		v.stemSlot[sid] = int32(len(v.scur))
		v.scur = nextEntry(v.scur, sid)
	}
	return &v.scur[v.stemSlot[sid]]
}

// nextEntry appends a cleared entry, reusing the slot's positions slice.
func nextEntry(es []docTerm, id uint32) []docTerm {
	if len(es) < cap(es) {
		es = es[:len(es)+1]
		e := &es[len(es)-1]
		*e = docTerm{id: id, pos: e.pos[:0]}
		return es
	}
	return append(es, docTerm{id: id})
}

// intern adds a new term and, if new, its stem.
func (v *vocabulary) intern(term string) uint32 {
	if v.termID == nil {
		v.termID, v.stemID = map[string]uint32{}, map[string]uint32{}
	}
	id := uint32(len(v.term))
	v.termID[term] = id
	v.term = append(v.term, term)
	v.form = append(v.form, formBit(term))
	v.df = append(v.df, 0)
	v.seen = append(v.seen, 0)
	v.slot = append(v.slot, 0)
	st := stem(term)
	sid, ok := v.stemID[st]
	if !ok {
		sid = uint32(len(v.stemStr))
		v.stemID[st] = sid
		v.stemStr = append(v.stemStr, st)
		v.lists = append(v.lists, rawList{})
		v.stemSeen = append(v.stemSeen, 0)
		v.stemSlot = append(v.stemSlot, 0)
	}
	v.stem = append(v.stem, sid)
	return id
}

func (l *rawList) append(doc uint32, s *docTerm) {
	l.df++
	l.buf = binary.AppendUvarint(l.buf, uint64(doc))
	for _, n := range s.tf {
		l.buf = binary.AppendUvarint(l.buf, uint64(n))
	}
	l.buf = binary.AppendUvarint(l.buf, uint64(s.forms))
	l.buf = binary.AppendUvarint(l.buf, uint64(len(s.pos)))
	var prev uint32
	for _, p := range s.pos {
		l.buf = binary.AppendUvarint(l.buf, uint64(p-prev))
		prev = p
	}
}

// Finish implements store.IndexBuild: it reads the attachments' text, then
// writes the postings with their final weights, the dictionary and the doc table.
func (b *build) Finish(ctx context.Context, blobs store.BlobReader, w *store.ExtensionWriter) error {
	b.stop()
	if b.err != nil {
		return b.err
	}
	// Text is extracted on extractWorkers goroutines a few attachments ahead
	// of the (single-threaded) analysis, which takes it in order. No blob is
	// read after Map returns.
	err := parallel.Map(ctx, len(b.pending), parallel.Options{Workers: extractWorkers, Ahead: 2 * extractWorkers},
		func(_ context.Context, i int) (string, error) { return b.attachmentText(blobs, b.pending[i]), nil },
		func(i int, text string) error {
			p := b.pending[i]
			doc := b.newDoc(docInfo{id: b.docs[p.page].id, parent: p.page, kind: KindAttachment,
				att: uint16(min(p.index, math.MaxUint16)), day: p.day}, uuid.Nil)
			b.analyse(doc, [numFields]string{fieldTitle: p.title, fieldMeta: p.meta, fieldAttachment: text})
			if text != "" {
				return w.Put(attTextKey(doc), []byte(clipText(text, maxAttText)))
			}
			return nil
		})
	if err != nil {
		return err
	}
	for i, pid := range b.parents {
		if b.docs[i].kind != KindPage {
			continue
		}
		b.docs[i].parent = noParent
		if p, ok := b.byID[pid]; ok && pid != uuid.Nil {
			b.docs[i].parent = p
		}
	}
	if b.err != nil {
		return b.err
	}
	if err := b.writePostings(ctx, w); err != nil {
		return err
	}
	b.closeRuns()
	if err := w.Put([]byte(keyDocs), encodeDocs(b.docs)); err != nil {
		return err
	}
	if err := w.Put([]byte(keyVersion), []byte{formatVersion}); err != nil {
		return err
	}
	b.log.Info("search_indexed", "documents", len(b.docs), "attachments", len(b.pending),
		"ms", time.Since(b.started).Milliseconds())
	return nil
}

// extractWorkers is how many attachments have their text extracted at once,
// ahead of the (single-threaded) analysis.
const extractWorkers = 2

// attachmentText is the text the attachment page shows: the publisher's
// text where the bundle carries one, else what attachment.Extract finds in
// the file; so a file found by its text shows that text.
func (b *build) attachmentText(blobs store.BlobReader, p pendingAttachment) string {
	if p.text != nil {
		return b.publishedText(blobs, p.text.SHA256)
	}
	var text string
	err := blobs(p.sha, func(data []byte) error {
		if t := attachment.Extract(p.typ, p.name, data); t.Status == attachment.HasText {
			text = t.Text
		}
		return nil
	})
	if err != nil {
		b.log.Warn("search_attachment_unreadable", "sha256", p.sha, "err", err)
	}
	return text
}

// publishedText reads a publisher's text blob: UTF-8 (anything else
// replaced), at most attachment.MaxText bytes, its pages still separated by
// form feeds (which the tokenizer takes as spaces).
func (b *build) publishedText(blobs store.BlobReader, sha string) string {
	var text string
	err := blobs(sha, func(data []byte) error {
		text = clipText(strings.ToValidUTF8(string(data), "\uFFFD"), attachment.MaxText)
		return nil
	})
	if err != nil {
		b.log.Warn("search_attachment_text_unreadable", "sha256", sha, "err", err)
	}
	return text
}

func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

func attTextKey(doc uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte{prefixAttText}, doc)
}

// writePostings turns the raw lists into weighted postings, in key order, and
// writes the dictionary of surface forms.
func (b *build) writePostings(ctx context.Context, w *store.ExtensionWriter) error {
	var avg [numFields]float64
	for _, l := range b.lens {
		for f, n := range l {
			avg[f] += float64(n)
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(1, len(b.lens))), 1)
	}
	v := &b.terms
	order := make([]uint32, len(v.stemStr))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return strings.Compare(v.stemStr[x], v.stemStr[y]) })
	for _, r := range b.runs {
		if err := r.rewind(); err != nil {
			return fmt.Errorf("search: read postings kept on disk: %w", err)
		}
	}
	var key, out, pos, raw []byte
	for i, sid := range order {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var err error
		if raw, err = b.rawOf(sid, raw); err != nil {
			return err
		}
		out, pos = b.encode(out[:0], pos[:0], raw, v.lists[sid].df, &avg)
		v.lists[sid] = rawList{} // let the memory go as the lists are written
		key = append(append(key[:0], prefixStem), v.stemStr[sid]...)
		if err := w.Put(key, out); err != nil {
			return err
		}
		key[0] = prefixPositions
		if err := w.Put(key, pos); err != nil {
			return err
		}
	}
	for _, r := range b.runs {
		if !r.done {
			return fmt.Errorf("search: postings kept on disk hold stem %d, which the index does not know", r.sid)
		}
	}
	ids := make([]uint32, len(v.term))
	for i := range ids {
		ids[i] = uint32(i)
	}
	slices.SortFunc(ids, func(x, y uint32) int { return strings.Compare(v.term[x], v.term[y]) })
	var dict []byte
	for _, id := range ids {
		dict = binary.AppendUvarint(dict, uint64(len(v.term[id])))
		dict = append(dict, v.term[id]...)
		dict = binary.AppendUvarint(dict, uint64(v.df[id]))
	}
	return w.Put([]byte(keyDict), dict)
}

// encode turns a raw list into its stored postings and positions (see format.go).
func (b *build) encode(out, pos, raw []byte, df uint32, avg *[numFields]float64) ([]byte, []byte) {
	next := func() uint32 {
		v, n := binary.Uvarint(raw)
		raw = raw[n:]
		return uint32(v)
	}
	out = binary.AppendUvarint(out, uint64(df))
	var prev uint32
	for len(raw) > 0 {
		doc := next()
		var tf [numFields]uint32
		for f := range tf {
			tf[f] = next()
		}
		out = binary.AppendUvarint(out, uint64(doc-prev))
		prev = doc
		out = binary.AppendUvarint(out, uint64(b.impact(doc, tf, avg)))
		out = binary.AppendUvarint(out, uint64(next())) // forms
		np := next()
		pos = binary.AppendUvarint(pos, uint64(np))
		for range np {
			pos = binary.AppendUvarint(pos, uint64(next()))
		}
	}
	return out, pos
}

// impact is the BM25F weight of a term in a document, scaled to an integer,
// with the lowest bit saying whether the term is in the title.
func (b *build) impact(doc uint32, tf [numFields]uint32, avg *[numFields]float64) uint32 {
	var tfw float64
	for f, n := range tf {
		if n == 0 {
			continue
		}
		norm := 1 - fieldB[f] + fieldB[f]*float64(b.lens[doc][f])/avg[f]
		tfw += fieldBoost[f] * float64(n) / norm
	}
	q := uint32(min(math.Round(tfw*impactScale), math.MaxUint32>>2)) << 1
	if tf[fieldTitle] > 0 {
		q |= 1
	}
	return q
}
