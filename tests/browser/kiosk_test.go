package browser

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"bipkiosk/internal/web"
)

// kioskIdle is the browser tests' idle timeout: short enough to wait for,
// long enough for a page to load. The countdown is a quarter of it.
const (
	kioskIdle      = 12 * time.Second
	kioskCountdown = 3 * time.Second
)

// kioskSite serves the shared bulletin as a browser kiosk with a short idle timeout.
func kioskSite(t *testing.T) string {
	t.Helper()
	return serveShared(t, web.Deps{Shell: web.ShellWeb, Kiosk: true, IdleTimeout: kioskIdle})
}

// pageState is what the idle tests read from the page.
type pageState struct {
	Path       string `json:"path"`
	Lang       string `json:"lang"`
	Class      string `json:"class"`
	DialogOpen bool   `json:"dialogOpen"`
	Role       string `json:"role"`
	Focus      string `json:"focus"`  // class of the focused element
	Status     string `json:"status"` // the polite announcement
	H1         string `json:"h1"`
}

const pageStateJS = `(() => {
  const d = document.querySelector(".bk-idle"), a = document.activeElement, h = document.querySelector("h1");
  return {path: location.pathname, lang: document.documentElement.lang, class: document.documentElement.className,
    dialogOpen: !!(d && d.open), role: d ? d.getAttribute("role") || "" : "", focus: a ? a.className : "",
    status: (document.querySelector(".bk-idle__status") || {}).textContent || "", h1: h ? h.textContent.trim() : ""};
})()`

// waitState polls the page until ok accepts its state.
func waitState(ctx context.Context, d time.Duration, what string, ok func(pageState) bool) (pageState, error) {
	return waitFor(ctx, d, 100*time.Millisecond, pageStateJS, what, ok)
}

// setReaderSettings changes the language and turns the low-vision version on,
// as a visitor would, opens the site map and checks the server took it.
func setReaderSettings(t *testing.T, ctx context.Context, base string) error {
	q := url.Values{"lang": {"uk"}, "lowvision": {"1"}, "wroc": {"/mapa"}}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ustawienia/ustaw?"+q.Encode())); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mapa")); err != nil {
		return err
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](pageStateJS))
	if err != nil {
		return err
	}
	if s.Lang != "uk" || !hasClass(s.Class, "bk-lowvision") {
		t.Fatalf("settings change: got lang %q class %q, want uk and bk-lowvision", s.Lang, s.Class)
	}
	return nil
}

// kioskShot saves what the touch screen shows, when $BIPKIOSK_SHOTS asks for screenshots.
func kioskShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("BIPKIOSK_SHOTS") == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("browser: screenshot %s: %v", name, err)
		return
	}
	saveShot(t, name, png)
}

// isHomeDefault reports the home page in the default settings.
func isHomeDefault(s pageState) bool {
	return s.Lang == "pl" && hasClass(s.Class, "bk-theme-default") && hasClass(s.Class, "bk-text-100") &&
		!hasClass(s.Class, "bk-lowvision") && hasClass(s.Class, "bk-kiosk") && s.H1 != ""
}

// TestKioskIdleReset leaves a kiosk alone after changing its settings: the
// countdown dialog must appear after the timeout, pass axe, take focus and
// give way to "Continue"; left alone again, the kiosk must show the home page
// in the default settings. Without scripts the meta refresh must do the same.
func TestKioskIdleReset(t *testing.T) {
	base := kioskSite(t)
	t.Run("script", func(t *testing.T) {
		t.Parallel()
		ctx := tab(t, 1080, 1920)
		withAxe(t, ctx)
		within(t, ctx, 90*time.Second, func(ctx context.Context) error {
			if err := setReaderSettings(t, ctx, base); err != nil {
				return err
			}
			start := time.Now()
			s, err := waitState(ctx, kioskIdle+10*time.Second, "the idle dialog", func(s pageState) bool { return s.DialogOpen })
			if err != nil {
				return err
			}
			if waited := time.Since(start); waited < kioskIdle-time.Second {
				t.Errorf("dialog opened after %s, want about %s without input", waited, kioskIdle)
			}
			if s.Role != "alertdialog" || s.Focus != "bk-button bk-idle__continue" || s.Status == "" || s.Path != "/mapa" {
				t.Errorf("open dialog: got %+v, want role alertdialog, focus on Continue, a status announcement, still on /mapa", s)
			}
			// Stop the countdown so axe has time, then check the page with the dialog open.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const top = setInterval(() => {}, 1e6); for (let i = 0; i <= top; i++) clearInterval(i); return true; })()`)); err != nil {
				return err
			}
			vs, err := axeRun(ctx, true)
			if err != nil {
				return err
			}
			if len(vs) != 0 {
				t.Errorf("axe on the open idle dialog: got %d violations, want none:%s", len(vs), report(vs))
			}
			kioskShot(t, ctx, "kiosk-idle-dialog.png")
			if err := press(ctx, kb.Enter, false); err != nil {
				return err
			}
			if s, err = waitState(ctx, 2*time.Second, "the dialog to close", func(s pageState) bool { return !s.DialogOpen }); err != nil {
				t.Errorf("Enter on Continue: %v", err)
			}
			if s.Path != "/mapa" || s.Lang != "uk" {
				t.Errorf("after Continue: got %+v, want /mapa in Ukrainian still", s)
			}

			// Again with live timers: input half-way through postpones the dialog.
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mapa")); err != nil {
				return err
			}
			time.Sleep(kioskIdle / 2)
			if err := press(ctx, kb.ArrowDown, false); err != nil {
				return err
			}
			input := time.Now()
			if _, err := waitState(ctx, kioskIdle+10*time.Second, "the idle dialog after input", func(s pageState) bool { return s.DialogOpen }); err != nil {
				return err
			}
			if waited := time.Since(input); waited < kioskIdle-time.Second {
				t.Errorf("dialog opened %s after a key press, want about %s", waited, kioskIdle)
			}
			opened := time.Now()
			// The reset page loads at the reset path; its script then names it
			// "/" in the address: wait for both, the test below holds the result.
			s, err = waitState(ctx, kioskCountdown+10*time.Second, "the reset to the home page at /", func(s pageState) bool {
				return isHomeDefault(s) && s.Path == "/"
			})
			if err != nil {
				return err
			}
			if waited := time.Since(opened); waited < kioskCountdown-500*time.Millisecond {
				t.Errorf("reset %s after the dialog opened, want about %s", waited, kioskCountdown)
			}
			if s.Path != "/" || s.DialogOpen {
				t.Errorf("after the reset: got %+v, want the home page at / with the dialog closed", s)
			}
			// The reset is kept: the next page is in the default settings too.
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/mapa")); err != nil {
				return err
			}
			if s, err = waitState(ctx, 5*time.Second, "default settings", func(s pageState) bool { return s.Lang != "" }); err != nil {
				return err
			}
			if s.Lang != "pl" || hasClass(s.Class, "bk-lowvision") {
				t.Errorf("next page after the reset: got lang %q class %q, want pl without bk-lowvision", s.Lang, s.Class)
			}
			return nil
		})
	})
	t.Run("no script", func(t *testing.T) {
		t.Parallel()
		ctx := scriptlessTab(t, 1080, 1920)
		within(t, ctx, 60*time.Second, func(ctx context.Context) error {
			if err := setReaderSettings(t, ctx, base); err != nil {
				return err
			}
			start := time.Now()
			s, err := waitState(ctx, kioskIdle+kioskCountdown+10*time.Second, "the meta refresh reset", isHomeDefault)
			if err != nil {
				return err
			}
			if waited := time.Since(start); waited < kioskIdle+kioskCountdown-time.Second {
				t.Errorf("meta refresh reset after %s, want about %s", waited, kioskIdle+kioskCountdown)
			}
			if s.Path != "/kiosk/reset" || s.DialogOpen {
				t.Errorf("without scripts: got %+v, want the home page rendered at /kiosk/reset, no dialog", s)
			}
			return nil
		})
	})
}

// TestKioskQRPage checks the external-address page of a kiosk on a touch
// screen: the QR code is drawn, named, black on white, and axe finds nothing.
func TestKioskQRPage(t *testing.T) {
	base := kioskSite(t)
	ctx := tab(t, 1080, 1920)
	withAxe(t, ctx)
	const u = "https://www.gov.pl/bip"
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/zewnetrzny?u="+url.QueryEscape(u))); err != nil {
			return err
		}
		type qrState struct {
			Name  string  `json:"name"`
			Width float64 `json:"width"`
			Bg    string  `json:"bg"`
		}
		q, err := chromedp.Run(ctx, chromedp.Evaluate[qrState](`(() => { const s = document.querySelector("svg.bk-qr__code");
		  if (!s) return {name: "", width: 0, bg: ""};
		  return {name: s.getAttribute("aria-label"), width: s.getBoundingClientRect().width, bg: getComputedStyle(s).backgroundColor}; })()`))
		if err != nil {
			return err
		}
		if q.Name != "Kod QR adresu "+u || q.Width < 150 || q.Bg != "rgb(255, 255, 255)" {
			t.Errorf("QR code: got %+v, want named %q, at least 150 px wide, on white", q, "Kod QR adresu "+u)
		}
		kioskShot(t, ctx, "kiosk-qr.png")
		vs, err := axeRun(ctx, false)
		if err != nil {
			return err
		}
		if len(vs) != 0 {
			t.Errorf("axe on the kiosk QR page: got %d violations, want none:%s", len(vs), report(vs))
		}
		return nil
	})
}

// visitState is what the start-over test reads from the page.
type visitState struct {
	Path      string `json:"path"`
	H1        string `json:"h1"`
	Value     string `json:"value"` // the search field
	Lang      string `json:"lang"`
	Class     string `json:"class"` // the display settings on <html>
	BackShown bool   `json:"backShown"`
	BackOff   string `json:"backOff"` // aria-disabled of Back
	Session   string `json:"session"` // what the visitor left in sessionStorage
	Local     string `json:"local"`   // and in localStorage
	Menu      bool   `json:"menu"`    // a context menu event was not prevented
	Select    string `json:"select"`  // user-select of the Start over button
	Prose     string `json:"prose"`   // user-select of article text
}

const visitStateJS = `(() => {
  const h = document.querySelector("h1"), q = document.getElementById("bk-search-q"), b = document.querySelector("[data-module=bk-back]");
  const so = document.querySelector("[data-module=bk-start-over]"), prose = document.querySelector(".bk-prose p, main p");
  const ev = new MouseEvent("contextmenu", {bubbles: true, cancelable: true});
  const menu = (prose || document.body).dispatchEvent(ev);
  return {path: location.pathname, h1: h ? h.textContent.trim() : "", value: q ? q.value : "", lang: document.documentElement.lang,
    class: document.documentElement.className,
    backShown: !!b && !b.hidden, backOff: b ? b.getAttribute("aria-disabled") || "" : "",
    session: sessionStorage.getItem("visitor") || "", local: localStorage.getItem("visitor") || "", menu,
    select: so ? getComputedStyle(so).userSelect : "", prose: prose ? getComputedStyle(prose).userSelect : ""};
})()`

// waitVisit polls the page until ok accepts its state, and then once more a
// moment later: a page of the previous visitor must not come back.
func waitVisit(ctx context.Context, d time.Duration, what string, ok func(visitState) bool) (visitState, error) {
	end := time.Now().Add(d)
	var last visitState
	for time.Now().Before(end) {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[visitState](visitStateJS))
		if err == nil {
			last = s
			if ok(s) {
				time.Sleep(300 * time.Millisecond)
				if s, err = chromedp.Run(ctx, chromedp.Evaluate[visitState](visitStateJS)); err == nil && ok(s) {
					return s, nil
				}
			}
		} else if ctx.Err() != nil {
			return last, ctx.Err()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return last, fmt.Errorf("waited %s for %s: last state %+v", d, what, last)
}

// TestKioskStartOver walks through a visit by touch (a page, a search, the
// Back button), leaves traces in web storage and starts over: the home page
// must come back fresh, with nothing kept, and the browser's own Back must
// not reach the previous visitor's pages. Also: no context menu, and no
// text selection on controls but on article text.
func TestKioskStartOver(t *testing.T) {
	base := kioskSite(t)
	ctx := touchTab(t)
	within(t, ctx, 60*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			return err
		}
		home, err := waitVisit(ctx, 5*time.Second, "the home page", func(s visitState) bool { return s.BackShown })
		if err != nil {
			return err
		}
		if home.BackOff != "true" {
			t.Errorf("home page of a new visit: Back aria-disabled got %q, want true", home.BackOff)
		}
		if home.Menu || home.Select != "none" || home.Prose == "none" {
			t.Errorf("touch: got context menu allowed %v, user-select %q on a button and %q on text; want no menu, none, selectable text",
				home.Menu, home.Select, home.Prose)
		}
		// A visit: the site map by touch, then a search, then Back.
		if err := tap(ctx, `.bk-topnav__link[href="/mapa"]`); err != nil {
			return err
		}
		if _, err := waitVisit(ctx, 5*time.Second, "the site map", func(s visitState) bool { return s.Path == "/mapa" && s.BackShown }); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#bk-search-q"), "zasiłek\n")); err != nil {
			return err
		}
		s, err := waitVisit(ctx, 5*time.Second, "the results", func(s visitState) bool { return s.Path == "/szukaj" && s.BackShown })
		if err != nil {
			return err
		}
		if s.BackOff != "" || s.Value != "zasiłek" {
			t.Errorf("results: got %+v, want Back available and the query in the field", s)
		}
		if err := tap(ctx, `[data-module=bk-back]`); err != nil {
			return err
		}
		if _, err := waitVisit(ctx, 5*time.Second, "Back to the site map", func(s visitState) bool { return s.Path == "/mapa" }); err != nil {
			return err
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`history.forward(), true`)); err != nil {
			return err
		}
		if _, err := waitVisit(ctx, 5*time.Second, "forward to the results", func(s visitState) bool { return s.Path == "/szukaj" }); err != nil {
			return err
		}
		// The visitor turns the low-vision version on: the page they were on
		// comes back in it, and the history entry names that page, not the
		// settings change, so no Back can apply it again for the next visitor.
		if err := tap(ctx, `.bk-settings__group:nth-child(3) .bk-settings__link`); err != nil {
			return err
		}
		lowVision := func(s visitState) bool { return s.Path == "/szukaj" && strings.Contains(s.Class, "bk-lowvision") }
		if _, err := waitVisit(ctx, 5*time.Second, "the results in the low-vision version", lowVision); err != nil {
			return err
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`sessionStorage.setItem("visitor", "x"), localStorage.setItem("visitor", "x"), true`)); err != nil {
			return err
		}

		if err := tap(ctx, `[data-module=bk-start-over]`); err != nil {
			return err
		}
		fresh := func(s visitState) bool {
			return s.Path == "/" && s.H1 == home.H1 && s.Value == "" && s.BackShown && !strings.Contains(s.Class, "bk-lowvision")
		}
		if s, err = waitVisit(ctx, 5*time.Second, "the fresh home page", fresh); err != nil {
			return err
		}
		if s.Session != "" || s.Local != "" || s.BackOff != "true" {
			t.Errorf("after starting over: got %+v, want web storage empty and Back unavailable", s)
		}
		// The browser's Back, twice: each time the home page, never the
		// results or the site map of the visit before.
		for i := range 2 {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`history.back(), true`)); err != nil {
				return err
			}
			time.Sleep(300 * time.Millisecond)
			if s, err = waitVisit(ctx, 5*time.Second, "the home page after Back", fresh); err != nil {
				t.Errorf("Back %d after starting over: %v", i+1, err)
			}
		}
		return nil
	})
}

// coveredByBarJS scrolls every visible link, button and field of the page
// (the kiosk bar's own aside) into view from the top, as focus and a tap do
// ({block: "nearest"} stops at the bottom edge, less the scroll padding),
// and lists those whose centre the fixed kiosk bar then covers.
const coveredByBarJS = `(() => {
  const bar = document.querySelector(".bk-kiosknav"), out = [];
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")) {
    if (bar.contains(el) || el.getClientRects().length === 0) continue;
    window.scrollTo(0, 0);
    el.scrollIntoView({block: "nearest"});
    const r = el.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (hit && bar.contains(hit)) out.push((el.textContent || el.getAttribute("aria-label") || el.className).trim().slice(0, 40));
  }
  window.scrollTo(0, 0);
  return out;
})()`

// barMeasuredJS is whether the page holds the kiosk bar's current height.
const barMeasuredJS = `getComputedStyle(document.documentElement).getPropertyValue("--bk-kiosknav-height").trim() ===
  document.querySelector(".bk-kiosknav").offsetHeight + "px"`

// waitTrue polls js until it is true, for at most d.
func waitTrue(ctx context.Context, d time.Duration, js string) error {
	for end := time.Now().Add(d); ; time.Sleep(50 * time.Millisecond) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err != nil || ok {
			return err
		}
		if time.Now().After(end) {
			return fmt.Errorf("still false after %s", d)
		}
	}
}

// TestKioskBarCoversNothing checks, on a tall touch kiosk in every theme and
// text size that makes the bar grow, that nothing a visitor can tap or tab to
// ends up under the fixed bar at the foot of the screen (WCAG 2.4.11): the
// page keeps the bar's measured height free, not a guess.
func TestKioskBarCoversNothing(t *testing.T) {
	slow(t)
	s := &site{URL: kioskSite(t)}
	for _, m := range []mode{modes[0], modes[4]} {
		t.Run(m.name, func(t *testing.T) {
			ctx := withMode(t, s, m, "pl", 1080, 1920)
			within(t, ctx, 60*time.Second, func(ctx context.Context) error {
				for _, path := range []string{"/", "/mapa", "/szukaj?q=pomoc"} {
					if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+path)); err != nil {
						return err
					}
					// The bar's height is measured again after each layout
					// change (fonts arriving): wait for the page to hold it.
					if err := waitTrue(ctx, 5*time.Second, barMeasuredJS); err != nil {
						return fmt.Errorf("%s: the page never held the kiosk bar's height: %w", path, err)
					}
					covered, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](coveredByBarJS))
					if err != nil {
						return err
					}
					if len(covered) > 0 {
						return fmt.Errorf("%s: %d targets under the kiosk bar when scrolled to: %q", path, len(covered), covered)
					}
				}
				return nil
			})
		})
	}
}
