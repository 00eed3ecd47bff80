package harvest

import (
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/content"
)

// TestChromeStaysOut: none of a page's furniture leaks into the body,
// read by the generic adapter on a page alone.
func TestChromeStaysOut(t *testing.T) {
	const page = `<!DOCTYPE html><html><head><title>Ogłoszenie | BIP Gminy Testowej</title><style>p{}</style></head><body>
<a href="#tresc" class="skip">Przejdź do treści</a>
<div id="cookies">Ta strona używa plików cookies. <button>Akceptuję</button></div>
<div class="tools"><a href="?f=1">A</a> <a href="?f=2">A</a> <a href="?f=3">A</a></div>
<p><a href="?contrast">Wersja dla niedowidzących</a></p>
<div id="menu"><ul><li><a href="/a">Urząd</a><ul><li><a href="/a/b">Dane</a></li></ul></li><li><a href="/c">Rada</a></li><li><a href="/d">Ogłoszenia</a></li></ul></div>
<div class="breadcrumb"><a href="/">Start</a> » <a href="/d">Ogłoszenia</a> » Ogłoszenie</div>
<div id="content"><h1>Ogłoszenie o sesji</h1>
<p>Sesja rady odbędzie się w sali narad. Porządek obrad obejmuje sprawozdanie z wykonania budżetu oraz zmiany w planie zagospodarowania.</p>
<p>Zapraszamy mieszkańców do udziału w obradach.</p>
<p><a href="javascript:print()">[Drukuj]</a> | <a href="javascript:history.back()">Powrót</a></p>
<p>Wytworzył: Jan Nowak<br>Data wytworzenia: 25.04.2019<br>Dokument oglądany 42 razy</p>
</div>
<aside class="widget"><p>Licznik odwiedzin: 1 234 567</p></aside>
<footer>Urząd Gminy Testowej, ul. Długa 1<br>Ostatnia aktualizacja: 01.01.2024</footer>
<script>var x = "Przejdź do treści";</script>
</body></html>`
	p := Generic.Parse(Page{URL: "https://bip.example.pl/d/1", ContentType: "text/html; charset=utf-8", Body: []byte(page)}, nil)
	if p.Title != "Ogłoszenie o sesji" {
		t.Errorf("title %q", p.Title)
	}
	body := bodyText(p.Body)
	want := "Sesja rady odbędzie się w sali narad. Porządek obrad obejmuje sprawozdanie z wykonania budżetu oraz zmiany w planie zagospodarowania. Zapraszamy mieszkańców do udziału w obradach."
	if body != want {
		t.Errorf("body\n got %q\nwant %q", body, want)
	}
	if p.Meta.Author != "Jan Nowak" || p.Meta.Visits != 42 || p.Meta.Created.IsZero() || !p.Meta.Updated.IsZero() {
		t.Errorf("meta %+v", p.Meta)
	}
	if len(p.Menu) != 3 || len(p.Menu[0].Children) != 1 || p.Menu[0].Children[0].URL != "https://bip.example.pl/a/b" {
		t.Errorf("menu %+v", p.Menu)
	}
	if len(p.Crumbs) != 2 || p.Crumbs[1] != "https://bip.example.pl/d" {
		t.Errorf("crumbs %v", p.Crumbs)
	}
}

// TestMenuHeadings: a menu block of headed lists keeps its headings as
// entries without address, with their lists under them, in order.
func TestMenuHeadings(t *testing.T) {
	const page = `<html><body><div id="menu-przedmiotowe"><h2>Podmiot</h2><ul><li><a href="/1">Dane</a></li><li><a href="/2">Statut</a></li></ul>
<h2>Działalność</h2><ul><li><a href="/3">Uchwały</a><ul><li><a href="/4">2020</a></li></ul></li></ul></div><div><h1>T</h1><p>x</p></div></body></html>`
	p := Generic.Parse(Page{URL: "http://bip.example.pl/", Body: []byte(page)}, nil)
	var got []string
	var walk func(items []MenuItem, depth int)
	walk = func(items []MenuItem, depth int) {
		for _, it := range items {
			got = append(got, strings.Repeat(">", depth)+it.Title+"="+strings.TrimPrefix(it.URL, "http://bip.example.pl"))
			walk(it.Children, depth+1)
		}
	}
	walk(p.Menu, 0)
	want := "Podmiot= >Dane=/1 >Statut=/2 Działalność= >Uchwały=/3 >>2020=/4"
	if strings.Join(got, " ") != want {
		t.Errorf("menu %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestRegisters(t *testing.T) {
	at := func(s string) time.Time { t, _ := time.ParseInLocation(time.DateTime, s, warsaw); return t }
	c, ok := changeFromLine("2019-11-06 08:39 – Jan Kowalski – zmiana treści")
	if !ok || !c.At.Equal(at("2019-11-06 08:39:00")) || c.By != "Jan Kowalski" || c.Summary != "zmiana treści" || c.Kind != content.ChangeModified {
		t.Errorf("line: %+v", c)
	}
	for in, want := range map[string]content.ChangeKind{"nowa pozycja": content.ChangeCreated, "Utworzenie": content.ChangeCreated,
		"usunięcie": content.ChangeDeleted, "modyfikacja": content.ChangeModified, "zmiana treści": content.ChangeModified} {
		if got := changeKind(in); got != want {
			t.Errorf("changeKind(%q) = %s, want %s", in, got, want)
		}
	}
	js := `{"rejestr": [{"data": "2019/11/06 08:39:36", "adres": "/artykul/5", "kto": "Anna", "rodzaj": "nowa pozycja"},
	{"data": "nie wiadomo", "adres": "/artykul/6"}, {"date": "2020-01-02", "url": "https://bip.example.pl/x", "opis": "usunięcie"}]}`
	got := registerJSON(Page{URL: "https://bip.example.pl/api/r.json", ContentType: "application/json", Body: []byte(js)})
	if len(got) != 2 || got[0].URL != "https://bip.example.pl/artykul/5" || got[0].Change.Kind != content.ChangeCreated ||
		got[0].Change.By != "Anna" || got[1].Change.Kind != content.ChangeDeleted {
		t.Errorf("json register %+v", got)
	}
	const table = `<html><body><h1>Strona</h1><p>Tekst.</p><h3>Historia zmian</h3><table><tr><th>Data</th><th>Kto</th><th>Opis zmiany</th></tr>
<tr><td>7 grudnia 2018, 12:43:44</td><td>Ewa</td><td>nowa pozycja</td></tr><tr><td>20-08-2019</td><td>Ewa</td><td>korekta</td></tr></table></body></html>`
	p := Generic.Parse(Page{URL: "http://bip.example.pl/s", Body: []byte(table)}, nil)
	if len(p.History) != 2 || !p.History[0].At.Equal(at("2018-12-07 12:43:44")) || p.History[1].Summary != "korekta" || strings.Contains(p.Body, "Ewa") {
		t.Errorf("history %+v, body %q", p.History, p.Body)
	}
}

// TestExtractSmallSite: a menu entry whose page was not fetched stays a
// link to the live page; a page without any title is named by its address;
// a further page of a listing is no node, its entries are the listing's;
// a page nobody links to is no node.
func TestExtractSmallSite(t *testing.T) {
	menu := `<ul id="menu"><li><a href="/urzad">Urząd</a><ul><li><a href="/urzad/dane">Dane</a></li><li><a href="/urzad/brak">Brak</a></li></ul></li><li><a href="/bez-tytulu">X</a></li></ul>`
	page := func(u, title, body string) Page {
		return Page{URL: "https://bip.example.pl" + u, ContentType: "text/html", Body: []byte("<html><body>" + menu + "<div id=\"content\">" + title + body + "</div></body></html>")}
	}
	pages := []Page{
		page("/", "<h1>Start</h1>", "<p>Witamy.</p>"),
		page("/urzad", "<h1>Urząd Gminy</h1>", `<p>Opis urzędu.</p><p><a href="/urzad/pusty">Więcej</a></p><p><a href="/urzad?strona=2">2</a></p>`),
		page("/urzad?strona=2", "<h1>Urząd Gminy</h1>", `<p>Opis urzędu.</p><p><a href="/urzad/stare">Stare ogłoszenie</a></p>`),
		page("/urzad/stare", "<h1>Stare ogłoszenie</h1>", "<p>Sprzed lat.</p>"),
		{URL: "https://bip.example.pl/urzad/pusty", ContentType: "text/html", Body: []byte("<html><body><p>Treść bez tytułu, długa na tyle, by była treścią.</p></body></html>")},
		page("/urzad/dane", "<h1>Dane podstawowe</h1>", "<p>NIP 000.</p><p>Wytworzył: Jan Nowak</p>"),
		page("/bez-tytulu", "", ""),
		page("/sierota", "<h1>Sierota</h1>", "<p>Nikt tu nie prowadzi.</p>"),
	}
	b, err := Extract(pages, Options{Start: "https://bip.example.pl/", Name: "BIP Gminy Testowej"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range b.Nodes {
		got = append(got, n.Path+":"+string(n.Kind)+":"+n.Title+":"+n.URL+n.Meta.SourceURL)
	}
	want := []string{
		"urzad-gminy:section:Urząd Gminy:https://bip.example.pl/urzad",
		"urzad-gminy/dane-podstawowe:article:Dane podstawowe:https://bip.example.pl/urzad/dane",
		"urzad-gminy/brak:link:Brak:https://bip.example.pl/urzad/brak",
		"urzad-gminy/pusty:article:pusty:https://bip.example.pl/urzad/pusty",
		"urzad-gminy/stare-ogloszenie:article:Stare ogłoszenie:https://bip.example.pl/urzad/stare",
		"x:article:X:https://bip.example.pl/bez-tytulu",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("nodes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if body := b.Nodes[0].Body; body != "<p>Opis urzędu.</p>" {
		t.Errorf("section body %q, want its text without the listing", body)
	}
}

func TestOwnerOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Biuletyn Informacji Publicznej Gminy Nowa Wieś", "Gmina Nowa Wieś"},
		{"Biuletyn Informacji Publicznej Gminy Kłodzkiej", "Gmina Kłodzka"},
		{"BIP Powiatu Kłodzkiego", "Powiat Kłodzki"},
		{"Biuletyn Informacji Publicznej Miasta Stołecznego Warszawy", "Miasto Stołeczne Warszawy"},
		{"Biuletyn Informacji Publicznej Urzędu Gminy Wola", "Urząd Gminy Wola"},
		{"Biuletyn Informacji Publicznej Zakładu Wodociągów", "Zakładu Wodociągów"},
		{"Gmina Wola", "Gmina Wola"},
	}
	for _, tt := range tests {
		if got := ownerOf(tt.in); got != tt.want {
			t.Errorf("ownerOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMenuUnfoldsAcrossPages: a menu that opens only the current entry's
// sub-menu still gives the whole tree.
func TestMenuUnfoldsAcrossPages(t *testing.T) {
	menu := func(open string) string {
		sub := map[string]string{
			"/a": `<ul><li><a href="/a/1">A1</a></li><li><a href="/a/2">A2</a></li></ul>`,
			"/b": `<ul><li><a href="/b/1">B1</a></li></ul>`,
		}
		return `<ul id="menu"><li><a href="/a">A</a>` + map[bool]string{true: sub["/a"]}[open == "/a"] +
			`</li><li><a href="/b">B</a>` + map[bool]string{true: sub["/b"]}[open == "/b"] + `</li><li><a href="/c">C</a></li></ul>`
	}
	var pages []Page
	for _, u := range []string{"/", "/a", "/a/1", "/a/2", "/b", "/b/1", "/c"} {
		open := "/" + strings.Split(u, "/")[1]
		pages = append(pages, Page{URL: "https://bip.example.pl" + u, ContentType: "text/html",
			Body: []byte("<html><body>" + menu(open) + "<div id=\"content\"><h1>Strona " + u + "</h1><p>Treść.</p></div></body></html>")})
	}
	b, err := Extract(pages, Options{Start: "https://bip.example.pl/", Name: "BIP"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range b.Nodes {
		got = append(got, n.Path)
	}
	want := "strona-a strona-a/strona-a-1 strona-a/strona-a-2 strona-b strona-b/strona-b-1 strona-c"
	if strings.Join(got, " ") != want {
		t.Errorf("paths %s\nwant %s", strings.Join(got, " "), want)
	}
}

// TestOrdinaryHeadingsStay: a body's own "Historia" section or a closing
// "Metryczka" heading with nothing to read does not take the text with it.
func TestOrdinaryHeadingsStay(t *testing.T) {
	const page = `<html><body><div id="content"><h1>O gminie</h1><p>Gmina leży nad rzeką.</p>
<h3>Historia</h3><p>Pierwsza wzmianka o wsi pochodzi z 1350 roku.</p><ul><li>1350 – lokacja wsi</li></ul>
<p>Mieszkańcy zajmowali się rolnictwem i rybołówstwem, a od XIX wieku także tkactwem.</p><strong>Metryczka</strong></div></body></html>`
	p := Generic.Parse(Page{URL: "http://bip.example.pl/o", Body: []byte(page)}, nil)
	for _, want := range []string{"Gmina leży nad rzeką.", "Pierwsza wzmianka", "1350 – lokacja wsi", "tkactwem"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("body lost %q: %s", want, p.Body)
		}
	}
	if len(p.History) != 0 {
		t.Errorf("history %+v from an ordinary heading", p.History)
	}
}

// TestFramedListingsAreContent: on a framed site only the menu frame has
// the menu; a section's list of articles and an article's list of links
// in the content frame are content, not menus.
func TestFramedListingsAreContent(t *testing.T) {
	page := func(u, body string) Page {
		return Page{URL: "http://bip.example.pl" + u, ContentType: "text/html", Body: []byte("<html><body>" + body + "</body></html>")}
	}
	pages := []Page{
		{URL: "http://bip.example.pl/", ContentType: "text/html", Body: []byte(`<html><frameset cols="200,*"><frame src="menu.php"><frame src="start.php"></frameset></html>`)},
		page("/menu.php", `<table><tr><td class="menu"><ul><li><a href="kat.php?id=1">Ogłoszenia</a></li><li><a href="kat.php?id=2">Przetargi</a></li></ul></td></tr></table>`),
		page("/start.php", `<h1>Witamy</h1><p>Biuletyn.</p>`),
		page("/kat.php?id=1", `<h1>Ogłoszenia</h1><p>Ogłoszenia wójta.</p><ul><li><a href="art.php?id=1">Ogłoszenie pierwsze</a></li><li><a href="art.php?id=2">Ogłoszenie drugie</a></li></ul>`),
		page("/kat.php?id=2", `<h1>Przetargi</h1><p>Brak przetargów.</p>`),
		page("/art.php?id=1", `<h1>Ogłoszenie pierwsze</h1><p>Zobacz także:</p><ul><li><a href="https://a.example.pl/">Strona A</a></li><li><a href="https://b.example.pl/">Strona B</a></li></ul>`),
		page("/art.php?id=2", `<h1>Ogłoszenie drugie</h1><p>Treść drugiego ogłoszenia.</p>`),
	}
	b, err := Extract(pages, Options{Start: "http://bip.example.pl/", Name: "BIP"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range b.Nodes {
		got = append(got, n.Path)
	}
	want := "ogloszenia ogloszenia/ogloszenie-pierwsze ogloszenia/ogloszenie-drugie przetargi"
	if strings.Join(got, " ") != want {
		t.Errorf("paths %s\nwant %s", strings.Join(got, " "), want)
	}
	if len(b.Nodes) > 1 && !strings.Contains(b.Nodes[1].Body, "Strona B") {
		t.Errorf("article lost its list of links: %s", b.Nodes[1].Body)
	}
}
