package search

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// ids returns the node ids of the results, as paths of relevancePages.
func paths(res Results) []string {
	byID := map[string]string{}
	for _, p := range relevancePages {
		byID[content.NodeID(p.path).String()] = p.path
	}
	var out []string
	for _, r := range res.Results {
		p := byID[r.ID.String()]
		if r.Kind == KindAttachment {
			p += "#attachment"
		}
		out = append(out, p)
	}
	return out
}

func TestSearchBehaviour(t *testing.T) {
	b := newBulletin(relevancePages)
	b.attach("uchwaly/2024-budzet", "Załącznik nr 1 – plan dochodów", "zalacznik-1.pdf", "application/pdf", flatePDF(budgetAttachment))
	st := openIndexed(t, b)
	s := NewSearcher()
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		name       string
		q          Query
		first      string // the path that must come first; "" for no results
		notAny     string // a path that must not be among the results
		suggestion string
		partial    bool
	}{
		{name: "exact title first", q: Query{Text: "Podatek od nieruchomości"}, first: "podatki/nieruchomosci"},
		{name: "phrase must be adjacent", q: Query{Text: `"pomocy społecznej"`}, first: "jednostki/mops"},
		{name: "phrase absent", q: Query{Text: `"społecznej pomocy"`}, first: ""},
		{name: "words in any order", q: Query{Text: "społecznej pomocy"}, first: "jednostki/mops"},
		{name: "kind filter", q: Query{Text: "plan dochodów", Kind: KindAttachment}, first: "uchwaly/2024-budzet#attachment"},
		{name: "kind filter pages", q: Query{Text: "subwencja", Kind: KindPage}, first: ""},
		{name: "section filter", q: Query{Text: "uchwała", Section: content.NodeID("podatki")}, first: ""},
		{name: "section filter subtree", q: Query{Text: "stawki", Section: content.NodeID("uchwaly")}, first: "uchwaly/2024-podatek-nieruchomosci"},
		{name: "date range excludes", q: Query{Text: "zlobek", To: day("2024-01-01")}, first: ""},
		{name: "date range includes", q: Query{Text: "zlobek", From: day("2024-01-01"), To: day("2030-01-01")}, first: "jednostki/zlobek"},
		{name: "did you mean", q: Query{Text: "mopz"}, first: "", suggestion: "mops"},
		{name: "some words only", q: Query{Text: "żłobek xyzzyq"}, first: "jednostki/zlobek", partial: true},
		{name: "prefix while typing", q: Query{Text: "przedszk", Prefix: true}, first: "jednostki/przedszkole"},
		{name: "no prefix without the flag", q: Query{Text: "przedszk"}, first: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, st, s, tt.q)
			got := paths(res)
			switch {
			case tt.first == "" && len(got) > 0:
				t.Errorf("%q: got %q, want no results", tt.q.Text, got)
			case tt.first != "" && (len(got) == 0 || got[0] != tt.first):
				t.Errorf("%q: got %q, want %s first", tt.q.Text, got, tt.first)
			}
			if res.Suggestion != tt.suggestion {
				t.Errorf("%q: got suggestion %q, want %q", tt.q.Text, res.Suggestion, tt.suggestion)
			}
			if res.Partial != tt.partial {
				t.Errorf("%q: got partial %v, want %v", tt.q.Text, res.Partial, tt.partial)
			}
			if res.Total < len(res.Results) {
				t.Errorf("%q: got total %d below %d results", tt.q.Text, res.Total, len(res.Results))
			}
		})
	}
}

func TestSearchPagination(t *testing.T) {
	st := openIndexed(t, newBulletin(relevancePages))
	s := NewSearcher()
	all := search(t, st, s, Query{Text: "urząd", Limit: 100})
	if all.Total < 4 {
		t.Fatalf("got %d results, want at least 4 to page through", all.Total)
	}
	var paged []string
	for off := 0; off < all.Total; off += 3 {
		res := search(t, st, s, Query{Text: "urząd", Offset: off, Limit: 3})
		if res.Total != all.Total {
			t.Errorf("offset %d: got total %d, want %d", off, res.Total, all.Total)
		}
		paged = append(paged, paths(res)...)
	}
	if strings.Join(paged, " ") != strings.Join(paths(all), " ") {
		t.Errorf("pages give %q, want %q", paged, paths(all))
	}
}

// TestIndexFollowsGeneration: the index is part of the generation, so a
// reader sees the index of the content it sees, and a failed import leaves
// both as they were.
func TestIndexFollowsGeneration(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	ix := []store.Indexer{NewIndexer(nil)}
	s := NewSearcher()

	first := newBulletin([]page{{"a", "Żłobek Miejski", "Opieka nad dziećmi."}})
	storetest.Import(t, st, first, store.ImportOptions{Indexers: ix})
	if res := search(t, st, s, Query{Text: "zlobek"}); res.Total != 1 {
		t.Fatalf("generation 1: got %d results, want 1", res.Total)
	}

	second := &sequenced{newBulletin([]page{{"b", "Przedszkole", "Rekrutacja."}}), 2}
	storetest.Import(t, st, second, store.ImportOptions{Indexers: ix})
	if res := search(t, st, s, Query{Text: "zlobek"}); res.Total != 0 {
		t.Errorf("generation 2: got %d results for the removed page, want 0", res.Total)
	}
	if res := search(t, st, s, Query{Text: "przedszkole"}); res.Total != 1 {
		t.Errorf("generation 2: got %d results, want 1", res.Total)
	}

	broken := &sequenced{newBulletin([]page{{"c", "Żłobek", "x"}}), 3}
	broken.Nodes[0].Parent = content.NodeID("missing") // refused by the store's verification
	if _, err := st.Import(context.Background(), broken, store.ImportOptions{Indexers: ix}); err == nil {
		t.Fatal("broken import: got no error")
	}
	if res := search(t, st, s, Query{Text: "przedszkole"}); res.Total != 1 {
		t.Errorf("after a failed import: got %d results, want the old generation's 1", res.Total)
	}

	plain := &sequenced{newBulletin([]page{{"d", "Żłobek", "x"}}), 4}
	storetest.Import(t, st, plain, store.ImportOptions{})
	err := st.Read(func(rd *store.Reader) error {
		_, err := s.Search(context.Background(), rd, Query{Text: "zlobek"})
		return err
	})
	if !errors.Is(err, ErrNoIndex) {
		t.Errorf("generation without index: got %v, want ErrNoIndex", err)
	}
}

// sequenced is a bulletin with another sequence number.
type sequenced struct {
	*bulletin
	seq uint64
}

func (s *sequenced) Edition() content.Edition {
	ed := s.bulletin.Edition()
	ed.Sequence = s.seq
	return ed
}
