package harvest

import (
	"strings"

	"golang.org/x/net/html"

	"bipkiosk/internal/content"
)

// Adapter reads the pages of one kind of BIP system. Adding a system is
// one file: an Adapter (usually a Markup) and its fixture test.
type Adapter interface {
	// Name is the adapter's short name, as reports show it ("wordpress").
	Name() string
	// Detect reports whether the page (usually the home page) comes from
	// the system this adapter knows.
	Detect(p Page) bool
	// Seeds returns addresses to fetch besides those linked from the site's
	// pages, given its home address: an API or a register endpoint.
	Seeds(start string) []string
	// Parse reads one page. Pages it cannot read come back empty, not as errors.
	Parse(p Page, common Common) Parsed
}

// Parsed is what one page says about the bulletin.
type Parsed struct {
	URL      string
	Title    string
	Body     string       // the main content as HTML: chrome, title, metryczka, files and register removed
	Meta     content.Meta // SourceURL is left to Extract
	Menu     []MenuItem   // the subject menu as the page shows it
	Crumbs   []string     // addresses in the breadcrumb trail, outermost first
	Active   string       // the menu entry marked as current, if any
	Files    []FileLink   // the attachments
	History  []content.Change
	Register []RegisterEntry // site-wide register rows naming other pages
	Links    []string        // pages the main content links to, in order
	SiteName string          // the bulletin's name as the page gives it, if it does
	Frames   bool            // the page only frames others
	Wants    []string        // addresses the crawler cannot see as links: an API the head names, an API listing's next page
	Entries  []Parsed        // the pages an API document gives in full, each by its live address
	Place    *Place          // where the system's own page tree puts the page, when an API says
}

// Place is a page's position in the system's own page tree (a CMS's
// parent ids and ordering), which is preferred to the menus pages show.
type Place struct {
	ID, Parent string // the system's ids; Parent is "" at the top
	Order      int    // the position among the parent's children
}

// MenuItem is one entry of the subject menu; URL is empty for a heading.
type MenuItem struct {
	Title    string
	URL      string
	Children []MenuItem
}

// FileLink is one attachment of a page.
type FileLink struct {
	URL   string
	Title string
}

// RegisterEntry is one row of a site-wide change register.
type RegisterEntry struct {
	URL    string // the page the change was made to
	Change content.Change
}

// Markup is an Adapter that reads HTML by the Hints of one system's
// markup, falling back to the generic reading where a hint is missing.
type Markup struct {
	ID      string                // the adapter's name
	Marks   []string              // strings whose presence in a page marks the system
	Hints   Hints                 // where the system puts each part of a page
	SeedFor func(string) []string // extra addresses, if the system has any

	noMenu bool // the page has no menu: a list in it is content (see Extract)
}

// Name returns the adapter's name.
func (m Markup) Name() string { return m.ID }

// Detect reports whether the page holds one of the marks.
func (m Markup) Detect(p Page) bool {
	s, _ := Decode(p.Body, p.ContentType)
	s = strings.ToLower(s)
	for _, mark := range m.Marks {
		if strings.Contains(s, strings.ToLower(mark)) {
			return true
		}
	}
	return false
}

// Seeds returns the system's extra addresses.
func (m Markup) Seeds(start string) []string {
	if m.SeedFor == nil {
		return nil
	}
	return m.SeedFor(start)
}

// Parse reads one page: JSON as a change register, HTML by the hints.
func (m Markup) Parse(p Page, common Common) Parsed {
	if p.isJSON() {
		return Parsed{URL: p.URL, Register: registerJSON(p)}
	}
	if !p.isHTML() {
		return Parsed{URL: p.URL}
	}
	h := m.Hints
	if m.noMenu {
		h.Menu = func(*html.Node) bool { return false }
	}
	return parseHTML(p, h, common, !m.noMenu)
}

// Generic reads a BIP of unknown make by its structure alone.
var Generic Adapter = Markup{ID: "generic"}

// Adapters are the systems known by markup, tried in order before Generic.
var Adapters = []Adapter{WordPress, GovHost, PortalBIP, BipKiosk}

// Choose returns the first adapter that detects the page, else Generic.
func Choose(p Page) Adapter {
	for _, a := range Adapters {
		if a.Detect(p) {
			return a
		}
	}
	return Generic
}
