package search

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	m := newMarks()
	m.add("pomocy", stem("pomocy"))
	m.add("spoleczna", stem("spoleczna"))
	tests := []struct {
		name, text string
		want       []string
		not        []string
	}{
		{"marks inflected forms", "Ośrodek udziela pomocy społecznej rodzinom.",
			[]string{"<mark>pomocy</mark>", "<mark>społecznej</mark>"}, nil},
		{"escapes the rest", "<b>pomoc</b> & więcej", []string{"&lt;b&gt;<mark>pomoc</mark>&lt;/b&gt; &amp; więcej"}, []string{"<b>"}},
		{"window around the match", strings.Repeat("słowo ", 100) + "pomoc społeczna" + strings.Repeat(" koniec", 100),
			[]string{"… ", "<mark>pomoc</mark> <mark>społeczna</mark>", " …"}, nil},
		{"no match starts at the top", "Pierwsze zdanie. Drugie zdanie.", []string{"Pierwsze zdanie. Drugie zdanie."}, []string{"<mark>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := m.snippet(tt.text)
			checkContains(t, got, tt.want, tt.not)
		})
	}
}

func TestHTMLText(t *testing.T) {
	got := htmlText(`<p>Ala&nbsp;ma</p><ul><li>kota</li><li>psa</li></ul><p>a&amp;b <a href="/x">link</a>i</p>`)
	want := []string{"ala", "ma", "kota", "psa", "a", "b", "linki"}
	if g := terms(got); strings.Join(g, " ") != strings.Join(want, " ") {
		t.Errorf("got terms %q, want %q", g, want)
	}
}
