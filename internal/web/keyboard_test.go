package web

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/i18n"
)

func TestKeyboardLayouts(t *testing.T) {
	tests := []struct {
		name        string
		lang        i18n.Lang
		wantLayouts []string // IDs, the one shown on open first
		wantLetters []string // letters the first layout must have as keys of their own
		wantLang    string   // lang of the first layout's letter keys ("" = the page's)
		wantNames   []string // names of special keys
	}{
		{name: "polish", lang: i18n.Polish, wantLayouts: []string{"pl"},
			wantLetters: strings.Split("ąćęłńóśźżqwz", ""),
			wantNames:   []string{"Usuń znak", "Wielkie litery", "Wyczyść", "Spacja", "Szukaj"}},
		{name: "english", lang: i18n.English, wantLayouts: []string{"pl"},
			wantLetters: strings.Split("ąćęłńóśźżqwz", ""), wantLang: "pl",
			wantNames: []string{"Delete letter", "Capital letters", "Clear", "Space", "Search"}},
		{name: "ukrainian", lang: i18n.Ukrainian, wantLayouts: []string{"uk", "pl"},
			wantLetters: strings.Split("йцукенгшщзхїфівапролджєґячсмитьбю'", ""),
			wantNames:   []string{"Стерти літеру", "Великі літери", "Очистити", "Пробіл", "Шукати", "Латиниця"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb := newKeyboard(i18n.New(tt.lang))
			var ids []string
			for _, l := range kb.Layouts {
				ids = append(ids, l.ID)
			}
			if !slices.Equal(ids, tt.wantLayouts) {
				t.Fatalf("layouts: got %v, want %v", ids, tt.wantLayouts)
			}
			if kb.Label == "" || kb.Label == "osk.label" {
				t.Errorf("label: got %q, want a translated name", kb.Label)
			}
			first := keysOf(kb.Layouts[0])
			for _, c := range append(tt.wantLetters, strings.Split("1234567890", "")...) {
				k, ok := first[c]
				if !ok {
					t.Errorf("first layout: no key for %q", c)
					continue
				}
				if k.Upper != strings.ToUpper(c) {
					t.Errorf("key %q: upper got %q, want %q", c, k.Upper, strings.ToUpper(c))
				}
				if letter := strings.ToUpper(c) != c; letter && k.Lang != tt.wantLang {
					t.Errorf("key %q: lang got %q, want %q", c, k.Lang, tt.wantLang)
				}
			}
			names := map[string]bool{}
			for _, row := range kb.Layouts[0].Rows {
				for _, k := range row {
					if k.Kind != KeyChar {
						names[k.Name] = true
					}
				}
			}
			for _, n := range tt.wantNames {
				if !names[n] {
					t.Errorf("first layout: no key named %q; got %v", n, names)
				}
			}
		})
	}
}

// keysOf indexes a layout's character keys by their character.
func keysOf(l KeyLayout) map[string]Key {
	m := map[string]Key{}
	for _, row := range l.Rows {
		for _, k := range row {
			if k.Kind == KeyChar {
				m[k.Char] = k
			}
		}
	}
	return m
}

// TestKeyboardKeysComplete checks every key of every language: a name, one
// of each special key per layout, and switch keys that lead to a layout
// which leads back.
func TestKeyboardKeysComplete(t *testing.T) {
	for _, lang := range i18n.Langs {
		kb := newKeyboard(i18n.New(lang))
		ids := map[string]bool{}
		for _, l := range kb.Layouts {
			ids[l.ID] = true
		}
		for _, l := range kb.Layouts {
			count := map[KeyKind]int{}
			chars := map[string]bool{}
			for _, row := range l.Rows {
				if len(row) > 13 {
					t.Errorf("%s/%s: a row of %d keys, want at most 13 so keys stay wide", lang, l.ID, len(row))
				}
				for _, k := range row {
					count[k.Kind]++
					switch {
					case k.Kind == KeyChar && (k.Char == "" || chars[k.Char]):
						t.Errorf("%s/%s: key %q empty or twice", lang, l.ID, k.Char)
					case k.Kind == KeyChar:
						chars[k.Char] = true
					case k.Name == "" || strings.HasPrefix(k.Name, "osk.") || strings.HasPrefix(k.Name, "search."):
						t.Errorf("%s/%s: %s key named %q, want a translated name", lang, l.ID, k.Kind, k.Name)
					}
					if k.Kind == KeySwitch && (!ids[k.Target] || k.Target == l.ID) {
						t.Errorf("%s/%s: switch to %q, want another layout of the keyboard", lang, l.ID, k.Target)
					}
					if got, want := k.Button(), map[bool]string{true: "submit", false: "button"}[k.Kind == KeySubmit]; got != want {
						t.Errorf("%s/%s: %s key button type got %q, want %q", lang, l.ID, k.Kind, got, want)
					}
				}
			}
			for _, kind := range []KeyKind{KeyShift, KeySpace, KeyBackspace, KeyClear, KeySubmit} {
				if count[kind] != 1 {
					t.Errorf("%s/%s: got %d %s keys, want 1", lang, l.ID, count[kind], kind)
				}
			}
			if want := len(kb.Layouts) - 1; count[KeySwitch] != want {
				t.Errorf("%s/%s: got %d switch keys, want %d", lang, l.ID, count[KeySwitch], want)
			}
		}
	}
}

var (
	oskKeyRE   = regexp.MustCompile(`<button type="(?:button|submit)" class="bk-osk__key[^"]*"[^>]*>(.*?)</button>`)
	oskPanelRE = regexp.MustCompile(`<div id="bk-osk" class="bk-osk" role="group" aria-label="([^"]+)" data-module="bk-osk" hidden>`)
)

// TestKeyboardMarkup checks the rendered keyboard: only in a kiosk, hidden
// with its toggle until a script shows them, and every key a button with
// visible text in the page's language.
func TestKeyboardMarkup(t *testing.T) {
	tests := []struct {
		name      string
		deps      Deps
		lang      string
		wantKeys  int // 0: no keyboard at all
		wantLabel string
		want      []string
	}{
		{name: "kiosk polish", deps: Deps{Kiosk: true, IdleTimeout: time.Minute}, lang: "pl", wantKeys: 51, wantLabel: "Klawiatura ekranowa",
			want: []string{`<button class="bk-search__osk" type="button" aria-expanded="false" aria-controls="bk-osk" hidden>`, `> Klawiatura</button>`,
				`data-char="ą" data-upper="Ą">ą</button>`, `<button type="submit" class="bk-osk__key bk-osk__key--submit" data-key="submit">Szukaj</button>`,
				`data-key="shift" aria-pressed="false"><span class="bk-osk__symbol" aria-hidden="true">⇧</span>Wielkie litery</button>`}},
		{name: "kiosk english", deps: Deps{Kiosk: true}, lang: "en", wantKeys: 51, wantLabel: "On-screen keyboard",
			want: []string{`data-char="ż" data-upper="Ż" lang="pl">ż</button>`, `data-char="7" data-upper="7">7</button>`}},
		{name: "kiosk ukrainian", deps: Deps{Kiosk: true}, lang: "uk", wantKeys: 50 + 52, wantLabel: "Екранна клавіатура",
			want: []string{`<div class="bk-osk__layout" data-layout="uk">`, `<div class="bk-osk__layout" data-layout="pl" hidden>`,
				`data-char="ї" data-upper="Ї">ї</button>`, `data-char="ł" data-upper="Ł" lang="pl">ł</button>`,
				`data-key="switch" data-target="pl"><span class="bk-osk__symbol" aria-hidden="true">ABC</span>Латиниця</button>`,
				`data-key="switch" data-target="uk"><span class="bk-osk__symbol" aria-hidden="true">АБВ</span>Кирилиця</button>`}},
		{name: "browser", deps: Deps{}, lang: "pl"},
		{name: "desktop", deps: Deps{Shell: ShellDesktop}, lang: "uk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			cookie := &http.Cookie{Name: cookieName, Value: "lang=" + tt.lang + "&text=100&theme=default"}
			for _, p := range []string{"/", "/mapa", "/szukaj?q=mops", "/nie-ma"} {
				body := get(h, p, withCookie(cookie)).Body.String()
				checkPage(t, p, body)
				keys := oskKeyRE.FindAllStringSubmatch(body, -1)
				if len(keys) != tt.wantKeys {
					t.Errorf("%s: got %d keys, want %d", p, len(keys), tt.wantKeys)
				}
				if tt.wantKeys == 0 {
					if strings.Contains(body, "bk-osk") || strings.Contains(body, "bk-search__osk") {
						t.Errorf("%s: keyboard markup outside a kiosk", p)
					}
					continue
				}
				if m := oskPanelRE.FindStringSubmatch(body); m == nil || m[1] != tt.wantLabel {
					t.Errorf("%s: panel got %v, want a hidden group named %q", p, m, tt.wantLabel)
				}
				for _, k := range keys {
					if strings.TrimSpace(k[1]) == "" {
						t.Errorf("%s: key %q without visible text", p, k[0])
					}
				}
				checkContains(t, p, body, tt.want, []string{"osk.", ">search."})
				// The panel sits inside the search form, after its button.
				form := body[strings.Index(body, `<form class="bk-search"`):]
				form = form[:strings.Index(form, "</form>")]
				if !strings.Contains(form, `id="bk-osk"`) {
					t.Errorf("%s: the keyboard is not inside the search form", p)
				}
			}
		})
	}
}
