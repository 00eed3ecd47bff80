package printing

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/defaultbulletin"
)

// pdfText reads back what was printed with the attachment text reader,
// which decodes the Go fonts' glyph numbers through their ToUnicode maps.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	text, err := attachment.PDFText(data)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// mopsArticle reads the MOPS article from the embedded default bulletin,
// verified the way the app verifies it.
func mopsArticle(t *testing.T) (content.Site, content.Node) {
	t.Helper()
	data, err := defaultbulletin.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	key, err := defaultbulletin.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "default.zip")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	trust := func(bundle.Publisher) (ed25519.PublicKey, error) { return ed25519.PublicKey(key.Key), nil }
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	site, err := b.Site()
	if err != nil {
		t.Fatal(err)
	}
	var mops content.Node
	err = b.EachNode(func(n content.Node) error {
		if n.Path == "jednostki-organizacyjne/mops" {
			mops = n
		}
		return nil
	})
	if err != nil || mops.Title == "" {
		t.Fatalf("no MOPS article in the default bulletin (err %v)", err)
	}
	return site, mops
}

// document builds what the web handler would for n, with labels in one language.
func document(site content.Site, n content.Node, labels map[string]string) Document {
	d := Document{
		Title: n.Title, Owner: site.Owner, Body: n.Body, MetaTitle: labels["meta"],
		Footer: site.Name, PageLabel: labels["page"], Created: time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC),
		Notes: []string{labels["live"] + " " + n.Meta.SourceURL, labels["printed"]},
	}
	m := n.Meta
	for _, f := range []Field{
		{labels["publisher"], m.Publisher}, {labels["author"], m.Author},
		{labels["updated"], m.Updated.Format("2006-01-02 15:04:05")},
	} {
		d.Meta = append(d.Meta, f)
	}
	return d
}

func TestRenderMOPS(t *testing.T) {
	site, n := mopsArticle(t)
	tests := []struct {
		name   string
		labels map[string]string
	}{
		{name: "polish", labels: map[string]string{"meta": "Metryczka", "page": "strona %d", "live": "Adres w internecie:",
			"printed": "Wydrukowano z kopii offline 4 marca 2025", "publisher": "Podmiot udostępniający",
			"author": "Osoba, która wytworzyła informację", "updated": "Data ostatniej aktualizacji"}},
		{name: "ukrainian", labels: map[string]string{"meta": "Метрика", "page": "сторінка %d", "live": "Адреса в інтернеті:",
			"printed": "Надруковано з офлайн-копії 4 березня 2025", "publisher": "Суб'єкт, що оприлюднює інформацію",
			"author": "Особа, яка створила інформацію", "updated": "Дата останнього оновлення"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, document(site, n, tt.labels)); err != nil {
				t.Fatal(err)
			}
			pdf := buf.Bytes()
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(0, len(pdf)-32):], []byte("%%EOF")) {
				t.Fatalf("got %d bytes starting %q, want a whole PDF", len(pdf), pdf[:min(8, len(pdf))])
			}
			text := pdfText(t, pdf)
			want := []string{n.Title, site.Owner, n.Meta.Publisher, n.Meta.Author, "2003-11-18 14:05:08",
				n.Meta.SourceURL, "MOPS", "strona 1"}
			if tt.name == "ukrainian" {
				want[len(want)-1] = "сторінка 1"
			}
			for _, v := range tt.labels {
				if !strings.Contains(v, "%d") {
					want = append(want, v)
				}
			}
			flat := strings.ReplaceAll(text, "\n", " ")
			for _, w := range want {
				if !strings.Contains(flat, w) {
					t.Errorf("PDF text lacks %q; got:\n%s", w, text)
				}
			}
			for _, r := range "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ" {
				if strings.ContainsRune(n.Title+n.Body+site.Owner+n.Meta.Publisher, r) && !strings.ContainsRune(text, r) {
					t.Errorf("PDF text lacks %q, which the article has", r)
				}
			}
			if strings.ContainsRune(text, '\uFFFD') {
				t.Errorf("PDF text has glyphs without a character:\n%s", text)
			}
		})
	}
}

// TestRenderPolishLetters checks every Polish and Ukrainian letter
// survives, in the regular and the bold font: gopdf drops characters a
// font lacks.
func TestRenderPolishLetters(t *testing.T) {
	tests := []struct {
		name, letters, want string // want is letters when empty
	}{
		{"polish", "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ „cytat” — 5 zł", ""},
		{"ukrainian", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя ’'", ""},
		{"ukrainian capitals", "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ", ""},
		{"ukrainian modifier apostrophe", "м\u02bcята сім\u02bcя", "м’ята сім’я"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, Document{Title: tt.letters, Body: "<p>" + tt.letters + "</p>"}); err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want == "" {
				want = tt.letters
			}
			got := pdfText(t, buf.Bytes())
			if strings.Count(got, want) != 2 {
				t.Errorf("got text %q, want %q as title and body", got, want)
			}
		})
	}
}

// TestRenderLong checks a body longer than a page flows onto more pages
// and keeps every line.
func TestRenderLong(t *testing.T) {
	var body strings.Builder
	for i := range 120 {
		body.WriteString("<p>Akapit numer " + strings.Repeat("długi ", i%7) + "koniec-" + string(rune('A'+i%26)) + "</p>")
	}
	var buf bytes.Buffer
	if err := Render(&buf, Document{Title: "Długi", Body: body.String(), PageLabel: "strona %d"}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	if got := strings.Count(text, "Akapit numer"); got != 120 {
		t.Errorf("got %d paragraphs, want 120", got)
	}
	if !strings.Contains(text, "strona 3") {
		t.Errorf("want at least 3 pages; got text:\n%.400s", text)
	}
}
