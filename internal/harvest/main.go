package harvest

import (
	"hash/fnv"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"bipkiosk/internal/attachment"
)

// dropTags never hold an article's text.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Aside: true,
	atom.Form: true, atom.Iframe: true, atom.Button: true, atom.Select: true, atom.Input: true,
	atom.Footer: true, atom.Link: true, atom.Meta: true, atom.Svg: true, atom.Object: true,
}

// chromeTokens start ids and classes of a site's furniture; alwaysTokens
// are dropped whatever they hold, the rest only when they hold little text.
var (
	alwaysTokens = []string{"cookie", "skip", "wcag", "kontrast", "contrast", "fontsize", "czcionk", "niedowid", "accessibility"}
	chromeTokens = []string{"menu", "nav", "breadcrumb", "okruszki", "sidebar", "footer", "stopka", "banner",
		"toolbar", "topbar", "header", "naglowek", "logo", "drukuj", "print", "login", "lang", "jezyk",
		"search", "szukaj", "wyszukiw", "share", "social", "rodo"}
	chromeTextRE = regexp.MustCompile(`(?i)^(a\s*a\s*a|a\s*[+-]?\s*a\s*[+-]?\s*a\s*[+-]?|wersja dla niedowidzących|wersja kontrastowa|` +
		`(zmień )?kontrast|przejdź do .{0,40}|pomiń .{0,40}|drukuj|wersja do (wy)?druku|(rejestr|historia) zmian( \(\d+ zmian\w*\))?|powrót|wróć|do góry|` +
		`(zamknij|akceptuję|rozumiem|ok)|(ta strona|serwis|strona|witryna) (używa|wykorzystuje|korzysta z) .*cookie.*)$`)
)

// dropChrome removes the parts of a page that are never its content.
func dropChrome(doc *html.Node, hint Match) {
	for _, n := range findAll(doc, hint) {
		remove(n)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type == html.CommentNode:
				remove(c)
			case c.Type != html.ElementNode:
			case isChrome(c):
				remove(c)
			default:
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
}

func isChrome(n *html.Node) bool {
	if dropTags[n.DataAtom] {
		return true
	}
	role := attr(n, "role")
	if role == "navigation" || role == "banner" || role == "contentinfo" || role == "search" {
		return true
	}
	ci := classID(n)
	if hasToken(ci, alwaysTokens...) {
		return true
	}
	t := text(n)
	if len(t) < 300 && chromeTextRE.MatchString(strings.Trim(t, "[]()|/ ")) {
		return true
	}
	if n.DataAtom == atom.Header && !insideContent(n) && find(n, ByTag("h1")) == nil {
		return true
	}
	if hasToken(ci, chromeTokens...) && !insideContent(n) && find(n, ByTag("h1")) == nil {
		own := len(t) - linkText(n)
		return own < 300 || own*2 < len(t)
	}
	return false
}

// insideContent reports whether n lies in an <article> or <main>.
func insideContent(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

// Common is the set of blocks repeated on most pages of a site (headers,
// footers, contact boxes), by a hash of their text; they are dropped from
// every page.
type Common map[uint64]bool

// commonSample bounds the pages CommonBlocks reads: a block on most pages
// is on most of an even sample too, and a large bulletin has tens of
// thousands of pages.
const commonSample = 400

// CommonBlocks finds the blocks whose text appears on more than half of
// the HTML pages (and on at least three), reading an even sample of them.
func CommonBlocks(pages []Page) Common {
	var htmlPages []Page
	for _, p := range pages {
		if p.isHTML() {
			htmlPages = append(htmlPages, p)
		}
	}
	step := max(1, len(htmlPages)/commonSample)
	counts := map[uint64]int{}
	n := 0
	for i := 0; i < len(htmlPages); i += step {
		p := htmlPages[i]
		src, _ := Decode(p.Body, p.ContentType)
		doc, err := html.Parse(strings.NewReader(src))
		if err != nil || find(doc, ByTag("frameset")) != nil {
			continue
		}
		n++
		seen := map[uint64]bool{}
		walkBlocks(doc, func(el *html.Node, key uint64) {
			if !seen[key] {
				seen[key] = true
				counts[key]++
			}
		})
	}
	out := Common{}
	for k, c := range counts {
		if c >= 3 && c*2 > n {
			out[k] = true
		}
	}
	return out
}

// walkBlocks calls fn with every block element and its text. Lists are
// not walked: menu entries repeat on every page, but so do the titles of
// the pages they lead to, which must stay.
func walkBlocks(n *html.Node, fn func(el *html.Node, key uint64)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isList(c) || c.DataAtom == atom.Nav || c.DataAtom == atom.Dl) {
			continue
		}
		if c.Type == html.ElementNode && blockTags[c.DataAtom] && c.DataAtom != atom.Br {
			if t := text(c); t != "" && len(t) < 4000 {
				// Links count too: "Zarządzenie (PDF)" on every page is
				// a different file on each.
				h := fnv.New64a()
				h.Write([]byte(t))
				for _, a := range findAll(c, ByTag("a")) {
					h.Write([]byte("\x00" + attr(a, "href")))
				}
				fn(c, h.Sum64())
			}
		}
		walkBlocks(c, fn)
	}
}

// dropCommon removes the blocks repeated across the site, outermost first.
func dropCommon(doc *html.Node, common Common) {
	if len(common) == 0 {
		return
	}
	var gone []*html.Node
	walkBlocks(doc, func(el *html.Node, key uint64) {
		if common[key] && el.DataAtom != atom.Body && el.DataAtom != atom.Html {
			gone = append(gone, el)
		}
	})
	for _, el := range gone {
		if attached(el, doc) {
			remove(el)
		}
	}
}

func attached(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

// mainWords start the ids and classes of content containers.
var mainWords = []string{"content", "tresc", "treść", "main", "article", "artykul", "entry", "post", "srodek", "body", "page"}

// pickMain finds the article's content: the hinted block, else the
// smallest landmark holding most of the page's own (not link) text, else
// the layout block that does.
func pickMain(doc *html.Node, hint Match) *html.Node {
	if el := find(doc, hint); el != nil {
		return el
	}
	body := find(doc, ByTag("body"))
	if body == nil {
		return doc
	}
	// The smallest landmark that still holds 70% of the page's own text:
	// the article, not the wrapper around the whole site.
	total := ownText(body)
	var best *html.Node
	bestLen := 0
	for _, el := range findAllNested(body, func(n *html.Node) bool {
		return n.Type == html.ElementNode && (n.DataAtom == atom.Main || n.DataAtom == atom.Article || attr(n, "role") == "main" ||
			hasToken(strings.ToLower(attr(n, "id")+" "+attr(n, "class")), mainWords...))
	}) {
		if l := ownText(el); l*10 >= total*7 && (best == nil || l <= bestLen) {
			best, bestLen = el, l
		}
	}
	if best != nil {
		return best
	}
	return densest(body)
}

// containers are the elements a page's layout is made of; the content is
// one of them, never a single paragraph of it.
var containers = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Table: true, atom.Tbody: true,
	atom.Tr: true, atom.Td: true, atom.Center: true, atom.Font: true, atom.Body: true,
}

// densest walks down from n while one container child holds 70% of the own text.
func densest(n *html.Node) *html.Node {
	total := ownText(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && containers[c.DataAtom] && total > 0 && ownText(c)*10 >= total*7 {
			return densest(c)
		}
	}
	return n
}

// ownText is the length of n's text outside links.
func ownText(n *html.Node) int { return len(text(n)) - linkText(n) }

// findAllNested returns every element m matches, nested ones too.
func findAllNested(root *html.Node, m Match) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if m(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// takeTitle reads and drops the title: the hinted element, else the
// first h1 in the content, the heading just before the content, the first
// h1 anywhere, the first h2/h3 in the content. "" when there is none: the
// caller falls back on the menu entry or the <title>.
func takeTitle(doc, main *html.Node, hint Match) string {
	el := find(doc, hint)
	for _, try := range []func() *html.Node{
		func() *html.Node { return find(main, ByTag("h1")) },
		func() *html.Node { return headingBefore(main) },
		func() *html.Node { return find(find(doc, ByTag("body")), ByTag("h1")) },
		func() *html.Node { return find(main, AnyOf(ByTag("h2"), ByTag("h3"))) },
	} {
		if el != nil {
			break
		}
		el = try()
	}
	if el == nil {
		return ""
	}
	t := text(el)
	remove(el)
	return t
}

// headingBefore is the heading that stands right before n (or before the
// block n opens), as titles do above a content block.
func headingBefore(n *html.Node) *html.Node {
	for up := 0; n != nil && up < 3; n, up = n.Parent, up+1 {
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			if s.Type == html.TextNode && strings.TrimSpace(s.Data) == "" {
				continue
			}
			if s.Type == html.ElementNode && isHeadingTag(s) {
				return s
			}
			break
		}
	}
	return nil
}

func isHeadingTag(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3:
		return true
	}
	return false
}

var sizeNoteRE = regexp.MustCompile(`(?i)\s*[\(\[]?\s*(pdf|docx?|odt|rtf|xlsx?|ods|jpe?g|png|zip)?\s*[,;]?\s*\d+([.,]\d+)?\s*(kb|mb|b|kib|mib|bajtów)\s*[\)\]]?\s*$|\s*[-–(]*\s*(pobierz|download|plik)\s*[)]?\s*$`)

// hasWords reports whether s holds a letter or digit.
func hasWords(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// fileURL reports whether u points to an attachment: a type of file the
// bulletin publishes other than a web page.
func fileURL(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	name := path.Base(pu.Path)
	if t, ok := attachment.ByExt(name); ok && t.Label != "HTML" && t.Label != "MD" {
		return true
	}
	if pu.Query().Get("file") != "" || strings.Contains(strings.ToLower(pu.Path), "/download/") || strings.Contains(pu.Path, "/plik/") {
		return true
	}
	return false
}

// filesBlock finds the block listing attachments: the hinted one, else one
// called so. It is read apart from the content, wherever it stands.
func filesBlock(doc *html.Node, hint Match) *html.Node {
	el := find(doc, hint)
	if el == nil {
		el = find(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && hasToken(classID(n), "zalacznik", "załącznik", "attachment", "pliki", "files")
		})
	}
	if el != nil && el.DataAtom == atom.Caption && el.Parent != nil {
		el = el.Parent // a table's caption names the table of files
	}
	if el != nil && el.Parent != nil {
		if prev := el.PrevSibling; prev != nil && prev.Type == html.ElementNode && isHeading(prev) && strings.HasPrefix(normLabel(text(prev)), "załącznik") {
			remove(prev)
		}
		remove(el)
	}
	return el
}

// takeFiles reads and drops the attachments in the content and in the files block.
func takeFiles(block, main *html.Node, base string) []FileLink {
	roots := []*html.Node{main}
	if block != nil {
		roots = append(roots, block)
	}
	var out []FileLink
	seen := map[string]bool{}
	for _, root := range roots {
		for _, a := range findAll(root, ByTag("a")) {
			u := resolve(base, attr(a, "href"))
			if u == "" || !fileURL(u) || seen[u] {
				continue
			}
			seen[u] = true
			out = append(out, FileLink{URL: u, Title: fileTitle(a, u)})
			dropLinkBlock(a)
		}
	}
	for _, h := range findAll(main, func(n *html.Node) bool {
		return n.Type == html.ElementNode && isHeading(n) && strings.HasPrefix(normLabel(text(n)), "załącznik")
	}) {
		if len(out) > 0 {
			remove(h)
		}
	}
	return out
}

// fileTitle is the link's text without size notes, else its title, else the file name.
func fileTitle(a *html.Node, u string) string {
	t := strings.TrimSpace(sizeNoteRE.ReplaceAllString(text(a), ""))
	if t == "" {
		t = collapse(attr(a, "title"))
	}
	if t == "" {
		pu, _ := url.Parse(u)
		t, _ = url.PathUnescape(path.Base(pu.Path))
	}
	return t
}

// dropLinkBlock removes the link with the list item, row or paragraph that
// holds nothing else, so the file is not listed twice.
func dropLinkBlock(a *html.Node) {
	target := a
	for p := a.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Li || p.DataAtom == atom.Tr || p.DataAtom == atom.P || p.DataAtom == atom.Div {
			if len(findAll(p, ByTag("a"))) == 1 && len(text(p)) < len(text(a))+60 {
				target = p
			}
			break
		}
	}
	parent := target.Parent
	remove(target)
	// An emptied list goes too.
	if parent != nil && (isList(parent) || parent.DataAtom == atom.Tbody || parent.DataAtom == atom.Table) && text(parent) == "" {
		remove(parent)
	}
}

// pageLinks returns the web pages the content links to, in order.
func pageLinks(main *html.Node, base string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range findAll(main, ByTag("a")) {
		u := resolve(base, attr(a, "href"))
		if u == "" || fileURL(u) || seen[u] || strings.HasPrefix(u, "mailto:") || strings.HasPrefix(u, "tel:") {
			continue
		}
		seen[u] = true
		out = append(out, u)
	}
	return out
}

// leftover are the elements dropped from a body when no text is left in them.
var leftover = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Span: true, atom.Table: true, atom.Tbody: true,
	atom.Tr: true, atom.Ul: true, atom.Ol: true, atom.Font: true, atom.Center: true, atom.B: true, atom.I: true,
}

// pruneEmpty drops what is left of removed toolbars ("|", "»"), metryczka
// tables and listings: elements without words, images or rules.
func pruneEmpty(root *html.Node) {
	for _, el := range findAllNested(root, func(n *html.Node) bool {
		return n != root && n.Type == html.ElementNode && leftover[n.DataAtom]
	}) {
		if attached(el, root) && !hasWords(text(el)) && find(el, AnyOf(ByTag("img"), ByTag("hr"), ByTag("iframe"))) == nil {
			remove(el)
		}
	}
	trimRules(root)
}

// trimRules drops horizontal rules and blank text at the end and start of
// a body: they separated the metryczka or toolbar that is gone.
func trimRules(main *html.Node) {
	for _, edge := range []func() *html.Node{func() *html.Node { return main.LastChild }, func() *html.Node { return main.FirstChild }} {
		for c := edge(); c != nil; c = edge() {
			if (c.Type == html.TextNode && strings.TrimSpace(c.Data) == "") || (c.Type == html.ElementNode && (c.DataAtom == atom.Hr || c.DataAtom == atom.Br)) {
				main.RemoveChild(c)
				continue
			}
			break
		}
	}
}

// keepAttrs are the attributes a cleaned body keeps.
var keepAttrs = map[string]bool{"href": true, "src": true, "alt": true, "colspan": true, "rowspan": true, "title": true, "scope": true}

// cleanBody renders the content with absolute addresses and no styling attributes.
func cleanBody(main *html.Node, base string) string {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			var kept []html.Attribute
			for _, a := range n.Attr {
				if !keepAttrs[a.Key] {
					continue
				}
				if a.Key == "href" || a.Key == "src" {
					if a.Val = resolve(base, a.Val); a.Val == "" {
						continue
					}
				}
				kept = append(kept, html.Attribute{Key: a.Key, Val: a.Val})
			}
			n.Attr = kept
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(main)
	pruneEmpty(main)
	return renderChildren(main)
}
