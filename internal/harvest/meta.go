package harvest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"bipkiosk/internal/content"
)

// metaHeadings are the headings a metryczka block goes under.
var metaHeadings = []string{"metryczka", "metryka", "metryczka strony", "metryczka dokumentu", "informacje o dokumencie",
	"metryczka informacji", "informacje o publikacji"}

// readMeta reads and drops the metryczka: the hinted block, else a block
// called so, else any table row, term or line of the page that starts
// with a known label (outside the site's header, footer and sidebars).
func readMeta(doc *html.Node, hint Match) content.Meta {
	var b metaBuilder
	block := find(doc, hint)
	if block == nil {
		block = find(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && hasToken(classID(n), "metryczk", "metryk", "metadane", "bip-meta", "entry-meta", "post-meta")
		})
	}
	var heading *html.Node
	if block == nil {
		heading, block = headed(doc, metaHeadings...)
	}
	if block != nil {
		readMetaIn(block, &b, false)
		if len(b.set) > 0 {
			remove(block)
			remove(heading)
			return b.meta
		}
	}
	readMetaIn(doc, &b, true)
	return b.meta
}

// readMetaIn reads labelled rows, terms and lines under root, dropping
// each one it reads; outside a metryczka block (page) it skips the site's frame.
func readMetaIn(root *html.Node, b *metaBuilder, page bool) {
	for _, tr := range findAllNested(root, ByTag("tr")) {
		if page && inPageFrame(tr) {
			continue
		}
		cells := cellsOf(tr)
		if len(cells) >= 2 {
			if l, ok := labels[normLabel(text(cells[0]))]; ok {
				b.add(l, text(cells[1]))
				remove(tr)
			}
		}
	}
	for _, dt := range findAllNested(root, ByTag("dt")) {
		if page && inPageFrame(dt) {
			continue
		}
		dd := nextElement(dt)
		if l, ok := labels[normLabel(text(dt))]; ok && dd != nil && dd.DataAtom == atom.Dd {
			b.add(l, text(dd))
			remove(dd)
			remove(dt)
		}
	}
	for _, leaf := range leafBlocks(root) {
		if find(leaf, ByTag("a")) != nil && !strings.Contains(strings.ToLower(text(leaf)), "@") {
			continue // a list of articles, not a metryczka line
		}
		if page && inPageFrame(leaf) {
			continue // "Ostatnia aktualizacja: …" of the whole site
		}
		read := false
		ls := lines(leaf)
		for i := 0; i < len(ls); i++ {
			if l, v, ok := splitLine(ls[i]); ok {
				if v == "" && i+1 < len(ls) {
					v, i = ls[i+1], i+1
				}
				read = b.add(l, v) || read
			}
		}
		if read {
			remove(leaf)
		}
	}
}

// cellsOf returns the cells of a table row.
func cellsOf(tr *html.Node) []*html.Node {
	var out []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			out = append(out, c)
		}
	}
	return out
}

func nextElement(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

// leafBlocks returns the block elements under root that hold no other
// block but line breaks: paragraphs, list items, plain divs, spans of text.
func leafBlocks(root *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node) bool // reports whether n holds a block
	walk = func(n *html.Node) bool {
		holds := false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				holds = true
			}
		}
		if n.Type != html.ElementNode || !blockTags[n.DataAtom] || n.DataAtom == atom.Br {
			return holds
		}
		if !holds && n.DataAtom != atom.Ul && n.DataAtom != atom.Ol && n.DataAtom != atom.Table {
			out = append(out, n)
		}
		return true
	}
	walk(root)
	return out
}

// inPageFrame reports whether n lies in the site's header, footer or
// sidebar (where "Licznik odwiedzin" counts the whole site) rather than in
// an article.
func inPageFrame(n *html.Node) bool {
	if insideContent(n) {
		return false
	}
	for p := n; p != nil; p = p.Parent {
		if p.DataAtom == atom.Footer || p.DataAtom == atom.Header || p.DataAtom == atom.Aside || p.DataAtom == atom.Nav ||
			hasToken(classID(p), "footer", "stopka", "header", "naglowek", "sidebar", "widget", "licznik", "counter") {
			return true
		}
	}
	return false
}
