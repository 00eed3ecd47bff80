package search

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"bipkiosk/internal/store"
)

func TestBoundQuery(t *testing.T) {
	words := func(n int) string {
		var ws []string
		for i := range n {
			ws = append(ws, "slowo"+strconv.Itoa(i))
		}
		return strings.Join(ws, " ")
	}
	long := strings.Repeat("abcdefghijklmnop ", 30) + "żłobek" // cut inside ż|łobek
	tests := []struct {
		name, in, want string
		cut            bool
	}{
		{"short kept", "żłobek miejski", "żłobek miejski", false},
		{"as many words as allowed", words(MaxQueryWords), words(MaxQueryWords), false},
		{"words beyond the bound", words(MaxQueryWords + 5), words(MaxQueryWords), true},
		{"stop words count", strings.Repeat("w ", MaxQueryWords) + "zlobek", strings.TrimSpace(strings.Repeat("w ", MaxQueryWords)), true},
		{"one huge word", strings.Repeat("a", 1<<20), strings.Repeat("a", MaxQueryBytes), true},
		{"a word cut in two is left off", long, strings.TrimSpace(long[:30*17]), true},
		{"no half letter", strings.Repeat("ż", MaxQueryBytes), strings.Repeat("ż", MaxQueryBytes/2), true},
		{"invalid bytes before the cut", "\xff" + strings.Repeat("a", 600), "\xff" + strings.Repeat("a", MaxQueryBytes-1), true},
		{"no half letter, odd", "a" + strings.Repeat("ż", MaxQueryBytes), "a" + strings.Repeat("ż", MaxQueryBytes/2-1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := BoundQuery(tt.in)
			if got != tt.want || cut != tt.cut {
				t.Errorf("BoundQuery(%.40q…): got %.60q… (%d bytes), %v; want %.60q… (%d bytes), %v",
					tt.in, got, len(got), cut, tt.want, len(tt.want), tt.cut)
			}
			if len(got) > MaxQueryBytes || utf8.ValidString(tt.in) && !utf8.ValidString(got) {
				t.Errorf("BoundQuery: got %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
			}
		})
	}
}

// TestHugeQueryCostsAFewWords: a query of 80 000 distinct words (the size
// that kept a core busy for 20 s) does exactly the work of its first
// MaxQueryWords words, and says it was cut.
func TestHugeQueryCostsAFewWords(t *testing.T) {
	st := openIndexed(t, newBulletin(relevancePages))
	s := NewSearcher()
	var ws []string
	for i := range 80_000 {
		ws = append(ws, "urzad"+strconv.Itoa(i))
	}
	huge := search(t, st, s, Query{Text: strings.Join(ws, " ")})
	head := search(t, st, s, Query{Text: strings.Join(ws[:MaxQueryWords], " ")})
	if !huge.Cut || head.Cut {
		t.Errorf("got cut %v for 80 000 words and %v for %d, want true and false", huge.Cut, head.Cut, MaxQueryWords)
	}
	if n := len(terms(huge.Query)); n > MaxQueryWords {
		t.Errorf("got %d words searched, want at most %d", n, MaxQueryWords)
	}
	if huge.work != head.work || huge.work == 0 {
		t.Errorf("got work %d for 80 000 words, want %d, that of the first %d", huge.work, head.work, MaxQueryWords)
	}
}

// TestWorkBudget: once a query has spent its budget no further word is
// searched; the words searched still rank as a query of those words alone.
func TestWorkBudget(t *testing.T) {
	st := openIndexed(t, newBulletin(relevancePages))
	s := NewSearcher()
	one := search(t, st, s, Query{Text: "urząd"})
	s.budget = one.work // spent by the first word
	res := search(t, st, s, Query{Text: "urząd podatek rolny"})
	if !res.Cut {
		t.Errorf("got cut false, want true once the budget of %d is spent", s.budget)
	}
	if strings.Join(paths(res), " ") != strings.Join(paths(one), " ") || res.Total != one.Total {
		t.Errorf("got %q (%d), want the results of the first word alone %q (%d)", paths(res), res.Total, paths(one), one.Total)
	}
}

// countdown is a context that ends after its Err has been asked n times: a
// search stopped by it stopped inside its loops.
type countdown struct {
	context.Context
	n atomic.Int64
}

func (c *countdown) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func TestSearchStopsWithContext(t *testing.T) {
	st := openIndexed(t, newBulletin(relevancePages))
	s := NewSearcher()
	q := Query{Text: "urząd miejski podatek gmina rada uchwała"}
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name string
		ctx  func() context.Context
	}{
		{"ended before", func() context.Context { return ended }},
		{"ends after the first word", func() context.Context {
			c := &countdown{Context: context.Background()}
			c.n.Store(2)
			return c
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := st.Read(func(rd *store.Reader) error {
				_, err := s.Search(tt.ctx(), rd, q)
				return err
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", err)
			}
		})
	}
}

// TestRepeatedWord: a word given 256 or 257 times finds what it finds once,
// each document once and with a score (a one-byte count of the words a
// document matched wrapped to 0).
func TestRepeatedWord(t *testing.T) {
	st := openIndexed(t, newBulletin(relevancePages))
	s := NewSearcher()
	once := search(t, st, s, Query{Text: "gmina", Limit: MaxLimit})
	if once.Total == 0 {
		t.Fatal("gmina: got no results; the test needs some")
	}
	for _, n := range []int{255, 256, 257} {
		res := search(t, st, s, Query{Text: strings.TrimSpace(strings.Repeat("gmina ", n)), Limit: MaxLimit})
		seen := map[string]bool{}
		for _, r := range res.Results {
			if seen[r.ID.String()+r.Title] {
				t.Errorf("%d × gmina: %s twice", n, r.Title)
			}
			seen[r.ID.String()+r.Title] = true
			if r.Score <= 0 {
				t.Errorf("%d × gmina: %s scores %v, want above 0", n, r.Title, r.Score)
			}
		}
		if res.Total != once.Total || res.Partial || len(res.Results) != len(once.Results) {
			t.Errorf("%d × gmina: got %d results (%d shown, partial %v), want %d as for one", n, res.Total, len(res.Results), res.Partial, once.Total)
		}
	}
}

// TestAnyOffsetAndLimit: no offset or limit makes Search fail or panic.
func TestAnyOffsetAndLimit(t *testing.T) {
	st := openIndexed(t, newBulletin(relevancePages))
	s := NewSearcher()
	all := search(t, st, s, Query{Text: "urząd", Limit: MaxLimit})
	page := 922337203685477590 // ?strona= of the report; (page-1)*10 wraps negative
	tests := []struct {
		offset, limit, want int
	}{
		{math.MaxInt, 10, 0},
		{math.MaxInt - 5, math.MaxInt, 0},
		{(page - 1) * 10, 10, min(10, all.Total)},
		{math.MinInt, 10, min(10, all.Total)},
		{-1, 10, min(10, all.Total)},
		{0, math.MaxInt, min(MaxLimit, all.Total)},
		{0, math.MinInt, min(DefaultLimit, all.Total)},
		{all.Total, 10, 0},
		{MaxOffset + 1, 10, 0},
		{1, 2, 2},
	}
	for _, tt := range tests {
		res := search(t, st, s, Query{Text: "urząd", Offset: tt.offset, Limit: tt.limit})
		if len(res.Results) != tt.want || res.Total != all.Total {
			t.Errorf("offset %d, limit %d: got %d of %d results, want %d of %d", tt.offset, tt.limit, len(res.Results), res.Total, tt.want, all.Total)
		}
	}
}
