package harvest

import (
	"fmt"
	"strings"
	"testing"
)

// bigSite is a bulletin of sections × articles pages in one markup, with
// the chrome of a real one, for benchmarks.
func bigSite(sections, articles int) []Page {
	var menu strings.Builder
	menu.WriteString(`<ul id="menu">`)
	for s := range sections {
		fmt.Fprintf(&menu, `<li><a href="/s%d">Dział %d</a></li>`, s, s)
	}
	menu.WriteString(`</ul>`)
	frame := func(u, main string) Page {
		return Page{URL: "https://bip.example.pl" + u, ContentType: "text/html; charset=utf-8", Body: []byte(
			`<html><head><title>BIP Gminy Próbnej</title></head><body><div class="header"><h1>BIP Gminy Próbnej</h1><p>ul. Długa 1</p></div>` +
				menu.String() + `<div id="content">` + main + `</div><div class="footer"><p>Redakcja: sekretariat@example.pl</p></div></body></html>`)}
	}
	pages := []Page{frame("/", "<h1>Start</h1><p>Witamy.</p>")}
	for s := range sections {
		var list strings.Builder
		for a := range articles {
			fmt.Fprintf(&list, `<li><a href="/s%d/a%d">Zarządzenie nr %d/%d</a></li>`, s, a, a, s)
		}
		pages = append(pages, frame(fmt.Sprintf("/s%d", s), fmt.Sprintf("<h1>Dział %d</h1><p>Opis działu.</p><ul>%s</ul>", s, list.String())))
		for a := range articles {
			pages = append(pages, frame(fmt.Sprintf("/s%d/a%d", s, a), fmt.Sprintf(
				`<h1>Zarządzenie nr %d/%d</h1><p>Treść zarządzenia w sprawie spraw bieżących gminy, numer %d.</p>
<table><tr><td>Wytworzył:</td><td>Jan Nowak</td></tr><tr><td>Data publikacji:</td><td>2019/11/06 08:39:36</td></tr></table>
<p><a href="/pliki/z%d-%d.pdf">Zarządzenie (PDF, 20 KB)</a></p>`, a, s, a, s, a)))
		}
	}
	return pages
}

func TestBigSite(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 2 000 pages")
	}
	b, err := Extract(bigSite(20, 100), Options{Start: "https://bip.example.pl/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Nodes) != 20*101 {
		t.Fatalf("%d nodes, want %d", len(b.Nodes), 20*101)
	}
	if n := b.Nodes[1]; n.Meta.Author != "Jan Nowak" || len(n.Attachments) != 1 || !strings.Contains(n.Body, "numer 0") {
		t.Errorf("first article %+v", n)
	}
}

func BenchmarkExtract(b *testing.B) {
	pages := bigSite(10, 50)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(pages, Options{Start: "https://bip.example.pl/"}); err != nil {
			b.Fatal(err)
		}
	}
}
