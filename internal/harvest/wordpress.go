package harvest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// wordPressMarkup reads the HTML of bulletins built on WordPress with a BIP
// theme: the subject menu is a WordPress nav menu, the article an "entry",
// and the metryczka, attachments and change history blocks of the BIP plugin.
var wordPressMarkup = Markup{
	ID:    "wordpress",
	Marks: []string{`content="WordPress`, "/wp-content/", "/wp-includes/"},
	Hints: Hints{
		Menu:    AnyOf(ByID("menu-menu-przedmiotowe"), ByID("menu-przedmiotowe"), ByClass("bip-menu-przedmiotowe")),
		Main:    ByClass("entry-content"),
		Title:   ByClass("entry-title"),
		Meta:    AnyOf(ByClass("bip-metryczka"), ByClass("entry-meta")),
		Crumbs:  AnyOf(ByClass("breadcrumbs"), ByID("breadcrumbs")),
		Files:   ByClass("bip-zalaczniki"),
		History: ByClass("bip-historia"),
		Chrome:  AnyOf(ByClass("site-header"), ByClass("site-footer"), ByID("cookie-notice"), ByClass("widget-area")),
	},
}

// WordPress reads bulletins built on WordPress: the HTML by the theme's
// markup and, where the site exposes it, the REST API (wp-json), whose
// pages give the page tree by parent ids and menu_order. The API is found
// by the <link rel="https://api.w.org/"> WordPress prints in every head;
// its listings are asked for through Parsed.Wants, page by page.
var WordPress Adapter = wordPress{wordPressMarkup}

type wordPress struct{ Markup }

// wpPerPage is the page size asked of the REST API (its maximum).
const wpPerPage = 100

// Parse reads a REST API listing, or an HTML page by the theme's markup
// (noting the API its head announces).
func (w wordPress) Parse(p Page, common Common) Parsed {
	if p.isJSON() && wpAPI(p.URL) {
		return w.parseAPI(p)
	}
	out := w.Markup.Parse(p, common)
	if p.isHTML() {
		out.Wants = append(out.Wants, wpListings(p)...)
	}
	return out
}

// wpAPI reports whether u is a REST API address, by path or by rest_route.
func wpAPI(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && (strings.Contains(pu.Path, "/wp/v2/") || strings.HasPrefix(pu.Query().Get("rest_route"), "/wp/v2/"))
}

// wpListings are the first pages of the REST API's page and post
// listings, when the page's head names the API.
func wpListings(p Page) []string {
	if !bytes.Contains(p.Body, []byte("api.w.org")) {
		return nil // most pages: no second parse
	}
	src, _ := Decode(p.Body, p.ContentType)
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil
	}
	for _, l := range findAll(doc, ByTag("link")) {
		if attr(l, "rel") != "https://api.w.org/" {
			continue
		}
		root := resolve(p.URL, attr(l, "href"))
		if root == "" || !sameSite(root, p.URL) {
			return nil
		}
		return []string{wpListing(root, "pages", 1), wpListing(root, "posts", 1)}
	}
	return nil
}

// wpListing is page n of one REST API listing under the API's root,
// which is either a path (/wp-json/) or, on sites without pretty
// permalinks, a query (?rest_route=/).
func wpListing(root, kind string, n int) string {
	u, err := url.Parse(root)
	if err != nil {
		return ""
	}
	q := u.Query()
	if route := q.Get("rest_route"); route != "" || strings.Contains(u.RawQuery, "rest_route") {
		q.Set("rest_route", strings.TrimSuffix(route, "/")+"/wp/v2/"+kind)
	} else {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/wp/v2/" + kind
	}
	q.Set("per_page", strconv.Itoa(wpPerPage))
	q.Set("page", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}

// wpItem is what the harvest reads of one page or post of the REST API.
type wpItem struct {
	ID        int               `json:"id"`
	Parent    *int              `json:"parent"` // pages only
	MenuOrder int               `json:"menu_order"`
	Link      string            `json:"link"`
	Date      string            `json:"date"`
	Modified  string            `json:"modified"`
	Title     wpRendered        `json:"title"`
	Content   wpRendered        `json:"content"`
	Embedded  *wpEmbeddedAuthor `json:"_embedded"`
}

type wpRendered struct {
	Rendered string `json:"rendered"`
}

type wpEmbeddedAuthor struct {
	Author []struct {
		Name string `json:"name"`
	} `json:"author"`
}

// parseAPI reads one page of a REST API listing: every item as an entry
// by its live address, and the listing's next page when this one is full.
func (w wordPress) parseAPI(p Page) Parsed {
	out := Parsed{URL: p.URL}
	var items []wpItem
	if json.Unmarshal(p.Body, &items) != nil {
		return out
	}
	for _, it := range items {
		if e, ok := w.entry(it, p.URL); ok {
			out.Entries = append(out.Entries, e)
		}
	}
	if len(items) >= wpPerPage {
		if next := nextListing(p.URL); next != "" {
			out.Wants = append(out.Wants, next)
		}
	}
	return out
}

// entry reads one item: its rendered content through the theme's reading
// (the BIP plugin puts the metryczka and files into the content), its
// title, dates and author from the API's fields where the content lacks them.
func (w wordPress) entry(it wpItem, listing string) (Parsed, bool) {
	link := resolve(listing, it.Link)
	if link == "" || !sameSite(link, listing) {
		return Parsed{}, false
	}
	doc := `<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body><article><h1 class="entry-title">` +
		it.Title.Rendered + `</h1><div class="entry-content">` + it.Content.Rendered + `</div></article></body></html>`
	m := w.Markup
	m.noMenu = true
	e := m.Parse(Page{URL: link, ContentType: "text/html; charset=utf-8", Body: []byte(doc)}, nil)
	if t, ok := ParseDate(it.Date); ok && e.Meta.Published.IsZero() {
		e.Meta.Published = t
	}
	if t, ok := ParseDate(it.Modified); ok && e.Meta.Updated.IsZero() {
		e.Meta.Updated = t
	}
	if it.Embedded != nil && len(it.Embedded.Author) > 0 && e.Meta.Author == "" {
		e.Meta.Author = collapse(it.Embedded.Author[0].Name)
	}
	if it.Parent != nil {
		e.Place = &Place{ID: strconv.Itoa(it.ID), Order: it.MenuOrder}
		if *it.Parent != 0 {
			e.Place.Parent = strconv.Itoa(*it.Parent)
		}
	}
	return e, true
}

// nextListing is the address of the listing page after u's.
func nextListing(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	q := pu.Query()
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil {
		n = 1
	}
	q.Set("page", strconv.Itoa(n+1))
	pu.RawQuery = q.Encode()
	return pu.String()
}
