package browser

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"bipkiosk/internal/printing"
	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

const operatorPIN = "2468"

// operatorSite serves the shared bulletin as a touch kiosk with an operator
// PIN and printing turned off.
func operatorSite(t *testing.T) string {
	t.Helper()
	return serveShared(t, web.Deps{Shell: web.ShellWeb, Kiosk: true, OperatorPIN: operatorPIN, Print: printing.Mode{Kind: printing.Off}})
}

// pinState is what the PIN tests read from the page.
type pinState struct {
	H1      string `json:"h1"`
	Alert   string `json:"alert"`
	Invalid string `json:"invalid"`
	Token   string `json:"token"`
	CSV     string `json:"csv"`
	Rows    int    `json:"rows"`
}

const pinStateJS = `(() => {
  const h = document.querySelector("h1"), a = document.querySelector('[role="alert"]'),
    i = document.querySelector("#bk-pin-input"), t = document.querySelector('input[name="t"]'),
    c = document.querySelector('form[action="/obsluga/zapisz"]');
  return {h1: h ? h.textContent.trim() : "", alert: a ? a.textContent.trim() : "",
    invalid: i ? i.getAttribute("aria-invalid") || "" : "", token: t ? t.value : "",
    csv: c ? c.getAttribute("action") : "", rows: document.querySelectorAll("#bk-op-visits ~ * tbody tr, .bk-section tbody tr").length};
})()`

// typePIN touches the on-screen digits and the submit button, as a visitor
// at a screen without a keyboard does.
func typePIN(ctx context.Context, pin string) error {
	for _, d := range pin {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`.bk-pin__key[data-digit="%c"]`, d)))); err != nil {
			return err
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.bkOld = true`)); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.bk-pin button[type="submit"]`))); err != nil {
		return err
	}
	return waitNewPage(ctx)
}

// waitNewPage waits until the page marked with window.bkOld has been
// replaced by a loaded one.
func waitNewPage(ctx context.Context) error {
	end := time.Now().Add(15 * time.Second)
	for time.Now().Before(end) {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.bkOld && document.readyState === "complete"`))
		if err == nil && done {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("waited 15s for the form's answer")
}

// TestOperatorScreen walks the operator screen on a portrait touch kiosk: a
// wrong PIN is refused with an announced error, the right one opens the
// screen, the CSV holds this terminal's visits; axe and 44 px targets on
// every step; and with --print=off no article offers printing.
func TestOperatorScreen(t *testing.T) {
	base := operatorSite(t)
	ctx := tab(t, 1080, 1920)
	withAxe(t, ctx)
	var mops string
	err := sharedSite.st.Read(func(r *store.Reader) error {
		for _, p := range web.ScreenPaths(r) {
			if strings.HasPrefix(p, "/p/") && strings.Count(p, "/") == 2 && mops == "" {
				if n, err := r.Node(uuidOf(p)); err == nil && n.Body != "" {
					mops = p
				}
			}
		}
		return nil
	})
	if err != nil || mops == "" {
		t.Fatalf("no article to visit (err %v)", err)
	}
	axe := func(ctx context.Context, what string) error {
		vs, err := axeRun(ctx, false)
		if err != nil {
			return err
		}
		if len(vs) > 0 {
			t.Errorf("%s: axe found %d violations:%s", what, len(vs), report(vs))
		}
		small, err := chromedp.Run(ctx, chromedp.Evaluate[[]target](targetsJS+"(44)"))
		if err != nil {
			return err
		}
		for _, s := range small {
			t.Errorf("%s: target below 44 px: %s", what, s)
		}
		return nil
	}
	within(t, ctx, 90*time.Second, func(ctx context.Context) error {
		// Visits to count, and no print link in an article.
		for range 2 {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+mops)); err != nil {
				return err
			}
		}
		prints, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href*="/druk"], form[action*="/druk"]').length`))
		if err != nil {
			return err
		}
		if prints != 0 {
			t.Errorf("%s with --print=off: got %d print controls, want none", mops, prints)
		}

		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/obsluga")); err != nil {
			return err
		}
		if err := axe(ctx, "PIN form"); err != nil {
			return err
		}
		if err := typePIN(ctx, "1111"); err != nil {
			return err
		}
		s, err := chromedp.Run(ctx, chromedp.Evaluate[pinState](pinStateJS))
		if err != nil {
			return err
		}
		if !strings.Contains(s.Alert, "Nieprawidłowy PIN") || s.Invalid != "true" || s.Token != "" {
			t.Errorf("wrong PIN: got %+v, want an alert, an invalid field and no session", s)
		}
		if err := axe(ctx, "PIN refused"); err != nil {
			return err
		}
		kioskShot(t, ctx, "operator-pin-refused")

		if err := typePIN(ctx, operatorPIN); err != nil {
			return err
		}
		if s, err = chromedp.Run(ctx, chromedp.Evaluate[pinState](pinStateJS)); err != nil {
			return err
		}
		if s.H1 != "Obsługa terminala" || s.Token == "" || s.CSV == "" || s.Alert != "" {
			t.Fatalf("right PIN: got %+v, want the operator screen with a session and the CSV form", s)
		}
		if err := axe(ctx, "operator screen"); err != nil {
			return err
		}
		kioskShot(t, ctx, "operator-screen")

		// The CSV is the answer to the screen's form, which posts the session.
		csvText, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			fmt.Sprintf(`fetch(%q, {method: "POST", body: new URLSearchParams({t: %q})}).then(r => r.ok ? r.text() : Promise.reject(new Error("CSV " + r.status)))`, s.CSV, s.Token),
			chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\ufeff"))).ReadAll()
		if err != nil {
			return fmt.Errorf("CSV does not parse: %w", err)
		}
		id := strings.TrimPrefix(mops, "/p/")
		found := false
		for _, r := range rows[1:] {
			if len(r) == 4 && r[2] == id {
				found = r[3] != "0" && r[3] != ""
			}
		}
		if len(rows) < 2 || strings.Join(rows[0], ",") != "Miejsce,Strona,Identyfikator strony,Odsłony" || !found {
			t.Errorf("CSV: got %q, want a header and a row for %s with its visits", rows, id)
		}

		// No address opens the screen, even with a live session in its query.
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/obsluga/panel?t="+url.QueryEscape(s.Token))); err != nil {
			return err
		}
		if s, err = chromedp.Run(ctx, chromedp.Evaluate[pinState](pinStateJS)); err != nil {
			return err
		}
		if s.Token != "" || s.CSV != "" {
			t.Errorf("GET of the panel with the session token: got %+v, want the PIN form", s)
		}
		return nil
	})
}

// uuidOf is the node id of a /p/{id} path.
func uuidOf(p string) uuid.UUID {
	id, _ := uuid.Parse(strings.TrimPrefix(p, "/p/"))
	return id
}

// walkState is what the walk test reads: the page shown and any operator
// screen on it.
type walkState struct {
	URL      string `json:"url"`
	H1       string `json:"h1"`
	PINForm  bool   `json:"pinForm"`
	Screen   bool   `json:"screen"` // a part only the operator screen has
	Token    bool   `json:"token"`
	KioskNav bool   `json:"kioskNav"`
}

const walkStateJS = `(() => {
  const h = document.querySelector("h1");
  return {url: location.pathname + location.search, h1: h ? h.textContent.trim() : "",
    pinForm: !!document.querySelector("#bk-pin-input"), screen: !!document.querySelector("#bk-op-bundle"),
    token: !!document.querySelector('input[name="t"]'), kioskNav: !!document.querySelector(".bk-kiosknav")};
})()`

// clickAndWait clicks sel and waits for the page it leads to.
func clickAndWait(ctx context.Context, sel string) error {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.bkOld = true`)); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		return err
	}
	return waitNewPage(ctx)
}

// TestOperatorLeaveAndBack is the reviewer's walk on a 1080 × 1920 kiosk:
// the operator enters the PIN, leaves for the home page, and the next
// visitor presses the kiosk's Back: what comes back must be the PIN form or
// the home page, never the operator screen, and the screen's address must
// not open it either.
func TestOperatorLeaveAndBack(t *testing.T) {
	base := operatorSite(t)
	ctx := tab(t, 1080, 1920)
	within(t, ctx, 60*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			return err
		}
		if err := clickAndWait(ctx, `a[href="/obsluga"]`); err != nil {
			return err
		}
		if err := typePIN(ctx, operatorPIN); err != nil {
			return err
		}
		s, err := chromedp.Run(ctx, chromedp.Evaluate[walkState](walkStateJS))
		if err != nil {
			return err
		}
		if !s.Screen || !s.Token {
			t.Fatalf("right PIN: got %+v, want the operator screen", s)
		}
		if s.KioskNav {
			t.Errorf("operator screen: got the kiosk's Home/Back bar, want none (the screen has its own end button)")
		}
		if strings.Contains(s.URL, "t=") {
			t.Errorf("operator screen address %q carries the session, want none", s.URL)
		}
		// The operator leaves by the home link; the next visitor presses Back.
		if err := clickAndWait(ctx, ".bk-header__home"); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-module="bk-back"]`), chromedp.NodeVisible)); err != nil {
			return err
		}
		// Back may restore the page from the back/forward cache, without a
		// load: wait until the page left is gone and what replaces it settles.
		var last walkState
		end := time.Now().Add(10 * time.Second)
		for settled := 0; settled < 5 && time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
			s, err := chromedp.Run(ctx, chromedp.Evaluate[walkState](walkStateJS))
			switch {
			case err != nil && ctx.Err() != nil:
				return err
			case err != nil || s.URL == "/":
				settled = 0
			case s == last:
				settled++
			default:
				last, settled = s, 0
			}
		}
		if last.Screen || last.Token || !last.PINForm {
			t.Errorf("Back after the operator left: got %+v, want the PIN form", last)
		}
		for _, p := range []string{"/obsluga/panel", "/obsluga"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
				return err
			}
			if s, err = chromedp.Run(ctx, chromedp.Evaluate[walkState](walkStateJS)); err != nil {
				return err
			}
			if s.Screen || !s.PINForm {
				t.Errorf("GET %s after the operator left: got %+v, want the PIN form", p, s)
			}
		}
		return nil
	})
}
