package speech

import "strings"

// Polish number words.
var (
	plUnits    = []string{"zero", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć"}
	plTeens    = []string{"dziesięć", "jedenaście", "dwanaście", "trzynaście", "czternaście", "piętnaście", "szesnaście", "siedemnaście", "osiemnaście", "dziewiętnaście"}
	plTens     = []string{"", "", "dwadzieścia", "trzydzieści", "czterdzieści", "pięćdziesiąt", "sześćdziesiąt", "siedemdziesiąt", "osiemdziesiąt", "dziewięćdziesiąt"}
	plHundreds = []string{"", "sto", "dwieście", "trzysta", "czterysta", "pięćset", "sześćset", "siedemset", "osiemset", "dziewięćset"}
	// plScales: one, few, many of 10^3, 10^6, 10^9, 10^12.
	plScales = [][3]string{
		{"tysiąc", "tysiące", "tysięcy"},
		{"milion", "miliony", "milionów"},
		{"miliard", "miliardy", "miliardów"},
		{"bilion", "biliony", "bilionów"},
	}
	plOrdUnits    = []string{"", "pierwszy", "drugi", "trzeci", "czwarty", "piąty", "szósty", "siódmy", "ósmy", "dziewiąty"}
	plOrdTeens    = []string{"dziesiąty", "jedenasty", "dwunasty", "trzynasty", "czternasty", "piętnasty", "szesnasty", "siedemnasty", "osiemnasty", "dziewiętnasty"}
	plOrdTens     = []string{"", "", "dwudziesty", "trzydziesty", "czterdziesty", "pięćdziesiąty", "sześćdziesiąty", "siedemdziesiąty", "osiemdziesiąty", "dziewięćdziesiąty"}
	plOrdHundreds = []string{"", "setny", "dwusetny", "trzechsetny", "czterechsetny", "pięćsetny", "sześćsetny", "siedemsetny", "osiemsetny", "dziewięćsetny"}
	// plThousandPrefix makes "dwutysięczny" and the like.
	plThousandPrefix = []string{"", "", "dwu", "trzy", "cztero", "pięcio", "sześcio", "siedmio", "ośmio", "dziewięcio"}
)

// plPlural picks the one, few or many form for n in Polish.
func plPlural(n int64, forms [3]string) string { return forms[pluralClass(n, false)] }

// plCardinal reads n in words ("tysiąc dwieście trzydzieści cztery").
func plCardinal(n int64) string {
	if n == 0 {
		return "zero"
	}
	if n < 0 {
		return "minus " + plCardinal(-n)
	}
	var parts []string
	for scale := len(plScales); scale >= 0; scale-- {
		div := pow1000(scale)
		g := n / div % 1000
		if g == 0 {
			continue
		}
		if scale == 0 {
			parts = append(parts, plBelowThousand(g))
		} else if g == 1 {
			parts = append(parts, plScales[scale-1][0])
		} else {
			parts = append(parts, plBelowThousand(g), plPlural(g, plScales[scale-1]))
		}
	}
	return strings.Join(parts, " ")
}

func pow1000(k int) int64 {
	p := int64(1)
	for range k {
		p *= 1000
	}
	return p
}

func plBelowThousand(n int64) string {
	var parts []string
	if h := n / 100; h > 0 {
		parts = append(parts, plHundreds[h])
	}
	switch t := n % 100; {
	case t >= 10 && t < 20:
		parts = append(parts, plTeens[t-10])
	case t > 0:
		if t/10 > 0 {
			parts = append(parts, plTens[t/10])
		}
		if t%10 > 0 {
			parts = append(parts, plUnits[t%10])
		}
	}
	return strings.Join(parts, " ")
}

// plForm is a case and gender of a Polish ordinal.
type plForm int

const (
	mNom plForm = iota // pierwszy (rozdział)
	mGen               // pierwszego (listopada, roku)
	mLoc               // pierwszym (w ... roku)
	fNom               // pierwsza (sesja, godzina)
	fGen               // pierwszej (sesji; also dative and locative: o godzinie pierwszej)
	fAcc               // pierwszą (sesję; also instrumental)
	nNom               // pierwsze (posiedzenie)
)

// plOrdinal reads n as an ordinal in a form: 2003 in mGen is "dwa tysiące
// trzeciego"; only the last thousand's words decline.
func plOrdinal(n int64, form plForm) string {
	if n <= 0 {
		return plCardinal(n)
	}
	head, words := n/1000*1000, plOrdinalBelowThousand(n%1000)
	if n%1000 == 0 {
		k := n / 1000
		switch {
		case k == 1:
			head, words = 0, []string{"tysięczny"}
		case k < 10:
			head, words = 0, []string{plThousandPrefix[k] + "tysięczny"}
		default:
			head, words = 0, []string{plCardinal(n) + "owy"} // rare: read as "… tysiącowy"
		}
	}
	var parts []string
	if head > 0 {
		parts = append(parts, plCardinal(head))
	}
	for _, w := range words {
		if isPlainCardinal(w) {
			parts = append(parts, w)
		} else {
			parts = append(parts, plDecline(w, form))
		}
	}
	return strings.Join(parts, " ")
}

// plOrdinalBelowThousand gives the words of 1..999 as an ordinal: hundreds
// stay cardinal before tens and units ("sto dwudziesty pierwszy").
func plOrdinalBelowThousand(n int64) []string {
	var words []string
	h, t := n/100, n%100
	if h > 0 && t == 0 {
		return []string{plOrdHundreds[h]}
	}
	if h > 0 {
		words = append(words, plHundreds[h])
	}
	switch {
	case t >= 10 && t < 20:
		words = append(words, plOrdTeens[t-10])
	case t > 0:
		if t/10 > 0 {
			words = append(words, plOrdTens[t/10])
		}
		if t%10 > 0 {
			words = append(words, plOrdUnits[t%10])
		}
	}
	return words
}

func isPlainCardinal(w string) bool {
	for _, h := range plHundreds[1:] {
		if w == h {
			return true
		}
	}
	return false
}

// plDecline puts a masculine nominative ordinal ("trzeci", "piąty") into form.
func plDecline(w string, form plForm) string {
	if stem, ok := strings.CutSuffix(w, "y"); ok {
		return stem + [...]string{"y", "ego", "ym", "a", "ej", "ą", "e"}[form]
	}
	// "drugi", "trzeci": the i stays, except after g/k in the feminine.
	soft := w
	if strings.HasSuffix(w, "gi") || strings.HasSuffix(w, "ki") {
		soft = strings.TrimSuffix(w, "i")
	}
	return [...]string{w, w + "ego", w + "m", soft + "a", w + "ej", soft + "ą", w + "e"}[form]
}
