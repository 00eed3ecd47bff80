package harvest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Hints say where one system puts each part of a page; a nil hint leaves
// that part to the generic reading.
type Hints struct {
	Menu    Match // the subject menu's outermost list, or a block holding it
	Main    Match // the article's content
	Title   Match // the article's title
	Meta    Match // the metryczka block
	Crumbs  Match // the breadcrumb trail
	Files   Match // the block listing attachments
	History Match // the page's change register
	Chrome  Match // the system's own widgets, dropped
}

// parseHTML reads one HTML page. The order matters: the menu, trail,
// metryczka and register are read from the whole page before the chrome
// around the content is dropped.
func parseHTML(p Page, h Hints, common Common, guessMenu bool) Parsed {
	src, _ := Decode(p.Body, p.ContentType)
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return Parsed{URL: p.URL}
	}
	out := Parsed{URL: p.URL, SiteName: siteName(doc)}
	if frames := findAll(doc, AnyOf(ByTag("frame"), ByTag("iframe"))); find(doc, ByTag("frameset")) != nil {
		out.Frames = true
		for _, f := range frames {
			if u := resolve(p.URL, attr(f, "src")); u != "" {
				out.Links = append(out.Links, u)
			}
		}
		return out
	}
	out.Menu, out.Active = readMenu(doc, p.URL, h.Menu, guessMenu)
	out.Crumbs = readCrumbs(doc, p.URL, h.Crumbs)
	out.Meta = readMeta(doc, h.Meta)
	out.History, out.Register = readHistory(doc, p.URL, h.History)
	files := filesBlock(doc, h.Files)
	dropChrome(doc, h.Chrome)
	dropCommon(doc, common)
	main := pickMain(doc, h.Main)
	out.Title = takeTitle(doc, main, h.Title)
	out.Files = takeFiles(files, main, p.URL)
	out.Links = pageLinks(main, p.URL)
	out.Body = cleanBody(main, p.URL)
	return out
}

// siteName is the page's og:site_name, else its <title>.
func siteName(doc *html.Node) string {
	for _, m := range findAll(doc, ByTag("meta")) {
		if attr(m, "property") == "og:site_name" {
			return collapse(attr(m, "content"))
		}
	}
	if t := find(doc, ByTag("title")); t != nil {
		return text(t)
	}
	return ""
}

// readCrumbs reads and drops the breadcrumb trail.
func readCrumbs(doc *html.Node, base string, hint Match) []string {
	el := find(doc, hint)
	if el == nil {
		el = find(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && hasToken(classID(n)+" "+strings.ToLower(attr(n, "aria-label")),
				"breadcrumb", "breadcrumbs", "okruszki", "sciezka", "ścieżka", "path", "location", "nawigacja-okruszkowa")
		})
	}
	if el == nil {
		return nil
	}
	var out []string
	for _, a := range findAll(el, ByTag("a")) {
		if u := resolve(base, attr(a, "href")); u != "" {
			out = append(out, canonical(u))
		}
	}
	remove(el)
	return out
}

// hasToken reports whether the id/class string s holds a word starting with one of words.
func hasToken(s string, words ...string) bool {
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }) {
		for _, w := range words {
			if strings.HasPrefix(tok, w) {
				return true
			}
		}
	}
	return false
}

// isHeading reports whether n is a heading-like element.
func isHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Caption, atom.Strong, atom.B, atom.Th, atom.Legend:
		return true
	}
	return false
}

// headed finds the block a heading with one of the given texts introduces:
// the heading's next sibling, else the small block around the heading.
func headed(doc *html.Node, texts ...string) (heading, block *html.Node) {
	h := find(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode || !isHeading(n) {
			return false
		}
		t := normLabel(text(n))
		for _, want := range texts {
			if t == want {
				return true
			}
		}
		return false
	})
	if h == nil {
		return nil, nil
	}
	for sib := h.NextSibling; sib != nil; sib = sib.NextSibling {
		if sib.Type == html.ElementNode {
			return h, sib
		}
	}
	// The heading ends its block: the block is the one around it, unless
	// that holds the article too.
	if p := h.Parent; p != nil && len(text(p)) <= len(text(h))+600 {
		return h, p
	}
	return nil, nil
}
