package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// indexedHandler serves the test bulletin imported with the search indexer.
func indexedHandler(t *testing.T) http.Handler {
	t.Helper()
	return newTestHandler(t, Deps{Store: indexedStore(t)})
}

func indexedStore(t *testing.T) *store.Store {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, testBulletin(), store.ImportOptions{Indexers: []store.Indexer{search.NewIndexer(nil)}})
	return st
}

// TestKioskSearchKeepsFilesInApp checks that an attachment found by search
// links, in a kiosk, to its in-app page, on the results page and in the API
// that drives the suggestions: a raw file would leave the app.
func TestKioskSearchKeepsFilesInApp(t *testing.T) {
	h := newTestHandler(t, Deps{Store: indexedStore(t), Kiosk: true})
	page := attachmentPagePath(idStatut, sha(pdfData))
	for _, target := range []string{"/szukaj?q=statut&rodzaj=zalacznik", "/api/search?q=statut&rodzaj=zalacznik"} {
		body := get(h, target).Body.String()
		checkContains(t, target, body, []string{page}, []string{"/pliki/"})
	}
}

func TestSearchPage(t *testing.T) {
	h := indexedHandler(t)
	tests := []struct {
		name, target string
		status       int
		want, not    []string
	}{
		{"empty", "/szukaj", 200, []string{"Wpisz słowo"}, []string{`role="status"`}},
		{"inflected, no diacritics", "/szukaj?q=pomocy+spolecznej", 200,
			[]string{`role="status"`, "Znaleziono", `<h2 class="bk-results__title"><a href="/p/` + idMops.String(), "<mark>"}, nil},
		{"body word highlighted", "/szukaj?q=statutu", 200, []string{"<mark>statutu</mark>", "Statut MOPS"}, nil},
		{"did you mean", "/szukaj?q=mopz", 200, []string{"Nie znaleziono wyników", "Czy chodziło o:", "q=mops"}, nil},
		{"typo still finds", "/szukaj?q=zlobke", 200, []string{"Żłobek Miejski"}, nil},
		{"kind filter", "/szukaj?q=statut&rodzaj=zalacznik", 200, []string{"Załącznik do strony:", "/pliki/"}, nil},
		{"section filter excludes", "/szukaj?q=zlobek&dzial=" + idDane.String(), 200, []string{"Nie znaleziono wyników"}, []string{"<h2 class=\"bk-results__title\">"}},
		{"section filter includes", "/szukaj?q=zlobek&dzial=" + idJednostki.String(), 200, []string{"Żłobek Miejski"}, nil},
		{"bad date", "/szukaj?q=statut&od=jutro", 400, []string{"jutro"}, nil},
		{"snippet escapes", "/szukaj?q=%3Cscript%3E", 200, nil, []string{"<script>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.target)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("%s: got status %d, want %d", tt.target, rec.Code, tt.status)
			}
			checkPage(t, tt.target, body)
			checkContains(t, tt.target, body, tt.want, tt.not)
		})
	}
}

func TestSearchAPI(t *testing.T) {
	h := indexedHandler(t)
	rec := get(h, "/api/search?q=osrodek+pomocy")
	if rec.Code != 200 {
		t.Fatalf("got status %d, want 200", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("got Content-Type %q, want JSON", ct)
	}
	var got struct {
		Query   string `json:"query"`
		Total   int    `json:"total"`
		Results []struct {
			ID, Title, Path, Snippet string
			Score                    float64
		} `json:"results"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Query != "osrodek pomocy" || got.Total == 0 || len(got.Results) == 0 {
		t.Fatalf("got %+v, want results for %q", got, "osrodek pomocy")
	}
	first := got.Results[0]
	if first.ID != idMops.String() || first.Path != "/p/"+idMops.String() || first.Score <= 0 {
		t.Errorf("got first result %+v, want the MOPS page with a positive score", first)
	}
	if rec := get(h, "/api/search?q=zl&prefix=1"); !strings.Contains(rec.Body.String(), "Żłobek") {
		t.Errorf("prefix search: got %s, want the Żłobek page", rec.Body.String())
	}
	if rec := get(h, "/api/search?q="); !strings.Contains(rec.Body.String(), `"results":[]`) {
		t.Errorf("empty query: got %s, want an empty result list", rec.Body.String())
	}
}

// TestSearchWithoutIndex: a bulletin imported without the indexer still
// answers, from titles.
func TestSearchWithoutIndex(t *testing.T) {
	h := newTestHandler(t, Deps{})
	rec := get(h, "/szukaj?q=zlobek")
	if body := rec.Body.String(); !strings.Contains(body, "Żłobek Miejski") || !strings.Contains(body, "bez indeksu") {
		t.Errorf("got %d %s, want the title search's result and its note", rec.Code, body)
	}
	rec = get(h, "/api/search?q=zlobek")
	if !strings.Contains(rec.Body.String(), "Żłobek Miejski") {
		t.Errorf("api: got %s, want the title search's result", rec.Body.String())
	}
}

// TestSearchHugeQuery: a query of a megabyte, or of 80 000 words, is cut to
// what the search takes; the page says so and repeats only the cut query in
// its links, so its size stays small (a 1 MB word used to give 14.7 MB).
func TestSearchHugeQuery(t *testing.T) {
	h := indexedHandler(t)
	word := strings.Repeat("statut", 1<<20/6)
	var ws []string
	for i := range 80_000 {
		ws = append(ws, "mops"+strconv.Itoa(i))
	}
	many := url.QueryEscape(strings.Join(ws, " "))
	const maxPage = 200 << 10
	tests := []struct {
		name, target string
		status       int
		want         []string
	}{
		{"one huge word", "/szukaj?q=" + word, 200, []string{"Zapytanie było za długie"}},
		{"a huge word and a bad date", "/szukaj?od=jutro&q=" + word, 400, []string{"jutro"}},
		{"80 000 words", "/szukaj?q=" + many, 200, []string{"Zapytanie było za długie", "mops31"}},
		{"huge word with a page", "/szukaj?q=" + word + "&strona=2", 200, []string{"Zapytanie było za długie"}},
		{"a huge unknown parameter", "/szukaj?q=statut&x=" + word, 200, []string{"Statut MOPS"}},
		{"api", "/api/search?q=" + word, 200, []string{`"cut":true`}},
		{"api, many words", "/api/search?q=" + many, 200, []string{`"cut":true`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.target)
			body := rec.Body.String()
			if rec.Code != tt.status || len(body) > maxPage {
				t.Fatalf("got status %d and %d bytes, want %d and at most %d", rec.Code, len(body), tt.status, maxPage)
			}
			t.Logf("%d bytes", len(body))
			checkContains(t, tt.name, body, tt.want, []string{"mops32"})
		})
	}
}

// TestSearchPageNumber: a page number the search cannot reach is a 400 that
// names the last page there is (strona=922337203685477590 overflowed and
// panicked); a page past the last result shows the last page on the results
// page, and no results in the API, where a client pages on until none come.
func TestSearchPageNumber(t *testing.T) {
	h := indexedHandler(t)
	tests := []struct {
		name, target string
		status       int
		want, not    []string
	}{
		{"huge page", "/szukaj?q=statut&strona=922337203685477590", 400, []string{"najwyżej do strony 1001"}, nil},
		{"first page too far", "/szukaj?q=statut&strona=1002", 400, []string{"najwyżej do strony 1001"}, nil},
		{"api, huge page", "/api/search?q=statut&strona=922337203685477590", 400, []string{"najwyżej do strony 1001"}, nil},
		{"api, huge page, few per page", "/api/search?q=statut&limit=1&strona=10002", 400, []string{"najwyżej do strony 10001"}, nil},
		{"past the last result", "/szukaj?q=statut&strona=1001", 200, []string{"Statut MOPS", `<ol class="bk-results" start="1">`}, []string{"strona=1001"}},
		{"api past the last result", "/api/search?q=statut&strona=1001", 200, []string{`"results":[]`}, []string{"Statut MOPS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("got status %d, want %d", rec.Code, tt.status)
			}
			checkContains(t, tt.target, rec.Body.String(), tt.want, tt.not)
		})
	}
}

// TestSearchStopsWithRequest: a search whose client has gone stops and
// answers nothing.
func TestSearchStopsWithRequest(t *testing.T) {
	h := indexedHandler(t)
	gone := func(r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		cancel()
		*r = *r.WithContext(ctx)
	}
	if rec := get(h, "/api/search?q=statut", gone); strings.Contains(rec.Body.String(), "Statut") {
		t.Errorf("got %s, want no results for a request that has ended", rec.Body.String())
	}
}

// TestSearcherPerHandler: each handler has its own Searcher, or the one its
// Deps give; none is shared through a package variable.
func TestSearcherPerHandler(t *testing.T) {
	st := indexedStore(t)
	given := search.NewSearcher()
	a, errA := newHandler(Deps{Store: st})
	b, errB := newHandler(Deps{Store: st})
	c, errC := newHandler(Deps{Store: st, Searcher: given})
	if err := errors.Join(errA, errB, errC); err != nil {
		t.Fatal(err)
	}
	if a.searcher == nil || a.searcher == b.searcher || c.searcher != given {
		t.Errorf("got searchers %p, %p and %p (given %p): want two of their own and the given one", a.searcher, b.searcher, c.searcher, given)
	}
}
