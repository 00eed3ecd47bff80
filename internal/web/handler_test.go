package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

func TestScreens(t *testing.T) {
	h := newTestHandler(t, Deps{})
	p := func(id fmt.Stringer, tail string) string { return "/p/" + id.String() + tail }
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"home", "/", []string{"Biuletyn Informacji Publicznej Miasta Testowo", "Statut MOPS", "2024-05-06 09:30:00", "Stan na 2024-05-06"}},
		{"section", p(idMops, ""), []string{"Ośrodek powołany w 1990 r.", "W tym dziale", "Statut MOPS"}},
		{"article", p(idStatut, ""), []string{"<dt>Osoba, która wytworzyła informację</dt>",
			"Ilość odwiedzin", "7936", "2003-11-18 14:05:08", "Data ostatniej aktualizacji", "PDF", "statut%20mops.pdf", "Wersja do wydruku"}},
		{"link node", p(idSpis, ""), []string{"https://www.gov.pl/web/gov/spis"}},
		{"print", p(idStatut, "/druk"), []string{"Statut MOPS", "Podmiot udostępniający", "Burmistrz Miasta"}},
		{"node changes", p(idStatut, "/zmiany"), []string{"nowa pozycja", "modyfikacja", "Anna Kowalska", "/zmiany/1"}},
		{"change diff", p(idStatut, "/zmiany/1"), []string{"<del>", "2003", "<ins>", "2004", "usunięto:", "dodano:"}},
		{"change without previous body", p(idStatut, "/zmiany/0"), []string{"nie opublikował treści sprzed tej zmiany"}},
		{"register", "/rejestr", []string{"Poprawiono rok", "Dodano statut", "2 zmiany"}},
		{"register filtered", "/rejestr?od=2024-01-01&do=2024-12-31", []string{"Poprawiono rok", "1 zmiana"}},
		{"site map", "/mapa", []string{"Żłobek Miejski", "Statut MOPS", "URZĄD MIEJSKI"}},
		{"stats", "/statystyki", []string{"Najczęściej czytane", "7936", "Odwiedziny na tym urządzeniu"}},
		{"files", "/pliki", []string{"Statut MOPS – tekst jednolity", `<a href="/p/` + idStatut.String() + `">Statut MOPS</a>`, "1 plik"}},
		{"instructions", "/instrukcja", []string{"menu po lewej", "Klawiatura"}},
		{"editorial", "/redakcja", []string{"Anna Kowalska", "bip@testowo.example.pl", "Urząd Miejski w Testowie"}},
		{"accessibility", "/dostepnosc", []string{`id="a11y-podmiot"`, `id="a11y-data-publikacja">2024-05-06<`, `id="a11y-email">a.kowalska@testowo.example.pl<`}},
		{"settings", "/ustawienia", []string{"Wersja dla niedowidzących", "Żółty tekst na czarnym tle", "Українська"}},
		{"search empty", "/szukaj", []string{"Wpisz słowo"}},
		{"search without diacritics", "/szukaj?q=zlobek", []string{"Żłobek Miejski", "Znaleziono 1 stronę."}},
		{"external", "/zewnetrzny?u=" + url.QueryEscape("https://www.gov.pl/bip"), []string{"https://www.gov.pl/bip", "Przejdź do tej strony"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.path)
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("got status %d, want 200", rec.Code)
			}
			checkPage(t, tt.path, body)
			checkContains(t, tt.path, body, tt.want, nil)
		})
	}
}

func TestA11yStatementIDs(t *testing.T) {
	h := newTestHandler(t, Deps{})
	body := get(h, "/dostepnosc").Body.String()
	for _, id := range []string{"a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-status",
		"a11y-ocena", "a11y-kontakt", "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje"} {
		if !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("statement lacks id %q", id)
		}
	}
}

func TestScreenPathsAllRender(t *testing.T) {
	st := openStore(t)
	h := newTestHandler(t, Deps{Store: st})
	var paths []string
	if err := st.Read(func(r *store.Reader) error { paths = ScreenPaths(r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(paths) < 18 {
		t.Errorf("got %d screen paths, want at least 18: %v", len(paths), paths)
	}
	for _, p := range paths {
		rec := get(h, p)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: got status %d, want 200", p, rec.Code)
			continue
		}
		checkPage(t, p, rec.Body.String())
	}
}

func TestErrorPages(t *testing.T) {
	h := newTestHandler(t, Deps{})
	tests := []struct {
		name   string
		path   string
		cookie string
		status int
		want   []string
	}{
		{"unknown path", "/nie-ma-takiej-strony", "", 404, []string{"Nie znaleziono strony", "Menu przedmiotowe", `role="search"`}},
		{"unknown node", "/p/00000000-0000-0000-0000-000000000000", "", 404, []string{"Nie znaleziono strony"}},
		{"bad id", "/p/nie-uuid", "", 404, []string{"Nie znaleziono strony"}},
		{"trailing slash", "/mapa/", "", 404, []string{"Nie znaleziono strony"}},
		{"change out of range", "/p/" + idStatut.String() + "/zmiany/9", "", 404, []string{"Nie znaleziono strony"}},
		{"bad date", "/rejestr?od=wczoraj", "", 400, []string{"Nieprawidłowe zapytanie", "„wczoraj” nie jest w formacie rrrr-mm-dd"}},
		{"bad range", "/rejestr?od=2024-02-01&do=2024-01-01", "", 400, []string{"Data początkowa jest późniejsza"}},
		{"bad page", "/pliki?strona=0", "", 400, []string{"Numer strony"}},
		{"bad external", "/zewnetrzny?u=javascript:alert(1)", "", 400, []string{"nie jest adresem strony internetowej"}},
		{"bad setting", "/ustawienia/ustaw?text=300", "", 400, []string{"Nieznane ustawienie"}},
		{"english 404", "/brak", "lang=en&text=100&theme=default", 404, []string{"Page not found", "Subject menu", "Search the bulletin"}},
		{"ukrainian 404", "/brak", "lang=uk&text=100&theme=default", 404, []string{"Сторінку не знайдено", "Предметне меню"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mods []func(*http.Request)
			if tt.cookie != "" {
				mods = append(mods, withCookie(&http.Cookie{Name: cookieName, Value: tt.cookie}))
			}
			rec := get(h, tt.path, mods...)
			if rec.Code != tt.status {
				t.Fatalf("got status %d, want %d", rec.Code, tt.status)
			}
			body := rec.Body.String()
			checkPage(t, tt.path, body)
			checkContains(t, tt.path, body, tt.want, nil)
		})
	}
}

func TestEmptyStore(t *testing.T) {
	h := newTestHandler(t, Deps{Store: storetest.Open(t, store.Options{})})
	rec := get(h, "/")
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("got status %d, want 503", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "Nie zainstalowano jeszcze biuletynu") {
		t.Errorf("empty store page does not say so")
	}
	checkPage(t, "/", rec.Body.String())
}

func TestMenuPathOpen(t *testing.T) {
	h := newTestHandler(t, Deps{})
	body := get(h, "/p/"+idStatut.String()).Body.String()
	menu := body[strings.Index(body, `<nav class="bk-menu"`):]
	// The ancestors' branches are rendered open, listing only the path
	// (the script fetches the rest), the current page marked.
	for _, id := range []fmt.Stringer{idJednostki, idMops} {
		if !strings.Contains(menu, `<ul class="bk-tree__list bk-tree__list--path" id="bk-sub-`+id.String()+`"`) &&
			!strings.Contains(menu, `<ul class="bk-tree__list" id="bk-sub-`+id.String()+`"`) {
			t.Errorf("branch %s is not open", id)
		}
		if !strings.Contains(menu, `<li class="bk-tree__sub"><a href="/p/`+id.String()+`"`) {
			t.Errorf("branch %s is not marked for its disclosure button", id)
		}
	}
	if !strings.Contains(menu, `class="bk-tree__list bk-tree__list--path" id="bk-sub-`+idJednostki.String()+`"`) {
		t.Error("the branch of Jednostki, which has other children, is not marked as listing only the path")
	}
	// The path menu leaves the siblings on the path out, and links to the
	// menu screen with the path to this page open, which lists them.
	if strings.Contains(menu, idZlobek.String()) {
		t.Error("the path menu lists a sibling of an ancestor (Żłobek)")
	}
	whole := "/menu?p=" + idStatut.String()
	if !strings.Contains(menu, `<a href="`+whole+`">Całe menu przedmiotowe</a>`) {
		t.Errorf("the path menu does not link to %s", whole)
	}
	if got := strings.Count(menu, `aria-current="page"`); got != 1 {
		t.Errorf("got %d aria-current=page in the menu, want 1", got)
	}
	if !strings.Contains(menu, `href="/p/`+idStatut.String()+`" aria-current="page"`) {
		t.Error("current page not marked with aria-current=page")
	}
	// A section's menu lists its own children.
	mops := get(h, "/p/"+idMops.String()).Body.String()
	if m := mops[strings.Index(mops, `<nav class="bk-menu"`):]; !strings.Contains(m, `href="/p/`+idStatut.String()+`"`) {
		t.Error("a section's menu does not list its own children")
	}
	// Another page's menu keeps the branch closed: a link, no list.
	home := get(h, "/").Body.String()
	if strings.Contains(home, `id="bk-sub-`+idJednostki.String()+`"`) {
		t.Error("home page renders a closed branch open")
	}
	if !strings.Contains(home, `href="/p/`+idJednostki.String()+`"`) {
		t.Error("closed branch is not a link")
	}
	// The script's fragment for a closed branch.
	frag := get(h, "/menu/"+idJednostki.String())
	if frag.Code != http.StatusOK || !strings.Contains(frag.Body.String(), `id="bk-sub-`+idJednostki.String()+`"`) {
		t.Errorf("menu fragment: got %d %q", frag.Code, frag.Body.String())
	}
}

// TestMenuScreen checks the menu screen: the whole menu, every ancestor of
// the page it was opened from with all its children, the page marked.
func TestMenuScreen(t *testing.T) {
	h := newTestHandler(t, Deps{})
	tests := []struct {
		name    string
		path    string
		status  int
		want    []string
		notWant []string
	}{
		{name: "top level", path: "/menu", status: 200,
			want:    []string{`<h1 id="bk-menu-screen-title">Menu przedmiotowe</h1>`, `href="/p/` + idJednostki.String() + `"`, `href="/mapa"`},
			notWant: []string{`id="bk-sub-`, `class="bk-page__menu"`, `aria-current="page"`}},
		{name: "path to a page open with its ancestors' siblings", path: "/menu?p=" + idStatut.String(), status: 200,
			want: []string{`<ul class="bk-tree__list" id="bk-sub-` + idJednostki.String() + `"`, `href="/p/` + idZlobek.String() + `"`,
				`href="/p/` + idStatut.String() + `" aria-current="true"`},
			notWant: []string{`bk-tree__list--path`, `class="bk-page__menu"`, `aria-current="page"`}},
		{name: "unknown page", path: "/menu?p=" + uuid.NewString(), status: 404},
		{name: "not an id", path: "/menu?p=x", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("GET %s: got status %d, want %d", tt.path, rec.Code, tt.status)
			}
			body := rec.Body.String()
			checkPage(t, tt.path, body)
			checkContains(t, tt.path, body, tt.want, tt.notWant)
		})
	}
}

func TestSettingsCookieWeb(t *testing.T) {
	h := newTestHandler(t, Deps{Shell: ShellWeb})
	back := "/p/" + idStatut.String()
	rec := get(h, "/ustawienia/ustaw?text=150&theme=yellow-black&wroc="+url.QueryEscape(back))
	if rec.Code != http.StatusOK {
		t.Fatalf("got status %d, want 200 (rendered, no redirect)", rec.Code)
	}
	body := rec.Body.String()
	if !strings.Contains(body, "bk-text-150") || !strings.Contains(body, "bk-theme-yellow-black") {
		t.Errorf("returned page lacks the new classes: %.300s", body)
	}
	if !strings.Contains(body, "<h1>Statut MOPS</h1>") {
		t.Error("settings change did not render the return page")
	}
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != cookieName {
		t.Fatalf("got cookies %v, want one %s", cookies, cookieName)
	}
	if rec.Header().Get("ETag") != "" {
		t.Error("settings response carries an ETag")
	}
	// The cookie applies to later pages.
	page := get(h, "/mapa", withCookie(cookies[0])).Body.String()
	if !strings.Contains(page, `class="bk-template bk-text-150 bk-theme-yellow-black`) {
		t.Errorf("cookie not applied: %.200s", page)
	}
	// A browser without the cookie still sees the defaults.
	if !strings.Contains(get(h, "/mapa").Body.String(), "bk-text-100") {
		t.Error("settings leaked to a request without the cookie")
	}
}

func TestSettingsInstallationDesktop(t *testing.T) {
	st := openStore(t)
	h := newTestHandler(t, Deps{Store: st, Shell: ShellDesktop})
	rec := do(h, http.MethodPost, "/ustawienia/ustaw?lang=uk&lowvision=1&wroc=/mapa")
	if rec.Code != http.StatusOK {
		t.Fatalf("got status %d, want 200", rec.Code)
	}
	if c := rec.Header().Values("Set-Cookie"); len(c) != 0 {
		t.Errorf("desktop shell set cookies %v", c)
	}
	body := rec.Body.String()
	for _, w := range []string{`<html lang="uk"`, "bk-lowvision", "bk-text-200", "bk-theme-yellow-black", "Карта сайту"} {
		if !strings.Contains(body, w) {
			t.Errorf("response lacks %q", w)
		}
	}
	// Persisted per installation: a new handler on the same store sees it.
	h2 := newTestHandler(t, Deps{Store: st, Shell: ShellDesktop})
	page := get(h2, "/")
	if !strings.Contains(page.Body.String(), `<html lang="uk"`) {
		t.Error("installation settings not persisted")
	}
	if page.Code >= 300 && page.Code < 400 {
		t.Errorf("desktop shell answered with redirect %d", page.Code)
	}
	// Turning the low-vision version off returns to the standard version.
	off := get(h2, "/ustawienia/ustaw?lowvision=0&wroc=/").Body.String()
	if !strings.Contains(off, "bk-text-100 bk-theme-default") || !strings.Contains(off, `lang="uk"`) {
		t.Errorf("low vision off: got %.200s", off)
	}
	if !strings.Contains(off, `<script src="/wails/runtime.js">`) {
		t.Error("desktop page lacks the Wails runtime script")
	}
	if strings.Contains(get(newTestHandler(t, Deps{}), "/").Body.String(), "/wails/") {
		t.Error("web page includes the Wails runtime scripts")
	}
}

func TestReturnPath(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"page", "/p/x", "/p/x"},
		{"query kept", "/rejestr?od=2024-01-01", "/rejestr?od=2024-01-01"},
		{"empty", "", "/"},
		{"other host", "//evil.example", "/"},
		{"scheme", "https://evil.example/", "/"},
		{"backslash", "/\\evil.example", "/"},
		{"loop", "/ustawienia/ustaw?text=150", "/"},
		{"relative", "p/x", "/"},
		{"a static asset", "/static/css/app.css", "/"},
		{"a raw file", "/pliki/abc/x.pdf", "/"},
		{"the search API", "/api/search?q=x", "/"},
		{"health", "/healthz", "/"},
		{"the logo", "/logo", "/"},
		{"a menu fragment", "/menu/x", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := returnPath(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// everyScreen renders every screen, the error pages and the test bulletin's
// pages with external links through a handler built from deps over the test
// bulletin, and returns the handler and each path's body.
func everyScreen(t *testing.T, deps Deps) (http.Handler, map[string]string) {
	t.Helper()
	st := openStore(t)
	deps.Store = st
	h := newTestHandler(t, deps)
	var paths []string
	st.Read(func(r *store.Reader) error { paths = ScreenPaths(r); return nil })
	paths = append(paths, ErrorPaths()...)
	paths = append(paths, "/p/"+idDane.String(), "/p/"+idSpis.String(), "/redakcja")
	pages := make(map[string]string, len(paths))
	for _, p := range paths {
		pages[p] = get(h, p).Body.String()
	}
	return h, pages
}

func TestNoPlainExternalHrefs(t *testing.T) {
	tests := []struct {
		name string
		deps Deps
	}{
		{"desktop", Deps{Shell: ShellDesktop}},
		{"kiosk", Deps{Shell: ShellWeb, Kiosk: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, pages := everyScreen(t, tt.deps)
			for p, body := range pages {
				for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
					if !strings.HasPrefix(m[1], "/") && !strings.HasPrefix(m[1], "#") {
						t.Errorf("%s: plain href %q", p, m[1])
					}
				}
			}
			body := get(h, "/p/"+idDane.String()).Body.String()
			if !strings.Contains(body, `/zewnetrzny?u=https%3A%2F%2Fexample.org%2Fgmina`) || !strings.Contains(body, "(link zewnętrzny)") {
				t.Errorf("body link not routed through /zewnetrzny and marked")
			}
		})
	}
	// In a plain browser the same link is a marked plain href.
	body := get(newTestHandler(t, Deps{}), "/p/"+idDane.String()).Body.String()
	if !strings.Contains(body, `href="https://example.org/gmina">stronę gminy<span class="bk-external__note"> (link zewnętrzny)</span></a>`) {
		t.Errorf("web body link not marked: %s", body[strings.Index(body, "bk-prose"):][:300])
	}
}

func TestExternalOpen(t *testing.T) {
	var opened []string
	open := func(u string) error {
		if strings.Contains(u, "fail") {
			return errors.New("no browser")
		}
		opened = append(opened, u)
		return nil
	}
	h := newTestHandler(t, Deps{Shell: ShellDesktop, OpenExternal: open})
	page := get(h, "/zewnetrzny?u="+url.QueryEscape("https://www.gov.pl/bip")).Body.String()
	if !strings.Contains(page, `action="/zewnetrzny/otworz" method="post"`) {
		t.Error("desktop external page has no open button")
	}
	post := func(u string) string {
		rec := do(h, http.MethodPost, "/zewnetrzny/otworz", func(r *http.Request) {
			r.Body = ioNopCloser(strings.NewReader("u=" + url.QueryEscape(u)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		})
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Errorf("POST %s: got status %d", u, rec.Code)
		}
		return rec.Body.String()
	}
	if !strings.Contains(post("https://www.gov.pl/bip"), "otwarty w przeglądarce") || len(opened) != 1 {
		t.Errorf("open: got opened %v", opened)
	}
	if !strings.Contains(post("https://fail.example"), "Nie udało się otworzyć") {
		t.Error("failure not reported")
	}
	post("javascript:alert(1)")
	if len(opened) != 1 {
		t.Errorf("a bad address was opened: %v", opened)
	}
	// A kiosk never offers to open.
	kiosk := newTestHandler(t, Deps{Shell: ShellDesktop, Kiosk: true, OpenExternal: open})
	kp := get(kiosk, "/zewnetrzny?u="+url.QueryEscape("https://www.gov.pl/bip")).Body.String()
	if strings.Contains(kp, "/zewnetrzny/otworz") || !strings.Contains(kp, "nie otwieramy stron spoza biuletynu") {
		t.Error("kiosk external page offers to open the address")
	}
}

func TestAttachmentHeaders(t *testing.T) {
	h := newTestHandler(t, Deps{})
	tests := []struct {
		name, path, ctype, disposition string
		status                         int
	}{
		{"pdf inline", "/pliki/" + sha(pdfData) + "/statut%20mops.pdf", "application/pdf",
			`inline; filename="statut mops.pdf"; filename*=UTF-8''statut%20mops.pdf`, 200},
		{"polish name", "/pliki/" + sha(pdfData) + "/" + url.PathEscape("żłobek.pdf"), "application/pdf",
			`inline; filename="__obek.pdf"; filename*=UTF-8''%C5%BC%C5%82obek.pdf`, 200},
		{"html is downloaded", "/pliki/" + sha(pdfData) + "/x.html", "application/octet-stream",
			`attachment; filename="x.html"; filename*=UTF-8''x.html`, 200},
		{"unknown blob", "/pliki/" + strings.Repeat("0", 64) + "/x.pdf", "", "", 404},
		{"bad hash", "/pliki/abc/x.pdf", "", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.path)
			if rec.Code != tt.status {
				t.Fatalf("got status %d, want %d", rec.Code, tt.status)
			}
			if tt.status != 200 {
				return
			}
			hd := rec.Header()
			if got := hd.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type: got %q, want %q", got, tt.ctype)
			}
			if got := hd.Get("Content-Disposition"); got != tt.disposition {
				t.Errorf("Content-Disposition: got %q, want %q", got, tt.disposition)
			}
			if hd.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
			if rec.Body.String() != string(pdfData) {
				t.Errorf("got body %q", rec.Body.String())
			}
		})
	}
	logo := get(h, "/logo")
	if logo.Code != 200 || logo.Header().Get("Content-Type") != "image/png" || logo.Body.String() != string(logoData) {
		t.Errorf("logo: got %d %q", logo.Code, logo.Header().Get("Content-Type"))
	}
}

func TestETag(t *testing.T) {
	h := newTestHandler(t, Deps{})
	path := "/p/" + idStatut.String()
	first := get(h, path)
	tag := first.Header().Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	again := get(h, path, func(r *http.Request) { r.Header.Set("If-None-Match", tag) })
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("got status %d with %d bytes, want 304 and no body", again.Code, again.Body.Len())
	}
	other := get(h, path, func(r *http.Request) {
		r.Header.Set("If-None-Match", tag)
		r.AddCookie(&http.Cookie{Name: cookieName, Value: "lang=en&text=200&theme=default"})
	})
	if other.Code != http.StatusOK {
		t.Errorf("other settings: got status %d, want 200", other.Code)
	}
	if other.Header().Get("ETag") == tag {
		t.Error("ETag does not change with the settings")
	}
	if get(h, "/statystyki").Header().Get("ETag") != "" {
		t.Error("statistics page has an ETag though its counts change without a new generation")
	}
}

func TestStaticAssets(t *testing.T) {
	h := newTestHandler(t, Deps{})
	body := get(h, "/").Body.String()
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]+\.css)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatal("no hashed stylesheet link")
	}
	rec := get(h, css[1])
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: got %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Error("stylesheet not cached long")
	}
	for _, w := range []string{".bk-tree__toggle", "forced-colors", "prefers-reduced-motion", "@media print", ".bk-theme-yellow-black"} {
		if !strings.Contains(rec.Body.String(), w) {
			t.Errorf("stylesheet lacks %q", w)
		}
	}
	if get(h, "/static/app.css").Code != 404 {
		t.Error("unhashed asset URL served")
	}
}

// TestConcurrentLanguages renders pages in three languages at once: a
// translation bound to a shared template would leak between them.
func TestConcurrentLanguages(t *testing.T) {
	h := newTestHandler(t, Deps{})
	langs := []struct{ code, own, other1, other2 string }{
		{"pl", "Menu przedmiotowe", "Subject menu", "Предметне меню"},
		{"en", "Subject menu", "Menu przedmiotowe", "Предметне меню"},
		{"uk", "Предметне меню", "Menu przedmiotowe", "Subject menu"},
	}
	paths := []string{"/", "/p/" + idStatut.String(), "/rejestr", "/mapa", "/brak"}
	var wg sync.WaitGroup
	errs := make(chan string, 300)
	for i := 0; i < 20; i++ {
		for _, l := range langs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := paths[i%len(paths)]
				body := get(h, p, withCookie(&http.Cookie{Name: cookieName, Value: "lang=" + l.code})).Body.String()
				if !strings.Contains(body, `<html lang="`+l.code+`"`) || !strings.Contains(body, l.own) {
					errs <- l.code + " " + p + ": wrong language"
				}
				if strings.Contains(body, l.other1) || strings.Contains(body, l.other2) {
					errs <- l.code + " " + p + ": another language leaked in"
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestPolishContentMarkedInOtherLanguages: the bulletin's text carries
// lang="pl" exactly when the UI is in another language, on the page, its
// breadcrumbs and its print version.
func TestPolishContentMarkedInOtherLanguages(t *testing.T) {
	h := newTestHandler(t, Deps{})
	node, print := "/p/"+idStatut.String(), "/p/"+idStatut.String()+"/druk"
	marked := []struct{ path, html string }{
		{node, `<h1 lang="pl">Statut MOPS</h1>`},
		{node, `<div class="bk-prose" lang="pl">`},
		{node, `<li class="bk-crumbs__item" lang="pl">`},
		{node, `<span lang="pl">Miasto Testowo</span>`},
		{print, `<h1 lang="pl">Statut MOPS</h1>`},
		{print, `<p class="bk-header__home" lang="pl">Miasto Testowo</p>`},
	}
	for _, lang := range []string{"pl", "en", "uk"} {
		pages := map[string]string{}
		for _, p := range []string{node, print} {
			pages[p] = get(h, p, withCookie(&http.Cookie{Name: cookieName, Value: "lang=" + lang})).Body.String()
		}
		for _, m := range marked {
			if got := strings.Contains(pages[m.path], m.html); got != (lang != "pl") {
				t.Errorf("%s %s: contains %q is %v, want %v", lang, m.path, m.html, got, lang != "pl")
			}
		}
		if lang != "pl" && !strings.Contains(pages[node], `<html lang="`+lang+`"`) {
			t.Errorf("%s: page not in its UI language", lang)
		}
	}
	if en := get(h, node, withCookie(&http.Cookie{Name: cookieName, Value: "lang=en"})).Body.String(); !strings.Contains(en, "Person who produced the information") {
		t.Error("English page lacks its English metadata label")
	}
}

func TestLinksRootRelativeNoTrailingSlash(t *testing.T) {
	h := newTestHandler(t, Deps{Shell: ShellDesktop})
	for _, p := range []string{"/", "/p/" + idStatut.String(), "/mapa", "/rejestr", "/pliki"} {
		for _, m := range hrefRE.FindAllStringSubmatch(get(h, p).Body.String(), -1) {
			u := m[1]
			if strings.HasPrefix(u, "#") {
				continue
			}
			path, _, _ := strings.Cut(u, "?")
			if !strings.HasPrefix(u, "/") || (path != "/" && strings.HasSuffix(path, "/")) {
				t.Errorf("%s: link %q is not root-relative without a trailing slash", p, u)
			}
		}
	}
}

func TestSettingsApply(t *testing.T) {
	def := DefaultSettings()
	tests := []struct {
		name  string
		from  Settings
		query string
		want  Settings
		err   bool
	}{
		{"text", def, "text=150", Settings{Lang: "pl", Text: 150, Theme: ThemeDefault}, false},
		{"checkbox ticked wins", def, "spacing=0&spacing=1", Settings{Lang: "pl", Text: 100, Theme: ThemeDefault, Spacing: true}, false},
		{"low vision preset", def, "lowvision=1", Settings{Lang: "pl", Text: 200, Theme: ThemeYellowBlack, Spacing: true, Underline: true, LowVision: true}, false},
		{"low vision keeps black on yellow", Settings{Lang: "en", Text: 100, Theme: ThemeBlackYellow}, "lowvision=1",
			Settings{Lang: "en", Text: 200, Theme: ThemeBlackYellow, Spacing: true, Underline: true, LowVision: true}, false},
		{"low vision off", Settings{Lang: "uk", Text: 200, Theme: ThemeYellowBlack, Spacing: true, LowVision: true}, "lowvision=0",
			Settings{Lang: "uk", Text: 100, Theme: ThemeDefault}, false},
		{"reset keeps language", Settings{Lang: "en", Text: 200, Theme: ThemeYellowBlack}, "reset=1", Settings{Lang: "en", Text: 100, Theme: ThemeDefault}, false},
		{"bad language", def, "lang=de", def, true},
		{"bad theme", def, "theme=pink", def, true},
		{"bad flag", def, "font=yes", def, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			got, err := tt.from.Apply(q)
			if (err != nil) != tt.err {
				t.Fatalf("got error %v, want error %v", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if tt.err && !errors.Is(err, errBadSetting) {
				t.Errorf("got %v, want errBadSetting", err)
			}
			if back := decodeSettings(got.Encode()); back != got {
				t.Errorf("round trip: got %+v, want %+v", back, got)
			}
		})
	}
	if got := decodeSettings("%zz"); got != def {
		t.Errorf("garbage cookie: got %+v, want defaults", got)
	}
}

func TestWordDiff(t *testing.T) {
	tests := []struct {
		name, before, after string
		want                []diffOp
	}{
		{"same", "a b", "a b", []diffOp{{"eq", "a b"}}},
		{"replace word", "rok 2003 koniec", "rok 2004 koniec", []diffOp{{"eq", "rok "}, {"del", "2003"}, {"ins", "2004"}, {"eq", " koniec"}}},
		{"insert", "a c", "a b c", []diffOp{{"eq", "a "}, {"ins", "b "}, {"eq", "c"}}},
		{"empty before", "", "nowy", []diffOp{{"ins", "nowy"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wordDiff(tt.before, tt.after)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if got := htmlText("<p>Ala &amp; kot</p><p>dwa</p>"); got != "Ala & kot\ndwa" {
		t.Errorf("htmlText: got %q", got)
	}
}

func TestNoUntranslatedKeys(t *testing.T) {
	st := openStore(t)
	h := newTestHandler(t, Deps{Store: st})
	var paths []string
	st.Read(func(r *store.Reader) error { paths = ScreenPaths(r); return nil })
	paths = append(paths, ErrorPaths()...)
	keys := i18n.Keys()
	for _, lang := range i18n.Langs {
		for _, p := range paths {
			body := get(h, p, withCookie(&http.Cookie{Name: cookieName, Value: "lang=" + string(lang)})).Body.String()
			for _, k := range keys {
				if strings.Contains(body, k) {
					t.Errorf("%s %s: untranslated key %q", lang, p, k)
				}
			}
			if strings.Contains(body, "%!") {
				t.Errorf("%s %s: bad format verb in output", lang, p)
			}
		}
	}
}
