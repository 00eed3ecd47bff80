package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is one word of a text: its folded form and where it is in the text.
type token struct {
	term       string // lowercased, diacritics removed
	start, end int    // byte offsets in the analysed text
}

// maxTermLen bounds an indexed term; longer runs (hashes, glued words) are cut.
const maxTermLen = 40

// tokenize splits s into words (runs of letters and digits) and folds each.
// fn gets every token; returning false stops.
func tokenize(s string, fn func(t token) bool) {
	scanWords(s, func(start, end int) bool {
		return fn(token{term: fold(s[start:end]), start: start, end: end})
	})
}

// scanWords calls fn with the byte range of every word of s, unfolded;
// returning false stops.
func scanWords(s string, fn func(start, end int) bool) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		word, size := asciiWord[c], 1
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			if !fn(start, i) {
				return
			}
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// asciiWord marks the ASCII bytes that are part of a word.
var asciiWord = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

// terms returns the folded words of s.
func terms(s string) []string {
	var out []string
	tokenize(s, func(t token) bool {
		out = append(out, t.term)
		return true
	})
	return out
}

// polishFold maps the Polish letters to their base letters; the fast path of
// fold, since almost all the text is Polish.
var polishFold = map[rune]rune{
	'ą': 'a', 'ć': 'c', 'ę': 'e', 'ł': 'l', 'ń': 'n', 'ó': 'o', 'ś': 's', 'ź': 'z', 'ż': 'z',
	'Ą': 'a', 'Ć': 'c', 'Ę': 'e', 'Ł': 'l', 'Ń': 'n', 'Ó': 'o', 'Ś': 's', 'Ź': 'z', 'Ż': 'z',
}

// fold lowercases a word and strips its diacritics ("Żłobek" → "zlobek"), as
// i18n.Fold does, but without allocating for plain ASCII words. Letters
// outside ASCII and Polish go through Unicode decomposition.
func fold(w string) string {
	ascii, upper := true, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		ascii = ascii && c < utf8.RuneSelf
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if ascii && !upper {
		return clipTerm(w)
	}
	if ascii {
		b := []byte(w)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return clipTerm(string(b))
	}
	var b strings.Builder
	b.Grow(len(w))
	other := false
	for _, r := range w {
		if m, ok := polishFold[r]; ok {
			b.WriteRune(m)
			continue
		}
		if r >= utf8.RuneSelf {
			other = true
		}
		b.WriteRune(unicode.ToLower(r))
	}
	out := b.String()
	if other {
		out = stripMarks(out)
	}
	return clipTerm(out)
}

// stripMarks removes combining marks after canonical decomposition.
func stripMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func clipTerm(w string) string {
	if len(w) <= maxTermLen {
		return w
	}
	w = w[:maxTermLen]
	for !utf8.ValidString(w) {
		w = w[:len(w)-1]
	}
	return w
}

// stopwords are the Polish function words a query ignores outside a phrase:
// they are in nearly every page and would only make "all words" fail.
var stopwords = map[string]bool{
	"a": true, "aby": true, "albo": true, "ale": true, "az": true, "bez": true, "by": true, "byc": true,
	"co": true, "czy": true, "dla": true, "do": true, "i": true, "ich": true, "im": true, "jak": true,
	"jest": true, "jego": true, "jej": true, "lub": true, "na": true, "nad": true, "nie": true,
	"o": true, "od": true, "oraz": true, "po": true, "pod": true, "przez": true, "przy": true,
	"sie": true, "ta": true, "tak": true, "te": true, "ten": true, "to": true, "u": true, "w": true,
	"we": true, "z": true, "za": true, "ze": true, "zas": true,
}

// minStem is the shortest stem the stemmer leaves: shorter ones conflate
// unrelated words.
const minStem = 3

// suffixes are the inflectional endings the light stemmer strips, written
// folded (ą → a, ę → e, ó → o), longest first so the longest match wins. They
// cover the case endings of nouns and adjectives in both numbers: -ami, -ach,
// -owi, -ego, -ej, -ą, -ę, -y, -i, -u, -a, -ów, -om, …
var suffixes = []string{
	"owie", "iami", "iach", "iego", "iemu",
	"ami", "ach", "ych", "ymi", "imi", "ich", "owi", "ego", "emu", "iem", "iom", "iow", "iej",
	"ow", "om", "em", "ej", "ie", "ym", "im", "ia", "io", "iu",
	"a", "e", "i", "o", "u", "y",
}

// stem reduces a folded word to a light stem: it strips the longest
// inflectional ending that leaves at least minStem letters, then undoes the
// mobile e of -ek/-ec ("żłobek", "żłobka" → "zlobk"; "mieszkaniec",
// "mieszkańca" → "mieszkanc"). Numbers and short words are left as they are.
// It is deliberately light: it never needs a dictionary, it conflates the
// forms citizens type with the forms pages print, and where it fails the
// typo tolerance often catches the rest (docs/search.md).
func stem(w string) string {
	if len(w) <= minStem || isNumber(w) {
		return w
	}
	for _, suf := range suffixes {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= minStem {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	switch {
	case len(w) > minStem+1 && strings.HasSuffix(w, "iec"):
		w = w[:len(w)-3] + "c"
	case len(w) > minStem+1 && (strings.HasSuffix(w, "ek") || strings.HasSuffix(w, "ec")) && !isVowel(w[len(w)-3]):
		w = w[:len(w)-2] + w[len(w)-1:]
	}
	return w
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// typoMinLen is the shortest word that may match with one typo; shorter words
// have too many one-edit neighbours.
const typoMinLen = 5

// typoAlphabet is what an edit may insert or substitute: the folded letters
// and digits.
const typoAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// edits calls fn with every word one edit from w (deletion, transposition,
// substitution, insertion), possibly more than once.
func edits(w string, fn func(string)) {
	for i := 0; i < len(w); i++ {
		fn(w[:i] + w[i+1:])
	}
	for i := 0; i+1 < len(w); i++ {
		fn(w[:i] + string(w[i+1]) + string(w[i]) + w[i+2:])
	}
	for i := 0; i <= len(w); i++ {
		for j := 0; j < len(typoAlphabet); j++ {
			c := typoAlphabet[j : j+1]
			if i < len(w) && w[i] != c[0] {
				fn(w[:i] + c + w[i+1:])
			}
			fn(w[:i] + c + w[i:])
		}
	}
}

// acronyms returns the initialisms a title is known by: the first letters of
// a run of at least three capitalised words, with and without the one-letter
// conjunctions between them ("Miejski Ośrodek Pomocy Społecznej" → "mops";
// "Ośrodek Sportu i Rekreacji" → "osir", "osr"). Citizens search for MOPS,
// USC or PSZOK far more often than for the full names.
func acronyms(title string) []string {
	var with, without strings.Builder
	var out []string
	caps := 0
	flush := func() {
		if caps >= 3 {
			out = append(out, fold(with.String()))
			if without.Len() != with.Len() {
				out = append(out, fold(without.String()))
			}
		}
		with.Reset()
		without.Reset()
		caps = 0
	}
	for _, w := range strings.FieldsFunc(title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		first, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(first):
			with.WriteRune(first)
			without.WriteRune(first)
			caps++
		case caps > 0 && utf8.RuneCountInString(w) == 1:
			with.WriteRune(first)
		default:
			flush()
		}
	}
	flush()
	return out
}

// foldAppend appends s to dst folded as fold folds each word (lowercase,
// diacritics removed), with every character that cannot be part of a word
// turned into a space. Indexing folds whole fields this way, in one pass.
func foldAppend(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case !asciiWord[c]:
				c = ' '
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if m, ok := polishFold[r]; ok {
			dst = append(dst, byte(m))
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			dst = append(dst, fold(string(r))...)
		} else {
			dst = append(dst, ' ')
		}
	}
	return dst
}

// eachWord calls fn with each word of text folded by foldAppend, clipped to
// maxTermLen bytes. Any byte that is not a space belongs to a word.
func eachWord(b []byte, fn func(w []byte)) {
	start := -1
	for i, c := range b {
		switch {
		case c != ' ' && start < 0:
			start = i
		case c == ' ' && start >= 0:
			fn(clipWord(b[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		fn(clipWord(b[start:]))
	}
}

func clipWord(w []byte) []byte {
	if len(w) <= maxTermLen {
		return w
	}
	w = w[:maxTermLen]
	for !utf8.Valid(w) {
		w = w[:len(w)-1]
	}
	return w
}

// formBit is a form's bit in the 16-bit mask a stem posting keeps of the forms
// a document uses, so an exact form ranks above its inflections without a
// postings list per form. Two forms may share a bit (1 in 16): then an
// inflection counts as exact.
func formBit(term string) uint16 {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h = (h ^ uint32(term[i])) * 16777619
	}
	return 1 << (h % 16)
}
