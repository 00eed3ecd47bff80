package harvest

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"bipkiosk/internal/content"
)

// Field is one item of a page's metryczka (the BIP metadata block).
type Field uint8

// The metryczka fields, as the content model keeps them.
const (
	NoField     Field = iota
	Author            // who produced the information
	Publisher         // the body or person that published it
	Responsible       // who answers for the content
	EnteredBy         // who entered or last modified it in the system
	Created           // date the information was produced
	Published         // date it was published
	Updated           // date of the last change
	Visits            // the view counter as published
)

// label is one wording of a field. A person label may carry a date too
// ("Wprowadził: Jan Nowak, 2019-11-06 08:39"); date is where that goes.
type label struct {
	field Field
	date  Field
}

// labels is the dictionary of metryczka wordings, normalised by normLabel.
var labels = map[string]label{
	"wytworzył": {Author, Created}, "wytworzyła": {Author, Created}, "wytworzone przez": {Author, Created},
	"autor": {Author, Created}, "podpisał": {Author, Created}, "podpisała": {Author, Created},
	"informację wytworzył": {Author, Created}, "informacje wytworzył": {Author, Created},
	"osoba, która wytworzyła informację": {Author, Created}, "wytworzenie informacji": {Author, Created},
	"sporządził": {Author, Created}, "autor dokumentu": {Author, Created},
	"opublikował": {Publisher, Published}, "opublikowała": {Publisher, Published}, "udostępnił": {Publisher, Published},
	"udostępniła": {Publisher, Published}, "podmiot udostępniający": {Publisher, Published},
	"podmiot udostępniający informację": {Publisher, Published}, "informację udostępnił": {Publisher, Published},
	"odpowiedzialny": {Responsible, NoField}, "osoba odpowiedzialna": {Responsible, NoField},
	"osoba odpowiedzialna za treść": {Responsible, NoField}, "osoba, która odpowiada za treść": {Responsible, NoField},
	"odpowiada za treść": {Responsible, NoField}, "zatwierdził": {Responsible, NoField},
	"wprowadził": {EnteredBy, Published}, "wprowadziła": {EnteredBy, Published}, "wprowadził do bip": {EnteredBy, Published},
	"osoba wprowadzająca": {EnteredBy, Published}, "osoba, która wprowadzała dane": {EnteredBy, Published},
	"wprowadzający": {EnteredBy, Published}, "modyfikujący": {EnteredBy, Updated}, "zmodyfikował": {EnteredBy, Updated},
	"ostatnio modyfikował": {EnteredBy, Updated}, "osoba modyfikująca": {EnteredBy, Updated},
	"data wytworzenia": {Created, NoField}, "data wytworzenia informacji": {Created, NoField},
	"dokument z dnia": {Created, NoField}, "wytworzono": {Created, NoField}, "data dokumentu": {Created, NoField},
	"data publikacji": {Published, NoField}, "publikacja dnia": {Published, NoField}, "opublikowano": {Published, NoField},
	"data udostępnienia": {Published, NoField}, "data udostępnienia informacji": {Published, NoField},
	"udostępniono": {Published, NoField}, "data wprowadzenia": {Published, NoField}, "data opublikowania": {Published, NoField},
	"ostatnia zmiana": {Updated, NoField}, "poprawiono": {Updated, NoField}, "data modyfikacji": {Updated, NoField},
	"zmodyfikowano": {Updated, NoField}, "data ostatniej modyfikacji": {Updated, NoField},
	"data ostatniej aktualizacji": {Updated, NoField}, "ostatnia aktualizacja": {Updated, NoField},
	"aktualizacja": {Updated, NoField}, "data aktualizacji": {Updated, NoField}, "zaktualizowano": {Updated, NoField},
	"liczba odsłon": {Visits, NoField}, "ilość odwiedzin": {Visits, NoField}, "ilość wyświetleń": {Visits, NoField},
	"liczba wyświetleń": {Visits, NoField}, "liczba odwiedzin": {Visits, NoField}, "odsłon": {Visits, NoField},
	"odsłony": {Visits, NoField}, "dokument oglądany razy": {Visits, NoField}, "wyświetleń": {Visits, NoField},
	"licznik odwiedzin": {Visits, NoField}, "ilość odsłon": {Visits, NoField},
}

// normLabel lower-cases a label and drops its colon and extra spaces.
func normLabel(s string) string {
	return strings.TrimRight(strings.ToLower(collapse(s)), " :.-–")
}

// LookupLabel returns the field a metryczka label names, NoField for none.
func LookupLabel(s string) Field { return labels[normLabel(s)].field }

var (
	viewedRE = regexp.MustCompile(`(?i)^(?:dokument|strona|artykuł)\s+(?:oglądany|wyświetlany|wyświetlono|odwiedzany)\s*:?\s*(\d[\d\s\x{00a0}]*)\s*raz`)
	countRE  = regexp.MustCompile(`\d[\d \x{00a0}]*`)
)

// splitLine reads one "Label: value" line of a metryczka; ok is false
// when the label is not a known one.
func splitLine(line string) (l label, value string, ok bool) {
	line = collapse(line)
	if m := viewedRE.FindStringSubmatch(line); m != nil {
		return label{field: Visits}, m[1], true
	}
	i := strings.IndexAny(line, ":")
	if i < 0 {
		return label{}, "", false
	}
	l, ok = labels[normLabel(line[:i])]
	return l, strings.TrimSpace(line[i+1:]), ok
}

// metaBuilder fills a content.Meta from labelled values, first wording wins.
type metaBuilder struct {
	meta content.Meta
	set  map[Field]bool
}

// add records one labelled value; it reports whether the value was read.
func (b *metaBuilder) add(l label, value string) bool {
	value = collapse(value)
	if value == "" || l.field == NoField {
		return false
	}
	if b.set == nil {
		b.set = map[Field]bool{}
	}
	switch l.field {
	case Created, Published, Updated:
		t, ok := ParseDate(value)
		if ok {
			b.date(l.field, t)
		}
		return ok
	case Visits:
		n, ok := parseCount(value)
		if ok && !b.set[Visits] {
			b.meta.Visits, b.set[Visits] = n, true
		}
		return ok
	}
	if t, ok := ParseDate(value); ok && l.date != NoField {
		b.date(l.date, t)
		value = stripDate(value)
	}
	if value != "" && !b.set[l.field] {
		b.set[l.field] = true
		*b.person(l.field) = value
	}
	return true
}

func (b *metaBuilder) person(f Field) *string {
	switch f {
	case Author:
		return &b.meta.Author
	case Publisher:
		return &b.meta.Publisher
	case Responsible:
		return &b.meta.Responsible
	}
	return &b.meta.EnteredBy
}

// date sets a date field; the first date given for a field wins.
func (b *metaBuilder) date(f Field, t time.Time) {
	if b.set[f] {
		return
	}
	b.set[f] = true
	switch f {
	case Created:
		b.meta.Created = t
	case Published:
		b.meta.Published = t
	case Updated:
		b.meta.Updated = t
	}
}

// parseCount reads "7936", "7 936" or "7\u00a0936"; the first number in s.
func parseCount(s string) (int64, bool) {
	m := countRE.FindString(s)
	m = strings.NewReplacer(" ", "", "\u00a0", "").Replace(m)
	n, err := strconv.ParseInt(m, 10, 64)
	return n, err == nil
}
