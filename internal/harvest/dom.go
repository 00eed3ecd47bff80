package harvest

import (
	"bytes"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Match selects elements of a parsed page.
type Match func(n *html.Node) bool

// ByID matches the element with the given id.
func ByID(id string) Match {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && attr(n, "id") == id }
}

// ByClass matches elements that have the class c.
func ByClass(c string) Match {
	return func(n *html.Node) bool {
		return n.Type == html.ElementNode && hasWord(attr(n, "class"), c)
	}
}

// ByTag matches elements of the given tag name.
func ByTag(tag string) Match {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == tag }
}

// AnyOf matches what any of ms matches.
func AnyOf(ms ...Match) Match {
	return func(n *html.Node) bool {
		for _, m := range ms {
			if m(n) {
				return true
			}
		}
		return false
	}
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// find returns the first element in document order that m matches.
func find(root *html.Node, m Match) *html.Node {
	if root == nil || m == nil {
		return nil
	}
	if m(root) {
		return root
	}
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, m); f != nil {
			return f
		}
	}
	return nil
}

// findAll returns every element m matches, outermost only.
func findAll(root *html.Node, m Match) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if m(n) {
			out = append(out, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if root != nil && m != nil {
		walk(root)
	}
	return out
}

// remove takes n out of its tree.
func remove(n *html.Node) {
	if n != nil && n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// blockTags end a line of text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Table: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Br: true, atom.Dt: true, atom.Dd: true,
	atom.Dl: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Main: true, atom.Nav: true,
	atom.Aside: true, atom.Form: true, atom.Caption: true, atom.Address: true, atom.Figure: true,
}

// text is n's visible text with spaces collapsed; blocks end lines when lines is true.
func text(n *html.Node) string { return collapse(rawText(n, false)) }

// lines is n's text, one line per block, each collapsed, empty lines dropped.
func lines(n *html.Node) []string {
	var out []string
	for _, l := range strings.Split(rawText(n, true), "\n") {
		if l = collapse(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func rawText(n *html.Node, breaks bool) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Noscript {
				return
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.DataAtom]
		if block {
			b.WriteString(sep(breaks))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteString(sep(breaks))
		}
	}
	if n != nil {
		walk(n)
	}
	return b.String()
}

func sep(breaks bool) string {
	if breaks {
		return "\n"
	}
	return " "
}

// collapse trims s and folds every run of white space (no-break spaces too) into one space.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
	}), " ")
}

// linkText is the length of the text inside links below n.
func linkText(n *html.Node) int {
	total := 0
	for _, a := range findAll(n, ByTag("a")) {
		total += len(text(a))
	}
	return total
}

// render writes n's children as HTML.
func renderChildren(n *html.Node) string {
	var buf bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		_ = html.Render(&buf, c) // a bytes.Buffer does not fail
	}
	return strings.TrimSpace(buf.String())
}

// classID is n's id and classes in lower case, for matching words of chrome.
func classID(n *html.Node) string {
	return strings.ToLower(attr(n, "id") + " " + attr(n, "class") + " " + attr(n, "role"))
}
