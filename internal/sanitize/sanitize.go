package sanitize

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// policy is built once: bluemonday policies are safe for concurrent use once
// built, and building one compiles a dozen regular expressions.
var policy = newPolicy()

// HTML returns s with everything removed that the article policy does not
// allow. The result is safe to place inside an element of our pages, and
// sanitising it again changes nothing.
func HTML(s string) string {
	in := wellFormed(s)
	out := demoteH1(policy.Sanitize(in))
	// Removing an element can leave markup that a browser reads as another
	// tree ("<h2>a<x><h2>" nests the headings; without the x they are
	// siblings), so then the result is parsed and written once more: what
	// we store is what a browser shows, and sanitising it again changes
	// nothing. Every "<" in both is a tag (text has "&lt;"), and the policy
	// adds no tag, so as many "<" in both means none was removed.
	if strings.Count(out, "<") != strings.Count(in, "<") {
		out = wellFormed(out)
	}
	// bluemonday writes rel="noreferrer" on links to another host; we want
	// noopener too. The policy allows no rel attribute from the input and text
	// is escaped (a quote in text is &#34;), so this exact string can only be
	// the attribute bluemonday added.
	return strings.ReplaceAll(out, ` rel="noreferrer"`, ` rel="noopener noreferrer"`)
}

// wellFormed parses s as the body of a page, the way a browser parses our
// pages, and writes the tree back out: every element closed, stray end tags
// gone. bluemonday counts the start and end tags of the elements whose content
// it skips (iframe, noscript, svg, button, template, ...) one token at a time,
// and a stray "</iframe>" before a "<svg>" put that count off by one, so
// everything after the svg was dropped without a word. Given well-formed
// markup the count is always right. If s cannot be parsed (it always can, in
// practice), bluemonday gets s as it is.
//
// s is parsed as a whole document after a doctype, not as a fragment: the
// fragment parser of x/net/html keeps "<svg><p>text" inside the svg, where a
// browser (and the document parser) ends the svg at the paragraph.
func wellFormed(s string) string {
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><body>" + s))
	if err != nil {
		return s
	}
	body := findBody(doc)
	if body == nil {
		return s
	}
	w := &writer{}
	w.b.Grow(len(s) + len(s)/8)
	w.children(body)
	return w.b.String()
}

// findBody returns the body element of a parsed document, or nil.
func findBody(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Body && c.Namespace == "" {
			return c
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Html {
			return findBody(c)
		}
	}
	return nil
}

// writer writes a parsed tree back as tokens. Unlike html.Render it writes
// void elements as "<br>", not "<br/>", so well-formed bodies come out of
// HTML as they did before it parsed them.
type writer struct {
	b    strings.Builder
	done bool // after a plaintext element, whose text runs to the end
}

func (w *writer) node(n *html.Node) {
	if w.done {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.text(n)
	case html.ElementNode:
		w.element(n)
	case html.DocumentNode:
		w.children(n)
	}
	// Comments and doctypes are dropped: the policy drops them anyway.
}

func (w *writer) text(n *html.Node) {
	if p := n.Parent; p != nil && p.Type == html.ElementNode && p.Namespace == "" && rawText[p.Data] {
		w.b.WriteString(n.Data) // the tokenizer reads these elements' content verbatim
		return
	}
	w.b.WriteString(html.EscapeString(n.Data))
}

func (w *writer) element(n *html.Node) {
	w.b.WriteByte('<')
	w.b.WriteString(n.Data)
	for _, a := range n.Attr {
		w.b.WriteByte(' ')
		if a.Namespace != "" {
			w.b.WriteString(a.Namespace)
			w.b.WriteByte(':')
		}
		w.b.WriteString(a.Key)
		w.b.WriteString(`="`)
		w.b.WriteString(html.EscapeString(a.Val))
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
	if n.Namespace == "" && void[n.Data] {
		return
	}
	w.children(n)
	if n.Namespace == "" && n.Data == "plaintext" {
		w.done = true
		return
	}
	w.b.WriteString("</")
	w.b.WriteString(n.Data)
	w.b.WriteByte('>')
}

func (w *writer) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

// rawText are the elements whose text the tokenizer does not unescape;
// void are the elements that have no end tag. Both as in html.Render.
var (
	rawText = map[string]bool{"iframe": true, "noembed": true, "noframes": true, "noscript": true,
		"plaintext": true, "script": true, "style": true, "xmp": true}
	void = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
		"img": true, "input": true, "keygen": true, "link": true, "meta": true, "param": true,
		"source": true, "track": true, "wbr": true}
)

// h1Tag matches the opening, closing and self-closing ("<h1/>") h1 tags in
// sanitised output, where tag names are lower case and a literal "<" in text
// is escaped as &lt;.
var h1Tag = regexp.MustCompile(`<(/?)h1([ >/])`)

// demoteH1 turns h1 into h2. The page owns the only h1 (the article's title,
// WCAG 2.4.6 and the one-h1 rule of our accessibility bar); a body that starts
// its own outline at h1 is a CMS habit, not a second page title. Only h1 moves:
// a body that correctly starts at h2 keeps its levels, and h1 and h2 in one
// body become siblings, which a screen reader user can still navigate.
func demoteH1(s string) string {
	if !strings.Contains(s, "h1") {
		return s
	}
	return h1Tag.ReplaceAllString(s, "<${1}h2${2}")
}

var (
	// hrefPattern admits absolute http, https, mailto and tel addresses and
	// root-relative paths. "//host" (protocol-relative) and "/\host" (which
	// browsers read as "//host") are excluded; bluemonday then checks that the
	// address parses and its scheme is on the list.
	hrefPattern = regexp.MustCompile(`^(?i:https?://|mailto:|tel:)|^/(?:[^/\\]|$)`)
	// imgSrcPattern admits only our own attachments, /pliki/<sha256>/<name>:
	// a body image must be in the bundle, never fetched from the network
	// (privacy, offline use), and can never address another route such as
	// /pliki/../ustawienia/ustaw, which would change settings on display.
	imgSrcPattern = regexp.MustCompile(`^/pliki/[0-9a-f]{64}/[^/\\?#]+$`)
	langPattern   = regexp.MustCompile(`^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$`)
	dirPattern    = regexp.MustCompile(`^(?i:ltr|rtl|auto)$`)
	scopePattern  = regexp.MustCompile(`^(?i:row|col|rowgroup|colgroup)$`)
	spanPattern   = regexp.MustCompile(`^[1-9][0-9]{0,2}$`)
	numberPattern = regexp.MustCompile(`^-?[0-9]{1,6}$`)
	olTypePattern = regexp.MustCompile(`^[1aAiI]$`)
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()

	p.AllowElements(
		"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr",
		"ul", "ol", "li", "dl", "dt", "dd",
		"blockquote", "q", "cite", "pre", "code",
		"strong", "em", "b", "i", "u", "s", "sub", "sup",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
		// div and span carry no styling here; they are kept because CMS
		// bodies wrap text in them and span is the usual carrier of lang
		// for a phrase in another language (WCAG 3.1.2).
		"div", "span",
	)
	p.AllowAttrs("lang").Matching(langPattern).Globally()
	p.AllowAttrs("dir").Matching(dirPattern).Globally()

	p.AllowAttrs("title").OnElements("abbr")
	p.AllowElements("abbr")
	p.AllowAttrs("start").Matching(numberPattern).OnElements("ol")
	p.AllowAttrs("type").Matching(olTypePattern).OnElements("ol")
	p.AllowAttrs("value").Matching(numberPattern).OnElements("li")
	p.AllowAttrs("scope").Matching(scopePattern).OnElements("th")
	p.AllowAttrs("colspan", "rowspan").Matching(spanPattern).OnElements("th", "td")
	p.AllowAttrs("span").Matching(spanPattern).OnElements("col", "colgroup")

	p.AllowAttrs("href").Matching(hrefPattern).OnElements("a")
	// A web address must name a host: "http:" alone or "http:foo" would be
	// read by a browser relative to the page's own scheme and host.
	withHost := func(u *url.URL) bool { return u.Host != "" }
	p.AllowURLSchemeWithCustomPolicy("http", withHost)
	p.AllowURLSchemeWithCustomPolicy("https", withHost)
	p.AllowURLSchemes("mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoReferrerOnFullyQualifiedLinks(true)

	p.AllowAttrs("src").Matching(imgSrcPattern).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")

	// Text inside these is not meant to be read (or is markup of another
	// language), so it goes with the element rather than leaking as text.
	p.SkipElementsContent("svg", "math", "template", "select", "textarea", "button")
	// Removing a block element must not glue the words on either side together.
	p.AddSpaceWhenStrippingTag(true)
	return p
}
