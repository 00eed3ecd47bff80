package speech

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// plMonths are the months in the genitive, as dates say them.
var plMonths = []string{"", "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
	"lipca", "sierpnia", "września", "października", "listopada", "grudnia"}

// plCase is which form of a word the preceding preposition asks for.
type plCase int

const (
	plNominative plCase = iota
	plGenitive
	plLocative
	plInstrumental
)

// plCaseAfter maps a preceding word to the case it governs; others leave
// the nominative. Kept small: a wrong case is worse than the nominative.
var plCaseAfter = map[string]plCase{
	"w": plLocative, "we": plLocative, "na": plLocative, "przy": plLocative, "o": plLocative, "po": plLocative,
	"z": plGenitive, "ze": plGenitive, "do": plGenitive, "od": plGenitive, "dla": plGenitive, "u": plGenitive,
	"według": plGenitive, "wg": plGenitive, "podstawie": plGenitive, "mocy": plGenitive, "treści": plGenitive,
	"zakresie": plGenitive, "około": plGenitive, "ok.": plGenitive, "brzmieniu": plGenitive, "myśl": plGenitive,
}

// plWithInstrumental: "zgodnie z art. 5" is "zgodnie z artykułem pięć";
// other "z" take the genitive ("z dnia", "z 2023 r.").
var plWithInstrumental = map[string]bool{"zgodnie": true, "związku": true, "wraz": true, "zgodności": true}

// plCaseOf is the case the words before a match ask for.
func plCaseOf(m match) plCase {
	words := m.prevWords(2)
	if len(words) == 2 && (words[1] == "z" || words[1] == "ze") && plWithInstrumental[words[0]] {
		return plInstrumental
	}
	if len(words) == 0 {
		return plNominative
	}
	return plCaseAfter[words[len(words)-1]]
}

// plAbbreviation is how an abbreviation is read: nominative, genitive,
// locative. One form serves all when the others are empty.
type plAbbreviation struct{ nom, gen, loc, ins string }

// plAbbreviations: what BIP texts are full of. Keys are matched without
// regard to case, as whole words.
var plAbbreviations = map[string]plAbbreviation{
	"nr":         {"numer", "numeru", "numerze", "numerem"},
	"ul.":        {"ulica", "ulicy", "ulicy", "ulicą"},
	"al.":        {"aleja", "alei", "alei", "aleją"},
	"pl.":        {"plac", "placu", "placu", "placem"},
	"os.":        {"osiedle", "osiedla", "osiedlu", "osiedlem"},
	"tel.":       {"telefon", "telefonu", "telefonie", "telefonem"},
	"poz.":       {"pozycja", "pozycji", "pozycji", "pozycją"},
	"ust.":       {"ustęp", "ustępu", "ustępie", "ustępem"},
	"pkt":        {"punkt", "punktu", "punkcie", "punktem"},
	"pkt.":       {"punkt", "punktu", "punkcie", "punktem"},
	"lit.":       {"litera", "litery", "literze", "literą"},
	"§":          {"paragraf", "paragrafu", "paragrafie", "paragrafem"},
	"§§":         {"paragrafy", "paragrafów", "paragrafach", "paragrafami"},
	"art.":       {"artykuł", "artykułu", "artykule", "artykułem"},
	"godz.":      {"godzina", "godziny", "godzinie", "godziną"},
	"zał.":       {"załącznik", "załącznika", "załączniku", "załącznikiem"},
	"dz. u.":     {"Dziennik Ustaw", "Dziennika Ustaw", "Dzienniku Ustaw", "Dziennikiem Ustaw"},
	"dz.u.":      {"Dziennik Ustaw", "Dziennika Ustaw", "Dzienniku Ustaw", "Dziennikiem Ustaw"},
	"dz. urz.":   {"Dziennik Urzędowy", "Dziennika Urzędowego", "Dzienniku Urzędowym", "Dziennikiem Urzędowym"},
	"m.p.":       {"Monitor Polski", "Monitora Polskiego", "Monitorze Polskim", "Monitorem Polskim"},
	"pok.":       {"pokój", "pokoju", "pokoju", "pokojem"},
	"woj.":       {"województwo", "województwa", "województwie", "województwem"},
	"pow.":       {"powiat", "powiatu", "powiecie", "powiatem"},
	"gm.":        {"gmina", "gminy", "gminie", "gminą"},
	"zł":         {nom: "złotych"},
	"gr":         {nom: "groszy"},
	"r.":         {nom: "roku"},
	"im.":        {nom: "imienia"},
	"św.":        {nom: "świętego"},
	"pw.":        {nom: "pod wezwaniem"},
	"m.in.":      {nom: "między innymi"},
	"tzn.":       {nom: "to znaczy"},
	"tj.":        {nom: "to jest"},
	"ds.":        {nom: "do spraw"},
	"np.":        {nom: "na przykład"},
	"itd.":       {nom: "i tak dalej"},
	"itp.":       {nom: "i tym podobne"},
	"ok.":        {nom: "około"},
	"wg":         {nom: "według"},
	"br.":        {"bieżącego roku", "", "bieżącym roku", ""},
	"ub.r.":      {"ubiegłego roku", "", "ubiegłym roku", ""},
	"ub. r.":     {"ubiegłego roku", "", "ubiegłym roku", ""},
	"t.j.":       {nom: "tekst jednolity"},
	"późn.":      {nom: "późniejszymi"},
	"zm.":        {nom: "zmianami"},
	"sp. z o.o.": {nom: "spółka z ograniczoną odpowiedzialnością"},
	"s.a.":       {nom: "spółka akcyjna"},
	"mgr":        {nom: "magister"},
	"inż.":       {nom: "inżynier"},
	"dr":         {nom: "doktor"},
	"hab.":       {nom: "habilitowany"},
	"prof.":      {nom: "profesor"},
	"ks.":        {nom: "ksiądz"},
	"tys.":       {nom: "tysięcy"},
	"mln":        {nom: "milionów"},
	"mld":        {nom: "miliardów"},
	"min":        {nom: "minut"},
	"dot.":       {nom: "dotyczy"},
	"nt.":        {nom: "na temat"},
	"pt.":        {nom: "pod tytułem"},
	"jw.":        {nom: "jak wyżej"},
	"in.":        {nom: "innymi"},
	"%":          {nom: "procent"},
}

// plRomanNounsAfter: nouns before which a Roman numeral is an ordinal, and
// the ordinal's form ("LIV sesja", "IX kadencji"; neuter genitive and
// locative share the masculine endings).
var plRomanNounsAfter = map[string]plForm{
	"sesja": fNom, "sesji": fGen, "sesję": fAcc, "sesją": fAcc,
	"kadencja": fNom, "kadencji": fGen, "kadencję": fAcc, "kadencją": fAcc,
	"wiek": mNom, "wieku": mGen, "wiekiem": mLoc,
	"zjazd": mNom, "zjazdu": mGen, "zjeździe": mLoc,
	"posiedzenie": nNom, "posiedzenia": mGen, "posiedzeniu": mLoc,
}

// plRomanNounsBefore: "Rozdział IV" is "rozdział czwarty".
var plRomanNounsBefore = map[string]plForm{
	"rozdział": mNom, "rozdziału": mGen, "rozdziale": mLoc,
	"dział": mNom, "działu": mGen, "dziale": mLoc,
	"część": fNom, "części": fGen, "tytuł": mNom, "tytułu": mGen,
}

var plCurrency = struct{ zloty, grosz [3]string }{
	zloty: [3]string{"złoty", "złote", "złotych"},
	grosz: [3]string{"grosz", "grosze", "groszy"},
}

// plScaleWords: "2 mln zł" is "dwa miliony złotych".
var plScaleWords = map[string][3]string{
	"tys.": plScales[0], "tys": plScales[0], "mln": plScales[1], "mld": plScales[2],
}

const plMonthNames = `stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia`
const romanRe = `[IVXLCDM]+`

var plRules = append(addressRules(addressWords{at: "małpa", dot: "kropka", dash: "myślnik", underscore: "podkreślnik", slash: "ukośnik", www: "wu wu wu"}),
	rule{regexp.MustCompile(`(?i)(tel\.?/fax\.?|tel\.?/faks|telefon|tel\.?|fax\.?|faks)\s*:?\s*((?:\+\s?\d{2}\s*)?(?:\(\d+\)\s*)?\d[\d \-]{4,}\d)`), plPhone},
	rule{regexp.MustCompile(`\+48[ \d\-]{9,}\d`), func(m match) (string, bool) { return plPhoneNumber(m.group(0)), true }},
	rule{regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})(\s*r\.)?`), func(m match) (string, bool) { return plDate(m.group(3), m.group(2), m.group(1), true) }},
	rule{regexp.MustCompile(`(\d{1,2})(?:\.(\d{1,2})\.|-(\d{1,2})-)(\d{4})(\s*r\.)?`), func(m match) (string, bool) {
		return plDate(m.group(1), m.group(2)+m.group(3), m.group(4), true) // one of the two months is empty
	}},
	rule{regexp.MustCompile(`(?i)(\d{1,2})\s+(` + plMonthNames + `)(?:\s+(\d{4})(\s*r\.|\s+roku)?)?`), plTextDate},
	rule{regexp.MustCompile(`(\d{1,2})\s+(` + romanRe + `)\s+(\d{4})(\s*r\.)?`), func(m match) (string, bool) {
		month := romanValue(m.group(2))
		return plDate(m.group(1), itoa(month), m.group(3), m.group(4) != "")
	}},
	rule{regexp.MustCompile(`(?i)(godz\.\s*)?(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})`), plTimeRange},
	rule{regexp.MustCompile(`(?i)godz\.\s*(\d{1,2})(?:[:.](\d{2}))?`), plHourAbbreviated},
	rule{regexp.MustCompile(`(\d{1,2}):(\d{2})`), func(m match) (string, bool) { return plTime(m.group(1), m.group(2), plTimeForm(m.prevWord())) }},
	rule{regexp.MustCompile(`(\d{4})(\s*r\.|\s+roku)`), plYear},
	rule{regexp.MustCompile(`(?i)(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?\s*(tys\.?|mln|mld)(\s*(?:zł|złotych|PLN))?`), plScaledAmount},
	rule{regexp.MustCompile(`(\d{1,3}(?: \d{3})+|\d+)(?:,(\d{1,2}))?\s*(zł|złotych|PLN)(?:\s+(\d{1,2})\s*gr)?`), plMoney},
	rule{regexp.MustCompile(`(\d+)\s*gr`), func(m match) (string, bool) { return plCount(m.group(1), plCurrency.grosz) }},
	rule{regexp.MustCompile(`((?i:nr|numer))\.?\s*(` + romanRe + `|\d+)((?:/[\p{L}\d.\-]*[\p{L}\d])*)`), plNumberedID},
	rule{regexp.MustCompile(`(` + romanRe + `)\s+(\p{L}+)`), plRomanBeforeNoun},
	rule{regexp.MustCompile(`(?i)(rozdział|rozdziału|rozdziale|dział|działu|dziale|część|części|tytuł|tytułu)\s+(` + romanRe + `)`), plRomanAfterNoun},
	rule{regexp.MustCompile(`(\d+)/(\d+)`), func(m match) (string, bool) {
		return plNumber(m.group(1)) + " łamane przez " + plNumber(m.group(2)), true
	}},
	rule{plAgreeingRe, plAgree},
	rule{plAbbreviationRe, plAbbreviationWords},
	rule{regexp.MustCompile(`(\d+),(\d+)`), func(m match) (string, bool) {
		return plNumber(m.group(1)) + " przecinek " + plNumber(m.group(2)), true
	}},
	rule{regexp.MustCompile(`\d{1,3}(?: \d{3})+`), func(m match) (string, bool) { return groupedNumber(m, plNumber) }},
	rule{regexp.MustCompile(`\d+(?:\.\d+)+`), func(m match) (string, bool) {
		parts := strings.Split(m.group(0), ".")
		for i, p := range parts {
			parts[i] = plNumber(p)
		}
		return strings.Join(parts, " kropka "), true
	}},
	rule{regexp.MustCompile(`\d+`), plPlainNumber},
)

// plFeminineCounted are feminine nouns BIP texts count, in the plural that
// follows 2, 3 and 4: before them "2" is "dwie" ("dwie osoby", "dwadzieścia
// dwie godziny").
var plFeminineCounted = map[string]bool{"osoby": true, "godziny": true, "uchwały": true, "działki": true,
	"sesje": true, "kobiety": true, "rodziny": true, "minuty": true, "sekundy": true, "klasy": true,
	"sztuki": true, "strony": true, "ulice": true, "gminy": true, "szkoły": true, "nieruchomości": true,
	"kadencje": true, "raty": true, "faktury": true, "umowy": true, "oferty": true, "decyzje": true,
	"części": true, "pary": true, "złotówki": true, "doby": true, "tony": true}

// plPlainNumber reads a number, in the feminine before a feminine noun.
func plPlainNumber(m match) (string, bool) {
	words := plNumber(m.group(0))
	next := strings.TrimLeft(m.after(), " ")
	if end := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) }); end >= 0 {
		next = next[:end]
	}
	if (words == "dwa" || strings.HasSuffix(words, " dwa")) && plFeminineCounted[strings.ToLower(next)] {
		return strings.TrimSuffix(words, "dwa") + "dwie", true
	}
	return words, true
}

// plAgreeing are abbreviations of adjectives, whose ending agrees with the
// next word: "ww. uchwała" is "wyżej wymieniona uchwała".
var plAgreeing = map[string]string{"ww.": "wyżej wymienion", "tzw.": "tak zwan"}

// plAbbreviationRe matches any key of plAbbreviations.
var plAbbreviationRe = abbreviationRe(plAbbreviations)

var plAgreeingRe = regexp.MustCompile(`(?i)(ww\.|tzw\.)\s*(\p{L}+)`)

// plAgree picks the adjective's ending from the noun's: feminine in -a,
// neuter or plural in -e, -o, -y, -i; masculine otherwise.
func plAgree(m match) (string, bool) {
	stem := plAgreeing[strings.ToLower(m.group(1))]
	noun := m.group(2)
	ending := "y"
	switch last, _ := utf8.DecodeLastRuneInString(noun); last {
	case 'a', 'ą':
		ending = "a"
	case 'e', 'o', 'y', 'i':
		ending = "e"
	}
	return stem + ending + " " + noun, true
}

func plAbbreviationWords(m match) (string, bool) {
	key := strings.ToLower(strings.Join(strings.Fields(m.group(0)), " "))
	a, ok := plAbbreviations[key]
	if !ok {
		a, ok = plAbbreviations[strings.ReplaceAll(key, " ", "")]
	}
	if !ok {
		return "", false
	}
	// "nr" inside "nrx" never gets here: rule.apply keeps matches whole words.
	switch plCaseOf(m) {
	case plInstrumental:
		if a.ins != "" {
			return a.ins, true
		}
	case plGenitive:
		if a.gen != "" {
			return a.gen, true
		}
	case plLocative:
		if a.loc != "" {
			return a.loc, true
		}
	}
	return a.nom, true
}

// plNumber reads a string of digits: as a number, or digit by digit when
// it starts with 0 or is too long.
func plNumber(s string) string { return readDigitsOrNumber(s, plCardinal) }

// plCount reads "n" followed by the right plural of a noun.
func plCount(s string, forms [3]string) (string, bool) {
	n, ok := atoi(digitsOnly(s))
	if !ok {
		return "", false
	}
	return plCardinal(n) + " " + plPlural(n, forms), true
}

// plDate reads day, month, year (all digits) as a date in the genitive:
// "osiemnastego listopada dwa tysiące trzeciego roku".
func plDate(day, month, year string, withRoku bool) (string, bool) {
	d, _ := atoi(day)
	mo, _ := atoi(month)
	if d < 1 || d > 31 || mo < 1 || mo > 12 {
		return "", false
	}
	words := plOrdinal(d, mGen) + " " + plMonths[mo]
	if year != "" {
		y, _ := atoi(year)
		words += " " + plOrdinal(y, mGen)
		if withRoku {
			words += " roku"
		}
	}
	return words, true
}

func plTextDate(m match) (string, bool) {
	month := strings.ToLower(m.group(2))
	for i, name := range plMonths {
		if name == month {
			return plDate(m.group(1), itoa(i), m.group(3), m.group(4) != "")
		}
	}
	return "", false
}

// plYear: "2003 r." is "dwa tysiące trzeciego roku", "w 2003 r." is "w dwa
// tysiące trzecim roku".
func plYear(m match) (string, bool) {
	y, _ := atoi(m.group(1))
	form := mGen
	if plCaseAfter[m.prevWord()] == plLocative {
		form = mLoc
	}
	return plOrdinal(y, form) + " roku", true
}

// plTimeForm is the form of an hour after a word: "o 10:30" is "o dziesiątej
// trzydzieści", "od/do 10:30" likewise; otherwise "dziesiąta trzydzieści".
func plTimeForm(prev string) plForm {
	if _, ok := plCaseAfter[prev]; ok {
		return fGen
	}
	return fNom
}

// plTime reads hours and minutes; ok false when they are not a time.
func plTime(hour, minute string, form plForm) (string, bool) {
	h, _ := atoi(hour)
	mi, _ := atoi(minute)
	if h > 24 || mi > 59 {
		return "", false
	}
	words := plOrdinal(h, form)
	if h == 0 {
		words = "zero"
	}
	switch {
	case minute == "" || mi == 0:
	case mi < 10:
		words += " zero " + plCardinal(mi)
	default:
		words += " " + plCardinal(mi)
	}
	return words, true
}

func plHourAbbreviated(m match) (string, bool) {
	noun, form := "godzina", fNom
	switch plCaseAfter[m.prevWord()] {
	case plLocative:
		noun, form = "godzinie", fGen
	case plGenitive:
		noun, form = "godziny", fGen
	}
	t, ok := plTime(m.group(1), m.group(2), form)
	return noun + " " + t, ok
}

// plTimeRange: "w godz. 7:30-15:30" is "w godzinach od siódmej trzydzieści
// do piętnastej trzydzieści".
func plTimeRange(m match) (string, bool) {
	from, ok1 := plTime(m.group(2), m.group(3), fGen)
	to, ok2 := plTime(m.group(4), m.group(5), fGen)
	if !ok1 || !ok2 {
		return "", false
	}
	words := "od " + from + " do " + to
	if m.group(1) != "" {
		noun := "godziny"
		if plCaseAfter[m.prevWord()] == plLocative {
			noun = "godzinach"
		}
		words = noun + " " + words
	}
	return words, true
}

// plMoney: "1 234,50 zł" is "tysiąc dwieście trzydzieści cztery złote
// pięćdziesiąt groszy".
func plMoney(m match) (string, bool) {
	words, ok := plCount(m.group(1), plCurrency.zloty)
	if !ok {
		return "", false
	}
	grosze := m.group(2)
	if grosze == "" {
		grosze = m.group(4)
	} else if len(grosze) == 1 {
		grosze += "0" // "2,5 zł" is two złote fifty
	}
	if g, _ := atoi(grosze); g > 0 {
		gw, _ := plCount(grosze, plCurrency.grosz)
		words += " " + gw
	}
	return words, true
}

// plScaledAmount: "2 mln zł" is "dwa miliony złotych"; "2,5 mln zł" is "dwa
// przecinek pięć miliona złotych".
func plScaledAmount(m match) (string, bool) {
	forms := plScaleWords[strings.ToLower(m.group(3))]
	n, ok := atoi(digitsOnly(m.group(1)))
	if !ok {
		return "", false
	}
	var words string
	if frac := m.group(2); frac != "" {
		words = plCardinal(n) + " przecinek " + plNumber(frac) + " " + strings.TrimSuffix(forms[2], "ów") + "a"
		if forms == plScales[0] {
			words = plCardinal(n) + " przecinek " + plNumber(frac) + " tysiąca"
		}
	} else {
		words = plCardinal(n) + " " + plPlural(n, forms)
		if n == 1 {
			words = forms[0]
		}
	}
	if m.group(4) != "" {
		words += " złotych"
	}
	return words, true
}

// plPhone reads "tel. 76 818 82 02" in groups: "telefon siedemdziesiąt sześć,
// osiemset osiemnaście, osiemdziesiąt dwa, zero dwa".
func plPhone(m match) (string, bool) {
	key := strings.ToLower(m.group(1))
	noun := "telefon"
	switch {
	case strings.Contains(key, "/"):
		noun = "telefon i faks"
	case strings.HasPrefix(key, "fa"):
		noun = "faks"
	}
	return noun + " " + plPhoneNumber(m.group(2)), true
}

func plPhoneNumber(s string) string {
	var words []string
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		rest = strings.TrimSpace(rest)
		words = append(words, "plus "+plNumber(rest[:2])) // the regexp put two digits here
		s = rest[2:]
	}
	for _, g := range phoneGroups(s) {
		words = append(words, readGroup(g, plCardinal))
	}
	return strings.Join(words, ", ")
}

// plNumberedID: "nr XII/85/2019" is "numer dwanaście łamane przez
// osiemdziesiąt pięć łamane przez dwa tysiące dziewiętnaście".
func plNumberedID(m match) (string, bool) {
	parts := []string{m.group(2)}
	if m.group(3) != "" {
		parts = append(parts, strings.Split(strings.TrimPrefix(m.group(3), "/"), "/")...)
	}
	for i, p := range parts {
		switch {
		case isDigits(p):
			parts[i] = plNumber(p)
		case romanValue(p) > 0:
			parts[i] = plCardinal(int64(romanValue(p)))
		default:
			parts[i] = strings.ToLower(p)
		}
	}
	noun := plAbbreviationWordsFor("nr", plCaseOf(m))
	return noun + " " + strings.Join(parts, " łamane przez "), true
}

func plAbbreviationWordsFor(key string, c plCase) string {
	a := plAbbreviations[key]
	switch c {
	case plInstrumental:
		return a.ins
	case plGenitive:
		return a.gen
	case plLocative:
		return a.loc
	}
	return a.nom
}

func plRomanBeforeNoun(m match) (string, bool) {
	form, ok := plRomanNounsAfter[strings.ToLower(m.group(2))]
	n := romanValue(m.group(1))
	if !ok || n == 0 {
		return "", false
	}
	return plOrdinal(int64(n), form) + " " + m.group(2), true
}

func plRomanAfterNoun(m match) (string, bool) {
	form := plRomanNounsBefore[strings.ToLower(m.group(1))]
	n := romanValue(m.group(2))
	if n == 0 {
		return "", false
	}
	return m.group(1) + " " + plOrdinal(int64(n), form), true
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
