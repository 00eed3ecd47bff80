package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// wideArticles is the size of the one wide section of wideBulletin: far more
// pages than any list shows at once.
const wideArticles = 3000

var (
	idWide      = content.NodeID("uchwaly")
	idWideGroup = content.NodeID("rada")
)

// wideArticle returns the id of article i of the wide section.
func wideArticle(i int) uuid.UUID { return content.NodeID(fmt.Sprintf("uchwaly/uchwala-%d", i)) }

// wideBulletin is a bulletin whose section "Uchwały" holds wideArticles
// articles side by side, the shape a council's resolutions take after years.
func wideBulletin() *storetest.Source {
	src := testBulletin()
	src.SiteData.Groups = append(src.SiteData.Groups, content.Group{Title: "PRAWO LOKALNE", Nodes: []uuid.UUID{idWide, idWideGroup}})
	at := time.Date(2010, 1, 4, 9, 0, 0, 0, time.UTC)
	src.Nodes = append(src.Nodes,
		content.Node{ID: idWide, Path: "uchwaly", Kind: content.KindSection, Title: "Uchwały Rady Miejskiej", Order: 1},
		content.Node{ID: idWideGroup, Path: "rada", Kind: content.KindSection, Title: "Rada Miejska", Order: 2})
	for i := range wideArticles {
		src.Nodes = append(src.Nodes, content.Node{ID: wideArticle(i), Parent: idWide, Path: fmt.Sprintf("uchwaly/uchwala-%d", i),
			Kind: content.KindArticle, Title: fmt.Sprintf("Uchwała nr %d/%d", i+1, 2010+i/300), Order: i + 1,
			Body: "<p>Uchwała w sprawie budżetu.</p>", Meta: content.Meta{Published: at.Add(time.Duration(i) * time.Hour)}})
	}
	return src
}

// openWideStore imports wideBulletin into a store in a temporary directory.
func openWideStore(t *testing.T) *store.Store {
	t.Helper()
	if testing.Short() {
		t.Skip("imports a 3000-article section; skipped under -short")
	}
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, wideBulletin(), store.ImportOptions{})
	return st
}

var nodeHrefRE = regexp.MustCompile(`href="(/p/[^"]+)"`)

// links counts the links to node pages in a page.
func links(body string) int { return len(nodeHrefRE.FindAllString(body, -1)) }

func TestWideSection(t *testing.T) {
	h := newTestHandler(t, Deps{Store: openWideStore(t)})
	wide := "/p/" + idWide.String()
	tests := []struct {
		name      string
		path      string
		status    int
		want      []string
		notWant   []string
		maxLinks  int
		maxLength int
	}{
		{name: "site map lists a few articles and links to the rest", path: "/mapa", status: 200,
			want:    []string{"Uchwała nr 1/2010", "Uchwała nr 5/2010", `<a href="` + wide + `">Podstrony: <span>Uchwały Rady Miejskiej</span> (3000)</a>`, "Statut MOPS", "Rada Miejska"},
			notWant: []string{"Uchwała nr 6/2010"}, maxLinks: 60, maxLength: 64 << 10},
		{name: "section page lists one page of children", path: wide, status: 200,
			want:    []string{"Uchwała nr 1/2010", "Uchwała nr 50/2010", `href="` + wide + `?strona=2"`, "Strona 1 z 60"},
			notWant: []string{"Uchwała nr 51/2010"}, maxLinks: 120, maxLength: 96 << 10},
		{name: "second page of children", path: wide + "?strona=2", status: 200,
			want:    []string{"Uchwała nr 51/2010", "Uchwała nr 100/2010", "Strona 2 z 60"},
			notWant: []string{"Uchwała nr 101/2010"}, maxLinks: 120, maxLength: 96 << 10},
		{name: "page past the end", path: wide + "?strona=61", status: 404},
		{name: "bad page number", path: wide + "?strona=zero", status: 400},
		{name: "article deep in the list keeps a short menu", path: "/p/" + wideArticle(2345).String(), status: 200,
			want:    []string{`aria-current="page"`, "Uchwała nr 2346/2017", `href="/menu?p=` + wideArticle(2345).String() + `"`},
			notWant: []string{"Uchwała nr 1/2010<", "Uchwała nr 2345/2017<"}, maxLinks: 20, maxLength: 16 << 10},
		{name: "menu screen of an article deep in the list", path: "/menu?p=" + wideArticle(2345).String(), status: 200,
			want:    []string{`aria-current="true"`, "Uchwała nr 2345/2017", `href="` + wide + `?strona=47"`},
			notWant: []string{"Uchwała nr 1/2010<"}, maxLinks: 80, maxLength: 64 << 10},
		{name: "menu fragment of the wide section", path: "/menu/" + idWide.String(), status: 200,
			want:    []string{"Uchwała nr 1/2010", `<a class="bk-tree__link" href="` + wide + `">Podstrony: <span>Uchwały Rady Miejskiej</span> (3000)</a>`},
			notWant: []string{"Uchwała nr 51/2010"}, maxLinks: 60, maxLength: 32 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.path)
			body := rec.Body.String()
			if rec.Code != tt.status {
				t.Fatalf("GET %s: got status %d, want %d", tt.path, rec.Code, tt.status)
			}
			checkContains(t, tt.path, body, tt.want, tt.notWant)
			if n := links(body); tt.maxLinks > 0 && n > tt.maxLinks {
				t.Errorf("GET %s: got %d links to pages, want at most %d", tt.path, n, tt.maxLinks)
			}
			if tt.maxLength > 0 && len(body) > tt.maxLength {
				t.Errorf("GET %s: got %d bytes, want at most %d", tt.path, len(body), tt.maxLength)
			}
			if tt.status == http.StatusOK && !strings.HasPrefix(tt.path, "/menu/") {
				checkPage(t, tt.path, body)
			}
		})
	}
}

// TestMenuPrerender checks that menus built from items rendered for other
// pages are the menus the template renders item by item, in every language.
func TestMenuPrerender(t *testing.T) {
	st := openStore(t)
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	current := []uuid.UUID{uuid.Nil, idStatut, idZlobek, idDane, idJednostki}
	for _, lang := range i18n.Langs {
		s := DefaultSettings()
		s.Lang = lang
		// menu renders the menu around id, its closed items reused from
		// the cache or left to the template.
		menu := func(id uuid.UUID, scope menuScope, prerendered bool) string {
			var buf bytes.Buffer
			err := st.Read(func(rd *store.Reader) error {
				lay, err := h.newLayout(rd, httptest.NewRequest(http.MethodGet, "/", nil), s)
				if err != nil {
					return err
				}
				lay.Current = id
				if prerendered {
					lay.Menu, err = h.buildMenu(rd, lay, scope)
				} else {
					lay.Menu, err = h.menuTree(rd, lay, scope)
				}
				if err != nil {
					return err
				}
				return h.pages["home"].ExecuteTemplate(&buf, "menu", lay)
			})
			if err != nil {
				t.Fatal(err)
			}
			return buf.String()
		}
		for _, scope := range []menuScope{menuPath, menuWhole} {
			for _, id := range current {
				menu(id, scope, true) // fills the item cache from every menu first
			}
			for _, id := range current {
				if got, want := menu(id, scope, true), menu(id, scope, false); got != want {
					t.Errorf("%s around %s (scope %d): the menu with reused items differs from the menu rendered item by item:\n%s\n%s", lang, id, scope, got, want)
				}
			}
		}
	}
	if len(h.menus.html) == 0 {
		t.Error("no menu item was kept for reuse")
	}
}
