package search

import (
	"html"
	"strings"
)

// blockTags end a run of text: their boundaries become spaces, so words in
// adjacent cells or paragraphs never glue together.
var blockTags = map[string]bool{
	"p": true, "br": true, "div": true, "li": true, "td": true, "th": true, "tr": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "table": true, "blockquote": true, "dd": true, "dt": true, "hr": true,
	"section": true, "article": true, "caption": true, "figcaption": true, "pre": true,
}

// htmlText returns the readable text of a sanitised HTML body: tags dropped
// (block tags become spaces), entities decoded. White space is left as it is:
// the tokenizer does not mind, and snippets collapse their own.
func htmlText(body string) string {
	var b strings.Builder
	b.Grow(len(body))
	for len(body) > 0 {
		lt := strings.IndexByte(body, '<')
		if lt < 0 {
			b.WriteString(unescape(body))
			break
		}
		b.WriteString(unescape(body[:lt]))
		gt := strings.IndexByte(body[lt:], '>')
		if gt < 0 {
			break
		}
		if blockTags[tagName(body[lt+1:lt+gt])] {
			b.WriteByte(' ')
		}
		body = body[lt+gt+1:]
	}
	return b.String()
}

// tagName returns the lowercased name of a tag's inside ("/p", "br /" → "p", "br").
func tagName(s string) string {
	s = strings.TrimPrefix(s, "/")
	if i := strings.IndexAny(s, " \t\n/"); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// unescape decodes character references, skipping the work for text without any.
func unescape(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return html.UnescapeString(s)
}
