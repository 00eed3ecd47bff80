package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"polish", "Żłobek", "zlobek"},
		{"all polish letters", "ĄĆĘŁŃÓŚŹŻąćęłńóśźż", "acelnoszzacelnoszz"},
		{"ascii upper", "MOPS", "mops"},
		{"ascii lower untouched", "chojnow", "chojnow"},
		{"other latin", "Café", "cafe"},
		{"cyrillic kept", "Київ", "киів"},
		{"long word clipped", strings.Repeat("ż", 50), strings.Repeat("z", maxTermLen)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fold(tt.in); got != tt.want {
				t.Errorf("fold(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFoldAppendMatchesTokenize: the index folds whole fields in one pass,
// queries fold word by word; both must give the same terms.
func TestFoldAppendMatchesTokenize(t *testing.T) {
	texts := []string{
		"Miejski Ośrodek Pomocy Społecznej w Chojnowie – ul. Wolności 1/2",
		"Uchwała Nr XII/85/2024 (tekst jednolity), §3 ust. 2; e-mail: bip@example.pl",
		"Café «Київ» naïve e\u0301 ŻÓŁW ﬁ 2½ ١٢",
		strings.Repeat("ą", 50) + " x",
	}
	for _, text := range texts {
		var got []string
		eachWord(foldAppend(nil, text), func(w []byte) { got = append(got, string(w)) })
		if want := terms(text); !slices.Equal(got, want) {
			t.Errorf("%q: index terms %q, query terms %q", text, got, want)
		}
	}
}

func TestStem(t *testing.T) {
	// Each group lists forms that must share a stem.
	groups := []struct {
		name  string
		forms []string
	}{
		{"pomoc", []string{"pomoc", "pomocy", "pomocą"}},
		{"społeczny", []string{"społeczna", "społecznej", "społecznego", "społecznych", "społeczną"}},
		{"żłobek (mobile e)", []string{"żłobek", "żłobka", "żłobku", "żłobki", "żłobków"}},
		{"ośrodek", []string{"ośrodek", "ośrodka", "ośrodkiem", "ośrodku"}},
		{"uchwała", []string{"uchwała", "uchwały", "uchwale", "uchwał", "uchwałą"}},
		{"podatek", []string{"podatek", "podatku", "podatki", "podatków", "podatkiem"}},
		{"miejski", []string{"miejska", "miejskiej", "miejskiego", "miejskim", "miejskie"}},
		{"mieszkaniec", []string{"mieszkaniec", "mieszkańca", "mieszkańcy", "mieszkańców"}},
		{"odpady", []string{"odpady", "odpadów", "odpadami", "odpadach", "odpadom"}},
		{"przetarg", []string{"przetarg", "przetargu", "przetargi", "przetargów"}},
		{"informacja", []string{"informacja", "informacji", "informację", "informacje"}},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			want := stem(fold(g.forms[0]))
			for _, f := range g.forms[1:] {
				if got := stem(fold(f)); got != want {
					t.Errorf("stem(%q): got %q, want %q (the stem of %q)", f, got, want, g.forms[0])
				}
			}
		})
	}
	keep := []struct{ name, in, want string }{
		{"short word", "ul", "ul"},
		{"number", "2024", "2024"},
		{"minimum stem", "rada", "rad"},
	}
	for _, tt := range keep {
		t.Run(tt.name, func(t *testing.T) {
			if got := stem(tt.in); got != tt.want {
				t.Errorf("stem(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAcronyms(t *testing.T) {
	tests := []struct {
		name, title string
		want        []string
	}{
		{"mops", "Miejski Ośrodek Pomocy Społecznej", []string{"mops"}},
		{"with conjunction", "Ośrodek Sportu i Rekreacji", []string{"osir", "osr"}},
		{"usc", "Urząd Stanu Cywilnego", []string{"usc"}},
		{"whole capitalised run", "Statut Urzędu Stanu Cywilnego", []string{"susc"}},
		{"two words only", "Rada Miejska", nil},
		{"lowercase title", "harmonogram odbioru odpadów", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := acronyms(tt.title); !slices.Equal(got, tt.want) {
				t.Errorf("acronyms(%q): got %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}

func TestEdits(t *testing.T) {
	want := []string{"zlbek", "zolbek", "zlobekk", "xlobek"}
	got := map[string]bool{}
	edits("zlobek", func(s string) { got[s] = true })
	for _, w := range want {
		if !got[w] {
			t.Errorf("edits(%q) lacks %q", "zlobek", w)
		}
	}
	if got["zlo"] {
		t.Errorf("edits(%q) has %q, three edits away", "zlobek", "zlo")
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // clause words, a phrase joined by "+"
	}{
		{"words without stop words", "pomoc w domu", []string{"pomoc", "domu"}},
		{"phrase keeps stop words", `"ośrodek w mieście" mops`, []string{"osrodek+w+miescie", "mops"}},
		{"unclosed quote is words", `"pomoc społeczna`, []string{"pomoc", "spoleczna"}},
		{"only stop words kept", "w i z", []string{"w", "i", "z"}},
		{"a repeated word once", `gmina rada gmina "rada gmina" "rada gmina" w w`, []string{"gmina", "rada", "rada+gmina"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range parseQuery(tt.in, false) {
				got = append(got, strings.Join(c.words, "+"))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("parseQuery(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzAnalyse(f *testing.F) {
	f.Add("Żłobek Miejski „Słoneczko” – 20 tygodni")
	f.Add("\xff\xfe ą")
	f.Add(strings.Repeat("ąb ", 200) + "\xff" + strings.Repeat("c", 600))
	f.Fuzz(func(t *testing.T, s string) {
		var got []string
		eachWord(foldAppend(nil, s), func(w []byte) { got = append(got, string(w)) })
		if want := terms(s); !slices.Equal(got, want) {
			t.Errorf("%q: index terms %q, query terms %q", s, got, want)
		}
		for _, w := range got {
			if st := stem(w); len(st) == 0 || len(st) > len(w) {
				t.Errorf("stem(%q) = %q", w, st)
			}
		}
		checkBound(t, s)
	})
}

// checkBound checks what BoundQuery makes of s: the start of s, within the
// bounds, the same when bounded again, and all of s unless cut.
func checkBound(t *testing.T, s string) {
	got, cut := BoundQuery(s)
	again, cutAgain := BoundQuery(got)
	switch {
	case !strings.HasPrefix(s, got):
		t.Errorf("BoundQuery(%q) = %q, not the start of it", s, got)
	case len(got) > MaxQueryBytes || len(terms(got)) > MaxQueryWords:
		t.Errorf("BoundQuery(%q): got %d bytes and %d words", s, len(got), len(terms(got)))
	case again != got || cutAgain:
		t.Errorf("BoundQuery(%q) = %q, but that bounded again is %q (cut %v)", s, got, again, cutAgain)
	case !cut && got != s:
		t.Errorf("BoundQuery(%q) = %q, not cut", s, got)
	case utf8.ValidString(s) && !utf8.ValidString(got):
		t.Errorf("BoundQuery(%q) = %q, not valid UTF-8", s, got)
	}
}
