package speech

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize rewrites one sentence for the ear in a language ("pl", "uk",
// "en"; anything else is treated as Polish, the bulletin's language): it
// expands abbreviations and reads dates, times, money, numbers, phone
// numbers, e-mail and web addresses as words. Each language is a list of
// rules, applied in order over the whole sentence.
func Normalize(lang, text string) string {
	text = strings.NewReplacer("\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u00ad", "").Replace(text)
	for _, r := range rulesFor(lang) {
		text = r.apply(text)
	}
	return tidySpaces(text)
}

func rulesFor(lang string) []rule {
	switch lang {
	case "uk":
		return ukRules
	case "en":
		return enRules
	}
	return plRules
}

// rule rewrites every match of re with say's words.
type rule struct {
	re *regexp.Regexp
	// say returns the words for a match; ok false keeps the text as it is.
	say func(m match) (words string, ok bool)
}

// match is one regexp match with its surroundings.
type match struct {
	text string // the whole sentence
	idx  []int  // submatch indices
}

// group is submatch i, "" when it did not take part.
func (m match) group(i int) string {
	if 2*i+1 >= len(m.idx) || m.idx[2*i] < 0 {
		return ""
	}
	return m.text[m.idx[2*i]:m.idx[2*i+1]]
}

// before is the text before the match; after, the text after it.
func (m match) before() string { return m.text[:m.idx[0]] }
func (m match) after() string  { return m.text[m.idx[1]:] }

// prevWord is the word before the match, in lower case: it picks the
// grammatical case ("w art." is "w artykule").
func (m match) prevWord() string {
	if w := m.prevWords(1); len(w) == 1 {
		return w[0]
	}
	return ""
}

// prevWords are up to n words (letters, digits and dots) before the match,
// in lower case, in order; an abbreviation keeps its final dot.
func (m match) prevWords(n int) []string {
	fields := strings.FieldsFunc(m.before(), func(r rune) bool { return !isWordRune(r) && r != '.' })
	if len(fields) > n {
		fields = fields[len(fields)-n:]
	}
	for i, f := range fields {
		fields[i] = strings.ToLower(strings.TrimLeft(f, ".")) // "u." (of "Dz. U.") is not the preposition "u"
	}
	return fields
}

func (r rule) apply(text string) string {
	all := r.re.FindAllStringSubmatchIndex(text, -1)
	if all == nil {
		return text
	}
	var b strings.Builder
	last := 0
	for _, idx := range all {
		m := match{text: text, idx: idx}
		if !wordBounded(text, idx[0], idx[1]) {
			continue
		}
		words, ok := r.say(m)
		if !ok {
			continue
		}
		b.WriteString(text[last:idx[0]])
		b.WriteString(" " + words + " ")
		last = idx[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// wordBounded reports whether a match that starts (ends) with a letter or
// digit is not glued to one before (after) it: Go's \b knows only ASCII.
func wordBounded(text string, start, end int) bool {
	if start == end {
		return false
	}
	first, _ := utf8.DecodeRuneInString(text[start:])
	prev, _ := utf8.DecodeLastRuneInString(text[:start])
	if start > 0 && isWordRune(first) && isWordRune(prev) {
		return false
	}
	lastR, _ := utf8.DecodeLastRuneInString(text[:end])
	next, _ := utf8.DecodeRuneInString(text[end:])
	return end == len(text) || !isWordRune(lastR) || !isWordRune(next) || unicode.IsDigit(lastR) && unicode.IsLetter(next)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var (
	manySpaces       = regexp.MustCompile(`\s+`)
	spaceBeforePunct = regexp.MustCompile(` ([,.;:!?…)\]»”])`)
	spaceAfterOpen   = regexp.MustCompile(`([(\[«„]) `)
)

func tidySpaces(s string) string {
	s = manySpaces.ReplaceAllString(s, " ")
	s = spaceBeforePunct.ReplaceAllString(s, "$1")
	s = spaceAfterOpen.ReplaceAllString(s, "$1")
	return strings.TrimSpace(s)
}

// addressWords are how a language reads the marks of addresses.
type addressWords struct {
	at, dot, dash, underscore, slash, www string
}

var (
	emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+`)
	urlRe   = regexp.MustCompile(`(?i)(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)]|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:pl|eu|com|org|net|info|ua|gov|edu|uk)(?:/[^\s<>"]*[^\s<>".,;:!?)])?`)
)

// addressRules read e-mail and web addresses part by part.
func addressRules(w addressWords) []rule {
	spell := func(s string) string {
		s = strings.NewReplacer("@", " "+w.at+" ", ".", " "+w.dot+" ", "-", " "+w.dash+" ",
			"_", " "+w.underscore+" ", "/", " "+w.slash+" ").Replace(s)
		return strings.Join(strings.Fields(s), " ")
	}
	return []rule{
		{emailRe, func(m match) (string, bool) { return spell(m.group(0)), true }},
		{urlRe, func(m match) (string, bool) {
			u := strings.ToLower(m.group(0))
			u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
			u = strings.TrimSuffix(u, "/")
			if rest, ok := strings.CutPrefix(u, "www."); ok {
				return w.www + " " + w.dot + " " + spell(rest), true
			}
			return spell(u), true
		}},
	}
}

// romanValue reads a Roman numeral written in its canonical form ("LIV"),
// 0 when s is not one.
func romanValue(s string) int {
	values := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	n := 0
	for i := 0; i < len(s); i++ {
		v, ok := values[s[i]]
		if !ok {
			return 0
		}
		if i+1 < len(s) && values[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || n >= 4000 || toRoman(n) != s {
		return 0
	}
	return n
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// atoi reads a string of ASCII digits; ok false when it is not one or too big.
func atoi(s string) (int64, bool) {
	if s == "" || len(s) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

// digitsOnly drops every character that is not an ASCII digit.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// pluralClass is the CLDR plural category of n for Polish and Ukrainian:
// 0 one, 1 few, 2 many. Ukrainian "one" also covers 21, 31, ...
func pluralClass(n int64, slavicOneAfterTens bool) int {
	switch {
	case n == 1, slavicOneAfterTens && n%10 == 1 && n%100 != 11:
		return 0
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return 1
	}
	return 2
}

// phoneGroups splits a phone number into the groups it is read in: as
// written, or 3-3-3 for an unbroken nine-digit number.
func phoneGroups(s string) []string {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if len(groups) == 1 && len(groups[0]) == 9 {
		g := groups[0]
		return []string{g[:3], g[3:6], g[6:]}
	}
	return groups
}

// readGroup reads one group of digits: digit by digit when it starts with
// 0 ("02" is "zero dwa"), else as a number.
func readGroup(g string, cardinal func(int64) string) string {
	if strings.HasPrefix(g, "0") || len(g) > 4 {
		return spellDigits(g, cardinal)
	}
	n, _ := atoi(g)
	return cardinal(n)
}

// spellDigits reads digits one by one.
func spellDigits(s string, cardinal func(int64) string) string {
	words := make([]string, 0, len(s))
	for _, d := range s {
		words = append(words, cardinal(int64(d-'0')))
	}
	return strings.Join(words, " ")
}

// readDigitsOrNumber reads a number, digit by digit when it has a leading
// zero or is too long for words.
func readDigitsOrNumber(s string, cardinal func(int64) string) string {
	if len(s) > 1 && s[0] == '0' || len(s) > 15 {
		return spellDigits(s, cardinal)
	}
	n, _ := atoi(s)
	return cardinal(n)
}

// abbreviationRe matches any key of a table of abbreviations, longest
// first; a space in a key matches any spacing ("Dz. U." and "Dz.U.").
func abbreviationRe[V any](table map[string]V) *regexp.Regexp {
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	for i, k := range keys {
		keys[i] = strings.ReplaceAll(regexp.QuoteMeta(k), " ", `\s*`)
	}
	return regexp.MustCompile(`(?i)(?:` + strings.Join(keys, "|") + `)`)
}

// groupedNumber reads "1 234 567" as one number, unless the groups go on
// like a phone number ("76 818 82 02").
func groupedNumber(m match, read func(string) string) (string, bool) {
	after := m.after()
	if len(after) > 1 && after[0] == ' ' && after[1] >= '0' && after[1] <= '9' {
		return "", false
	}
	return read(digitsOnly(m.group(0))), true
}
