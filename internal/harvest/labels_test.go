package harvest

import (
	"testing"
	"time"

	"bipkiosk/internal/content"
)

func TestMetryczkaLines(t *testing.T) {
	at := func(s string) time.Time { t, _ := time.ParseInLocation(time.DateTime, s, warsaw); return t }
	tests := []struct {
		lines []string
		want  content.Meta
	}{
		{[]string{"Wytworzył: Jan Kowalski", "Data wytworzenia: 25.04.2019", "Opublikował: Anna Nowak",
			"Data publikacji: 2019/11/06 08:39:36", "Ostatnia zmiana: 7 grudnia 2018, 12:43:44", "Liczba odsłon: 1 234"},
			content.Meta{Author: "Jan Kowalski", Created: at("2019-04-25 00:00:00"), Publisher: "Anna Nowak",
				Published: at("2019-11-06 08:39:36"), Updated: at("2018-12-07 12:43:44"), Visits: 1234}},
		{[]string{"Informację wytworzył: Sekretarz Gminy, 20-08-2019", "Podmiot udostępniający: Urząd Gminy",
			"Wprowadził: Piotr Zieliński", "Publikacja dnia: 21-08-2019", "Poprawiono: 22.08.2019 10:00", "Ilość odwiedzin: 77"},
			content.Meta{Author: "Sekretarz Gminy", Created: at("2019-08-20 00:00:00"), Publisher: "Urząd Gminy",
				EnteredBy: "Piotr Zieliński", Published: at("2019-08-21 00:00:00"), Updated: at("2019-08-22 10:00:00"), Visits: 77}},
		{[]string{"Autor: Ewa Wiśniewska", "Dokument z dnia: 3 marca 2020", "Udostępnił: Referat Organizacyjny",
			"Opublikowano: 4 marca 2020, 09:15", "Modyfikujący: Ewa Wiśniewska 2020-03-05 11:20", "Dokument oglądany razy: 15"},
			content.Meta{Author: "Ewa Wiśniewska", Created: at("2020-03-03 00:00:00"), Publisher: "Referat Organizacyjny",
				Published: at("2020-03-04 09:15:00"), EnteredBy: "Ewa Wiśniewska", Updated: at("2020-03-05 11:20:00"), Visits: 15}},
		{[]string{"Podpisał: Wójt Gminy", "Data modyfikacji: 2021-01-02", "Dokument oglądany 1 024 razy", "Odpowiedzialny: Jan Nowak"},
			content.Meta{Author: "Wójt Gminy", Updated: at("2021-01-02 00:00:00"), Visits: 1024, Responsible: "Jan Nowak"}},
		{[]string{"Ogłoszenie: przetarg", "Telefon: 12 345 67 89"}, content.Meta{}},
	}
	for i, tt := range tests {
		var b metaBuilder
		for _, l := range tt.lines {
			if lab, v, ok := splitLine(l); ok {
				b.add(lab, v)
			}
		}
		if b.meta != tt.want {
			t.Errorf("case %d:\n got %+v\nwant %+v", i, b.meta, tt.want)
		}
	}
}

func TestLookupLabel(t *testing.T) {
	for in, want := range map[string]Field{"Wytworzył:": Author, " Data  publikacji ": Published, "LICZBA ODSŁON": Visits,
		"Podmiot udostępniający:": Publisher, "Modyfikujący": EnteredBy, "Telefon:": NoField} {
		if got := LookupLabel(in); got != want {
			t.Errorf("LookupLabel(%q) = %d, want %d", in, got, want)
		}
	}
}
