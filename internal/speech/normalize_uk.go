package speech

import (
	"regexp"
	"strings"
)

// Ukrainian number words.
var (
	ukUnitsM   = []string{"нуль", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"}
	ukUnitsF   = []string{"нуль", "одна", "дві", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"}
	ukTeens    = []string{"десять", "одинадцять", "дванадцять", "тринадцять", "чотирнадцять", "п'ятнадцять", "шістнадцять", "сімнадцять", "вісімнадцять", "дев'ятнадцять"}
	ukTens     = []string{"", "", "двадцять", "тридцять", "сорок", "п'ятдесят", "шістдесят", "сімдесят", "вісімдесят", "дев'яносто"}
	ukHundreds = []string{"", "сто", "двісті", "триста", "чотириста", "п'ятсот", "шістсот", "сімсот", "вісімсот", "дев'ятсот"}
	// ukScales: one, few, many; the thousand is feminine ("дві тисячі").
	ukScales = [][3]string{
		{"тисяча", "тисячі", "тисяч"},
		{"мільйон", "мільйони", "мільйонів"},
		{"мільярд", "мільярди", "мільярдів"},
		{"трильйон", "трильйони", "трильйонів"},
	}
	ukOrdUnits    = []string{"", "перший", "другий", "третій", "четвертий", "п'ятий", "шостий", "сьомий", "восьмий", "дев'ятий"}
	ukOrdTeens    = []string{"десятий", "одинадцятий", "дванадцятий", "тринадцятий", "чотирнадцятий", "п'ятнадцятий", "шістнадцятий", "сімнадцятий", "вісімнадцятий", "дев'ятнадцятий"}
	ukOrdTens     = []string{"", "", "двадцятий", "тридцятий", "сороковий", "п'ятдесятий", "шістдесятий", "сімдесятий", "вісімдесятий", "дев'яностий"}
	ukOrdHundreds = []string{"", "сотий", "двохсотий", "трьохсотий", "чотирьохсотий", "п'ятисотий", "шестисотий", "семисотий", "восьмисотий", "дев'ятисотий"}
	ukOrdThousand = []string{"", "тисячний", "двохтисячний", "трьохтисячний", "чотирьохтисячний", "п'ятитисячний", "шеститисячний", "семитисячний", "восьмитисячний", "дев'ятитисячний"}
	ukMonths      = []string{"", "січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"}
)

func ukPlural(n int64, forms [3]string) string { return forms[pluralClass(n, true)] }

// ukCardinal reads n in words; feminine gives "одна", "дві" in the units
// (for гривня, копійка, тисяча).
func ukCardinal(n int64) string { return ukCardinalGender(n, false) }

func ukCardinalGender(n int64, feminine bool) string {
	if n == 0 {
		return "нуль"
	}
	if n < 0 {
		return "мінус " + ukCardinalGender(-n, feminine)
	}
	var parts []string
	for scale := len(ukScales); scale >= 0; scale-- {
		g := n / pow1000(scale) % 1000
		switch {
		case g == 0:
		case scale == 0:
			parts = append(parts, ukBelowThousand(g, feminine))
		case scale == 1 && g == 1:
			parts = append(parts, ukScales[0][0])
		default:
			parts = append(parts, ukBelowThousand(g, scale == 1), ukPlural(g, ukScales[scale-1]))
		}
	}
	return strings.Join(parts, " ")
}

func ukBelowThousand(n int64, feminine bool) string {
	units := ukUnitsM
	if feminine {
		units = ukUnitsF
	}
	var parts []string
	if h := n / 100; h > 0 {
		parts = append(parts, ukHundreds[h])
	}
	switch t := n % 100; {
	case t >= 10 && t < 20:
		parts = append(parts, ukTeens[t-10])
	case t > 0:
		if t/10 > 0 {
			parts = append(parts, ukTens[t/10])
		}
		if t%10 > 0 {
			parts = append(parts, units[t%10])
		}
	}
	return strings.Join(parts, " ")
}

// ukForm is a case and gender of a Ukrainian ordinal.
type ukForm int

const (
	ukMNom ukForm = iota // третій
	ukMGen               // третього (листопада, року)
	ukFNom               // третя (година)
	ukFLoc               // третій (о ... годині)
	ukFGen               // третьої (з ... до ...)
)

// ukOrdinal reads n as an ordinal: only the last word is ordinal ("дві
// тисячі двадцять третього").
func ukOrdinal(n int64, form ukForm) string {
	if n <= 0 {
		return ukCardinal(n)
	}
	var last string
	var rest int64
	switch {
	case n%1000 == 0 && n/1000 < 10:
		last, rest = ukOrdThousand[n/1000], 0
	case n%100 >= 10 && n%100 < 20:
		last, rest = ukOrdTeens[n%100-10], n-n%100
	case n%10 != 0:
		last, rest = ukOrdUnits[n%10], n-n%10
	case n%100 != 0:
		last, rest = ukOrdTens[n%100/10], n-n%100
	case n%1000 != 0:
		last, rest = ukOrdHundreds[n%1000/100], n-n%1000
	default:
		return ukCardinal(n)
	}
	word := ukDecline(last, form)
	if rest == 0 {
		return word
	}
	return ukCardinal(rest) + " " + word
}

// ukDecline puts a masculine nominative ordinal into form.
func ukDecline(w string, form ukForm) string {
	if stem, ok := strings.CutSuffix(w, "ій"); ok { // третій
		return stem + [...]string{"ій", "ього", "я", "ій", "ьої"}[form]
	}
	stem := strings.TrimSuffix(w, "ий")
	return stem + [...]string{"ий", "ого", "а", "ій", "ої"}[form]
}

func ukNumber(s string) string { return readDigitsOrNumber(s, ukCardinal) }

func ukDate(day, month, year string) (string, bool) {
	d, _ := atoi(day)
	mo, _ := atoi(month)
	if d < 1 || d > 31 || mo < 1 || mo > 12 {
		return "", false
	}
	words := ukOrdinal(d, ukMGen) + " " + ukMonths[mo]
	if y, ok := atoi(year); ok {
		words += " " + ukOrdinal(y, ukMGen) + " року"
	}
	return words, true
}

func ukTime(hour, minute string, form ukForm) (string, bool) {
	h, _ := atoi(hour)
	mi, _ := atoi(minute)
	if h > 24 || mi > 59 {
		return "", false
	}
	words := ukOrdinal(h, form)
	if h == 0 {
		words = "нуль"
	}
	switch {
	case mi == 0:
	case mi < 10:
		words += " нуль " + ukCardinal(mi)
	default:
		words += " " + ukCardinal(mi)
	}
	return words, true
}

// ukMoney reads whole units and hundredths with their nouns.
func ukMoney(whole, frac string, unit, sub [3]string, feminine bool) (string, bool) {
	n, ok := atoi(digitsOnly(whole))
	if !ok {
		return "", false
	}
	words := ukCardinalGender(n, feminine) + " " + ukPlural(n, unit)
	if len(frac) == 1 {
		frac += "0"
	}
	if k, _ := atoi(frac); k > 0 {
		words += " " + ukCardinalGender(k, true) + " " + ukPlural(k, sub)
	}
	return words, true
}

var (
	ukHryvnia = [3]string{"гривня", "гривні", "гривень"}
	ukKopiyka = [3]string{"копійка", "копійки", "копійок"}
	ukZloty   = [3]string{"злотий", "злоті", "злотих"}
	ukGrosz   = [3]string{"грош", "гроші", "грошів"}
)

// ukAbbreviations are read as words; matched without regard to case.
var ukAbbreviations = map[string]string{
	"вул.": "вулиця", "м.": "місто", "ім.": "імені", "р.": "року", "№": "номер",
	"тел.": "телефон", "ст.": "стаття", "п.": "пункт", "ч.": "частина", "обл.": "область",
	"т.зв.": "так званий", "і т.д.": "і так далі", "та ін.": "та інші", "див.": "дивись",
	"напр.": "наприклад", "грн": "гривень", "коп.": "копійок", "§": "параграф", "год.": "година",
	"хв.": "хвилин", "тис.": "тисяч", "млн": "мільйонів", "млрд": "мільярдів", "%": "відсотків",
	"пл.": "площа", "просп.": "проспект", "буд.": "будинок", "кв.": "квартира", "зл": "злотих",
	"ul.": "вулиця", "nr": "номер", "dz. u.": "Дзєннік Устав",
}

const ukMonthNames = `січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня`

var ukRules = append(addressRules(addressWords{at: "равлик", dot: "крапка", dash: "дефіс", underscore: "підкреслення", slash: "скісна риска", www: "дабл ю дабл ю дабл ю"}),
	rule{regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})(\s*р\.)?`), func(m match) (string, bool) { return ukDate(m.group(3), m.group(2), m.group(1)) }},
	rule{regexp.MustCompile(`(\d{1,2})\.(\d{1,2})\.(\d{4})(\s*р\.)?`), func(m match) (string, bool) { return ukDate(m.group(1), m.group(2), m.group(3)) }},
	rule{regexp.MustCompile(`(\d{1,2})\s+(` + ukMonthNames + `)(?:\s+(\d{4})(?:\s*р\.|\s+року)?)?`), func(m match) (string, bool) {
		for i, name := range ukMonths {
			if name == m.group(2) {
				return ukDate(m.group(1), itoa(i), m.group(3))
			}
		}
		return "", false
	}},
	rule{regexp.MustCompile(`(\d{4})(\s*р\.|\s+року)`), func(m match) (string, bool) {
		y, _ := atoi(m.group(1))
		return ukOrdinal(y, ukMGen) + " року", true
	}},
	rule{regexp.MustCompile(`(\d{1,2}):(\d{2})`), func(m match) (string, bool) {
		form := ukFNom
		switch m.prevWord() {
		case "о", "об":
			form = ukFLoc
		case "з", "із", "від", "до", "після", "близько":
			form = ukFGen
		}
		return ukTime(m.group(1), m.group(2), form)
	}},
	rule{regexp.MustCompile(`(\d{1,3}(?: \d{3})+|\d+)(?:,(\d{1,2}))?\s*(грн|гривень|гривні|гривня)\.?(?:\s+(\d{1,2})\s*коп\.?)?`), func(m match) (string, bool) {
		frac := m.group(2)
		if frac == "" {
			frac = m.group(4)
		}
		return ukMoney(m.group(1), frac, ukHryvnia, ukKopiyka, true)
	}},
	rule{regexp.MustCompile(`(\d{1,3}(?: \d{3})+|\d+)(?:,(\d{1,2}))?\s*(зл\.?|zł|PLN)`), func(m match) (string, bool) {
		return ukMoney(m.group(1), m.group(2), ukZloty, ukGrosz, false)
	}},
	rule{regexp.MustCompile(`(\d+)\s*%`), func(m match) (string, bool) {
		n, _ := atoi(m.group(1))
		return ukCardinal(n) + " " + ukPlural(n, [3]string{"відсоток", "відсотки", "відсотків"}), true
	}},
	rule{regexp.MustCompile(`(\d+)/(\d+)`), func(m match) (string, bool) {
		return ukNumber(m.group(1)) + " дріб " + ukNumber(m.group(2)), true
	}},
	rule{abbreviationRe(ukAbbreviations), func(m match) (string, bool) {
		w, ok := ukAbbreviations[strings.ToLower(strings.Join(strings.Fields(m.group(0)), " "))]
		return w, ok
	}},
	rule{regexp.MustCompile(`(\d+),(\d+)`), func(m match) (string, bool) {
		return ukNumber(m.group(1)) + " кома " + ukNumber(m.group(2)), true
	}},
	rule{regexp.MustCompile(`\d{1,3}(?: \d{3})+`), func(m match) (string, bool) { return groupedNumber(m, ukNumber) }},
	rule{regexp.MustCompile(`\d+`), func(m match) (string, bool) { return ukNumber(m.group(0)), true }},
)
