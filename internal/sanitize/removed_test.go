package sanitize

import "testing"

func TestHTMLChecked(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		chars   int
		element string
		sample  string
	}{
		{name: "whole article", in: `<h1>T</h1><p>Ala <b>ma</b> kota.</p><ul><li>a</li></ul>`},
		{name: "script and style are not text", in: `<p>a</p><script>var x = 1;</script><style>p{}</style>`},
		{name: "a comment between words", in: `<p>ab<!-- c -->cd</p>`},
		{name: "a tracking pixel in noscript", in: `<p>a</p><noscript><img src="https://t.example/p.gif"></noscript>`},
		{name: "a stray end tag before an svg", in: `<p>a</p></iframe><svg></svg><p>Treść dalej.</p>`},
		{name: "an element stripped, its text kept", in: `<section><p>a</p></section><font>b</font>`},
		{name: "an unclosed template takes the rest", in: "<p>Wstęp.</p><template><p>Uchwała nr XII/45/2020\n  Rady Miejskiej</p><p>Dalej.</p>",
			chars: 39, element: "template", sample: "Uchwała nr XII/45/2020 Rady Miejskiej"},
		{name: "an unclosed textarea takes the rest", in: `<p>a</p><textarea><p>Reszta artykułu</p>`,
			chars: 21, element: "textarea", sample: "<p>Reszta artykułu</p>"},
		{name: "a button's label", in: `<p>a</p><button>Wyślij</button>`, chars: 6, element: "button", sample: "Wyślij"},
		{name: "a long sample is cut", in: `<select><option>` + "słowo słowo słowo słowo słowo słowo słowo słowo słowo słowo słowo słowo" + `</select>`,
			chars: 60, element: "select", sample: "słowo słowo słowo słowo słowo słowo słowo słowo słowo słowo …"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, rm := HTMLChecked(tt.in)
			if out != HTML(tt.in) {
				t.Errorf("HTMLChecked gives %q, HTML %q", out, HTML(tt.in))
			}
			want := Removed{Chars: tt.chars, Element: tt.element, Sample: tt.sample}
			if rm != want {
				t.Errorf("HTMLChecked(%q): got %+v, want %+v", tt.in, rm, want)
			}
		})
	}
}
