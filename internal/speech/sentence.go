package speech

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a sentence's place in a text: text[Start:End], byte offsets.
type Span struct{ Start, End int }

// noBreakAbbreviations end with a dot but not a sentence, even when a
// capital follows ("ul. Kościuszki", "Dz. U.", "m.in. Rada", "Mr. Smith").
// Lower case, without the final dot. An abbreviation that can end a
// sentence ("r.", "itd.", "etc.") is not here: it ends one only before a
// capital, like any word.
var noBreakAbbreviations = map[string]bool{
	// Polish
	"ul": true, "al": true, "pl": true, "os": true, "nr": true, "dz": true, "urz": true,
	"tel": true, "św": true, "im": true, "art": true, "ust": true, "pkt": true, "poz": true,
	"lit": true, "godz": true, "prof": true, "dr": true, "mgr": true, "inż": true, "hab": true,
	"ks": true, "pw": true, "ww": true, "m.in": true, "tzn": true, "tj": true, "np": true,
	"ds": true, "ok": true, "ob": true, "sz": true, "gm": true, "woj": true, "pow": true,
	"tzw": true, "dot": true, "zał": true, "ozn": true, "wg": true, "p.o": true, "k": true,
	// English
	"mr": true, "mrs": true, "ms": true, "st": true, "no": true, "vol": true, "e.g": true,
	"i.e": true, "vs": true, "dept": true, "approx": true, "fig": true,
	// Ukrainian
	"вул": true, "м": true, "ім": true, "св": true, "т.зв": true, "див": true, "ст": true,
	"п": true, "ч": true, "обл": true, "просп": true, "пл": true, "буд": true, "кв": true,
	"с": true, "смт": true, "тел": true, "проф": true, "д": true,
}

// closers may follow a sentence's final mark and belong to the sentence.
const closers = `"'”’»)]`

// Split cuts text into sentences. A line break always ends a sentence (the
// caller gives one block per line). Inside a line a sentence ends at ".",
// "!", "?" or "…" followed by a space and a word that does not start in
// lower case; a dot does not end one after an abbreviation that names what
// follows, after a capital initial, or after the number of a list item.
func Split(lang, text string) []Span {
	var out []Span
	lineStart := 0
	for lineStart <= len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		out = appendLineSentences(out, text, lineStart, lineEnd)
		lineStart = lineEnd + 1
	}
	return out
}

func appendLineSentences(out []Span, text string, start, end int) []Span {
	sentStart := start
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !isFinalMark(r) {
			i += size
			continue
		}
		markAt := i
		j := i + size
		for j < end {
			r2, s2 := utf8.DecodeRuneInString(text[j:end])
			if !isFinalMark(r2) && !strings.ContainsRune(closers, r2) {
				break
			}
			j += s2
		}
		if endsSentence(text, sentStart, markAt, r, j, end) {
			out = appendSpan(out, text, sentStart, j)
			sentStart = j
		}
		i = j
	}
	return appendSpan(out, text, sentStart, end)
}

func isFinalMark(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// endsSentence decides whether the mark at markAt (the run of marks and
// closers ends at after) ends the sentence that began at sentStart.
func endsSentence(text string, sentStart, markAt int, mark rune, after, lineEnd int) bool {
	if after == lineEnd {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[after:lineEnd])
	if !unicode.IsSpace(next) {
		return false // "18.11.2003", "bip.gov.pl", "m.in."
	}
	rest := strings.TrimLeftFunc(text[after:lineEnd], unicode.IsSpace)
	if rest == "" {
		return true
	}
	first, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsLower(first) {
		return false
	}
	if mark != '.' || after-markAt > 1 {
		return true // "!", "?", "…", "..." or a closer after the dot
	}
	token := tokenBefore(text, sentStart, markAt)
	lower := strings.ToLower(token)
	switch {
	case noBreakAbbreviations[lower]:
		return false
	case utf8.RuneCountInString(token) == 1 && unicode.IsUpper([]rune(token)[0]):
		return false // an initial: "J. Kowalski", the "U." of "Dz. U."
	case isDigits(token) && strings.TrimSpace(text[sentStart:markAt]) == token:
		return false // a list item: "1. Otwarcie sesji."
	}
	return true
}

// tokenBefore is the run of non-space characters that ends at end.
func tokenBefore(text string, from, end int) string {
	i := strings.LastIndexFunc(text[from:end], unicode.IsSpace)
	return strings.TrimLeft(text[from+i+1:end], `"'„“«([`)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// appendSpan adds text[start:end] without its surrounding spaces, if any
// letter or digit is left.
func appendSpan(out []Span, text string, start, end int) []Span {
	s := text[start:end]
	trimmed := strings.TrimLeftFunc(s, unicode.IsSpace)
	start += len(s) - len(trimmed)
	end = start + len(strings.TrimRightFunc(trimmed, unicode.IsSpace))
	if strings.IndexFunc(text[start:end], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return out
	}
	return append(out, Span{Start: start, End: end})
}
