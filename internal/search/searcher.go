package search

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// ErrNoIndex reports a generation imported without the search indexer (or
// with an index of another format); callers fall back to a simpler search.
var ErrNoIndex = errors.New("search: the installed bulletin has no search index; import it again to build one")

// Query is one search.
type Query struct {
	Text    string    // cut by BoundQuery before it is searched
	Section uuid.UUID // only this node and what is under it; uuid.Nil for everything
	From    time.Time // published on or after this day; zero for no bound
	To      time.Time // published on or before this day; zero for no bound
	Kind    Kind      // KindPage or KindAttachment; 0 for both
	Offset  int       // results skipped; beyond MaxOffset nothing is returned
	Limit   int       // results returned; ≤ 0 means DefaultLimit
	// Prefix treats the last word as unfinished (suggestions as the user types).
	Prefix bool
}

// DefaultLimit is the number of results a Query without a limit returns.
const DefaultLimit = 10

// MaxLimit bounds Query.Limit.
const MaxLimit = 100

// Result is one found page or attachment.
type Result struct {
	ID         uuid.UUID // the page, or the page that publishes the attachment
	Kind       Kind
	Title      string              // the page's title, or the attachment's
	PageTitle  string              // for an attachment: the title of its page
	Attachment *content.Attachment // for an attachment
	Snippet    string              // HTML: escaped text with the matched words in <mark>
	// Page is, for an attachment with page images, the page (from 1) where
	// the first matched word of its text stands; 0 otherwise.
	Page  int
	Score float64
	Date  time.Time // publication day, zero if unknown
}

// Results is a page of results.
type Results struct {
	Query   string   // the query searched: Query.Text cut by BoundQuery
	Total   int      // results in all, before Offset and Limit
	Results []Result // best first
	// Partial means no result has every word; these have some of them.
	Partial bool
	// Suggestion is a corrected query ("did you mean") when no result has
	// every word; empty otherwise.
	Suggestion string
	// Cut means the query was longer, or cost more, than a query may: only
	// its beginning was searched (BoundQuery, and the work budget).
	Cut bool

	work int // postings read and dictionary probes made, for tests
}

// Searcher answers queries against the index of the generation a
// store.Reader sees. It keeps the small part of the newest index in memory
// (the doc table and the dictionary), so it is meant to live as long as the
// program. Safe for concurrent use.
type Searcher struct {
	mu    sync.Mutex
	cache []*genIndex // newest first, at most cacheGens
	pool  sync.Pool   // *scratch
	// budget is the work one query may do; 0 means maxWork (tests set less).
	budget int
}

// cacheGens is how many generations' in-memory parts are kept: the current
// one and the previous one that readers may still be on during a flip.
const cacheGens = 2

// NewSearcher returns a Searcher.
func NewSearcher() *Searcher { return &Searcher{} }

// genIndex is the in-memory part of one generation's index.
type genIndex struct {
	gen   uint64
	docs  []docInfo
	byID  map[uuid.UUID]uint32 // page documents
	dict  map[string]uint32    // surface term → document frequency
	terms []string             // the dictionary, sorted, for prefixes
}

// index returns the in-memory part of rd's generation, loading it once.
func (s *Searcher) index(rd *store.Reader) (*genIndex, error) {
	gen := rd.Generation().Number
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.cache {
		if g.gen == gen {
			return g, nil
		}
	}
	g, err := loadIndex(rd.Extension(ExtensionName), gen)
	if err != nil {
		return nil, err
	}
	s.cache = append([]*genIndex{g}, s.cache[:min(len(s.cache), cacheGens-1)]...)
	return g, nil
}

func loadIndex(ext *store.Extension, gen uint64) (*genIndex, error) {
	g := &genIndex{gen: gen, byID: map[uuid.UUID]uint32{}, dict: map[string]uint32{}}
	err := ext.Get([]byte(keyVersion), func(v []byte) error {
		if len(v) != 1 || v[0] != formatVersion {
			return fmt.Errorf("%w (format %x, this build reads %d)", ErrNoIndex, v, formatVersion)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w (generation %d)", ErrNoIndex, gen)
	}
	if err != nil {
		return nil, err
	}
	if err := ext.Get([]byte(keyDocs), func(v []byte) (err error) {
		g.docs, err = decodeDocs(v)
		return err
	}); err != nil {
		return nil, fmt.Errorf("search: read doc table of generation %d: %w", gen, err)
	}
	for i, d := range g.docs {
		if d.kind == KindPage {
			g.byID[d.id] = uint32(i)
		}
	}
	err = ext.Get([]byte(keyDict), func(v []byte) error {
		for len(v) > 0 {
			n, k := binary.Uvarint(v)
			if k <= 0 || uint64(len(v)-k) < n {
				return fmt.Errorf("%w: dictionary", errCorrupt)
			}
			term := string(v[k : k+int(n)])
			v = v[k+int(n):]
			df, k2 := binary.Uvarint(v)
			if k2 <= 0 {
				return fmt.Errorf("%w: dictionary", errCorrupt)
			}
			v = v[k2:]
			g.dict[term] = uint32(df)
			g.terms = append(g.terms, term)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: read dictionary of generation %d: %w", gen, err)
	}
	return g, nil
}

// Weights of the ways a query word may match: exact form above stem above
// an unfinished word above a typo.
const (
	weightExact  = 1.0
	weightStem   = 0.75
	weightPrefix = 0.6
	weightTypo   = 0.4
	// typoMaxDF: a word found in at least this many documents is taken as
	// meant, and its one-edit neighbours are not searched.
	typoMaxDF = 3
	// maxVariants bounds the typo or prefix expansions of one word.
	maxVariants = 3
)

// clause is one part of a query: a single word, or a phrase in quotes.
type clause struct {
	words  []string
	phrase bool
	last   bool // the query's last word, which may be unfinished
}

// parseQuery splits a query into clauses; stop words outside phrases are
// dropped unless nothing else is left, and a clause given twice is kept
// once (repeating a word does not change what matches it).
func parseQuery(text string, prefix bool) []clause {
	var out, stops []clause
	seen := map[string]bool{}
	first := func(c clause) bool {
		key := strings.Join(c.words, " ")
		if c.phrase {
			key = `"` + key
		}
		if seen[key] {
			return false
		}
		seen[key] = true
		return true
	}
	parts := strings.Split(text, `"`)
	for i, part := range parts {
		ws := terms(part)
		if i%2 == 1 && i < len(parts)-1 && len(ws) > 1 {
			if c := (clause{words: ws, phrase: true}); first(c) {
				out = append(out, c)
			}
			continue
		}
		for _, w := range ws {
			c := clause{words: []string{w}}
			switch {
			case !first(c):
			case stopwords[w]:
				stops = append(stops, c)
			default:
				out = append(out, c)
			}
		}
	}
	if len(out) == 0 {
		out = stops
	}
	if prefix && len(out) > 0 && !out[len(out)-1].phrase {
		trimmed := strings.TrimRightFunc(text, func(r rune) bool { return r == ' ' })
		if trimmed == text {
			out[len(out)-1].last = true
		}
	}
	return out
}

// scratch holds the per-query arrays, reused between queries.
type scratch struct {
	acc     []float32 // one clause's score per document
	touched []uint32  // documents acc holds a score for
	total   []float32 // summed clause scores
	count   []uint16  // clauses matched (at most MaxQueryWords)
	hits    []uint32  // documents total holds a score for
}

func (s *Searcher) scratch(n int) *scratch {
	sc, _ := s.pool.Get().(*scratch)
	if sc == nil || len(sc.acc) != n {
		sc = &scratch{acc: make([]float32, n), total: make([]float32, n), count: make([]uint16, n)}
	}
	return sc
}

func (s *Searcher) release(sc *scratch) {
	for _, d := range sc.hits {
		sc.total[d], sc.count[d] = 0, 0
	}
	sc.hits, sc.touched = sc.hits[:0], sc.touched[:0]
	s.pool.Put(sc)
}

// run is one query against one generation.
type run struct {
	ctx  context.Context
	work int // postings read and dictionary probes made, against maxWork
	ext  *store.Extension
	g    *genIndex
	sc   *scratch
	n    float64
	mark marks // what the snippets highlight
}

// Search runs q against the generation rd sees. ErrNoIndex when that
// generation has no index; ctx's error when ctx ends first. The query is cut
// by BoundQuery and by a work budget (Results.Cut), so no query text costs
// more than a few dozen words do.
func (s *Searcher) Search(ctx context.Context, rd *store.Reader, q Query) (Results, error) {
	text, cut := BoundQuery(q.Text)
	res := Results{Query: text, Cut: cut}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	g, err := s.index(rd)
	if err != nil {
		return res, err
	}
	clauses := parseQuery(text, q.Prefix)
	if len(clauses) == 0 || len(g.docs) == 0 {
		return res, nil
	}
	sc := s.scratch(len(g.docs))
	defer s.release(sc)
	r := &run{ctx: ctx, ext: rd.Extension(ExtensionName), g: g, sc: sc, n: float64(len(g.docs)), mark: newMarks()}
	budget := cmp.Or(s.budget, maxWork)
	for i, c := range clauses {
		if r.work >= budget {
			clauses, res.Cut = clauses[:i], true
			break
		}
		if err := r.clause(c); err != nil {
			return res, err
		}
	}
	hits := r.filter(q, len(clauses))
	if len(hits) == 0 {
		res.Suggestion = r.suggest(text, clauses)
		if len(clauses) > 1 {
			hits = r.partial(q, len(clauses))
			res.Partial = len(hits) > 0
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Total, res.work = len(hits), r.work
	res.Results, err = r.page(rd, hits, q.Offset, q.Limit)
	return res, err
}

// page returns the results from offset to offset+limit of hits, best first.
// Any offset and limit are safe: a negative offset is 0, a limit is at most
// MaxLimit, and nothing is returned beyond MaxOffset or the last hit.
func (r *run) page(rd *store.Reader, hits []scored, offset, limit int) ([]Result, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset = max(offset, 0)
	if offset >= len(hits) || offset > MaxOffset {
		return nil, nil
	}
	var out []Result
	for _, h := range top(hits, offset+min(limit, len(hits)-offset))[offset:] {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
		res, err := r.result(rd, h)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// clause scores one clause into the totals.
func (r *run) clause(c clause) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	sc := r.sc
	var err error
	if c.phrase {
		err = r.phrase(c.words)
	} else {
		err = r.word(c.words[0], c.last)
	}
	if err != nil {
		return err
	}
	for _, d := range sc.touched {
		if sc.count[d] == 0 {
			sc.hits = append(sc.hits, d)
		}
		sc.total[d] += sc.acc[d]
		sc.count[d]++
		sc.acc[d] = 0
	}
	sc.touched = sc.touched[:0]
	return nil
}

// word scores the documents matching one word by any of its expansions,
// each document by its best one: the word's stem list, where documents using
// the exact form score weightExact and the others weightStem; the stems of
// longer words it may be the start of (the last word while typing); and the
// stems of its one-typo neighbours.
func (r *run) word(w string, last bool) error {
	st := stem(w)
	r.mark.add(w, st)
	if err := r.list(st, w, weightExact, weightStem); err != nil {
		return err
	}
	if last && len(w) >= 2 {
		for _, v := range r.g.prefixed(w, maxVariants, &r.work) {
			r.mark.add(v, stem(v))
			if err := r.list(stem(v), v, weightPrefix, weightPrefix*weightStem); err != nil {
				return err
			}
		}
	}
	if len(w) < typoMinLen || r.g.dict[w] >= typoMaxDF {
		return nil
	}
	for _, v := range r.g.neighbours(w, maxVariants, &r.work) {
		r.mark.add(v, stem(v))
		if err := r.list(stem(v), v, weightTypo, weightTypo*weightStem); err != nil {
			return err
		}
	}
	return nil
}

// list scores the postings of stem st into the clause's accumulator: a
// document using the form exactly gets weight exact, others weight inflected.
func (r *run) list(st, form string, exact, inflected float64) error {
	sc := r.sc
	bit := formBit(form)
	key := append([]byte{prefixStem}, st...)
	err := r.ext.Get(key, func(v []byte) error {
		// The hot loop of every query, so decodePostings is inlined here.
		df, n := binary.Uvarint(v)
		if n <= 0 {
			return fmt.Errorf("%w: postings header", errCorrupt)
		}
		v = v[n:]
		idf := math.Log(1 + (r.n-float64(df)+0.5)/(float64(df)+0.5))
		r.work += int(min(df, maxWork))
		var doc uint32
		for i := uint64(0); i < df; i++ {
			if i%ctxEvery == ctxEvery-1 {
				if err := r.ctx.Err(); err != nil {
					return err
				}
			}
			delta, n1 := binary.Uvarint(v)
			imp, n2 := binary.Uvarint(v[max(n1, 0):])
			forms, n3 := binary.Uvarint(v[max(n1, 0)+max(n2, 0):])
			if n1 <= 0 || n2 <= 0 || n3 <= 0 {
				return fmt.Errorf("%w: posting %d of %q", errCorrupt, i, st)
			}
			v = v[n1+n2+n3:]
			doc += uint32(delta)
			if int(doc) >= len(sc.acc) {
				return fmt.Errorf("%w: posting %d of %q names document %d", errCorrupt, i, st, doc)
			}
			w := inflected
			if uint16(forms)&bit != 0 {
				w = exact
			}
			s := float32(w * score(idf, uint32(imp)))
			if sc.acc[doc] == 0 {
				sc.touched = append(sc.touched, doc)
			}
			if s > sc.acc[doc] {
				sc.acc[doc] = s
			}
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// positions decodes the list of stem st with its positions, if it exists.
func (r *run) positions(st string, fn func(idf float64, p posting)) error {
	key := append([]byte{prefixPositions}, st...)
	var pos []byte
	err := r.ext.Get(key, func(v []byte) error {
		pos = bytes.Clone(v)
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	key[0] = prefixStem
	err = r.ext.Get(key, func(v []byte) error {
		df, _ := binary.Uvarint(v)
		idf := math.Log(1 + (r.n-float64(df)+0.5)/(float64(df)+0.5))
		r.work += int(min(df, maxWork))
		return decodePositions(v, pos, func(p posting) { fn(idf, p) })
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// score is a document's BM25 score for a term from its stored impact.
func score(idf float64, impact uint32) float64 {
	tfw := float64(impact>>1) / impactScale
	s := idf * tfw * (k1 + 1) / (tfw + k1)
	if impact&1 == 1 {
		s += titleBonus * idf
	}
	return s
}

// phrase scores documents where the words' stems stand next to each other.
func (r *run) phrase(words []string) error {
	type hit struct {
		score float64
		pos   []uint32
	}
	var cur map[uint32]hit
	for i, w := range words {
		st := stem(w)
		r.mark.add(w, st)
		next := map[uint32]hit{}
		err := r.positions(st, func(idf float64, p posting) {
			s := score(idf, p.impact)
			if i == 0 {
				next[p.doc] = hit{s, slices.Clone(p.pos)}
				return
			}
			prev, ok := cur[p.doc]
			if !ok {
				return
			}
			var follow []uint32
			for _, at := range prev.pos {
				if _, found := slices.BinarySearch(p.pos, at+1); found {
					follow = append(follow, at+1)
				}
			}
			if len(follow) > 0 {
				next[p.doc] = hit{prev.score + s, follow}
			}
		})
		if err != nil {
			return err
		}
		cur = next
		if len(cur) == 0 {
			return nil
		}
	}
	for d, h := range cur {
		if int(d) >= len(r.sc.acc) {
			return fmt.Errorf("%w: phrase names document %d", errCorrupt, d)
		}
		r.sc.touched = append(r.sc.touched, d)
		r.sc.acc[d] = float32(h.score)
	}
	return nil
}

// scored is a document with its score.
type scored struct {
	doc   uint32
	score float32
}

// filter returns the documents matching every clause and the query's filters.
func (r *run) filter(q Query, clauses int) []scored {
	var out []scored
	for _, d := range r.sc.hits {
		if int(r.sc.count[d]) == clauses && r.g.passes(d, q) {
			out = append(out, scored{d, r.sc.total[d]})
		}
	}
	return out
}

// partial returns the documents matching some clauses, scored by the share
// they match.
func (r *run) partial(q Query, clauses int) []scored {
	var out []scored
	for _, d := range r.sc.hits {
		if r.g.passes(d, q) {
			share := float32(r.sc.count[d]) / float32(clauses)
			out = append(out, scored{d, r.sc.total[d] * share * share})
		}
	}
	return out
}

// passes reports whether a document satisfies the kind, date and section filters.
func (g *genIndex) passes(d uint32, q Query) bool {
	doc := g.docs[d]
	if q.Kind != 0 && doc.kind != q.Kind {
		return false
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		if doc.day == noDay {
			return false
		}
		if !q.From.IsZero() && int64(doc.day) < q.From.Unix()/86400 {
			return false
		}
		if !q.To.IsZero() && int64(doc.day) > q.To.Unix()/86400 {
			return false
		}
	}
	if q.Section != uuid.Nil {
		sec, ok := g.byID[q.Section]
		if !ok {
			return false
		}
		for steps := 0; d != sec; steps++ {
			if d = g.docs[d].parent; d == noParent || steps > 1000 {
				return false
			}
		}
	}
	return true
}

// top returns the best k documents, best first; ties go to the earlier document.
func top(hits []scored, k int) []scored {
	better := func(a, b scored) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		return a.doc < b.doc
	}
	if len(hits) <= k {
		sort.Slice(hits, func(i, j int) bool { return better(hits[i], hits[j]) })
		return hits
	}
	h := &minHeap{better: better}
	for _, s := range hits {
		if h.Len() < k {
			heap.Push(h, s)
		} else if better(s, h.s[0]) {
			h.s[0] = s
			heap.Fix(h, 0)
		}
	}
	out := h.s
	sort.Slice(out, func(i, j int) bool { return better(out[i], out[j]) })
	return out
}

// minHeap keeps the k best documents with the worst on top.
type minHeap struct {
	s      []scored
	better func(a, b scored) bool
}

func (h *minHeap) Len() int           { return len(h.s) }
func (h *minHeap) Less(i, j int) bool { return h.better(h.s[j], h.s[i]) }
func (h *minHeap) Swap(i, j int)      { h.s[i], h.s[j] = h.s[j], h.s[i] }
func (h *minHeap) Push(x any)         { h.s = append(h.s, x.(scored)) }
func (h *minHeap) Pop() any {
	x := h.s[len(h.s)-1]
	h.s = h.s[:len(h.s)-1]
	return x
}

// neighbours returns up to n dictionary terms one edit from w, most frequent
// first, and adds the dictionary probes it made to work.
func (g *genIndex) neighbours(w string, n int, work *int) []string {
	seen := map[string]bool{w: true}
	var found []string
	edits(w, func(v string) {
		*work++
		if !seen[v] && g.dict[v] > 0 {
			found = append(found, v)
		}
		seen[v] = true
	})
	return g.mostFrequent(found, n)
}

// prefixed returns up to n dictionary terms longer than w that start with it,
// most frequent first, and adds the terms it looked at to work.
func (g *genIndex) prefixed(w string, n int, work *int) []string {
	i := sort.SearchStrings(g.terms, w)
	var found []string
	for ; i < len(g.terms) && strings.HasPrefix(g.terms[i], w) && len(found) < 2000; i++ {
		*work++
		if g.terms[i] != w {
			found = append(found, g.terms[i])
		}
	}
	return g.mostFrequent(found, n)
}

func (g *genIndex) mostFrequent(terms []string, n int) []string {
	slices.SortFunc(terms, func(a, b string) int {
		if g.dict[a] != g.dict[b] {
			return int(g.dict[b]) - int(g.dict[a])
		}
		return strings.Compare(a, b)
	})
	return terms[:min(n, len(terms))]
}

// suggest returns the query with each unknown word replaced by its most
// frequent one-edit neighbour, or "" when that changes nothing.
func (r *run) suggest(text string, clauses []clause) string {
	changed := false
	var parts []string
	for _, c := range clauses {
		if c.phrase {
			parts = append(parts, `"`+strings.Join(c.words, " ")+`"`)
			continue
		}
		w := c.words[0]
		if r.g.dict[w] == 0 && len(w) >= minStem && r.ctx.Err() == nil {
			if v := r.g.neighbours(w, 1, &r.work); len(v) == 1 {
				w, changed = v[0], true
			}
		}
		parts = append(parts, w)
	}
	if !changed {
		return ""
	}
	return strings.Join(parts, " ")
}

// result turns a scored document into a Result with its title and snippet.
func (r *run) result(rd *store.Reader, h scored) (Result, error) {
	doc := r.g.docs[h.doc]
	n, err := rd.Node(doc.id)
	if err != nil {
		return Result{}, err
	}
	out := Result{ID: n.ID, Kind: doc.kind, Title: n.Title, Score: float64(h.score)}
	if doc.day != noDay {
		out.Date = time.Unix(int64(doc.day)*86400, 0).UTC()
	}
	text := htmlText(n.Body)
	if doc.kind == KindAttachment && int(doc.att) < len(n.Attachments) {
		a := n.Attachments[doc.att]
		out.Attachment, out.Title, out.PageTitle = &a, a.Title, n.Title
		text = ""
		err := r.ext.Get(attTextKey(h.doc), func(v []byte) error {
			text = string(v)
			return nil
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return Result{}, err
		}
		out.Page = r.hitPage(rd, a, text)
	}
	out.Snippet = r.mark.snippet(text)
	return out, nil
}
