package web

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/i18n"
)

// changed is a reader's settings far from the defaults.
var changed = Settings{Lang: i18n.Ukrainian, Text: 200, Theme: ThemeYellowBlack, Spacing: true, Underline: true, LowVision: true}

func TestKioskReset(t *testing.T) {
	tests := []struct {
		name  string
		shell Shell
	}{
		{name: "web", shell: ShellWeb},
		{name: "desktop", shell: ShellDesktop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			inst := NewInstallationSettings(st)
			if err := inst.Save(nil, nil, changed); err != nil {
				t.Fatal(err)
			}
			h := newTestHandler(t, Deps{Store: st, Shell: tt.shell, Kiosk: true, IdleTimeout: time.Minute})
			rec := get(h, "/kiosk/reset?q=zasilek", withCookie(&http.Cookie{Name: cookieName, Value: changed.Encode()}),
				func(r *http.Request) { r.Header.Set("If-None-Match", "*") })
			if rec.Code != http.StatusOK {
				t.Fatalf("got status %d (Location %q), want 200 and the home page", rec.Code, rec.Header().Get("Location"))
			}
			if loc := rec.Header().Get("Location"); loc != "" {
				t.Errorf("got Location %q, want none (the desktop webview follows no redirects)", loc)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control: got %q, want no-store", cc)
			}
			body := rec.Body.String()
			checkPage(t, "/kiosk/reset", body)
			for _, want := range []string{`<html lang="pl" class="` + DefaultSettings().Classes(tt.shell, true) + `"`,
				"<h1>Biuletyn Informacji Publicznej Miasta Testowo</h1>", `wroc=%2F"`, `data-idle-timeout="60"`} {
				if !strings.Contains(body, want) {
					t.Errorf("reset page lacks %q", want)
				}
			}
			for _, bad := range []string{"wroc=%2Fkiosk", "zasilek", "Ustawienia zostały zapisane"} {
				if strings.Contains(body, bad) {
					t.Errorf("reset page contains %q, want a fresh home page", bad)
				}
			}
			cookies := rec.Result().Cookies()
			switch tt.shell {
			case ShellWeb:
				if len(cookies) != 1 || cookies[0].Name != cookieName || decodeSettings(cookies[0].Value) != DefaultSettings() {
					t.Errorf("web: got cookies %v, want %s with the default settings", cookies, cookieName)
				}
			case ShellDesktop:
				if len(cookies) != 0 {
					t.Errorf("desktop: got cookies %v, want none", cookies)
				}
				// The next request, and a new handler on the same store, see the defaults.
				if got := NewInstallationSettings(st).Load(nil); got != DefaultSettings() {
					t.Errorf("desktop: stored settings got %+v, want the defaults", got)
				}
				if next := get(h, "/mapa").Body.String(); !strings.Contains(next, `<html lang="pl" class="bk-template bk-text-100 bk-theme-default`) {
					t.Errorf("desktop: next page got %.120s, want default settings", next)
				}
			}
		})
	}
}

func TestKioskResetOnlyInKiosk(t *testing.T) {
	st := openStore(t)
	inst := NewInstallationSettings(st)
	if err := inst.Save(nil, nil, changed); err != nil {
		t.Fatal(err)
	}
	for _, shell := range []Shell{ShellWeb, ShellDesktop} {
		h := newTestHandler(t, Deps{Store: st, Shell: shell, IdleTimeout: time.Minute})
		rec := get(h, "/kiosk/reset", withCookie(&http.Cookie{Name: cookieName, Value: changed.Encode()}))
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s without kiosk: got status %d, want 404", shell, rec.Code)
		}
		if c := rec.Result().Cookies(); len(c) != 0 {
			t.Errorf("%s without kiosk: got cookies %v, want none", shell, c)
		}
	}
	if got := NewInstallationSettings(st).Load(nil); got != changed {
		t.Errorf("settings after a refused reset: got %+v, want %+v", got, changed)
	}
}

func TestIdleMarkup(t *testing.T) {
	tests := []struct {
		name string
		deps Deps
		want []string // "" parts: none of the idle markup
	}{
		{name: "kiosk web", deps: Deps{Kiosk: true, IdleTimeout: 2 * time.Minute},
			want: []string{`data-idle-timeout="120" data-idle-countdown="30"`, `<noscript><meta http-equiv="refresh" content="150;url=/kiosk/reset"></noscript>`}},
		{name: "kiosk desktop short", deps: Deps{Shell: ShellDesktop, Kiosk: true, IdleTimeout: 12 * time.Second},
			want: []string{`data-idle-timeout="12" data-idle-countdown="3"`, `content="15;url=/kiosk/reset"`}},
		{name: "kiosk without timeout", deps: Deps{Kiosk: true}},
		{name: "browser with timeout", deps: Deps{IdleTimeout: 2 * time.Minute}},
		{name: "desktop with timeout", deps: Deps{Shell: ShellDesktop, IdleTimeout: 2 * time.Minute}},
	}
	common := []string{`role="alertdialog"`, `aria-labelledby="bk-idle-title"`, `class="bk-button bk-idle__continue"`, `role="status"`}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			for _, p := range []string{"/", "/p/" + idStatut.String(), "/p/" + idStatut.String() + "/druk", "/nie-ma"} {
				body := get(h, p).Body.String()
				for _, w := range append(append([]string{}, tt.want...), common...) {
					if got := strings.Contains(body, w); got != (tt.want != nil) {
						t.Errorf("%s: contains %q got %v, want %v", p, w, got, tt.want != nil)
					}
				}
				if tt.want == nil && (strings.Contains(body, "data-idle") || strings.Contains(body, "noscript")) {
					t.Errorf("%s: got idle markup outside an idle kiosk", p)
				}
			}
		})
	}
}

func TestIdleTimes(t *testing.T) {
	tests := []struct {
		name                string
		timeout             time.Duration
		wantIdle, wantCount int
	}{
		{name: "default", timeout: 2 * time.Minute, wantIdle: 120, wantCount: 30},
		{name: "long: countdown capped", timeout: 10 * time.Minute, wantIdle: 600, wantCount: 30},
		{name: "a quarter", timeout: 100 * time.Second, wantIdle: 100, wantCount: 25},
		{name: "browser test", timeout: 12 * time.Second, wantIdle: 12, wantCount: 3},
		{name: "rounded up", timeout: 1500 * time.Millisecond, wantIdle: 2, wantCount: 1},
		{name: "off", timeout: 0, wantIdle: 0, wantCount: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := newHandler(Deps{Store: openStore(t), Kiosk: true, IdleTimeout: tt.timeout})
			if err != nil {
				t.Fatal(err)
			}
			lay := h.bareLayout(httptest.NewRequest(http.MethodGet, "/", nil), DefaultSettings())
			if got := lay.IdleSeconds(); got != tt.wantIdle {
				t.Errorf("IdleSeconds: got %d, want %d", got, tt.wantIdle)
			}
			if got := lay.IdleCountdown(); got != tt.wantCount {
				t.Errorf("IdleCountdown: got %d, want %d", got, tt.wantCount)
			}
		})
	}
}

func TestPageCacheControl(t *testing.T) {
	tests := []struct {
		name string
		deps Deps
		want string
	}{
		{name: "browser", deps: Deps{}, want: "no-cache"},
		{name: "desktop", deps: Deps{Shell: ShellDesktop}, want: "no-cache"},
		{name: "browser kiosk", deps: Deps{Kiosk: true, IdleTimeout: time.Minute}, want: "no-store"},
		{name: "desktop kiosk", deps: Deps{Shell: ShellDesktop, Kiosk: true}, want: "no-store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.deps.Store = openStore(t)
			h, err := newHandler(tt.deps)
			if err != nil {
				t.Fatal(err)
			}
			// Every page the reader renders, and the 304 that revalidates one.
			for _, p := range []string{"/", "/mapa", "/szukaj?q=mops", "/nie-ma-takiej"} {
				if got := get(h.mux, p).Header().Get("Cache-Control"); got != tt.want {
					t.Errorf("GET %s: got Cache-Control %q, want %q", p, got, tt.want)
				}
			}
			first := get(h.mux, "/")
			again := get(h.mux, "/", func(r *http.Request) { r.Header.Set("If-None-Match", first.Header().Get("ETag")) })
			if again.Code == http.StatusNotModified && again.Header().Get("Cache-Control") != tt.want {
				t.Errorf("304: got Cache-Control %q, want %q", again.Header().Get("Cache-Control"), tt.want)
			}
		})
	}
}

var kioskNavRE = regexp.MustCompile(`(?s)<nav class="bk-kiosknav bk-print-hide" data-module="bk-kiosknav" aria-label="([^"]+)">(.*?)</nav>`)

// TestKioskNav checks the Home / Back / Start over bar: on every kiosk page,
// the print version too, in the page's language, after the footer; Back
// hidden until a script shows it; nowhere outside a kiosk.
func TestKioskNav(t *testing.T) {
	tests := []struct {
		name      string
		deps      Deps
		lang      string
		wantLabel string
		want      []string // inside the bar
	}{
		{name: "kiosk polish", deps: Deps{Kiosk: true, IdleTimeout: time.Minute}, lang: "pl", wantLabel: "Nawigacja stanowiska",
			want: []string{`href="/"`, `> Strona główna</a>`, `<button class="bk-kiosknav__button" type="button" data-module="bk-back" hidden>`, `> Wstecz</button>`,
				`href="/kiosk/reset" data-module="bk-start-over">`, `> Zacznij od nowa</a>`}},
		{name: "kiosk ukrainian", deps: Deps{Kiosk: true}, lang: "uk", wantLabel: "Навігація терміналу",
			want: []string{`> Головна сторінка</a>`, `> Назад</button>`, `> Почати спочатку</a>`}},
		{name: "browser", deps: Deps{IdleTimeout: time.Minute}, lang: "pl"},
		{name: "desktop", deps: Deps{Shell: ShellDesktop}, lang: "pl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			cookie := &http.Cookie{Name: cookieName, Value: "lang=" + tt.lang + "&text=100&theme=default"}
			for _, p := range []string{"/", "/mapa", "/p/" + idStatut.String(), "/p/" + idStatut.String() + "/druk", "/nie-ma"} {
				body := get(h, p, withCookie(cookie)).Body.String()
				navs := kioskNavRE.FindAllStringSubmatch(body, -1)
				if tt.wantLabel == "" {
					if len(navs) != 0 || strings.Contains(body, "bk-kiosknav") {
						t.Errorf("%s: kiosk bar outside a kiosk", p)
					}
					continue
				}
				if len(navs) != 1 || navs[0][1] != tt.wantLabel {
					t.Fatalf("%s: got %d kiosk bars (%v), want one named %q", p, len(navs), navs, tt.wantLabel)
				}
				checkContains(t, p, navs[0][2], tt.want, []string{"kiosknav."})
				if home := strings.Contains(navs[0][2], `aria-current="page"`); home != (p == "/") {
					t.Errorf("%s: Home marked current got %v, want %v", p, home, p == "/")
				}
				if strings.Index(body, "bk-kiosknav") < strings.Index(body, `<footer`) {
					t.Errorf("%s: the kiosk bar comes before the footer, want it after (its place on screen)", p)
				}
			}
		})
	}
}
