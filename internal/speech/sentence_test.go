package speech

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		name string
		lang string
		in   string
		want []string
	}{
		{"two sentences", "pl", "Urząd jest czynny. Zapraszamy!", []string{"Urząd jest czynny.", "Zapraszamy!"}},
		{"street", "pl", "Siedziba mieści się przy ul. Kościuszki 5. Wejście od podwórza.", []string{"Siedziba mieści się przy ul. Kościuszki 5.", "Wejście od podwórza."}},
		{"journal of laws", "pl", "Ogłoszono w Dz. U. Nr 10 poz. 68. Obowiązuje od dziś.", []string{"Ogłoszono w Dz. U. Nr 10 poz. 68.", "Obowiązuje od dziś."}},
		{"among others", "pl", "Ośrodek prowadzi m.in. Klub Seniora. Zapisy trwają.", []string{"Ośrodek prowadzi m.in. Klub Seniora.", "Zapisy trwają."}},
		{"year before lower case", "pl", "Ustawa z dnia 8 marca 1990 r. o samorządzie gminnym. Tekst jednolity.", []string{"Ustawa z dnia 8 marca 1990 r. o samorządzie gminnym.", "Tekst jednolity."}},
		{"year ends a sentence", "pl", "Sesja odbędzie się 18 listopada 2003 r. Porządek obrad w załączniku.", []string{"Sesja odbędzie się 18 listopada 2003 r.", "Porządek obrad w załączniku."}},
		{"dates and decimals", "pl", "Dnia 18.11.2003 wpłacono 3.5 tys. zł na konto. Dziękujemy.", []string{"Dnia 18.11.2003 wpłacono 3.5 tys. zł na konto.", "Dziękujemy."}},
		{"list item number", "pl", "1. Otwarcie sesji. 2. Przyjęcie porządku obrad.", []string{"1. Otwarcie sesji.", "2. Przyjęcie porządku obrad."}},
		{"initial", "pl", "Kierownik J. Kowalska przyjmuje interesantów. Zapraszamy.", []string{"Kierownik J. Kowalska przyjmuje interesantów.", "Zapraszamy."}},
		{"abbreviation before lower case", "pl", "Wnioski, tzw. formularze, są w pok. nr 5.", []string{"Wnioski, tzw. formularze, są w pok. nr 5."}},
		{"line breaks are blocks", "pl", "Godziny pracy\nPoniedziałek 8:00–16:00\n\nWtorek 7:30–15:30", []string{"Godziny pracy", "Poniedziałek 8:00–16:00", "Wtorek 7:30–15:30"}},
		{"question and quote", "pl", "Kto może złożyć wniosek? „Każdy mieszkaniec.” Tak.", []string{"Kto może złożyć wniosek?", "„Każdy mieszkaniec.”", "Tak."}},
		{"ellipsis", "pl", "Trwa nabór… Zgłoszenia do piątku.", []string{"Trwa nabór…", "Zgłoszenia do piątku."}},
		{"web address", "pl", "Szczegóły na bip.chojnow.eu. Zapraszamy.", []string{"Szczegóły na bip.chojnow.eu.", "Zapraszamy."}},
		{"ukrainian street", "uk", "Офіс на вул. Шевченка. Ласкаво просимо.", []string{"Офіс на вул. Шевченка.", "Ласкаво просимо."}},
		{"ukrainian city", "uk", "Засідання в м. Хойнув відбудеться завтра. Усі запрошені.", []string{"Засідання в м. Хойнув відбудеться завтра.", "Усі запрошені."}},
		{"english titles", "en", "Mr. Smith met Dr. Brown on St. Mary's street. They agreed.", []string{"Mr. Smith met Dr. Brown on St. Mary's street.", "They agreed."}},
		{"english e.g.", "en", "Bring a document, e.g. Your passport. Thank you.", []string{"Bring a document, e.g. Your passport.", "Thank you."}},
		{"no letters", "pl", "  ...  \n - ", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, sp := range Split(c.lang, c.in) {
				got = append(got, c.in[sp.Start:sp.End])
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestSplitOffsetsPointIntoTheSource(t *testing.T) {
	text := "  Zażółć gęślą jaźń. Ósmy punkt!  "
	want := []string{"Zażółć gęślą jaźń.", "Ósmy punkt!"}
	spans := Split("pl", text)
	if len(spans) != len(want) {
		t.Fatalf("Split(%q) gave %d sentences, want %d", text, len(spans), len(want))
	}
	for i, sp := range spans {
		start := strings.Index(text, want[i])
		if sp.Start != start || sp.End != start+len(want[i]) {
			t.Errorf("sentence %d at [%d,%d), want [%d,%d)", i, sp.Start, sp.End, start, start+len(want[i]))
		}
	}
}

// FuzzSpeech: any text splits into sentences inside the text, in order, and
// normalises without a panic.
func FuzzSpeech(f *testing.F) {
	for _, s := range []string{"Dz. U. z 2023 r. poz. 40. Tak!", "tel. +48 601 234 567", "LIV sesja 18.11.2003 r. o godz. 10:30", "1 234,50 zł\n\n2. Ósmy…", "+ 48 1", "nr X/", "§§ 1-3"} {
		f.Add("pl", s)
	}
	f.Add("uk", "21 березня 2024 р. о 10:30, 2 грн 50 коп.")
	f.Add("en", "November 22, 1999 at 10:05, PLN 1,234.50")
	f.Fuzz(func(t *testing.T, lang, text string) {
		last := 0
		for _, sp := range Split(lang, text) {
			if sp.Start < last || sp.End <= sp.Start || sp.End > len(text) {
				t.Fatalf("span %+v after %d in a text of %d bytes", sp, last, len(text))
			}
			last = sp.End
			Normalize(lang, text[sp.Start:sp.End])
		}
	})
}
