package sanitize

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// Removed is the readable text of a body that HTML did not keep.
type Removed struct {
	// Chars counts the characters of removed text, spaces not counted.
	Chars int
	// Element is the element whose content the policy drops (template,
	// textarea, button, svg, ...) that held the first removed text, or ""
	// when the text was lost elsewhere.
	Element string
	// Sample is the start of that text, at most sampleRunes characters.
	Sample string
}

// sampleRunes is how much of the removed text a warning quotes.
const sampleRunes = 60

// HTMLChecked is HTML that also says how much readable text it removed.
// Text inside script and style is not readable and is not counted; text
// inside the other elements whose content the policy drops is: a stray
// "<template>" or "<textarea>" that is never closed takes the rest of the
// article with it, in a browser as here, and whoever publishes it must hear
// of it.
func HTMLChecked(s string) (string, Removed) {
	out := HTML(s)
	in := parseBody(s, false)
	if in == nil {
		return out, Removed{}
	}
	var rm Removed
	rm.Chars = textChars(in) - textChars(parseBody(out, false))
	if rm.Chars <= 0 {
		return out, Removed{}
	}
	rm.Element, rm.Sample = firstDropped(in)
	return out, rm
}

// parseBody parses s as the body of a page and returns the body element, or
// nil. With scripting off, noscript's content is markup, not raw text, as it
// is for a reader that does not run script.
func parseBody(s string, scripting bool) *html.Node {
	doc, err := html.ParseWithOptions(strings.NewReader("<!DOCTYPE html><body>"+s), html.ParseOptionEnableScripting(scripting))
	if err != nil {
		return nil
	}
	return findBody(doc)
}

// unreadable are the elements whose text is not text: code and styles.
var unreadable = map[string]bool{"script": true, "style": true}

// dropped are the elements whose content the policy removes: bluemonday's
// defaults and the ones newPolicy adds.
var dropped = map[string]bool{
	"frame": true, "frameset": true, "iframe": true, "noembed": true, "noframes": true, "noscript": true,
	"nostyle": true, "object": true, "title": true,
	"svg": true, "math": true, "template": true, "select": true, "textarea": true, "button": true,
}

// textChars counts the non-space characters of n's readable text.
func textChars(n *html.Node) int {
	if n == nil {
		return 0
	}
	count := 0
	walkText(n, func(t, _ string) {
		for _, r := range t {
			if !unicode.IsSpace(r) {
				count++
			}
		}
	})
	return count
}

// firstDropped returns the dropped element that holds the first readable
// text under n, and the start of that text.
func firstDropped(n *html.Node) (element, sample string) {
	walkText(n, func(t, in string) {
		if element != "" || in == "" || strings.TrimSpace(t) == "" {
			return
		}
		element, sample = in, cut(strings.Join(strings.Fields(t), " "), sampleRunes)
	})
	return element, sample
}

// walkText calls fn with each readable text node under n and the name of
// the outermost dropped element it is in ("" if none).
func walkText(n *html.Node, fn func(text, in string)) {
	var walk func(n *html.Node, in string)
	walk = func(n *html.Node, in string) {
		switch {
		case n.Type == html.TextNode:
			fn(n.Data, in)
			return
		case n.Type != html.ElementNode:
			return
		case unreadable[n.Data]:
			return
		case in == "" && dropped[n.Data]:
			in = n.Data
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(n, "")
}

// cut returns s, or its first max characters and "…".
func cut(s string, max int) string {
	for i := range s {
		if max == 0 {
			return s[:i] + "…"
		}
		max--
	}
	return s
}
