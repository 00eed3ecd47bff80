package search

import (
	"strings"
	"unicode/utf8"
)

// The bounds of one query. A search box gets a few words, a pasted title at
// most a few dozen; anything longer is cut, so a query of megabytes or of
// thousands of words costs no more than one of a few dozen words.
const (
	// MaxQueryBytes bounds the query text: a pasted resolution title ("Uchwała
	// Nr XII/85/2024 w sprawie …") is about 150 bytes. It also bounds what a
	// results page echoes of the query into its links and fields.
	MaxQueryBytes = 512
	// MaxQueryWords bounds the words searched, stop words and the words of
	// phrases included: each costs up to seven postings lists and a few
	// thousand dictionary probes for its typos.
	MaxQueryWords = 32
	// MaxOffset is the deepest result a Query may start at; Search answers a
	// deeper Offset with no results. Nobody reads that far, and the ranking
	// keeps Offset+Limit documents in a heap.
	MaxOffset = 10_000
	// maxWork is the work budget of one query: postings read plus dictionary
	// probes for typos and unfinished words. Once it is spent no further word
	// is searched (the one under way is finished), and the results say so.
	// A common word of a 100 000-page bulletin costs about 100 000.
	maxWork = 1 << 21
	// ctxEvery is how many postings a loop reads between looks at the
	// context: often enough to stop within a millisecond, rarely enough to
	// cost nothing.
	ctxEvery = 1024
)

// BoundQuery returns what Search searches of text: its first MaxQueryBytes
// bytes, not ending inside a word that goes on, and of them the first
// MaxQueryWords words. cut reports whether anything was left off. A caller
// that echoes the query (into a page's links) echoes this.
func BoundQuery(text string) (bounded string, cut bool) {
	if len(text) > MaxQueryBytes {
		text, cut = clipQuery(text), true
	}
	words := 0
	end := -1
	scanWords(text, func(start, _ int) bool {
		if words == MaxQueryWords {
			end = start
			return false
		}
		words++
		return true
	})
	if end >= 0 {
		text, cut = strings.TrimRight(text[:end], ` "`), true
	}
	return text, cut
}

// clipQuery cuts text to MaxQueryBytes on a character boundary, and back to
// the start of a word cut in two, unless that is the only word.
func clipQuery(text string) string {
	n := MaxQueryBytes
	for back := 1; back < utf8.UTFMax && !utf8.RuneStart(text[n]); back++ {
		n-- // not inside a character; the text before may hold invalid bytes
	}
	head := text[:n]
	words, lastStart, lastEnd := 0, -1, -1
	scanWords(head, func(start, end int) bool {
		words, lastStart, lastEnd = words+1, start, end
		return true
	})
	if words > 1 && lastEnd == len(head) && continuesWord(text[len(head):]) {
		head = strings.TrimRight(head[:lastStart], " ")
	}
	return head
}

// continuesWord reports whether rest starts with a letter or digit.
func continuesWord(rest string) bool {
	cont := false
	scanWords(rest, func(start, _ int) bool {
		cont = start == 0
		return false
	})
	return cont
}
