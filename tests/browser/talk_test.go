package browser

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"bipkiosk/internal/speech"
	"bipkiosk/internal/web"
)

// said is one phrase the page sent to synthesis.
type said struct {
	Lang, Speed, Text string
	Page              string // the desktop trace's sentences: the page read
	At                string // the desktop trace's time of the request
}

// speechLog is the test hook of the talking kiosk: in front of the real
// handler, it records every phrase the page asks the short-phrase endpoint
// (GET /mowa/powiedz) to synthesise, and every sentence the article's player
// asks for (GET /mowa/czytaj/…, as "czytaj/ID"), in order, and passes the
// request on.
type speechLog struct {
	next http.Handler
	mu   sync.Mutex
	said []said
}

func (l *speechLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/mowa/powiedz":
		l.add(said{Lang: q.Get("lang"), Speed: q.Get("speed"), Text: q.Get("t")})
	case strings.HasPrefix(r.URL.Path, "/mowa/czytaj/"): // the article player: "czytaj/" and the sentence's id
		l.add(said{Speed: q.Get("speed"), Text: "czytaj/" + path.Base(r.URL.Path)})
	}
	l.next.ServeHTTP(w, r)
}

// silentEngine stands in for espeak-ng: every voice says a tenth of a
// second of silence.
type silentEngine struct{}

func (silentEngine) Voices(lang string) []speech.Voice {
	return []speech.Voice{{ID: "silent/" + lang, Lang: lang, Name: "silent"}}
}

func (silentEngine) Synthesize(ctx context.Context, voice string, speed float64, text string) ([]byte, error) {
	return silentWAV(800), ctx.Err()
}

func (l *speechLog) add(s said) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.said = append(l.said, s)
}

// all returns a copy of what was said so far.
func (l *speechLog) all() []said {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]said(nil), l.said...)
}

// silentWAV is a mono 16-bit 8 kHz WAV of n silent samples.
func silentWAV(n int) []byte {
	b := make([]byte, 44+2*n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+2*n))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 8000)
	binary.LittleEndian.PutUint32(b[28:], 16000)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(2*n))
	return b
}

// talkSite serves the shared bulletin as a kiosk with the speech log in
// front of it; voice gives it the silent engine, else it has none.
func talkSite(t *testing.T, deps web.Deps, voice bool) (string, *speechLog) {
	t.Helper()
	theSite(t)
	deps.Store = sharedSite.st
	if voice {
		deps.Speech = speech.NewService(silentEngine{}, speech.DefaultCacheBytes)
	}
	h, err := web.NewHandler(deps)
	if err != nil {
		t.Fatalf("browser: handler: %v", err)
	}
	log := &speechLog{next: h}
	srv := httptest.NewServer(log)
	t.Cleanup(srv.Close)
	return srv.URL, log
}

// The numeric keypad's keys: DOM code and Windows virtual key code.
var numpad = map[string]int64{
	"Numpad0": 0x60, "Numpad1": 0x61, "Numpad2": 0x62, "Numpad3": 0x63, "Numpad4": 0x64,
	"Numpad5": 0x65, "Numpad6": 0x66, "Numpad7": 0x67, "Numpad8": 0x68, "Numpad9": 0x69,
	"NumpadMultiply": 0x6a, "NumpadAdd": 0x6b, "NumpadSubtract": 0x6d, "NumpadDecimal": 0x6e, "NumpadDivide": 0x6f,
}

// keypadKey presses (down, held for hold, up) one key of a USB numeric keypad
// with Num Lock on.
func keypadKey(ctx context.Context, code string, hold time.Duration) error {
	vk, ok := numpad[code]
	if !ok {
		return fmt.Errorf("keypad: no key %s", code)
	}
	key := strings.TrimPrefix(code, "Numpad")
	switch key {
	case "Multiply":
		key = "*"
	case "Add":
		key = "+"
	case "Subtract":
		key = "-"
	case "Decimal":
		key = "."
	case "Divide":
		key = "/"
	}
	yes := true
	ev := input.DispatchKeyEventParams{Code: code, Key: key, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk, Location: 3, IsKeypad: &yes}
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		down := ev
		down.Type = input.DispatchKeyEventTypeRawKeyDown
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		time.Sleep(hold)
		up := ev
		up.Type = input.DispatchKeyEventTypeKeyUp
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, up)
		return err
	}))
}

// keypadTap is a short press of a key; hold5 holds it long enough to switch speech.
func keypadTap(ctx context.Context, code string) error {
	return keypadKey(ctx, code, 30*time.Millisecond)
}

func hold5(ctx context.Context) error { return keypadKey(ctx, "Numpad5", 1300*time.Millisecond) }

// talkState is what the talking-kiosk tests read from the page.
type talkState struct {
	Path    string `json:"path"`
	Pressed string `json:"pressed"`
	Hidden  bool   `json:"hidden"`
	Shown   string `json:"shown"` // the button's visible state word
	Store   string `json:"store"` // sessionStorage bk-talk
	Focus   string `json:"focus"` // the focused element's text
}

const talkStateJS = `(() => {
  const b = document.querySelector(".bk-talk"), a = document.activeElement;
  return {path: location.pathname, pressed: b ? b.getAttribute("aria-pressed") : "", hidden: !b || b.hidden,
    shown: b ? b.querySelector(".bk-talk__state").textContent : "", store: sessionStorage.getItem("bk-talk") || "",
    focus: a ? (a.innerText || "").trim().slice(0, 80) : ""};
})()`

func readTalk(ctx context.Context) (talkState, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[talkState](talkStateJS))
}

// saidLog is where a journey reads what was said, in order: the speech log
// in front of the handler (a browser), or the program's speech trace (the
// desktop window, which has no HTTP traffic to listen in on).
type saidLog interface{ all() []said }

// keypadPress presses one key of the numeric keypad, named by its DOM code.
type keypadPress func(code string) error

// browserKeypad presses the keypad's keys in the browser tab of ctx.
func browserKeypad(ctx context.Context) keypadPress {
	return func(code string) error { return keypadTap(ctx, code) }
}

// waitSaid waits until ok accepts what was said since from.
func waitSaid(ctx context.Context, log saidLog, from int, d time.Duration, what string, ok func([]said) bool) ([]said, error) {
	var got []said
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if got = log.all()[from:]; ok(got) {
			return got, nil
		}
		if ctx.Err() != nil {
			return got, ctx.Err()
		}
	}
	return got, fmt.Errorf("waited %s for %s; said: %s", d, what, texts(got))
}

func texts(s []said) string {
	var b strings.Builder
	for _, x := range s {
		fmt.Fprintf(&b, "\n  [%s %s] %s", x.Lang, x.Speed, x.Text)
	}
	return b.String()
}

func saidText(s []said, text string) bool {
	for _, x := range s {
		if x.Text == text {
			return true
		}
	}
	return false
}

// keyUntil presses code until the phrase it says is want, at most max times.
// A page's sentence asked for meanwhile is not the key's answer: the player
// fetches its first sentence ahead when the focus comes to its button, and
// taking that for the key's phrase put the walk one item behind the focus.
func keyUntil(ctx context.Context, log saidLog, press keypadPress, code, want string, max int) error {
	for i := 0; i < max; i++ {
		from := len(log.all())
		if err := press(code); err != nil {
			return err
		}
		got, err := waitSaid(ctx, log, from, 3*time.Second, "the next item", func(s []said) bool { return len(phrasesOnly(s)) > 0 })
		if err != nil {
			return err
		}
		if phrasesOnly(got)[0].Text == want {
			return nil
		}
	}
	return fmt.Errorf("%s pressed %d times: never said %q", code, max, want)
}

// phrasesOnly is s without the pages' sentences ("czytaj/ID"): what the
// talking kiosk itself said.
func phrasesOnly(s []said) []said {
	var out []said
	for _, x := range s {
		if !strings.HasPrefix(x.Text, "czytaj/") {
			out = append(out, x)
		}
	}
	return out
}

// hasAll reports whether every one of want was said. (The player asks for
// a sentence and the next one at once, so their order is not fixed.)
func hasAll(s []said, want ...string) bool {
	for _, w := range want {
		if !saidText(s, w) {
			return false
		}
	}
	return true
}

// inOrder reports whether want appears in s in this order (other phrases between).
func inOrder(s []said, want ...string) bool {
	i := 0
	for _, x := range s {
		if i < len(want) && x.Text == want[i] {
			i++
		}
	}
	return i == len(want)
}

// readInOrder reports whether want were each asked for, in order but for
// neighbours: the player asks for a sentence and the next one at once, so
// two neighbours may arrive either way round, but never one before the
// sentence two ahead of it.
func readInOrder(s []said, want ...string) bool {
	at := map[string]int{}
	for _, x := range s {
		if _, ok := at[x.Text]; !ok {
			at[x.Text] = len(at)
		}
	}
	for i, w := range want {
		if j, ok := at[w]; !ok || i+2 < len(want) && j >= at[want[i+2]] {
			return false
		}
	}
	return true
}

// What the talking kiosk says on the way to the MOPS article, shared by the
// browser's and the desktop window's journeys.
const (
	menuHeading  = "Menu przedmiotowe, nagłówek poziomu 2"
	sectionLink  = "Jednostki organizacyjne, link"
	sectionPage  = "Strona Jednostki organizacyjne"
	mopsLink     = "Miejski Ośrodek Pomocy Społecznej, link"
	mopsPage     = "Strona Miejski Ośrodek Pomocy Społecznej"
	metaHeading  = "Metryczka, nagłówek poziomu 2"
	speechOnHint = "Przytrzymaj 5, aby wyłączyć mowę. Działają też strzałki, Tab i Enter."
)

// switchedOn is what holding 5 says before the page's name: the
// announcement, the headphones, and the keypad's help.
var switchedOn = []string{
	"Mowa włączona. Terminal czyta na głos to, co jest na ekranie.",
	"Podłącz słuchawki do gniazda terminala: mowę słychać tylko w słuchawkach.",
	"Klawiatura numeryczna: 8 i 2 to poprzedni i następny element, 9 i 3 poprzedni i następny nagłówek, 7 początek strony.",
	speechOnHint,
}

// walkToMOPS goes, by the keypad, from the home page with speech on to the
// MOPS article: next heading (3) to the subject menu, next item (2) to the
// section "Jednostki organizacyjne", 5 to open it, 2 to the MOPS article's
// link, 5 to open it; each page says its name.
func walkToMOPS(ctx context.Context, log saidLog, press keypadPress) error {
	if err := keyUntil(ctx, log, press, "Numpad3", menuHeading, 12); err != nil {
		return err
	}
	for _, step := range []struct{ item, page string }{{sectionLink, sectionPage}, {mopsLink, mopsPage}} {
		if err := keyUntil(ctx, log, press, "Numpad2", step.item, 120); err != nil {
			return err
		}
		from := len(log.all())
		if err := press("Numpad5"); err != nil {
			return err
		}
		if _, err := waitSaid(ctx, log, from, 10*time.Second, "the page "+step.page, func(s []said) bool { return saidText(s, step.page) }); err != nil {
			return err
		}
	}
	return nil
}

// readLists splits a page's sentence ids into the article's and the
// metryczka's, as the speech log names their audio ("czytaj/ID").
func readLists(ids []string) (body, meta []string) {
	for _, id := range ids {
		if strings.HasPrefix(id, "m") {
			meta = append(meta, "czytaj/"+id)
		} else {
			body = append(body, "czytaj/"+id)
		}
	}
	return body, meta
}

// TestTalkingKioskJourney is a visitor who cannot see the screen, with a
// numeric keypad only: hold 5 to switch speech on (it announces itself and
// the keypad), go through the home page to the subject menu, open
// "Jednostki organizacyjne", then the MOPS article, have it read aloud with
// its metryczka, go back, change volume and speed, and leave. The next
// visitor finds speech off at the default volume and speed. What was said is
// read from the speech log, in order.
func TestTalkingKioskJourney(t *testing.T) {
	base, log := talkSite(t, web.Deps{Shell: web.ShellWeb, Kiosk: true, IdleTimeout: kioskIdle}, true)
	ctx := touchTab(t)
	withAxe(t, ctx)
	within(t, ctx, 150*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			return err
		}
		s, err := readTalk(ctx)
		if err != nil {
			return err
		}
		if s.Hidden || s.Pressed != "false" || s.Shown != "wyłączona" {
			t.Fatalf("home page: the talk button got %+v, want shown, not pressed, \"wyłączona\"", s)
		}
		// Switched off, the keypad's keys say nothing.
		if err := keypadTap(ctx, "Numpad2"); err != nil {
			return err
		}
		time.Sleep(300 * time.Millisecond)
		if got := log.all(); len(got) != 0 {
			t.Errorf("keypad 2 with speech off: said %s, want nothing", texts(got))
		}

		// Hold 5: speech on, the announcement, then the page.
		if err := hold5(ctx); err != nil {
			return err
		}
		h1, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main h1").textContent.trim()`))
		if err != nil {
			return err
		}
		got, err := waitSaid(ctx, log, 0, 10*time.Second, "the announcement", func(s []said) bool { return saidText(s, "Strona "+h1) })
		if err != nil {
			return err
		}
		if !inOrder(got, append(switchedOn, "Strona "+h1)...) {
			t.Errorf("switching on said %s; want the announcement, the headphones, the keypad help, then the page", texts(got))
		}
		if got[0].Lang != "pl" || got[0].Speed != "1.00" {
			t.Errorf("first phrase: got lang %q speed %q, want pl at 1.00", got[0].Lang, got[0].Speed)
		}
		if s, _ = readTalk(ctx); s.Pressed != "true" || s.Shown != "włączona" {
			t.Errorf("after holding 5: the button got %+v, want pressed and \"włączona\"", s)
		}
		kioskShot(t, ctx, "talk-on-home.png")
		vs, err := axeRun(ctx, false)
		if err != nil {
			return err
		}
		if len(vs) != 0 {
			t.Errorf("axe with speech on: got %d violations, want none:%s", len(vs), report(vs))
		}

		// Read on (6) on a page without the article player: its text, item by item.
		from := len(log.all())
		if err := keypadTap(ctx, "Numpad6"); err != nil {
			return err
		}
		if _, err := waitSaid(ctx, log, from, 10*time.Second, "the home page read on", func(s []said) bool {
			return len(s) > 0 && strings.HasPrefix(s[0].Text, "Stan na ")
		}); err != nil {
			t.Errorf("6 on the home page: %v", err)
		}

		if err := walkToMOPS(ctx, log, browserKeypad(ctx)); err != nil {
			return err
		}
		kioskShot(t, ctx, "talk-on-mops.png")
		if vs, err := axeRun(ctx, false); err != nil {
			return err
		} else if len(vs) != 0 {
			t.Errorf("axe on the article with speech on: got %d violations, want none:%s", len(vs), report(vs))
		}

		// Read aloud (6): the article's player reads it, sentence by sentence.
		ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...new Set([...document.querySelectorAll("[data-sentence]")].map(e => e.getAttribute("data-sentence")))]`))
		if err != nil {
			return err
		}
		body, meta := readLists(ids)
		if len(body) == 0 || len(meta) == 0 {
			t.Fatalf("the MOPS page: sentences %v, want the article's and the metryczka's", ids)
		}
		from = len(log.all())
		if err := keypadTap(ctx, "Numpad6"); err != nil {
			return err
		}
		got, err = waitSaid(ctx, log, from, 40*time.Second, "the article read aloud", func(s []said) bool { return hasAll(s, body...) })
		if err != nil {
			t.Errorf("read aloud: %v", err)
		} else if !hasAll(got, body...) {
			t.Errorf("read aloud asked for %s; want every sentence of the article, %v", texts(got), body)
		}
		if _, err := waitFor(ctx, 10*time.Second, 100*time.Millisecond, `document.querySelector("[data-module=bk-speech]").getAttribute("data-state")`,
			"the player to finish", func(s string) bool { return s == "idle" }); err != nil {
			return err
		}
		// Its metryczka: next heading (3) to it, then 6 again.
		if err := keyUntil(ctx, log, browserKeypad(ctx), "Numpad3", metaHeading, 6); err != nil {
			return err
		}
		from = len(log.all())
		if err := keypadTap(ctx, "Numpad6"); err != nil {
			return err
		}
		got, err = waitSaid(ctx, log, from, 20*time.Second, "the metryczka read aloud", func(s []said) bool { return hasAll(s, meta...) })
		if err != nil {
			t.Errorf("read the metryczka: %v", err)
		} else if !hasAll(got, meta...) || saidText(got, body[0]) {
			t.Errorf("6 on the metryczka asked for %s; want its sentences %v, and not the article", texts(got), meta)
		}
		kioskShot(t, ctx, "talk-on-mops-meta.png")

		// Any key stops the reading at once: 6 again, then 8.
		if _, err := waitFor(ctx, 10*time.Second, 100*time.Millisecond, `document.querySelector("[data-module=bk-speech]").getAttribute("data-state")`,
			"the player to finish", func(s string) bool { return s == "idle" }); err != nil {
			return err
		}
		if err := keypadTap(ctx, "Numpad6"); err != nil {
			return err
		}
		if err := keypadTap(ctx, "Numpad8"); err != nil {
			return err
		}
		if st, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-module=bk-speech]").getAttribute("data-state")`)); err != nil || st != "idle" {
			t.Errorf("a key while the player reads: its state got %q (%v), want idle (stopped)", st, err)
		}

		// Repeat (0) says the last thing said again.
		time.Sleep(500 * time.Millisecond)
		before := log.all()
		from = len(before)
		if err := keypadTap(ctx, "Numpad0"); err != nil {
			return err
		}
		// The kiosk's own phrases only: a sentence the player fetches ahead
		// (its first, when the focus comes near it) is not what was said.
		rep, err := waitSaid(ctx, log, from, 5*time.Second, "the repeat", func(s []said) bool { return len(phrasesOnly(s)) > 0 })
		if err != nil {
			return err
		}
		spoken := phrasesOnly(before)
		if want, got := spoken[len(spoken)-1].Text, phrasesOnly(rep)[0].Text; got != want {
			t.Errorf("repeat said %q, want the last item again, %q; said before: %s", got, want, texts(before[max(0, len(before)-12):]))
		}

		// Volume and speed, within bounds.
		for range 2 {
			if err := keypadTap(ctx, "NumpadAdd"); err != nil {
				return err
			}
		}
		if _, err := waitSaid(ctx, log, from, 5*time.Second, "the volume", func(s []said) bool { return saidText(s, "Głośność 70 procent") }); err != nil {
			t.Error(err)
		}
		for range 7 { // one more than the steps to the top
			if err := keypadTap(ctx, "NumpadAdd"); err != nil {
				return err
			}
		}
		if got, err := waitSaid(ctx, log, from, 5*time.Second, "the loudest", func(s []said) bool { return saidText(s, "Głośność 100 procent") }); err != nil || saidText(got, "Głośność 110 procent") {
			t.Errorf("volume past the top: said %s (%v), want it to stop at 100 procent", texts(got), err)
		}
		if err := keypadTap(ctx, "NumpadMultiply"); err != nil {
			return err
		}
		if got, err := waitSaid(ctx, log, from, 5*time.Second, "the speed", func(s []said) bool { return saidText(s, "Tempo 1,25") }); err != nil {
			t.Error(err)
		} else if x := got[len(got)-1]; x.Speed != "1.25" {
			t.Errorf("after * the speed got %q, want 1.25", x.Speed)
		}

		// Back (4): the section's page again.
		from = len(log.all())
		if err := keypadTap(ctx, "Numpad4"); err != nil {
			return err
		}
		if _, err := waitSaid(ctx, log, from, 10*time.Second, "the page gone back to", func(s []said) bool {
			return saidText(s, sectionPage)
		}); err != nil {
			return err
		}
		if s, _ = readTalk(ctx); s.Path == "/" || s.Pressed != "true" || !strings.Contains(s.Store, `"volume":1`) {
			t.Errorf("after Back: got %+v, want the section, speech still on at volume 1", s)
		}

		// The visitor leaves; the idle reset starts over for the next one.
		if _, err := waitFor(ctx, kioskIdle+kioskCountdown+15*time.Second, 200*time.Millisecond, talkStateJS, "the reset with speech off",
			func(s talkState) bool { return s.Path == "/" && s.Pressed == "false" && !s.Hidden }); err != nil {
			return err
		}
		if s, _ = readTalk(ctx); s.Store != "" || s.Shown != "wyłączona" {
			t.Errorf("after the reset: got %+v, want speech off and nothing kept", s)
		}
		from = len(log.all())
		if err := keypadTap(ctx, "Numpad2"); err != nil {
			return err
		}
		time.Sleep(300 * time.Millisecond)
		if got := log.all()[from:]; len(got) != 0 {
			t.Errorf("keypad 2 after the reset: said %s, want nothing (speech off)", texts(got))
		}
		// The next visitor switches on: default volume and speed again.
		if err := hold5(ctx); err != nil {
			return err
		}
		got, err = waitSaid(ctx, log, from, 10*time.Second, "the announcement again", func(s []said) bool { return len(s) > 0 })
		if err != nil {
			return err
		}
		var st struct {
			Volume float64 `json:"volume"`
			Speed  float64 `json:"speed"`
		}
		s, _ = readTalk(ctx)
		if err := json.Unmarshal([]byte(s.Store), &st); err != nil || st.Volume != 0.5 || st.Speed != 1 || got[0].Speed != "1.00" {
			t.Errorf("the next visitor: stored %q, first phrase at speed %q; want volume 0.5 (headphones) and speed 1", s.Store, got[0].Speed)
		}
		return nil
	})
}

// TestTalkingKioskWithoutVoice: where the server has no speech engine the
// kiosk works on in silence, and the big button says speech is not
// available; holding 5 asks for nothing.
func TestTalkingKioskWithoutVoice(t *testing.T) {
	base, log := talkSite(t, web.Deps{Shell: web.ShellWeb, Kiosk: true, SpeechOutput: web.SpeechSpeakers}, false)
	ctx := touchTab(t)
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			return err
		}
		if err := hold5(ctx); err != nil {
			return err
		}
		s, err := readTalk(ctx)
		if err != nil {
			return err
		}
		if s.Hidden || s.Shown != "niedostępna" || s.Pressed != "false" {
			t.Errorf("without a voice: got %+v, want the button shown, not pressed, saying \"niedostępna\"", s)
		}
		dis, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".bk-talk").getAttribute("aria-disabled") || ""`))
		if err != nil {
			return err
		}
		if dis != "true" {
			t.Errorf("without a voice: aria-disabled got %q, want true", dis)
		}
		if got := log.all(); len(got) != 0 {
			t.Errorf("without a voice: asked for %s, want nothing", texts(got))
		}
		// The kiosk itself still works: the keypad's 2 is no command, Tab moves on.
		if err := press(ctx, kb.Tab, false); err != nil {
			return err
		}
		if f, err := activeElement(ctx); err != nil || f.Path == "body" {
			t.Errorf("Tab without a voice: focus on %s (%v), want the first control", f, err)
		}
		return nil
	})
}

// TestDesktopTalkingKiosk is the talking-kiosk journey in the real kiosk
// window under Xvfb, with espeak-ng, driven by the numeric keypad only
// (xdotool): holding 5 switches speech on, which puts the focus highlight
// (yellow) on the page's heading and shows the "Mowa" button pressed; 2
// moves the highlight on. Then home, the subject menu, the MOPS article,
// faster, read aloud to its end, its metryczka, back, and speech off as the
// visitor leaves. What was said is
// read from the program's speech trace (BIPKIOSK_SPEECH_TRACE), in order,
// as the browser journey reads its speech log. Without a sound device
// WebKitGTK's GStreamer plays into a silent sink in real time, so the
// "ended" events that move the reading on come as with a speaker.
func TestDesktopTalkingKiosk(t *testing.T) {
	slow(t)
	bin := desktopBinary(t)
	_, err := exec.LookPath("xdotool")
	require(t, err == nil, "desktop: xdotool not found: apt-get install xdotool")
	_, err = exec.LookPath("espeak-ng")
	require(t, err == nil, "desktop: espeak-ng not found: apt-get install espeak-ng espeak-ng-data")
	display := startXvfb(t)
	log := traceLog(filepath.Join(t.TempDir(), "speech.jsonl"))
	t.Setenv("BIPKIOSK_SPEECH_TRACE", string(log))
	a := startApp(t, bin, display, "", []string{"--kiosk", "--idle-timeout", "10m"})
	win, shot := waitForDrawing(t, display, a)
	rect := image.Rect(win.x, win.y, win.x+win.w, win.y+win.h)
	before := share(shot.img, rect, focusYellow)
	xdo := func(args ...string) error {
		cmd := exec.Command("xdotool", args...)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("desktop: xdotool %v: %v\n%s", args, err, out)
		}
		return nil
	}
	// What the visitor did, by the clock, beside the trace's times: a
	// failure shows the whole journey as one timeline.
	var pressed []string
	key := func(args ...string) error {
		pressed = append(pressed, time.Now().UTC().Format("2006-01-02T15:04:05.000Z")+" xdotool "+strings.Join(args, " "))
		return xdo(args...)
	}
	t.Cleanup(func() { // before the window is stopped: its stacks are of the moment of failure
		if t.Failed() {
			t.Logf("desktop: the journey (xdotool's keys and the speech trace, by time):\n%s", timeline(pressed, log.all()))
			if stacks := nativeStacks(a.cmd.Process.Pid); stacks != "" && !a.exited() {
				t.Logf("desktop: the window's native stacks at the failure:\n%s", stacks)
			}
		}
	})
	press := func(code string) error { return key("key", xKeypad(code)) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	must(xdo("mousemove", "10", "10")) // gives the window the pointer, and so the keyboard, without a window manager
	must(key("keydown", "KP_5"))
	time.Sleep(1500 * time.Millisecond)
	must(key("keyup", "KP_5"))
	on := waitScreen(t, display, a, 10*time.Second, "the focus highlight on the heading", func(s screenshot) bool {
		return share(s.img, rect, focusYellow) > before+0.01
	})
	saveShot(t, "desktop-talk-on.png", on.png)

	// The announcement, heard to its end (a sentence is asked for when the
	// one before starts playing), then the page's name.
	got, err := waitSaid(ctx, log, 0, 90*time.Second, "the announcement and the page", func(s []said) bool {
		return len(s) > len(switchedOn) && strings.HasPrefix(s[len(s)-1].Text, "Strona ")
	})
	must(err)
	if !inOrder(got, switchedOn...) || got[0].Lang != "pl" || got[0].Speed != "1.00" {
		t.Errorf("switching on said %s; want the announcement, the headphones and the keypad help, in Polish at speed 1", texts(got))
	}

	heading := yellowBox(on.img, rect)
	must(press("Numpad2"))
	moved := waitScreen(t, display, a, 10*time.Second, "the highlight on the next item", func(s screenshot) bool {
		b := yellowBox(s.img, rect)
		return !b.Empty() && (abs(b.Min.X-heading.Min.X) > 8 || abs(b.Max.X-heading.Max.X) > 8 || abs(b.Dy()-heading.Dy()) > 8)
	})
	saveShot(t, "desktop-talk-next.png", moved.png)

	must(walkToMOPS(ctx, log, press))
	// Faster, to the top speed (*), then read aloud (6): the article's player
	// takes the visit's speed and reads every sentence, in order.
	for range 4 {
		must(press("NumpadMultiply"))
	}
	_, err = waitSaid(ctx, log, 0, 5*time.Second, "the top speed", func(s []said) bool { return saidText(s, "Tempo 2") })
	must(err)
	from := len(log.all())
	must(press("Numpad6"))
	first, err := waitSaid(ctx, log, from, 10*time.Second, "the first sentence", func(s []said) bool { return len(s) > 0 })
	must(err)
	body, meta := readLists(pageSentences(t, first[0].Page))
	require(t, len(body) > 0 && len(meta) > 0, "desktop: the page %s has sentences %v and %v, want the article's and the metryczka's", first[0].Page, body, meta)
	// The browser journey hears the whole article and metryczka; here the
	// first sentences of each show the same player at work in the window,
	// in a fraction of the time (the audio plays in real time).
	body, meta = body[:min(len(body), 4)], meta[:min(len(meta), 3)]
	got, err = waitSaid(ctx, log, from, 2*time.Minute, "the article read aloud", func(s []said) bool { return hasAll(s, body...) })
	if err != nil {
		t.Fatalf("read aloud: %v", err)
	}
	if !readInOrder(got, body...) || got[0].Speed != "2.00" {
		t.Errorf("read aloud asked for %s; want the article's sentences %v in order, at speed 2", texts(got), body)
	}
	// Then the metryczka: 7 stops the reading at the page's heading, 3 goes
	// on by heading to the metryczka, 6 reads it.
	from = len(log.all())
	must(press("Numpad7"))
	_, err = waitSaid(ctx, log, from, 10*time.Second, "the page's heading", func(s []said) bool {
		return saidText(s, "Miejski Ośrodek Pomocy Społecznej, nagłówek poziomu 1")
	})
	must(err)
	time.Sleep(time.Second) // a sentence the player had asked for ahead may still be logged
	must(keyUntil(ctx, log, press, "Numpad3", metaHeading, 12))
	from = len(log.all())
	must(press("Numpad6"))
	got, err = waitSaid(ctx, log, from, time.Minute, "the metryczka read aloud", func(s []said) bool { return hasAll(s, meta...) })
	if err != nil {
		t.Fatalf("read the metryczka: %v", err)
	}
	if !readInOrder(got, meta...) || saidText(got, body[0]) {
		t.Errorf("6 on the metryczka asked for %s; want its sentences %v in order, and not the article", texts(got), meta)
	}
	// Back (4): the section's page says its name.
	from = len(log.all())
	must(press("Numpad4"))
	_, err = waitSaid(ctx, log, from, 10*time.Second, "the page gone back to", func(s []said) bool { return saidText(s, sectionPage) })
	must(err)
	if back, err := capture(display); err == nil {
		saveShot(t, "desktop-talk-back.png", back.png)
	}
	// The visitor leaves: holding 5 switches speech off, which it says.
	from = len(log.all())
	must(key("keydown", "KP_5"))
	time.Sleep(1500 * time.Millisecond)
	must(key("keyup", "KP_5"))
	_, err = waitSaid(ctx, log, from, 10*time.Second, "speech off", func(s []said) bool { return saidText(s, "Mowa wyłączona.") })
	must(err)
	time.Sleep(2 * time.Second) // heard to its end before the window closes
}

// traceLog reads the program's speech trace (docs/speech.md) as the speech
// log: a phrase by its text, a page's sentence as "czytaj/ID".
type traceLog string

func (f traceLog) all() []said {
	data, _ := os.ReadFile(string(f))
	var out []said
	for _, line := range bytes.Split(data, []byte("\n")) {
		var l struct {
			At, Kind, Lang, ID, Page, Text string
			Speed                          float64
		}
		if json.Unmarshal(line, &l) != nil {
			continue // the empty tail, or a line being written
		}
		x := said{Lang: l.Lang, Speed: fmt.Sprintf("%.2f", l.Speed), Text: l.Text, Page: l.Page, At: l.At}
		if l.Kind == "read" {
			x.Text = "czytaj/" + l.ID
		}
		out = append(out, x)
	}
	return out
}

// timeline merges the keys pressed and the phrases said, each line led by
// its UTC time, in the order of time.
func timeline(pressed []string, s []said) string {
	lines := slices.Clone(pressed)
	for _, x := range s {
		lines = append(lines, fmt.Sprintf("%s   said [%s %s] %s", x.At, x.Lang, x.Speed, x.Text))
	}
	slices.SortStableFunc(lines, func(a, b string) int { return strings.Compare(a[:24], b[:24]) })
	return strings.Join(lines, "\n")
}

// xKeypad is the X key name of a keypad key's DOM code: Numpad2 is KP_2,
// NumpadMultiply KP_Multiply.
func xKeypad(code string) string { return "KP_" + strings.TrimPrefix(code, "Numpad") }

// pageSentences renders page (a path and query) as a kiosk with speech on
// and lists its sentences' ids, each once, in page order.
func pageSentences(t *testing.T, page string) []string {
	t.Helper()
	base, _ := talkSite(t, web.Deps{Shell: web.ShellWeb, Kiosk: true}, true)
	resp, err := http.Get(base + page)
	if err != nil {
		t.Fatalf("desktop: GET %s: %v", page, err)
	}
	defer resp.Body.Close()
	html, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("desktop: GET %s: %d %v", page, resp.StatusCode, err)
	}
	var ids []string
	seen := map[string]bool{}
	for _, m := range sentenceAttr.FindAllSubmatch(html, -1) {
		if id := string(m[1]); !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

var sentenceAttr = regexp.MustCompile(`data-sentence="(m?[0-9]+)"`)

// focusYellow is the focus highlight of the default theme (#ffdd00).
func focusYellow(r, g, b uint8) bool { return r > 240 && g > 200 && g < 235 && b < 40 }

// yellowBox bounds the focus highlight's pixels in the page's middle band
// (below the header's yellow theme buttons, above the kiosk bar).
func yellowBox(img image.Image, r image.Rectangle) image.Rectangle {
	r = r.Intersect(img.Bounds())
	var box image.Rectangle
	for y := r.Min.Y + 200; y < r.Max.Y-100; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if focusYellow(uint8(cr>>8), uint8(cg>>8), uint8(cb>>8)) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

func abs(n int) int { return max(n, -n) }

// TestTalkingKioskSearch searches with speech on, as a visitor who cannot
// see the screen does it with the on-screen keyboard: the keyboard's button
// says its name, role and state, each key says its letter and "klawisz",
// each typed letter is echoed, and the search key opens the results, whose
// page name and count are said; the next heading (3) is the first result
// (a heading whose text is a link: the keys stop on the link).
func TestTalkingKioskSearch(t *testing.T) {
	base, log := talkSite(t, web.Deps{Shell: web.ShellWeb, Kiosk: true, IdleTimeout: 5 * time.Minute}, true)
	ctx := touchTab(t)
	within(t, ctx, 90*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			return err
		}
		if err := hold5(ctx); err != nil {
			return err
		}
		if _, err := waitSaid(ctx, log, 0, 10*time.Second, "the announcement", func(s []said) bool { return saidText(s, speechOnHint) }); err != nil {
			return err
		}
		if err := openTools(ctx, true); err != nil {
			return err
		}
		// focusSays moves the focus, as Tab or the keypad does, and waits for
		// what it says first.
		focusSays := func(sel, want string) error {
			from := len(log.all())
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(sel))); err != nil {
				return err
			}
			_, err := waitSaid(ctx, log, from, 5*time.Second, want, func(s []said) bool { return len(s) > 0 && s[0].Text == want })
			return err
		}
		if err := focusSays(".bk-search__osk", "Klawiatura, przycisk, zwinięty"); err != nil {
			return err
		}
		if err := keypadTap(ctx, "Numpad5"); err != nil {
			return err
		}
		for _, c := range "pomoc" {
			key := fmt.Sprintf(`.bk-osk__layout:not([hidden]) [data-char=%q]`, string(c))
			if err := focusSays(key, string(c)+", klawisz"); err != nil {
				return err
			}
			from := len(log.all())
			if err := keypadTap(ctx, "Numpad5"); err != nil {
				return err
			}
			if _, err := waitSaid(ctx, log, from, 5*time.Second, "the echo of "+string(c), func(s []said) bool { return saidText(s, string(c)) }); err != nil {
				return err
			}
		}
		if err := focusSays(`.bk-osk__layout:not([hidden]) [data-key="submit"]`, "Szukaj, klawisz"); err != nil {
			return err
		}
		from := len(log.all())
		if err := keypadTap(ctx, "Numpad5"); err != nil {
			return err
		}
		// (The suggestions' count for the last letter may come first.)
		got, err := waitSaid(ctx, log, from, 10*time.Second, "the results page and its count", func(s []said) bool {
			return inOrder(s, "Strona Wyszukiwanie", "Znaleziono 8 wyników dla „pomoc”.")
		})
		if err != nil {
			return err
		}
		if path, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`)); !strings.Contains(path, "q=pomoc") {
			t.Errorf("the search key led to %s, want the results for pomoc", path)
		}
		first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".bk-results__title").textContent.trim()`))
		if err != nil {
			return err
		}
		from = len(log.all())
		if err := keyUntil(ctx, log, browserKeypad(ctx), "Numpad3", first+", link, nagłówek poziomu 2", 2); err != nil {
			return fmt.Errorf("after the results (%s): %w; from the results on: %s", texts(got), err, texts(log.all()[from:]))
		}
		return nil
	})
}
