package speech

import (
	"regexp"
	"strings"
)

// English number words.
var (
	enSmall = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	enTens   = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	enScales = []string{"", "thousand", "million", "billion", "trillion"}
	// enOrdinalIrregular: the last words whose ordinal is not word+"th".
	enOrdinalIrregular = map[string]string{"one": "first", "two": "second", "three": "third", "five": "fifth",
		"eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
	enMonths = []string{"", "January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
)

// enCardinal reads n in British English words ("one hundred and twenty-three").
func enCardinal(n int64) string {
	if n == 0 {
		return "zero"
	}
	if n < 0 {
		return "minus " + enCardinal(-n)
	}
	var parts []string
	for scale := len(enScales) - 1; scale >= 0; scale-- {
		g := n / pow1000(scale) % 1000
		if g == 0 {
			continue
		}
		words := enBelowThousand(g, scale == 0 && n >= 1000 && g < 100)
		if scale > 0 {
			words += " " + enScales[scale]
		}
		parts = append(parts, words)
	}
	return strings.Join(parts, " ")
}

// enBelowThousand reads 1..999; and says "and" before a last group under a
// hundred ("two thousand and three").
func enBelowThousand(n int64, and bool) string {
	var parts []string
	if h := n / 100; h > 0 {
		parts = append(parts, enSmall[h]+" hundred")
	}
	t := n % 100
	if t > 0 && (n >= 100 || and) {
		parts = append(parts, "and")
	}
	switch {
	case t == 0:
	case t < 20:
		parts = append(parts, enSmall[t])
	case t%10 == 0:
		parts = append(parts, enTens[t/10])
	default:
		parts = append(parts, enTens[t/10]+"-"+enSmall[t%10])
	}
	return strings.Join(parts, " ")
}

// enOrdinal reads n as an ordinal ("twenty-first").
func enOrdinal(n int64) string {
	words := enCardinal(n)
	cut := strings.LastIndexAny(words, " -") + 1
	last := words[cut:]
	switch {
	case enOrdinalIrregular[last] != "":
		last = enOrdinalIrregular[last]
	case strings.HasSuffix(last, "y"):
		last = strings.TrimSuffix(last, "y") + "ieth"
	default:
		last += "th"
	}
	return words[:cut] + last
}

// enYear reads a year as people say it: "nineteen ninety-nine", "two
// thousand and three", "twenty twenty-three".
func enYear(y int64) string {
	switch {
	case y >= 2000 && y < 2010, y < 1100 || y >= 10000:
		return enCardinal(y)
	case y%100 == 0:
		return enCardinal(y/100) + " hundred"
	case y%100 < 10:
		return enCardinal(y/100) + " oh " + enCardinal(y%100)
	}
	return enCardinal(y/100) + " " + enCardinal(y%100)
}

func enNumber(s string) string { return readDigitsOrNumber(s, enCardinal) }

func enDate(day, month, year string) (string, bool) {
	d, _ := atoi(day)
	mo, _ := atoi(month)
	if d < 1 || d > 31 || mo < 1 || mo > 12 {
		return "", false
	}
	words := "the " + enOrdinal(d) + " of " + enMonths[mo]
	if y, ok := atoi(year); ok {
		words += " " + enYear(y)
	}
	return words, true
}

func enMonthNumber(name string) string {
	for i, m := range enMonths {
		if i > 0 && strings.EqualFold(m, name) {
			return itoa(i)
		}
	}
	return ""
}

func enTime(hour, minute string) (string, bool) {
	h, _ := atoi(hour)
	mi, _ := atoi(minute)
	if h > 24 || mi > 59 {
		return "", false
	}
	switch {
	case mi == 0:
		return enCardinal(h) + " o'clock", true
	case mi < 10:
		return enCardinal(h) + " oh " + enCardinal(mi), true
	}
	return enCardinal(h) + " " + enCardinal(mi), true
}

// enMoney reads złoty amounts ("one thousand two hundred and thirty-four
// zlotys fifty groszy").
func enMoney(whole, frac string) (string, bool) {
	n, ok := atoi(digitsOnly(whole))
	if !ok {
		return "", false
	}
	words := enCardinal(n) + " zloty"
	if n != 1 {
		words += "s"
	}
	if len(frac) == 1 {
		frac += "0"
	}
	if g, _ := atoi(frac); g > 0 {
		words += " " + enCardinal(g) + " grosz"
		if g != 1 {
			words = strings.TrimSuffix(words, "grosz") + "groszy"
		}
	}
	return words, true
}

// enAbbreviations are read as words; matched without regard to case.
var enAbbreviations = map[string]string{
	"e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "approx.": "approximately",
	"tel.": "telephone", "no.": "number", "art.": "Article", "para.": "paragraph", "§": "section",
	"mr": "Mister", "mr.": "Mister", "mrs": "Missus", "mrs.": "Missus", "dr": "Doctor", "dr.": "Doctor",
	"dz. u.": "Journal of Laws", "ul.": "street", "st.": "Street", "%": "percent", "vs": "versus",
}

const enMonthNames = `January|February|March|April|May|June|July|August|September|October|November|December`

var enRules = append(addressRules(addressWords{at: "at", dot: "dot", dash: "dash", underscore: "underscore", slash: "slash", www: "w w w"}),
	rule{regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})`), func(m match) (string, bool) { return enDate(m.group(3), m.group(2), m.group(1)) }},
	rule{regexp.MustCompile(`(\d{1,2})[./](\d{1,2})[./](\d{4})`), func(m match) (string, bool) { return enDate(m.group(1), m.group(2), m.group(3)) }},
	rule{regexp.MustCompile(`(\d{1,2})(?:st|nd|rd|th)?\s+(` + enMonthNames + `)(?:,?\s+(\d{4}))?`), func(m match) (string, bool) {
		return enDate(m.group(1), enMonthNumber(m.group(2)), m.group(3))
	}},
	rule{regexp.MustCompile(`(` + enMonthNames + `)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?`), func(m match) (string, bool) {
		d, _ := atoi(m.group(2))
		if d < 1 || d > 31 {
			return "", false
		}
		words := m.group(1) + " the " + enOrdinal(d)
		if y, ok := atoi(m.group(3)); ok {
			words += ", " + enYear(y)
		}
		return words, true
	}},
	rule{regexp.MustCompile(`(?i)(?:in|since|from|until|to|of)\s+(\d{4})`), func(m match) (string, bool) {
		y, _ := atoi(m.group(1))
		if y < 1000 || y > 2999 {
			return "", false
		}
		return strings.Fields(m.group(0))[0] + " " + enYear(y), true
	}},
	rule{regexp.MustCompile(`(\d{1,2}):(\d{2})`), func(m match) (string, bool) { return enTime(m.group(1), m.group(2)) }},
	rule{regexp.MustCompile(`(\d{1,3}(?: \d{3})+|\d+),(\d{1,2})\s*(?:PLN|zł)`), func(m match) (string, bool) { return enMoney(m.group(1), m.group(2)) }},
	rule{regexp.MustCompile(`(?:PLN|zł)\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`), func(m match) (string, bool) { return enMoney(m.group(1), m.group(2)) }},
	rule{regexp.MustCompile(`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(?:PLN|zł|zlotys?)`), func(m match) (string, bool) { return enMoney(m.group(1), m.group(2)) }},
	rule{regexp.MustCompile(`(?i)no\.\s*(\d+)`), func(m match) (string, bool) { return "number " + enNumber(m.group(1)), true }},
	rule{abbreviationRe(enAbbreviations), func(m match) (string, bool) {
		w := enAbbreviations[strings.ToLower(strings.Join(strings.Fields(m.group(0)), " "))]
		return w, w != ""
	}},
	rule{regexp.MustCompile(`\d{1,3}(?:,\d{3})+`), func(m match) (string, bool) { return enNumber(digitsOnly(m.group(0))), true }},
	rule{regexp.MustCompile(`(\d+)\.(\d+)`), func(m match) (string, bool) {
		return enNumber(m.group(1)) + " point " + spellDigits(m.group(2), enCardinal), true
	}},
	rule{regexp.MustCompile(`(\d+)(st|nd|rd|th)`), func(m match) (string, bool) {
		n, ok := atoi(m.group(1))
		return enOrdinal(n), ok
	}},
	rule{regexp.MustCompile(`\d+`), func(m match) (string, bool) { return enNumber(m.group(0)), true }},
)
