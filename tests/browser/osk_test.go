package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// touchTab is a 1080 × 1920 portrait tab that takes touch input, as a kiosk screen.
func touchTab(t *testing.T) context.Context {
	t.Helper()
	ctx := tab(t, 1080, 1920)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1080, 1920, chromedp.EmulatePortrait, chromedp.EmulateTouch)); err != nil {
		t.Fatalf("browser: touch emulation: %v", err)
	}
	return ctx
}

// point is a place on the screen, in CSS px.
type point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// tap touches the centre of the first visible element sel matches, as a
// finger does: a touch start and end at one point, which Chromium turns into
// pointer events and a click.
func tap(ctx context.Context, sel string) error {
	p, err := chromedp.Run(ctx, chromedp.Evaluate[point](`(() => {
	  const el = [...document.querySelectorAll(`+strconv.Quote(sel)+`)].find(e => e.getClientRects().length > 0);
	  if (!el) return {x: -1, y: -1};
	  el.scrollIntoView({block: "nearest"});
	  const r = el.getBoundingClientRect();
	  return {x: r.left + r.width / 2, y: r.top + r.height / 2};
	})()`))
	if err != nil {
		return err
	}
	if p.X < 0 {
		return fmt.Errorf("tap: nothing visible matches %s", sel)
	}
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		start := input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: p.X, Y: p.Y}}}
		if _, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, start); err != nil {
			return err
		}
		end := input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}
		_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, end)
		return err
	}))
}

// tapType taps the keys of the shown layout that type s.
func tapType(ctx context.Context, s string) error {
	for _, r := range s {
		sel := fmt.Sprintf(`.bk-osk__layout:not([hidden]) [data-char=%q]`, string(r))
		if r == ' ' {
			sel = `.bk-osk__layout:not([hidden]) [data-key="space"]`
		}
		if err := tap(ctx, sel); err != nil {
			return err
		}
	}
	return nil
}

// oskState is what the keyboard tests read from the page.
type oskState struct {
	Path      string `json:"path"`
	Query     string `json:"query"` // location.search, decoded
	Value     string `json:"value"` // the search field
	Focus     string `json:"focus"` // id, else class of the focused element
	ToggleOn  bool   `json:"toggleShown"`
	Expanded  string `json:"expanded"`
	Open      bool   `json:"open"`
	Layout    string `json:"layout"` // data-layout of the shown layout
	Suggested int    `json:"suggested"`
	Combobox  string `json:"combobox"` // aria-expanded of the field
	First     string `json:"first"`    // the first search result's title
	Shift     string `json:"shift"`    // aria-pressed of the shown Shift key
}

const oskStateJS = `(() => {
  const q = document.getElementById("bk-search-q"), t = document.querySelector(".bk-search__osk"), p = document.getElementById("bk-osk");
  const a = document.activeElement, shown = p && [...p.querySelectorAll(".bk-osk__layout")].find(l => !l.hidden);
  const list = document.getElementById("bk-suggest-list"), first = document.querySelector(".bk-results__title");
  const shift = shown && shown.querySelector("[data-key=shift]");
  return {path: location.pathname, query: decodeURIComponent(location.search.replace(/\+/g, " ")), value: q ? q.value : "",
    focus: a ? (a.id || a.className) : "", toggleShown: !!t && !t.hidden && getComputedStyle(t).display !== "none",
    expanded: t ? t.getAttribute("aria-expanded") || "" : "", open: !!p && !p.hidden && getComputedStyle(p).display !== "none",
    layout: shown ? shown.getAttribute("data-layout") : "", suggested: list && !list.hidden ? list.children.length : 0,
    combobox: q ? q.getAttribute("aria-expanded") || "" : "", first: first ? first.textContent.trim() : "",
    shift: shift ? shift.getAttribute("aria-pressed") : ""};
})()`

// waitOSK polls the page until ok accepts its state.
func waitOSK(ctx context.Context, d time.Duration, what string, ok func(oskState) bool) (oskState, error) {
	return waitFor(ctx, d, 50*time.Millisecond, oskStateJS, what, ok)
}

// keyBox is one key of the shown layout as a visitor meets it.
type keyBox struct {
	Name   string  `json:"name"` // the text a screen reader reads: aria-hidden parts left out
	Char   string  `json:"char"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Type   string  `json:"type"`
	Touch  string  `json:"touch"`  // touch-action
	Select string  `json:"select"` // user-select
}

const keyBoxesJS = `(() => [...document.querySelectorAll(".bk-osk__layout:not([hidden]) .bk-osk__key")].map(k => {
  const c = k.cloneNode(true); c.querySelectorAll("[aria-hidden=true]").forEach(n => n.remove());
  const r = k.getBoundingClientRect(), cs = getComputedStyle(k);
  return {name: c.textContent.trim(), char: k.getAttribute("data-char") || "", width: r.width, height: r.height,
    type: k.getAttribute("type"), touch: cs.touchAction, select: cs.userSelect};
}))()`

// checkKeys checks every key of the shown layout: a name (a letter's is the
// letter), at least 44 × 44 px, a real button, no double-tap zoom or selection.
func checkKeys(t *testing.T, ctx context.Context, layout string) {
	t.Helper()
	keys, err := chromedp.Run(ctx, chromedp.Evaluate[[]keyBox](keyBoxesJS))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 45 {
		t.Errorf("%s layout: got %d keys, want at least 45", layout, len(keys))
	}
	for _, k := range keys {
		switch {
		case k.Name == "":
			t.Errorf("%s layout: a key without a name: %+v", layout, k)
		case k.Char != "" && k.Name != k.Char:
			t.Errorf("%s layout: key %q named %q, want the letter itself", layout, k.Char, k.Name)
		case k.Width < 44 || k.Height < 44:
			t.Errorf("%s layout: key %q is %.1f × %.1f px, want at least 44 × 44", layout, k.Name, k.Width, k.Height)
		case k.Type != "button" && k.Type != "submit":
			t.Errorf("%s layout: key %q has type %q, want a button", layout, k.Name, k.Type)
		case k.Touch != "manipulation" || k.Select != "none":
			t.Errorf("%s layout: key %q has touch-action %q user-select %q, want manipulation and none", layout, k.Name, k.Touch, k.Select)
		}
	}
}

// axButtonNames lists the names Chromium's accessibility tree gives the buttons.
func axButtonNames(ctx context.Context) (map[string]bool, error) {
	names := map[string]bool{}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, accessibility.Enable, cdp.Empty{}); err != nil {
			return err
		}
		res, err := cdp.Call(ctx, tg, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		if err != nil {
			return err
		}
		for _, n := range res.Nodes {
			if n.Ignored || n.Role == nil || n.Name == nil {
				continue
			}
			var role, name string
			if json.Unmarshal(n.Role.Value, &role) == nil && role == "button" && json.Unmarshal(n.Name.Value, &name) == nil {
				names[name] = true
			}
		}
		return nil
	}))
	return names, err
}

// TestOnScreenKeyboard types on the kiosk's on-screen keyboard by touch on a
// 1080 × 1920 screen: Polish letters into search and on to the results,
// Shift, Backspace and Clear; the Ukrainian layout in the Ukrainian
// interface and the switch to the Latin one and back; keyboard-only use;
// what a key typed spoken by a polite live region when focus is on the key;
// and nothing of it without scripts.
func TestOnScreenKeyboard(t *testing.T) {
	base := kioskSite(t)
	t.Run("polish by touch", func(t *testing.T) {
		t.Parallel()
		ctx := touchTab(t)
		withAxe(t, ctx)
		within(t, ctx, 60*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
				return err
			}
			s, err := waitOSK(ctx, 5*time.Second, "the toggle", func(s oskState) bool { return s.ToggleOn })
			if err != nil {
				return err
			}
			if s.Open || s.Expanded != "false" {
				t.Errorf("before opening: got %+v, want the keyboard closed", s)
			}
			if err := tap(ctx, ".bk-search__osk"); err != nil {
				return err
			}
			if s, err = waitOSK(ctx, 2*time.Second, "the keyboard to open", func(s oskState) bool { return s.Open }); err != nil {
				return err
			}
			if s.Expanded != "true" || s.Layout != "pl" || s.Focus != "bk-search-q" {
				t.Errorf("opened by touch: got %+v, want expanded, the Polish layout, focus in the field", s)
			}
			checkKeys(t, ctx, "pl")
			names, err := axButtonNames(ctx)
			if err != nil {
				return err
			}
			for _, n := range []string{"ą", "ż", "Usuń znak", "Wielkie litery", "Spacja", "Wyczyść", "Szukaj", "Klawiatura"} {
				if !names[n] {
					t.Errorf("accessibility tree: no button named %q", n)
				}
			}
			if names["← Usuń znak"] || names["⇧ Wielkie litery"] {
				t.Error("accessibility tree: a key's name includes its glyph, want the word alone")
			}
			vs, err := axeRun(ctx, false)
			if err != nil {
				return err
			}
			if len(vs) != 0 {
				t.Errorf("axe with the keyboard open: got %d violations, want none:%s", len(vs), report(vs))
			}

			// Shift makes one capital; Backspace and Clear delete.
			for _, sel := range []string{`[data-key="shift"]`, `[data-char="ł"]`, `[data-char="a"]`} {
				if err := tap(ctx, ".bk-osk__layout:not([hidden]) "+sel); err != nil {
					return err
				}
			}
			if s, err = waitOSK(ctx, time.Second, "Ła", func(s oskState) bool { return s.Value == "Ła" }); err != nil {
				t.Errorf("Shift, ł, a: %v", err)
			}
			if s.Shift != "false" {
				t.Errorf("after one capital: Shift aria-pressed got %q, want false", s.Shift)
			}
			if err := tap(ctx, `.bk-osk__layout:not([hidden]) [data-key="backspace"]`); err != nil {
				return err
			}
			if _, err = waitOSK(ctx, time.Second, "Ł", func(s oskState) bool { return s.Value == "Ł" }); err != nil {
				t.Errorf("Backspace: %v", err)
			}
			if err := tap(ctx, `.bk-osk__layout:not([hidden]) [data-key="clear"]`); err != nil {
				return err
			}
			if _, err = waitOSK(ctx, time.Second, "an empty field", func(s oskState) bool { return s.Value == "" }); err != nil {
				t.Errorf("Clear: %v", err)
			}

			const q = "pomoc społeczna"
			if err := tapType(ctx, q); err != nil {
				return err
			}
			s, err = waitOSK(ctx, 5*time.Second, "the typed query and its suggestions", func(s oskState) bool {
				return s.Value == q && s.Suggested > 0
			})
			if err != nil {
				return err
			}
			if s.Focus != "bk-search-q" || s.Combobox != "true" {
				t.Errorf("after typing: got %+v, want focus still in the field and the suggestions open", s)
			}
			kioskShot(t, ctx, "kiosk-keyboard.png")
			if err := tap(ctx, `.bk-osk__layout:not([hidden]) [data-key="submit"]`); err != nil {
				return err
			}
			s, err = waitOSK(ctx, 10*time.Second, "the results page", func(s oskState) bool { return s.Path == "/szukaj" && s.First != "" })
			if err != nil {
				return err
			}
			if s.Query != "?q="+q || s.Value != q {
				t.Errorf("results: got query %q and field %q, want ?q=%s in both", s.Query, s.Value, q)
			}
			if !strings.Contains(s.First, "MOPS") && !strings.Contains(s.First, "Ośrodek Pomocy Społecznej") {
				t.Errorf("results: first got %q, want the MOPS page", s.First)
			}
			return nil
		})
	})
	t.Run("ukrainian by touch", func(t *testing.T) {
		t.Parallel()
		ctx := touchTab(t)
		withAxe(t, ctx)
		within(t, ctx, 60*time.Second, func(ctx context.Context) error {
			q := url.Values{"lang": {"uk"}, "wroc": {"/"}}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ustawienia/ustaw?"+q.Encode())); err != nil {
				return err
			}
			if _, err := waitOSK(ctx, 5*time.Second, "the toggle", func(s oskState) bool { return s.ToggleOn }); err != nil {
				return err
			}
			if err := tap(ctx, ".bk-search__osk"); err != nil {
				return err
			}
			s, err := waitOSK(ctx, 2*time.Second, "the keyboard to open", func(s oskState) bool { return s.Open })
			if err != nil {
				return err
			}
			if s.Layout != "uk" {
				t.Errorf("Ukrainian interface: got layout %q, want uk", s.Layout)
			}
			checkKeys(t, ctx, "uk")
			vs, err := axeRun(ctx, false)
			if err != nil {
				return err
			}
			if len(vs) != 0 {
				t.Errorf("axe with the Ukrainian keyboard open: got %d violations, want none:%s", len(vs), report(vs))
			}
			if err := tapType(ctx, "допомога"); err != nil {
				return err
			}
			if _, err := waitOSK(ctx, 2*time.Second, "допомога", func(s oskState) bool { return s.Value == "допомога" }); err != nil {
				return err
			}
			kioskShot(t, ctx, "kiosk-keyboard-uk.png")
			if err := tap(ctx, `.bk-osk__layout:not([hidden]) [data-key="switch"]`); err != nil {
				return err
			}
			if s, err = waitOSK(ctx, time.Second, "the Latin layout", func(s oskState) bool { return s.Layout == "pl" }); err != nil {
				return err
			}
			checkKeys(t, ctx, "pl in uk")
			if err := tapType(ctx, " mops"); err != nil {
				return err
			}
			if err := tap(ctx, `.bk-osk__layout:not([hidden]) [data-key="switch"]`); err != nil {
				return err
			}
			s, err = waitOSK(ctx, time.Second, "the Ukrainian layout again", func(s oskState) bool { return s.Layout == "uk" })
			if err != nil {
				return err
			}
			if s.Value != "допомога mops" || s.Focus != "bk-search-q" {
				t.Errorf("after switching twice: got %+v, want field %q and focus in it", s, "допомога mops")
			}
			return nil
		})
	})
	t.Run("keyboard only", func(t *testing.T) {
		t.Parallel()
		ctx := tab(t, 1080, 1920)
		within(t, ctx, 60*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.Focus(chromedp.CSS("#bk-search-q"))); err != nil {
				return err
			}
			// The hardware keyboard types into the field as ever.
			if err := chromedp.Do(ctx, chromedp.KeyEvent("mops")); err != nil {
				return err
			}
			if _, err := waitOSK(ctx, 5*time.Second, "the toggle", func(s oskState) bool { return s.ToggleOn && s.Value == "mops" }); err != nil {
				return err
			}
			f, _, err := tabUntil(ctx, 3, func(f focused) bool { return f.Expanded != "" })
			if err != nil {
				return err
			}
			if f.Text != "Klawiatura" {
				t.Errorf("Tab after the field: got %s, want the Klawiatura toggle", f)
			}
			if err := press(ctx, kb.Enter, false); err != nil {
				return err
			}
			s, err := waitOSK(ctx, time.Second, "the keyboard to open", func(s oskState) bool { return s.Open })
			if err != nil {
				return err
			}
			if s.Expanded != "true" || s.Focus != "bk-search__osk" {
				t.Errorf("Enter on the toggle: got %+v, want expanded with focus kept on the toggle", s)
			}
			// Into the panel: past Szukaj to the first key, "1".
			f, invisible, err := tabUntil(ctx, 3, func(f focused) bool { return strings.Contains(f.Path, "bk-osk") })
			if err != nil {
				return err
			}
			if f.Text != "1" || len(invisible) > 0 {
				t.Errorf("Tab into the keyboard: got %s (invisible focus on %v), want key 1 with visible focus", f, invisible)
			}
			if err := press(ctx, " ", false); err != nil {
				return err
			}
			if s, err = waitOSK(ctx, time.Second, "mops1", func(s oskState) bool { return s.Value == "mops1" }); err != nil {
				return err
			}
			if s.Focus == "bk-search-q" {
				t.Error("Space on a key moved focus to the field, want it kept on the key")
			}
			if err := press(ctx, kb.Escape, false); err != nil {
				return err
			}
			s, err = waitOSK(ctx, time.Second, "the keyboard to close", func(s oskState) bool { return !s.Open })
			if err != nil {
				return err
			}
			if s.Focus != "bk-search__osk" || s.Expanded != "false" {
				t.Errorf("Escape in the keyboard: got %+v, want it closed and focus back on the toggle", s)
			}
			return nil
		})
	})
	t.Run("screen reader hears the keys", func(t *testing.T) {
		t.Parallel()
		ctx := tab(t, 1080, 1920)
		withAxe(t, ctx)
		within(t, ctx, 60*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.Focus(chromedp.CSS("#bk-search-q"))); err != nil {
				return err
			}
			if _, err := waitOSK(ctx, 5*time.Second, "the toggle", func(s oskState) bool { return s.ToggleOn }); err != nil {
				return err
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".bk-search__osk"))); err != nil {
				return err
			}
			if _, err := waitOSK(ctx, 2*time.Second, "the keyboard to open", func(s oskState) bool { return s.Open }); err != nil {
				return err
			}
			region, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			  const r = document.getElementById("bk-osk-said");
			  return r ? r.getAttribute("aria-live") + (r.closest("[hidden]") ? " hidden" : "") : "";
			})()`))
			if err != nil {
				return err
			}
			if region != "polite" {
				t.Errorf("live region: got %q, want a polite one outside the hidden panel", region)
			}
			// A key pressed with focus on it (Tab, or a screen reader's
			// virtual cursor): the live region says what it typed.
			steps := []struct {
				key   string // selector in the shown layout
				value string // the field after it
				said  string
			}{
				{key: `[data-char="ą"]`, value: "ą", said: "ą"},
				{key: `[data-char="ą"]`, value: "ąą", said: "ą"},
				{key: `[data-key="space"]`, value: "ąą ", said: "spacja"},
				{key: `[data-key="backspace"]`, value: "ąą", said: "usunięto znak"},
				{key: `[data-key="shift"]`, value: "ąą", said: "usunięto znak"}, // Shift says "pressed" itself
				{key: `[data-char="ł"]`, value: "ąąŁ", said: "Ł"},
				{key: `[data-key="clear"]`, value: "", said: "wyczyszczono pole"},
			}
			prev, prevRaw := "", ""
			for _, st := range steps {
				sel := ".bk-osk__layout:not([hidden]) " + st.key
				if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(sel))); err != nil {
					return err
				}
				if err := press(ctx, kb.Enter, false); err != nil {
					return err
				}
				if _, err := waitOSK(ctx, time.Second, st.value, func(s oskState) bool { return s.Value == st.value }); err != nil {
					t.Errorf("%s: %v", st.key, err)
				}
				said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("bk-osk-said").textContent`))
				if err != nil {
					return err
				}
				if strings.TrimSpace(strings.ReplaceAll(said, "\u00a0", " ")) != st.said {
					t.Errorf("%s: live region got %q, want %q", st.key, said, st.said)
				}
				if st.said == prev && st.key != `[data-key="shift"]` && said == prevRaw {
					t.Errorf("%s: live region text did not change for a repeated key, so it is not announced again", st.key)
				}
				prev, prevRaw = st.said, said
			}
			// A tap leaves focus in the field, where the screen reader speaks the value itself.
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#bk-search-q")),
				chromedp.Click(chromedp.CSS(`.bk-osk__layout:not([hidden]) [data-char="m"]`))); err != nil {
				return err
			}
			s, err := waitOSK(ctx, time.Second, "m", func(s oskState) bool { return s.Value == "m" })
			if err != nil {
				return err
			}
			said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("bk-osk-said").textContent`))
			if err != nil {
				return err
			}
			if s.Focus != "bk-search-q" || strings.TrimSpace(strings.ReplaceAll(said, "\u00a0", " ")) != "wyczyszczono pole" {
				t.Errorf("a click with focus in the field: got focus %q and live region %q, want the field and nothing new", s.Focus, said)
			}
			vs, err := axeRun(ctx, false)
			if err != nil {
				return err
			}
			if len(vs) != 0 {
				t.Errorf("axe after speaking keys: got %d violations, want none:%s", len(vs), report(vs))
			}
			return nil
		})
	})
	t.Run("no script", func(t *testing.T) {
		t.Parallel()
		ctx := scriptlessTab(t, 1080, 1920)
		within(t, ctx, 30*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
				return err
			}
			s, err := chromedp.Run(ctx, chromedp.Evaluate[oskState](oskStateJS))
			if err != nil {
				return err
			}
			if s.ToggleOn || s.Open {
				t.Errorf("without scripts: got %+v, want neither the toggle nor the keyboard", s)
			}
			return nil
		})
	})
}
