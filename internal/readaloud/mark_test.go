package readaloud

import (
	"bytes"
	"html"
	"reflect"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

func TestMark(t *testing.T) {
	tests := []struct {
		name   string
		page   string
		marked string
		script Script
	}{
		{
			name:   "outside a region nothing changes",
			page:   `<p>Jedno zdanie. Drugie zdanie.</p>`,
			marked: `<p>Jedno zdanie. Drugie zdanie.</p>`,
			script: Script{},
		},
		{
			name:   "title and body, one list",
			page:   `<h1 data-speak>Statut MOPS</h1><div data-speak><p>Ośrodek działa od 1990 r. Zaprasza w godz. 8-15.</p></div>`,
			marked: `<h1 data-speak><span data-sentence="0">Statut MOPS</span></h1><div data-speak><p><span data-sentence="1">Ośrodek działa od 1990 r.</span> <span data-sentence="2">Zaprasza w godz. 8-15.</span></p></div>`,
			script: Script{"": {"Statut MOPS", "Ośrodek działa od 1990 r.", "Zaprasza w godz. 8-15."}},
		},
		{
			name:   "a sentence across a link is one id in several spans; the external note is not read",
			page:   `<div data-speak><p>Zobacz <a href="/x">stronę <span class="bk-external__note"> (link zewnętrzny)</span></a> gminy. Dalej.</p></div>`,
			marked: `<div data-speak><p><span data-sentence="0">Zobacz </span><a href="/x"><span data-sentence="0">stronę </span><span class="bk-external__note"> (link zewnętrzny)</span></a><span data-sentence="0"> gminy.</span> <span data-sentence="1">Dalej.</span></p></div>`,
			script: Script{"": {"Zobacz stronę gminy.", "Dalej."}},
		},
		{
			name:   "blocks end sentences; punctuation alone is not read",
			page:   "<ul data-speak><li>pomoc społeczna</li>\n<li>—</li><li>opieka<br>dzienna</li></ul>",
			marked: "<ul data-speak><li><span data-sentence=\"0\">pomoc społeczna</span></li>\n<li>—</li><li><span data-sentence=\"1\">opieka</span><br><span data-sentence=\"2\">dzienna</span></li></ul>",
			script: Script{"": {"pomoc społeczna", "opieka", "dzienna"}},
		},
		{
			name:   "a line going on in lower case is wrapping; a capital or a blank line ends; entities kept as text",
			page:   "<div data-speak>Uchwała Rady\nmiejskiej &amp; Zarządu\n  Burmistrz Miasta\n\nRozdział drugi</div>",
			marked: "<div data-speak><span data-sentence=\"0\">Uchwała Rady\nmiejskiej &amp; Zarządu</span>\n  <span data-sentence=\"1\">Burmistrz Miasta</span>\n\n<span data-sentence=\"2\">Rozdział drugi</span></div>",
			script: Script{"": {"Uchwała Rady miejskiej & Zarządu", "Burmistrz Miasta", "Rozdział drugi"}},
		},
		{
			name:   "the metryczka is its own list",
			page:   `<h1 data-speak>Tytuł</h1><dl data-speak="m"><dt>Wytworzył</dt><dd>Jan Kowalski</dd></dl><p>Stopka.</p>`,
			marked: `<h1 data-speak><span data-sentence="0">Tytuł</span></h1><dl data-speak="m"><dt><span data-sentence="m0">Wytworzył</span></dt><dd><span data-sentence="m1">Jan Kowalski</span></dd></dl><p>Stopka.</p>`,
			script: Script{"": {"Tytuł"}, "m": {"Wytworzył", "Jan Kowalski"}},
		},
		{
			name:   "the attribute's name as text outside a region, before and after a tag, is copied and later regions still marked",
			page:   `Tekst o data-speak.<p>Atrybut data-speak w menu.</p><header class="x"><a href="/"> data-speak</a></header><h1 data-speak>Tytuł</h1><p>Stopka data-speak.</p>`,
			marked: `Tekst o data-speak.<p>Atrybut data-speak w menu.</p><header class="x"><a href="/"> data-speak</a></header><h1 data-speak><span data-sentence="0">Tytuł</span></h1><p>Stopka data-speak.</p>`,
			script: Script{"": {"Tytuł"}},
		},
		{
			name:   "a page cut inside a region keeps what it has",
			page:   `<p>Przed.</p><div data-speak><p>Jedno zdanie. Drugie`,
			marked: `<p>Przed.</p><div data-speak><p><span data-sentence="0">Jedno zdanie.</span> <span data-sentence="1">Drugie</span>`,
			script: Script{"": {"Jedno zdanie.", "Drugie"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, script := Mark("pl", []byte(tt.page))
			if string(got) != tt.marked {
				t.Errorf("marked\n got %s\nwant %s", got, tt.marked)
			}
			if !reflect.DeepEqual(script, tt.script) {
				t.Errorf("script %q, want %q", script, tt.script)
			}
		})
	}
}

func TestScriptSentence(t *testing.T) {
	s := Script{"": {"a", "b"}, "m": {"c"}}
	for _, tt := range []struct {
		list  string
		index int
		want  string
		ok    bool
	}{{"", 0, "a", true}, {"", 1, "b", true}, {"", 2, "", false}, {"", -1, "", false}, {"m", 0, "c", true}, {"x", 0, "", false}} {
		if got, ok := s.Sentence(tt.list, tt.index); got != tt.want || ok != tt.ok {
			t.Errorf("Sentence(%q, %d) = %q, %t; want %q, %t", tt.list, tt.index, got, ok, tt.want, tt.ok)
		}
	}
}

// textOf is the text a browser shows of page: its text tokens, unescaped.
func textOf(page []byte) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
		if tt == xhtml.TextToken {
			b.WriteString(html.UnescapeString(string(z.Raw())))
		}
	}
	return b.String()
}

// FuzzMark: marking never changes the text a page shows, and every
// sentence it lists has a span.
func FuzzMark(f *testing.F) {
	f.Add(`<h1 data-speak>Tytuł</h1><div data-speak><p>Jedno. Drugie <a href="x">zdanie</a>.</p></div>`)
	f.Add(`<dl data-speak="m"><dt>A</dt><dd>B &amp; C</dd></dl><p data-speak>ul. Rynek 1<br>tel. 76 818 82 02</p>`)
	f.Add(`<div data-speak><span class="bk-external__note">x</span><b>Jeden. Dwa</b> trzy.</div>`)
	f.Fuzz(func(t *testing.T, page string) {
		marked, script := Mark("pl", []byte(page))
		if got, want := textOf(marked), textOf([]byte(page)); got != want {
			t.Fatalf("text changed:\n got %q\nwant %q", got, want)
		}
		for list, sentences := range script {
			for i := range sentences {
				if !bytes.Contains(marked, []byte(`data-sentence="`+list+strconv.Itoa(i)+`"`)) {
					t.Fatalf("sentence %s%d has no span in %s", list, i, marked)
				}
			}
		}
	})
}
