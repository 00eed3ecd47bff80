package browser

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"bipkiosk/internal/content"
	"bipkiosk/internal/web"
)

// The done-when journey of the documents step, on the default bulletin
// itself: a low-vision reader opens the sample scanned resolution of the
// budget page, reads it zoomed in yellow on black with its recognised text
// beside it, and finds it again by a word inside it; a kiosk visitor does
// the same by touch.

var (
	// scanArticle is the default bulletin's page that attaches the scan.
	scanArticle = "/p/" + content.NodeID("budzet/uchwala-budzetowa").String()
	// scanWord is on the scan's second page only (internal/defaultbulletin).
	scanWord = "termomodernizację"
)

// scanState is what the journey reads from the viewer.
type scanState struct {
	viewerState
	Class       string  `json:"class"`   // the html element's classes
	OCRNote     string  `json:"ocrNote"` // the "recognised automatically" note
	Text        string  `json:"text"`    // the page's text beside the image
	TextLeft    float64 `json:"textLeft"`
	TextTop     float64 `json:"textTop"`
	FrameLeft   float64 `json:"frameLeft"`
	FrameRight  float64 `json:"frameRight"`
	FrameTop    float64 `json:"frameTop"`
	FrameBottom float64 `json:"frameBottom"`
	ScrollWidth float64 `json:"scrollWidth"` // of the frame: the zoomed page pans
}

const scanStateJS = `(() => {
  const base = ` + viewerStateJS + `;
  const note = document.querySelector(".bk-viewer__ocr"), text = document.querySelector(".bk-viewer__page-text"),
    sec = document.querySelector(".bk-viewer__text"), frame = document.querySelector(".bk-viewer__frame");
  const tr = sec ? sec.getBoundingClientRect() : {left: 0, top: 0}, fr = frame ? frame.getBoundingClientRect() : {left: 0, right: 0, top: 0, bottom: 0};
  return Object.assign(base, {class: document.documentElement.className,
    ocrNote: note && note.getClientRects().length ? note.textContent.trim() : "", text: text ? text.textContent : "",
    textLeft: tr.left, textTop: tr.top, frameLeft: fr.left, frameRight: fr.right, frameTop: fr.top, frameBottom: fr.bottom,
    scrollWidth: frame ? frame.scrollWidth : 0});
})()`

func waitScan(ctx context.Context, what string, ok func(scanState) bool) (scanState, error) {
	return waitFor(ctx, 15*time.Second, 100*time.Millisecond, scanStateJS, what, ok)
}

// beside reports the page's text to the right of the image, level with it.
func (s scanState) beside() bool {
	return s.TextLeft >= s.FrameRight-1 && s.TextTop < s.FrameBottom && s.TextTop >= s.FrameTop-50
}

// checkScanPage1 wants the first page of the scan shown in the low-vision
// theme with its recognised text, marked as such, and the page drawn
// yellow on black.
func checkScanPage1(t *testing.T, ctx context.Context, s scanState) {
	t.Helper()
	if !hasClass(s.Class, "bk-lowvision") || s.Where != "Strona 1 z 2" {
		t.Errorf("scan: got class %q at %q, want the low-vision version at page 1 of 2", s.Class, s.Where)
	}
	if !strings.Contains(s.OCRNote, "rozpoznany automatycznie") {
		t.Errorf("scan: got OCR note %q, want the text marked as recognised automatically", s.OCRNote)
	}
	if !strings.Contains(s.Text, "Treść przykładowa") || !strings.Contains(s.Text, "§ 1. Ustala") {
		t.Errorf("scan: got page text %q, want the recognised sample note and § 1", s.Text)
	}
	if !strings.Contains(s.Filter, "bk-hc-light-on-dark") {
		t.Errorf("scan: got image filter %q, want the light-on-dark filter", s.Filter)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(".bk-viewer__frame"))
	if err != nil {
		t.Fatal(err)
	}
	yellowShare, blackShare, whiteShare := pageColours(t, shot)
	if yellowShare < 0.005 || blackShare < 0.6 || whiteShare > 0.01 {
		t.Errorf("scan page image: got %.3f yellow, %.3f black, %.3f white, want yellow ink on black paper", yellowShare, blackShare, whiteShare)
	}
}

// checkZoomed wants the page at 400 %: four times the frame's width, panning
// inside it, the page's text still on the page.
func checkZoomed(t *testing.T, s scanState) {
	t.Helper()
	if s.ImageWidth < 3.9*s.FrameWidth || s.ImageWidth > 4.1*s.FrameWidth || s.ScrollWidth < 3.9*s.FrameWidth {
		t.Errorf("zoom 400%%: got image %.0f px, scroll width %.0f px in a frame of %.0f px, want 4 times as wide", s.ImageWidth, s.ScrollWidth, s.FrameWidth)
	}
	if !strings.Contains(s.Text, "§ 1. Ustala") || s.OCRNote == "" {
		t.Errorf("zoom 400%%: got text %q, note %q, want the recognised text still shown", s.Text, s.OCRNote)
	}
}

// checkAxeAAA runs axe with the AAA contrast rules of the low-vision
// version on the page shown.
func checkAxeAAA(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	vs, err := axeRun(ctx, true)
	if err != nil {
		t.Fatalf("axe on %s: %v", what, err)
	}
	if len(vs) != 0 {
		t.Errorf("axe (AAA contrast) on %s: got %d violations, want none:%s", what, len(vs), report(vs))
	}
}

// resultHref is the first search result that opens an attachment's page.
const resultHrefJS = `(() => { const a = [...document.querySelectorAll(".bk-results__title a")].find(a => a.href.includes("/zalacznik/")); return a ? a.getAttribute("href") : ""; })()`

// TestScanJourneyLowVision walks the journey with a keyboard and mouse in
// the web reader.
func TestScanJourneyLowVision(t *testing.T) {
	s := theSite(t)
	ctx := tab(t, 1920, 1080) // a desktop screen: wide enough for the text beside the page in the large print
	withAxe(t, ctx)

	within(t, ctx, 120*time.Second, func(ctx context.Context) error {
		q := url.Values{"lowvision": {"1"}, "wroc": {scanArticle}}
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+settingsPath(q))); err != nil {
			return err
		}
		// The article's file: "Pokaż tekst" opens its pages in the viewer.
		if err := chromedp.Do(ctx, chromedp.Click(`a.bk-attachment__show`)); err != nil {
			return err
		}
		p1, err := waitScan(ctx, "the scan's first page in the viewer", func(s scanState) bool { return s.Loaded && s.Tools })
		if err != nil {
			return err
		}
		checkScanPage1(t, ctx, p1)
		if !p1.beside() {
			t.Errorf("scan at 100%%: got text at (%.0f, %.0f), frame from %.0f to %.0f across, %.0f to %.0f down; want the text beside the page",
				p1.TextLeft, p1.TextTop, p1.FrameLeft, p1.FrameRight, p1.FrameTop, p1.FrameBottom)
		}
		viewerShot(t, ctx, "scan-lowvision-100.png")
		checkAxeAAA(t, ctx, "the scan in the low-vision viewer")
		for range 6 {
			if err := chromedp.Do(ctx, chromedp.Click(`button[data-zoom="in"]`)); err != nil {
				return err
			}
		}
		z, err := waitScan(ctx, "zoom 400 %", func(s scanState) bool { return s.Level == "Powiększenie: 400%" })
		if err != nil {
			return err
		}
		checkZoomed(t, z)
		viewerShot(t, ctx, "scan-lowvision-400.png")

		// Found again by a word inside it, typed into the search field
		// under "Ustawienia i wyszukiwarka" (folded in the low-vision version).
		if err := openTools(ctx, false); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys("#bk-search-q", scanWord+kb.Enter)); err != nil {
			return err
		}
		href, err := waitFor(ctx, 10*time.Second, 100*time.Millisecond, resultHrefJS, "a result opening the scan", func(h string) bool { return h != "" })
		if err != nil {
			return err
		}
		viewerShot(t, ctx, "scan-lowvision-search.png")
		if !strings.Contains(href, "strona=2") {
			t.Errorf("search %q: got result %q, want the viewer at page 2", scanWord, href)
		}
		if err := chromedp.Do(ctx, chromedp.Click(`.bk-results__title a[href*="/zalacznik/"]`)); err != nil {
			return err
		}
		p2, err := waitScan(ctx, "the result's page in the viewer", func(s scanState) bool { return s.Loaded && s.Where != "" })
		if err != nil {
			return err
		}
		if p2.Where != "Strona 2 z 2" || p2.Search != "?strona=2" || !strings.Contains(p2.Text, scanWord) {
			t.Errorf("from the result: got %q at %q with text %q, want page 2 of 2 with %q", p2.Where, p2.Search, p2.Text, scanWord)
		}
		return nil
	})
}

// TestScanJourneyKiosk walks the journey by touch on a kiosk: taps, a
// swipe to the next page, the zoom buttons and the on-screen keyboard.
func TestScanJourneyKiosk(t *testing.T) {
	base := serveShared(t, web.Deps{Shell: web.ShellWeb, Kiosk: true, IdleTimeout: 5 * time.Minute})
	ctx := touchTab(t)
	withAxe(t, ctx)
	within(t, ctx, 150*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+scanArticle)); err != nil {
			return err
		}
		// The low-vision version from the settings bar, by touch.
		if err := tap(ctx, `a.bk-settings__link[href*="lowvision"]`); err != nil {
			return err
		}
		if _, err := waitState(ctx, 10*time.Second, "the low-vision version", func(s pageState) bool { return hasClass(s.Class, "bk-lowvision") }); err != nil {
			return err
		}
		// In a kiosk the file's title opens its page, the viewer.
		if err := tap(ctx, `.bk-table a[href*="/zalacznik/"]`); err != nil {
			return err
		}
		p1, err := waitScan(ctx, "the scan's first page in the viewer", func(s scanState) bool { return s.Loaded && s.Tools })
		if err != nil {
			return err
		}
		checkScanPage1(t, ctx, p1)
		kioskShot(t, ctx, "scan-kiosk-page1.png")

		// A swipe to the left turns to page 2.
		if err := swipeLeft(ctx); err != nil {
			return err
		}
		p2, err := waitScan(ctx, "page 2 after a swipe", func(s scanState) bool { return s.Where == "Strona 2 z 2" && s.Loaded })
		if err != nil {
			return err
		}
		if !strings.Contains(p2.Text, scanWord) {
			t.Errorf("page 2: got text %q, want %q in it", p2.Text, scanWord)
		}
		for range 6 {
			if err := tap(ctx, `button[data-zoom="in"]`); err != nil {
				return err
			}
		}
		z, err := waitScan(ctx, "zoom 400 % by touch", func(s scanState) bool { return s.Level == "Powiększenie: 400%" })
		if err != nil {
			return err
		}
		if z.ImageWidth < 3.9*z.FrameWidth {
			t.Errorf("zoom by touch: got image %.0f px in a frame of %.0f px, want 4 times as wide", z.ImageWidth, z.FrameWidth)
		}
		kioskShot(t, ctx, "scan-kiosk-400.png")
		checkAxeAAA(t, ctx, "the zoomed scan on the low-vision kiosk")

		// Found again by typing the word on the on-screen keyboard.
		if err := openTools(ctx, true); err != nil {
			return err
		}
		if err := tap(ctx, ".bk-search__osk"); err != nil {
			return err
		}
		if _, err := waitOSK(ctx, 5*time.Second, "the keyboard to open", func(s oskState) bool { return s.Open }); err != nil {
			return err
		}
		for _, r := range scanWord {
			if err := tapClear(ctx, fmt.Sprintf(`.bk-osk__layout:not([hidden]) [data-char=%q]`, string(r))); err != nil {
				return err
			}
		}
		kioskShot(t, ctx, "scan-kiosk-keyboard.png")
		if err := tapClear(ctx, `.bk-osk__layout:not([hidden]) [data-key="submit"]`); err != nil {
			return err
		}
		href, err := waitFor(ctx, 10*time.Second, 100*time.Millisecond, resultHrefJS, "a result opening the scan", func(h string) bool { return h != "" })
		if err != nil {
			s, _ := chromedp.Run(ctx, chromedp.Evaluate[oskState](oskStateJS))
			return fmt.Errorf("%w; the page: %+v", err, s)
		}
		if !strings.Contains(href, "strona=2") {
			t.Errorf("search %q by touch: got result %q, want the viewer at page 2", scanWord, href)
		}
		kioskShot(t, ctx, "scan-kiosk-search.png")
		if err := tap(ctx, `.bk-results__title a[href*="/zalacznik/"]`); err != nil {
			return err
		}
		r, err := waitScan(ctx, "the result's page", func(s scanState) bool { return s.Loaded && s.Where != "" })
		if err != nil {
			return err
		}
		if r.Where != "Strona 2 z 2" || !strings.Contains(r.Text, scanWord) || !hasClass(r.Class, "bk-lowvision") {
			t.Errorf("from the result by touch: got %q, class %q, want page 2 of 2 in the low-vision version", r.Where, r.Class)
		}
		return nil
	})
}

// tapClear taps the first visible element sel matches after scrolling it
// to the middle of the screen, where the kiosk's fixed bar at the bottom
// does not cover it (tap scrolls it only as far as the edge), and checks
// that the finger lands on it.
func tapClear(ctx context.Context, sel string) error {
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
	  const el = [...document.querySelectorAll(`+strconv.Quote(sel)+`)].find(e => e.getClientRects().length > 0);
	  if (!el) return false;
	  el.scrollIntoView({block: "center"});
	  const r = el.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
	  return !!hit && el.contains(hit);
	})()`))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("tap: %s is not shown uncovered in the middle of the screen", sel)
	}
	return tap(ctx, sel)
}

// openTools unfolds the header's settings and search, by a click or a tap,
// when they are folded.
func openTools(ctx context.Context, touch bool) error {
	open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const d = document.querySelector("details.bk-tools"); return !d || d.open; })()`))
	if err != nil || open {
		return err
	}
	if touch {
		err = tap(ctx, "summary.bk-tools__summary")
	} else {
		err = chromedp.Do(ctx, chromedp.Click("summary.bk-tools__summary"))
	}
	if err != nil {
		return err
	}
	_, err = waitFor(ctx, 5*time.Second, 50*time.Millisecond, `document.querySelector("details.bk-tools").open`, "the tools unfolded", func(o bool) bool { return o })
	return err
}

// swipeLeft drags a finger across the viewer's page from right to left.
func swipeLeft(ctx context.Context) error {
	p, err := chromedp.Run(ctx, chromedp.Evaluate[point](`(() => {
	  const f = document.querySelector(".bk-viewer__frame"); f.scrollIntoView({block: "center"});
	  const r = f.getBoundingClientRect(); return {x: r.left + r.width * 0.8, y: r.top + r.height / 2};
	})()`))
	if err != nil {
		return err
	}
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		touch := func(typ input.DispatchTouchEventType, x float64) error {
			pts := []*input.TouchPoint{{X: x, Y: p.Y}}
			if typ == input.DispatchTouchEventTypeTouchEnd {
				pts = []*input.TouchPoint{}
			}
			_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
			return err
		}
		if err := touch(input.DispatchTouchEventTypeTouchStart, p.X); err != nil {
			return err
		}
		for x := p.X - 40; x > p.X-300; x -= 40 {
			if err := touch(input.DispatchTouchEventTypeTouchMove, x); err != nil {
				return fmt.Errorf("swipe: %w", err)
			}
		}
		return touch(input.DispatchTouchEventTypeTouchEnd, p.X-300)
	}))
}
