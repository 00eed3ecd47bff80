package i18n

import (
	"strings"
	"testing"
	"time"
)

var catalogues = map[Lang]map[string]string{Polish: polish, English: english, Ukrainian: ukrainian}

// pluralForms are the CLDR cardinal forms each language needs for integers
// (and "other" for fractions).
var pluralForms = map[Lang][]string{
	Polish:    {"one", "few", "many", "other"},
	Ukrainian: {"one", "few", "many", "other"},
	English:   {"one", "other"},
}

func baseKeys(cat map[string]string) map[string]bool {
	keys := map[string]bool{}
	for k := range cat {
		base, _, _ := strings.Cut(k, "#")
		keys[base] = true
	}
	return keys
}

func TestCataloguesComplete(t *testing.T) {
	all := map[string]bool{}
	for _, cat := range catalogues {
		for k := range baseKeys(cat) {
			all[k] = true
		}
	}
	for lang, cat := range catalogues {
		have := baseKeys(cat)
		for k := range all {
			if !have[k] {
				t.Errorf("%s: key %q missing", lang, k)
			}
		}
		for k, v := range cat {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: key %q is empty", lang, k)
			}
		}
	}
}

func TestPluralFormsComplete(t *testing.T) {
	for lang, cat := range catalogues {
		for k := range cat {
			base, form, ok := strings.Cut(k, "#")
			if !ok || form != "one" {
				continue
			}
			for _, f := range pluralForms[lang] {
				if _, ok := cat[base+"#"+f]; !ok {
					t.Errorf("%s: plural key %q lacks form %q", lang, base, f)
				}
			}
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		n    int
		want string
	}{
		{"pl one", Polish, 1, "1 plik"},
		{"pl few", Polish, 2, "2 pliki"},
		{"pl few 24", Polish, 24, "24 pliki"},
		{"pl many", Polish, 5, "5 plików"},
		{"pl many 12", Polish, 12, "12 plików"},
		{"pl many 0", Polish, 0, "0 plików"},
		{"pl many 21", Polish, 21, "21 plików"},
		{"en one", English, 1, "1 file"},
		{"en other", English, 2, "2 files"},
		{"uk one 21", Ukrainian, 21, "21 файл"},
		{"uk few", Ukrainian, 3, "3 файли"},
		{"uk many", Ukrainian, 11, "11 файлів"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.lang).N("count.files", tt.n); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMetadataLabelsPolish(t *testing.T) {
	// The exact labels of the reference BIP page.
	want := map[string]string{
		"meta.visits":      "Ilość odwiedzin",
		"meta.publisher":   "Podmiot udostępniający",
		"meta.author":      "Osoba, która wytworzyła informację",
		"meta.responsible": "Osoba, która odpowiada za treść",
		"meta.enteredBy":   "Osoba, która wprowadzała dane",
		"meta.created":     "Data wytworzenia informacji",
		"meta.published":   "Data udostępnienia informacji",
		"meta.updated":     "Data ostatniej aktualizacji",
	}
	tr := New(Polish)
	for k, v := range want {
		if got := tr.T(k); got != v {
			t.Errorf("%s: got %q, want %q", k, got, v)
		}
	}
}

func TestDates(t *testing.T) {
	at := time.Date(2003, 11, 18, 14, 0, 26, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		name string
		lang Lang
		want string
	}{
		{"pl", Polish, "2003-11-18 14:00:26"},
		{"en", English, "18 November 2003, 14:00:26"},
		{"uk", Ukrainian, "18 листопада 2003 р., 14:00:26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.lang).DateTime(at); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := New(Polish).DateTime(time.Time{}); got != "" {
		t.Errorf("zero time: got %q, want empty", got)
	}
}

func TestSize(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		n    int64
		want string
	}{
		{"bytes", Polish, 512, "512\u00a0B"},
		{"kilo pl", Polish, 1500, "1,5\u00a0kB"},
		{"mega en", English, 1_260_000, "1.3\u00a0MB"},
		{"whole", English, 2_000_000, "2\u00a0MB"},
		{"mega uk", Ukrainian, 3_400_000, "3,4\u00a0МБ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(tt.lang).Size(tt.n); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMissingKeyShowsKey(t *testing.T) {
	if got := New(English).T("no.such.key"); got != "no.such.key" {
		t.Errorf("got %q, want the key", got)
	}
}

func TestParse(t *testing.T) {
	for _, l := range Langs {
		if got, ok := Parse(string(l)); !ok || got != l {
			t.Errorf("Parse(%q): got %q %v", l, got, ok)
		}
	}
	if _, ok := Parse("de"); ok {
		t.Error("Parse(de): got ok, want false")
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"polish", "Żłobek Miejski", "zlobek miejski"},
		{"ascii", "MOPS", "mops"},
		{"ukrainian keeps letters", "Київ", "киів"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDateTimeShowsPolishWallClock(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"UTC in summer", time.Date(2025, 6, 16, 8, 5, 0, 0, time.UTC), "2025-06-16 10:05:00"},
		{"UTC in winter", time.Date(2003, 11, 18, 13, 0, 26, 0, time.UTC), "2003-11-18 14:00:26"},
		{"already Polish", time.Date(2003, 11, 18, 14, 5, 8, 0, time.FixedZone("CET", 3600)), "2003-11-18 14:05:08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := New(Polish).DateTime(tt.at); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
