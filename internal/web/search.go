package web

import (
	"encoding/json"
	"errors"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
)

// searchPage is the results page of the full-text search.
type searchPage struct {
	*Layout
	Form       searchForm
	Searched   bool
	Total      int
	Hits       []searchHit
	Partial    bool   // no result has every word
	Cut        bool   // the query was too long: only its beginning was searched
	Suggestion string // "did you mean"
	SuggestURL string
	Pager      Pager
	First      int // the rank of the first result shown, for <ol start>
	ClearURL   string
	Sections   []Choice
	// Fallback: the bulletin was imported without a search index, so only
	// titles are searched.
	Fallback bool
	Titles   []store.NodeSummary
	Capped   bool
}

// searchForm is the filter form as typed.
type searchForm struct {
	Section, From, To, Kind string
	Filtered                bool
}

// searchHit is one result as the page shows it.
type searchHit struct {
	Href, Title string
	Snippet     template.HTML // escaped text with <mark>, built by search
	Attachment  bool
	PageHref    string
	PageTitle   string
	Date        time.Time
}

// searchPageSize is how many results a results page shows.
const searchPageSize = 10

func (h *handler) showSearch(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "search", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("search.title")
		// The page repeats the query in a dozen links and fields: the parsed
		// and bounded query, so a huge address does not make a huge page (an
		// error page too).
		text, cut := search.BoundQuery(r.URL.Query().Get("q"))
		lay.Query, lay.Path = text, searchURL(search.Query{Text: text}, 1)
		q, page, err := searchQuery(r, searchPageSize)
		if err != nil {
			return nil, err
		}
		echo := searchEcho(q)
		lay.Path = searchURL(q, page)
		p := searchPage{Layout: lay, Form: formOf(r), Cut: cut}
		p.Sections = sectionChoices(rd, lay, p.Form.Section)
		if strings.TrimSpace(q.Text) == "" {
			return p, nil
		}
		p.Searched = true
		p.ClearURL = "/szukaj?" + url.Values{"q": {q.Text}}.Encode()
		res, q, page, err := h.searchUpTo(r, rd, q, page)
		if errors.Is(err, search.ErrNoIndex) {
			p.Fallback = true
			p.Titles, p.Capped, err = titleSearch(rd, lay, i18n.Fold(strings.TrimSpace(q.Text)))
			return p, err
		}
		if err != nil {
			return nil, err
		}
		lay.Path = searchURL(q, page)
		p.First = q.Offset + 1
		p.Total, p.Partial, p.Suggestion, p.Cut = res.Total, res.Partial, res.Suggestion, p.Cut || res.Cut
		if p.Suggestion != "" {
			v := searchEcho(q)
			v.Set("q", p.Suggestion)
			p.SuggestURL = "/szukaj?" + v.Encode()
		}
		for _, hit := range res.Results {
			p.Hits = append(p.Hits, newSearchHit(hit, h.kiosk))
		}
		p.Pager = lay.newPagerOf(searchPageSize, "/szukaj", echo, page, min(res.Total, maxSearchPage(searchPageSize)*searchPageSize))
		return p, nil
	})
}

// searchUpTo runs q for a results page; a page past the last (an old link
// after an update, an edited address) gives the last page, as a reader
// paging on expects, with q and page changed to it.
func (h *handler) searchUpTo(r *http.Request, rd *store.Reader, q search.Query, page int) (search.Results, search.Query, int, error) {
	res, err := h.searcher.Search(r.Context(), rd, q)
	if last := lastSearchPage(res.Total, searchPageSize); err == nil && page > last {
		page, q.Offset = last, (last-1)*searchPageSize
		if res.Total > 0 {
			res, err = h.searcher.Search(r.Context(), rd, q)
		}
	}
	return res, q, page, err
}

// searchURL is the address of page of the results of q.
func searchURL(q search.Query, page int) string {
	v := searchEcho(q)
	if page > 1 {
		v.Set("strona", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/szukaj"
	}
	return "/szukaj?" + v.Encode()
}

// searchEcho is the query and filters of a search as its page's links repeat
// them: as parsed, so only known parameters, and the query bounded.
func searchEcho(q search.Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	if q.Section != uuid.Nil {
		v.Set("dzial", q.Section.String())
	}
	if !q.From.IsZero() {
		v.Set("od", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		v.Set("do", q.To.Format(time.DateOnly))
	}
	switch q.Kind {
	case search.KindPage:
		v.Set("rodzaj", "strona")
	case search.KindAttachment:
		v.Set("rodzaj", "zalacznik")
	}
	return v
}

// maxSearchPage is the last page of results of size that may be asked for:
// the search goes no deeper than search.MaxOffset.
func maxSearchPage(size int) int { return search.MaxOffset/size + 1 }

// lastSearchPage is the last page of total results, at least 1.
func lastSearchPage(total, size int) int {
	return max(1, (min(total, maxSearchPage(size)*size)+size-1)/size)
}

// newSearchHit is one result as the page and the API show it. An attachment
// links to its file, or in a kiosk to its in-app page: a kiosk never opens a
// raw file, which would leave the app (see attachment_page.go); one with
// page images links to the viewer at the page of the first word found.
func newSearchHit(r search.Result, kiosk bool) searchHit {
	hit := searchHit{Href: nodePath(r.ID), Title: r.Title, Snippet: template.HTML(r.Snippet), Date: r.Date}
	if r.Attachment != nil {
		hit.Attachment = true
		hit.PageHref, hit.PageTitle = hit.Href, r.PageTitle
		hit.Href = attachmentURL(*r.Attachment)
		if kiosk {
			hit.Href = attachmentPagePath(r.ID, r.Attachment.SHA256)
		}
		if r.Page > 0 {
			// A file with page images opens in the viewer, in both shells,
			// at the page where the word was found.
			hit.Href = viewerPagePath(attachmentPagePath(r.ID, r.Attachment.SHA256), r.Page)
		}
	}
	return hit
}

// searchQuery reads ?q=…&dzial=<id>&od=rrrr-mm-dd&do=rrrr-mm-dd&rodzaj=strona|zalacznik&strona=N.
// The query is bounded (search.BoundQuery); a page past maxSearchPage is a 400.
func searchQuery(r *http.Request, size int) (search.Query, int, error) {
	v := r.URL.Query()
	page, err := pageParamUpTo(r, math.MaxInt) // the search's own bound follows
	if err != nil {
		return search.Query{}, 0, err
	}
	if page > maxSearchPage(size) {
		return search.Query{}, 0, errBadRequest("search.badPage", maxSearchPage(size))
	}
	text, _ := search.BoundQuery(v.Get("q"))
	q := search.Query{Text: text, Offset: (page - 1) * size, Limit: size}
	if q.From, err = dayParam(r, "od"); err != nil {
		return q, 0, err
	}
	if q.To, err = dayParam(r, "do"); err != nil {
		return q, 0, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, 0, errBadRequest("error.badRange")
	}
	if s := v.Get("dzial"); s != "" {
		if q.Section, err = uuid.Parse(s); err != nil {
			return q, 0, errBadRequest("search.badSection")
		}
	}
	switch v.Get("rodzaj") {
	case "strona":
		q.Kind = search.KindPage
	case "zalacznik":
		q.Kind = search.KindAttachment
	}
	return q, page, nil
}

func formOf(r *http.Request) searchForm {
	v := r.URL.Query()
	f := searchForm{Section: v.Get("dzial"), From: v.Get("od"), To: v.Get("do"), Kind: v.Get("rodzaj")}
	f.Filtered = f.Section != "" || f.From != "" || f.To != "" || f.Kind != ""
	return f
}

// sectionChoices are the top-level nodes of the subject menu, for the
// section filter.
func sectionChoices(rd *store.Reader, lay *Layout, want string) []Choice {
	var out []Choice
	for _, g := range lay.Site.Groups {
		for _, id := range g.Nodes {
			s, err := rd.Summary(id)
			if err != nil || s.Kind == content.KindLink {
				continue
			}
			out = append(out, Choice{Value: id.String(), Label: s.Title, Current: id.String() == want})
		}
	}
	return out
}

// apiResults is the JSON of GET /api/search.
type apiResults struct {
	Query      string      `json:"query"`
	Total      int         `json:"total"`
	Results    []apiResult `json:"results"`
	Suggestion string      `json:"suggestion,omitempty"`
	Cut        bool        `json:"cut,omitempty"` // the query was too long: only its beginning was searched
}

type apiResult struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Path    string  `json:"path"` // the result's URL: /p/{id}, or the file for an attachment
	Page    string  `json:"page,omitempty"`
	Kind    string  `json:"kind"` // "page" or "attachment"
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// apiSearch answers GET /api/search?q=… with JSON, for suggestions as the
// user types and for tests. It takes the filters of /szukaj, plus
// limit=N (at most search.MaxLimit) and prefix=1 (the last word is unfinished).
func (h *handler) apiSearch(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 {
		limit = search.DefaultLimit
	}
	q, _, err := searchQuery(r, min(limit, search.MaxLimit))
	if err != nil {
		msg := err.Error()
		if he := (*httpError)(nil); errors.As(err, &he) {
			msg = i18n.New(h.settingsFor(r).Lang).T(he.key, he.args...)
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": msg})
		return
	}
	q.Prefix = r.URL.Query().Get("prefix") == "1"
	out := apiResults{Query: q.Text, Results: []apiResult{}, Cut: q.Text != r.URL.Query().Get("q")}
	err = h.store.Read(func(rd *store.Reader) error {
		if strings.TrimSpace(q.Text) == "" {
			return nil
		}
		res, err := h.searcher.Search(r.Context(), rd, q)
		if errors.Is(err, search.ErrNoIndex) {
			return apiTitles(rd, h, r, q.Text, &out)
		}
		if err != nil {
			return err
		}
		out.Total, out.Suggestion, out.Cut = res.Total, res.Suggestion, out.Cut || res.Cut
		for _, hit := range res.Results {
			sh := newSearchHit(hit, h.kiosk)
			a := apiResult{ID: hit.ID.String(), Title: hit.Title, Path: sh.Href, Page: sh.PageHref, Kind: "page", Snippet: hit.Snippet, Score: hit.Score}
			if sh.Attachment {
				a.Kind = "attachment"
			}
			out.Results = append(out.Results, a)
		}
		return nil
	})
	switch {
	case errors.Is(err, store.ErrEmpty):
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": err.Error()})
	case r.Context().Err() != nil:
		// The client has gone, and the search stopped with it: nothing failed.
	case err != nil:
		h.log.Error("web_request_failed", "err", err, "path", r.URL.Path)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "search failed"})
	default:
		writeJSON(w, http.StatusOK, out)
	}
}

// apiTitles answers from titles when the bulletin has no search index.
func apiTitles(rd *store.Reader, h *handler, r *http.Request, text string, out *apiResults) error {
	lay := h.bareLayout(r, h.settingsFor(r))
	site, err := rd.Site()
	if err != nil {
		return err
	}
	lay.Site = site
	found, _, err := titleSearch(rd, lay, i18n.Fold(strings.TrimSpace(text)))
	out.Total = len(found)
	for _, n := range found {
		out.Results = append(out.Results, apiResult{ID: n.ID.String(), Title: n.Title, Path: nodePath(n.ID), Kind: "page"})
	}
	return err
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// The title search answers when the installed bulletin has no search index
// (imported without the indexer): it walks the tree breadth-first and stops
// at these bounds, so a huge bulletin cannot make it slow.
const (
	searchMaxNodes   = 20000
	searchMaxResults = 50
)

// titleSearch finds nodes whose folded title contains q.
func titleSearch(rd *store.Reader, lay *Layout, q string) ([]store.NodeSummary, bool, error) {
	var queue []store.NodeSummary
	for _, g := range topGroups(rd, lay.Site) {
		queue = append(queue, g.nodes...)
	}
	var found []store.NodeSummary
	seen := map[uuid.UUID]bool{}
	for visited := 0; len(queue) > 0; visited++ {
		if visited >= searchMaxNodes || len(found) >= searchMaxResults {
			return found, true, nil
		}
		n := queue[0]
		queue = queue[1:]
		if seen[n.ID] {
			continue
		}
		seen[n.ID] = true
		if strings.Contains(i18n.Fold(n.Title), q) {
			found = append(found, n)
		}
		if n.HasChildren {
			kids, err := rd.Children(n.ID)
			if err != nil {
				return nil, false, err
			}
			queue = append(queue, kids...)
		}
	}
	return found, false, nil
}
