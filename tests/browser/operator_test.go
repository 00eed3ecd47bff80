package browser

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http/httptest"
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
	theSite(t)
	h, err := web.NewHandler(web.Deps{Store: sharedSite.st, Shell: web.ShellWeb, Kiosk: true,
		OperatorPIN: operatorPIN, Print: printing.Mode{Kind: printing.Off}})
	if err != nil {
		t.Fatalf("browser: operator handler: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
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
    c = document.querySelector('a[href^="/obsluga/odwiedziny.csv"]');
  return {h1: h ? h.textContent.trim() : "", alert: a ? a.textContent.trim() : "",
    invalid: i ? i.getAttribute("aria-invalid") || "" : "", token: t ? t.value : "",
    csv: c ? c.getAttribute("href") : "", rows: document.querySelectorAll("#bk-op-visits ~ * tbody tr, .bk-section tbody tr").length};
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
			t.Fatalf("right PIN: got %+v, want the operator screen with a session and the CSV link", s)
		}
		if err := axe(ctx, "operator screen"); err != nil {
			return err
		}
		kioskShot(t, ctx, "operator-screen")

		csvText, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			fmt.Sprintf(`fetch(%q).then(r => r.ok ? r.text() : Promise.reject(new Error("CSV " + r.status)))`, s.CSV),
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

		// The session rides in the URL: the screen opens again with it, not without.
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/obsluga/panel?t="+url.QueryEscape(s.Token))); err != nil {
			return err
		}
		if s, err = chromedp.Run(ctx, chromedp.Evaluate[pinState](pinStateJS)); err != nil {
			return err
		}
		if s.Token == "" {
			t.Errorf("panel with the session token: got %+v, want the screen", s)
		}
		return nil
	})
}

// uuidOf is the node id of a /p/{id} path.
func uuidOf(p string) uuid.UUID {
	id, _ := uuid.Parse(strings.TrimPrefix(p, "/p/"))
	return id
}
