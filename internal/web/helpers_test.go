package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

func sha(data []byte) string { return storetest.SHA256(data) }

// warsaw is the zone the source reader gives published times.
var warsaw = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		panic(err)
	}
	return loc
}()

var (
	at0 = time.Date(2003, 11, 18, 14, 0, 26, 0, warsaw) // times as the source reads them: Polish wall clock
	at1 = time.Date(2003, 11, 18, 14, 5, 8, 0, warsaw)
	at2 = time.Date(2024, 5, 6, 9, 30, 0, 0, warsaw)

	idDane      = content.NodeID("urzad/dane")
	idStruktura = content.NodeID("urzad/struktura")
	idJednostki = content.NodeID("inne/jednostki")
	idMops      = content.NodeID("inne/jednostki/mops")
	idStatut    = content.NodeID("inne/jednostki/mops/statut")
	idZlobek    = content.NodeID("inne/jednostki/zlobek")
	idSpis      = content.NodeID("centralne/spis")

	pdfData  = []byte("%PDF-1.4 statut mops")
	logoData = []byte("\x89PNG\r\n\x1a\nlogo")
)

// testBulletin is a small bulletin built from content values: groups, nested
// sections, an article with full metadata, history with a previous body,
// attachments, an external link and Polish text.
func testBulletin() *storetest.Source {
	pdf := content.Attachment{Blob: content.Blob{SHA256: sha(pdfData), Size: int64(len(pdfData)), Type: "application/pdf"},
		Title: "Statut MOPS – tekst jednolity", Name: "statut mops.pdf"}
	site := content.Site{
		Name:    "Biuletyn Informacji Publicznej Miasta Testowo",
		Owner:   "Miasto Testowo",
		LiveURL: "https://bip.testowo.example.pl",
		Logo:    &content.Blob{SHA256: sha(logoData), Size: int64(len(logoData)), Type: "image/png"},
		Editorial: content.Editorial{Office: "Urząd Miejski w Testowie", Address: "ul. Rynek 1\n59-225 Testowo",
			Phone: "76 818 00 00", Email: "bip@testowo.example.pl",
			Editors: []content.Person{{Name: "Anna Kowalska", Role: "Redaktor", Email: "a.kowalska@testowo.example.pl"}}},
		Instructions: "<p>Instrukcja obsługi biuletynu: menu po lewej.</p>",
		Groups: []content.Group{
			{Title: "URZĄD MIEJSKI", Nodes: []uuid.UUID{idDane, idStruktura}},
			{Title: "INNE", Nodes: []uuid.UUID{idJednostki}},
			{Title: "Urzędy Centralne", Nodes: []uuid.UUID{idSpis}},
		},
	}
	meta := content.Meta{Publisher: "Burmistrz Miasta", Author: "Kierownik MOPS", Responsible: "Administrator",
		EnteredBy: "Administrator", Created: at0, Published: at0, Updated: at1, Visits: 7936,
		SourceURL: "https://bip.testowo.example.pl/statut"}
	nodes := []content.Node{
		{ID: idDane, Path: "urzad/dane", Kind: content.KindSection, Title: "Dane podstawowe", Order: 1,
			Body: `<p>Zobacz też <a href="https://example.org/gmina">stronę gminy</a> i <a href="/p/` + idMops.String() + `">MOPS</a>.</p>`},
		{ID: idStruktura, Path: "urzad/struktura", Kind: content.KindSection, Title: "Struktura organizacyjna", Order: 2},
		{ID: idJednostki, Path: "inne/jednostki", Kind: content.KindSection, Title: "Jednostki organizacyjne", Order: 1},
		{ID: idMops, Parent: idJednostki, Path: "inne/jednostki/mops", Kind: content.KindSection,
			Title: "Miejski Ośrodek Pomocy Społecznej", Order: 1, Body: "<p>Ośrodek powołany w 1990 r.</p>"},
		{ID: idStatut, Parent: idMops, Path: "inne/jednostki/mops/statut", Kind: content.KindArticle, Title: "Statut MOPS",
			Order: 1, Body: "<p>Ośrodek działa na podstawie statutu z 2004 roku.</p><ul><li>pomoc społeczna</li></ul>",
			Meta: meta, Attachments: []content.Attachment{pdf},
			History: []content.Change{
				{At: at0, By: "Administrator", Kind: content.ChangeCreated, Summary: "Dodano statut"},
				{At: at2, By: "Anna Kowalska", Kind: content.ChangeModified, Summary: "Poprawiono rok",
					PreviousBody: "<p>Ośrodek działa na podstawie statutu z 2003 roku.</p><ul><li>pomoc społeczna</li></ul>"},
			}},
		{ID: idZlobek, Parent: idJednostki, Path: "inne/jednostki/zlobek", Kind: content.KindArticle, Title: "Żłobek Miejski",
			Order: 2, Body: "<p>Żłobek przyjmuje dzieci od 20. tygodnia życia.</p>"},
		{ID: idSpis, Path: "centralne/spis", Kind: content.KindLink, Title: "Spis adresów", Order: 1,
			URL: "https://www.gov.pl/web/gov/spis"},
	}
	return &storetest.Source{
		Ed: content.Edition{PublisherID: uuid.MustParse("0b6f3c3e-7f0e-4a8b-9d71-2c9e4f1a0a01"),
			Publisher: "Miasto Testowo", Sequence: 7, Created: at2},
		SiteData: site,
		Nodes:    nodes,
		Blobs:    map[string][]byte{sha(pdfData): pdfData, sha(logoData): logoData},
	}
}

// openStore opens a real store in a temporary directory with the test bulletin.
func openStore(t *testing.T) *store.Store {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, testBulletin(), store.ImportOptions{})
	return st
}

func newTestHandler(t *testing.T, deps Deps) http.Handler {
	t.Helper()
	if deps.Store == nil {
		deps.Store = openStore(t)
	}
	h, err := NewHandler(deps)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// do sends one request through the handler.
func do(h http.Handler, method, target string, mod ...func(*http.Request)) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for _, m := range mod {
		m(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func get(h http.Handler, target string, mod ...func(*http.Request)) *httptest.ResponseRecorder {
	return do(h, http.MethodGet, target, mod...)
}

func withCookie(c *http.Cookie) func(*http.Request) {
	return func(r *http.Request) { r.AddCookie(c) }
}

var h1RE = regexp.MustCompile(`<h1[\s>]`)

// checkPage checks the structure every page must have.
func checkPage(t *testing.T, path, body string) {
	t.Helper()
	if n := len(h1RE.FindAllString(body, -1)); n != 1 {
		t.Errorf("%s: got %d h1, want 1", path, n)
	}
	if !strings.Contains(body, `<main id="main-content"`) {
		t.Errorf("%s: no <main id=\"main-content\">", path)
	}
	if strings.Count(body, "<main") != 1 {
		t.Errorf("%s: got %d main elements, want 1", path, strings.Count(body, "<main"))
	}
	for _, id := range duplicateIDs(body) {
		t.Errorf("%s: id %q used more than once", path, id)
	}
}

var idRE = regexp.MustCompile(`\sid="([^"]+)"`)

func duplicateIDs(body string) []string {
	seen := map[string]int{}
	for _, m := range idRE.FindAllStringSubmatch(body, -1) {
		seen[m[1]]++
	}
	var dup []string
	for id, n := range seen {
		if n > 1 {
			dup = append(dup, id)
		}
	}
	return dup
}

func ioNopCloser(r io.Reader) io.ReadCloser { return io.NopCloser(r) }

// checkContains fails the test unless body, the page at target, contains
// every want and none of not.
func checkContains(t *testing.T, target, body string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: body lacks %q", target, w)
		}
	}
	for _, n := range not {
		if strings.Contains(body, n) {
			t.Errorf("%s: body has %q, want it left out", target, n)
		}
	}
}
