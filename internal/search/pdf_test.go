package search

import (
	"bytes"
	"compress/zlib"
	"strings"
	"testing"
)

func TestPDFText(t *testing.T) {
	deflate := func(s string) string {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.String()
	}
	pdf := func(dict, stream string) []byte {
		return []byte("%PDF-1.4\n1 0 obj\n<< " + dict + " >>\nstream\n" + stream + "\nendstream\nendobj\n%%EOF\n")
	}
	tests := []struct {
		name string
		data []byte
		want []string
		not  []string
	}{
		{"uncompressed Tj", pdf("/Length 40", "BT /F1 12 Tf (Uchwala budzetowa) Tj ET"), []string{"Uchwala budzetowa"}, nil},
		{"flate TJ array", pdf("/Length 99 /Filter /FlateDecode", deflate("BT [(Plan) -250 (doch) 10 (od\\363w)] TJ ET")), []string{"Plan", "dochodów"}, nil},
		{"escapes and nesting", pdf("", `BT (a \(b\) c\\d) Tj ET`), []string{`a (b) c\d`}, nil},
		{"hex string", pdf("", "BT <5A 61 6C> Tj ET"), []string{"Zal"}, nil},
		{"utf-16 string", pdf("", "BT <FEFF017B0142006F> Tj ET"), []string{"Żło"}, nil},
		{"operators are not text", pdf("", "BT /F1 12 Tf 72 712 Td (tekst) Tj ET"), []string{"tekst"}, []string{"Tf", "712"}},
		{"image stream skipped", pdf("/Filter /DCTDecode", "\xff\xd8\xff binary"), nil, []string{"binary"}},
		{"plain text stream", pdf("/Length 20", "Zarządzenie Burmistrza w sprawie budżetu"), []string{"Zarządzenie Burmistrza"}, nil},
		{"damaged flate", pdf("/Filter /FlateDecode", "not zlib at all"), nil, []string{"zlib"}},
		{"truncated", []byte("%PDF-1.4\nstream\nBT (abc) Tj"), nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pdfText(tt.data)
			checkContains(t, got, tt.want, tt.not)
		})
	}
}

func FuzzPDFText(f *testing.F) {
	f.Add([]byte("%PDF-1.4\nstream\nBT (abc) Tj ET\nendstream"))
	f.Add([]byte("stream\n<FEFF00\nendstream stream ((((\\"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if got := pdfText(data); len(got) > maxPDFText {
			t.Errorf("got %d bytes, want at most %d", len(got), maxPDFText)
		}
	})
}

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
