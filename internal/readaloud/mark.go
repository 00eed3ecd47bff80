package readaloud

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"

	"bipkiosk/internal/speech"
)

// Script is what a page reads aloud: its lists of sentences, each sentence
// as the page shows it, by list name and index.
type Script map[string][]string

// Sentence returns the text of sentence index of list, and whether there is one.
func (s Script) Sentence(list string, index int) (string, bool) {
	l := s[list]
	if index < 0 || index >= len(l) {
		return "", false
	}
	return l[index], true
}

// speakName is the attribute that opens a region to read (as the
// templates write it, in lower case).
var speakName = []byte("data-speak")

// Has reports whether a page marked any region to read.
func Has(page []byte) bool { return bytes.Contains(page, []byte(" data-speak")) }

// Mark returns page with the sentences of its data-speak regions wrapped
// in spans, and the sentences, split as lang says (the bulletin's
// language: the regions hold its text). Outside the regions (the header,
// menu and footer: most of a page) tokens are copied without a copy of
// their own, which keeps marking to a fraction of a page's cost.
func Mark(lang string, page []byte) ([]byte, Script) {
	m := &marker{lang: lang, script: Script{}}
	m.out.Grow(len(page) + len(page)/4) // the spans add about a tenth
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			m.flush()
			return m.out.Bytes(), m.script
		}
		m.token(tt, z)
	}
}

// piece is one token of a block: raw markup, or text with its place in
// the block's text (start < 0: text not read, written as it was).
type piece struct {
	raw   string
	text  string
	start int
}

type marker struct {
	lang   string
	script Script
	out    bytes.Buffer

	inRegion bool
	list     string // the region's list
	depth    int    // open elements inside the region
	skipAt   int    // depth of an element whose text is not read; 0 none

	block []piece         // the tokens of the current block
	text  strings.Builder // its text, as read
}

func (m *marker) token(tt xhtml.TokenType, z *xhtml.Tokenizer) {
	if !m.inRegion {
		// Written before its attributes are read: reading them lower-cases
		// their names in the tokenizer's buffer, which Raw shares.
		raw := z.Raw()
		m.out.Write(raw)
		if tt == xhtml.StartTagToken && bytes.Contains(raw, speakName) {
			if list, ok := speakAttr(z); ok {
				m.inRegion, m.list, m.depth, m.skipAt = true, list, 1, 0
			}
		}
		return
	}
	raw := string(z.Raw())
	switch tt {
	case xhtml.TextToken:
		if m.skipAt > 0 {
			m.block = append(m.block, piece{raw: raw, start: -1})
			return
		}
		text := html.UnescapeString(raw)
		m.block = append(m.block, piece{raw: raw, text: text, start: m.text.Len()})
		m.text.WriteString(text)
	case xhtml.StartTagToken:
		name, _ := z.TagName()
		tag := string(name)
		skip := m.skipAt == 0 && notRead(raw)
		if !inline[tag] {
			m.flush()
		}
		m.block = append(m.block, piece{raw: raw, start: -1})
		if !void[tag] {
			m.depth++
			if skip {
				m.skipAt = m.depth
			}
		}
	case xhtml.EndTagToken:
		name, _ := z.TagName()
		if !inline[string(name)] {
			m.flush()
		}
		if m.skipAt == m.depth {
			m.skipAt = 0
		}
		m.depth--
		m.block = append(m.block, piece{raw: raw, start: -1})
		if m.depth == 0 {
			m.flush()
			m.inRegion = false
		}
	default: // a self-closing tag, a comment, a doctype
		name, _ := z.TagName()
		if tt == xhtml.SelfClosingTagToken && !inline[string(name)] {
			m.flush()
		}
		m.block = append(m.block, piece{raw: raw, start: -1})
	}
}

// speakAttr returns the data-speak attribute of the tag being read.
func speakAttr(z *xhtml.Tokenizer) (string, bool) {
	for {
		key, val, more := z.TagAttr()
		if string(key) == "data-speak" {
			return string(val), true
		}
		if !more {
			return "", false
		}
	}
}

// notRead reports a tag whose text is shown to no one or said by the page
// around it: the external-link note, text for screen readers only, hidden
// decoration.
func notRead(raw string) bool {
	return strings.Contains(raw, "bk-external__note") || strings.Contains(raw, "bk-visually-hidden") ||
		strings.Contains(raw, `aria-hidden="true"`) || strings.Contains(raw, " hidden")
}

// flush writes the block with its sentences wrapped.
func (m *marker) flush() {
	if len(m.block) == 0 {
		return
	}
	spans := m.sentences(m.text.String())
	for _, p := range m.block {
		if p.start < 0 {
			m.out.WriteString(p.raw)
			continue
		}
		m.writeText(p, spans)
	}
	m.block = m.block[:0]
	m.text.Reset()
}

// sentence is a sentence's place in a block's text and its id.
type sentence struct {
	start, end int
	id         string
}

// sentences splits a block's text, numbering the sentences that have
// something to say in the current list.
func (m *marker) sentences(text string) []sentence {
	// A line break inside a block is the source's wrapping (or a PDF's)
	// when the next line goes on in lower case; before anything else (a
	// capital, a number, a dash, a blank line) it ends the sentence, as a
	// PDF's lines are often items of a list.
	flat := []byte(text)
	for i, c := range flat {
		if c == '\r' || c == '\t' || c == '\n' && continuesLine(text[i+1:]) {
			flat[i] = ' '
		}
	}
	var out []sentence
	for _, sp := range speech.Split(m.lang, string(flat)) {
		s := strings.Join(strings.Fields(text[sp.Start:sp.End]), " ")
		if !sayable(s) {
			continue
		}
		list := m.script[m.list]
		out = append(out, sentence{sp.Start, sp.End, m.list + strconv.Itoa(len(list))})
		m.script[m.list] = append(list, s)
	}
	return out
}

// continuesLine reports whether the text after a line break goes on with
// a word in lower case.
func continuesLine(rest string) bool {
	rest = strings.TrimLeft(rest, " \t\r")
	r, _ := utf8.DecodeRuneInString(rest)
	return unicode.IsLower(r)
}

// sayable reports text with a letter or a digit in it.
func sayable(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// writeText writes a text token, its parts inside sentences wrapped in spans.
func (m *marker) writeText(p piece, spans []sentence) {
	pos, end := p.start, p.start+len(p.text)
	for _, s := range spans {
		if s.end <= pos || s.start >= end {
			continue
		}
		a, b := max(s.start, pos), min(s.end, end)
		m.out.WriteString(html.EscapeString(p.text[pos-p.start : a-p.start]))
		m.out.WriteString(`<span data-sentence="` + s.id + `">`)
		m.out.WriteString(html.EscapeString(p.text[a-p.start : b-p.start]))
		m.out.WriteString(`</span>`)
		pos = b
	}
	m.out.WriteString(html.EscapeString(p.text[pos-p.start:]))
}

// inline elements continue a block; any other tag starts or ends one.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "dfn": true, "em": true, "i": true, "kbd": true, "mark": true, "q": true,
	"s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true,
	"sup": true, "time": true, "u": true, "var": true, "del": true, "ins": true, "font": true,
	"img": true, "wbr": true, "svg": true, "path": true,
}

// void elements have no end tag.
var void = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}
