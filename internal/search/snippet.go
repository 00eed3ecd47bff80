package search

import (
	"html"
	"strings"
)

// marks are the forms a query matched: a word of the text is highlighted
// when its folded form or its stem is among them.
type marks struct {
	surface, stems map[string]bool
	seen           map[string]bool // word as written → whether it matches
}

func newMarks() marks {
	return marks{surface: map[string]bool{}, stems: map[string]bool{}, seen: map[string]bool{}}
}

func (m marks) add(term, st string) {
	m.surface[term] = true
	m.stems[st] = true
}

func (m marks) match(term string) bool {
	return m.surface[term] || m.stems[stem(term)]
}

// matchWritten is match for a word as written, remembering the answer: the
// words of snippets repeat, and folding and stemming each is most of a
// snippet's cost.
func (m marks) matchWritten(w string) bool {
	if hit, ok := m.seen[w]; ok {
		return hit
	}
	hit := m.match(fold(w))
	m.seen[strings.Clone(w)] = hit
	return hit
}

// Snippet sizes, in words.
const (
	snippetWords  = 30
	snippetBefore = 6
	// snippetScan bounds the words looked at for the best window, and
	// snippetTries the windows compared.
	snippetScan  = 20000
	snippetTries = 200
)

// snippet returns about snippetWords words of text around its densest run of
// matched words, HTML-escaped, with the matched words in <mark>.
func (m marks) snippet(text string) string {
	var toks []token
	var hit []bool
	scanWords(text, func(start, end int) bool {
		toks = append(toks, token{start: start, end: end})
		hit = append(hit, m.matchWritten(text[start:end]))
		return len(toks) < snippetScan
	})
	if len(toks) == 0 {
		return ""
	}
	start := bestWindow(text, toks, hit)
	end := min(len(toks), start+snippetWords)
	from, to := toks[start].start, toks[end-1].end
	if start == 0 {
		from = 0
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	at := from
	for i := start; i < end; i++ {
		if !hit[i] {
			continue
		}
		b.WriteString(html.EscapeString(text[at:toks[i].start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[toks[i].start:toks[i].end]))
		b.WriteString("</mark>")
		at = toks[i].end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	if end < len(toks) {
		b.WriteString(" …")
	} else {
		b.WriteString(html.EscapeString(text[to:]))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// bestWindow returns the first word of the window with the most distinct
// matched words, starting a few words before the first of them.
func bestWindow(text string, toks []token, hit []bool) int {
	best, bestCount, tried := -1, 0, 0
	for i := range toks {
		if !hit[i] {
			continue
		}
		if tried++; tried > snippetTries {
			break
		}
		seen := map[string]bool{}
		for j := i; j < min(len(toks), i+snippetWords-snippetBefore); j++ {
			if hit[j] {
				seen[text[toks[j].start:toks[j].end]] = true
			}
		}
		if len(seen) > bestCount {
			best, bestCount = i, len(seen)
		}
		if bestCount > 3 {
			break
		}
	}
	if best < 0 {
		return 0
	}
	return max(0, best-snippetBefore)
}
