package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"bipkiosk/internal/i18n"
	"bipkiosk/internal/speech"
	"bipkiosk/internal/web"
)

// speakingSite is the shared bulletin served with espeak-ng reading aloud;
// it fails in CI without espeak-ng (scripts/setup --test installs it).
func speakingSite(t *testing.T, kiosk bool) *site {
	t.Helper()
	s := theSite(t)
	engine, err := speech.NewEspeak(speech.EspeakOptions{})
	require(t, err == nil, "browser: espeak-ng not installed (scripts/setup --test installs it): %v", err)
	url := serveShared(t, web.Deps{Shell: web.ShellWeb, Kiosk: kiosk, Speech: speech.NewService(engine, 0)})
	return &site{URL: url, Screens: s.Screens}
}

// speakablePaths are the screens that show the player: the section and
// article pages, an attachment's page and the search results.
func speakablePaths(s *site) []string {
	var out []string
	node := regexp.MustCompile(`^/p/[0-9a-f-]+(/zalacznik/[0-9a-f]+)?$`)
	for _, p := range s.Screens {
		if node.MatchString(p) && !strings.HasPrefix(p, "/p/00000000-") || strings.HasPrefix(p, "/szukaj?q=") {
			out = append(out, p)
		}
	}
	return out
}

// playerState is what the page shows of the reading.
type playerState struct {
	State       string   `json:"state"`       // the player's data-state
	Current     []string `json:"current"`     // data-sentence of the highlighted spans
	Visible     bool     `json:"visible"`     // the first highlighted span is inside the viewport
	CurrentTime float64  `json:"currentTime"` // of the player's audio
	Label       string   `json:"label"`       // the play button's text
}

const playerStateJS = `(() => {
  const root = document.querySelector("[data-module=bk-speech]");
  const cur = [...document.querySelectorAll(".bk-speech-current")];
  const r = cur.length ? cur[0].getBoundingClientRect() : null;
  return {state: root ? root.getAttribute("data-state") || "" : "",
    current: cur.map(s => s.getAttribute("data-sentence")),
    visible: !!r && r.bottom > 0 && r.top < innerHeight,
    currentTime: root && root.querySelector("audio") ? root.querySelector("audio").currentTime : -1,
    label: root ? root.querySelector("[data-act=play]").textContent : ""};
})()`

// TestSpeechPlayerFollowsAudio presses "Czytaj na głos" on an article and
// watches the highlight: sentence 0 (the title) while its audio plays, then
// sentence 1 once it has ended; pause, then stop, clear it. It logs the time
// from the press to the first sound, measured by the page. It runs for a
// Polish and a Ukrainian reader, in the default and a low-vision theme.
func TestSpeechPlayerFollowsAudio(t *testing.T) {
	s := speakingSite(t, false)
	var article string
	for _, p := range speakablePaths(s) {
		if strings.HasPrefix(p, "/p/") && !strings.Contains(p, "/zalacznik/") {
			article = p // the section, then the article: the last one wins
		}
	}
	for _, lang := range []i18n.Lang{i18n.Polish, i18n.Ukrainian} {
		for _, m := range []mode{modes[0], modes[4]} {
			name := string(lang) + "-" + m.name
			t.Run(name, func(t *testing.T) {
				ctx := withMode(t, s, m, string(lang), 1280, 800)
				within(t, ctx, 60*time.Second, func(ctx context.Context) error {
					return followAudio(t, ctx, s.URL+article, name, i18n.New(lang))
				})
			})
		}
	}
}

func followAudio(t *testing.T, ctx context.Context, url, name string, tr i18n.Translator) error {
	play, pause, resume := tr.T("speech.play"), tr.T("speech.pause"), tr.T("speech.resume")
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	// The page's clock: the press, and the first "playing" of the player's <audio>.
	const spy = `(() => { const a = document.querySelector("[data-module=bk-speech] audio");
  a.addEventListener("playing", () => { if (!window.bkFirstSound) window.bkFirstSound = performance.now(); }); return !!a; })()`
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](spy)); err != nil || !ok {
		return fmt.Errorf("the player has no <audio>: %v", err)
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[playerState](playerStateJS))
	if err != nil {
		return err
	}
	if st.State != "idle" || st.Label != play || len(st.Current) != 0 {
		return fmt.Errorf("before play: %+v, want an idle player labelled %s and nothing highlighted", st, play)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.bkPressed = performance.now()`)); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-module=bk-speech] [data-act=play]`))); err != nil {
		return err
	}
	// Sentence 0 is highlighted while its sound plays.
	st, err = waitPlayer(ctx, func(p playerState) bool { return p.CurrentTime > 0 })
	if err != nil {
		return fmt.Errorf("after play: %w", err)
	}
	if strings.Join(st.Current, ",") != "0" || st.State != "playing" || !st.Visible || st.Label != pause {
		return fmt.Errorf("while the first sound plays: %+v, want sentence 0 highlighted and in view, playing, the button %s", st, pause)
	}
	if first, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.bkFirstSound - window.bkPressed`)); err == nil {
		t.Logf("%s: first sound %.0f ms after pressing play (load average %s)", name, first, loadAverage())
	}
	shot(t, ctx, "speech-"+name+".png")
	// When it ends the highlight moves on with the audio.
	st, err = waitPlayer(ctx, func(p playerState) bool { return len(p.Current) > 0 && p.Current[0] != "0" })
	if err != nil {
		return fmt.Errorf("after the first sentence: %w", err)
	}
	if st.Current[0] != "1" || st.State != "playing" {
		return fmt.Errorf("after the first sentence ended: %+v, want sentence 1 highlighted and playing", st)
	}
	// The keyboard: with focus in the player, → is the next sentence.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`[data-module=bk-speech] [data-act=play]`))); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		return err
	}
	if st, err = waitPlayer(ctx, func(p playerState) bool { return len(p.Current) > 0 && p.Current[0] == "2" }); err != nil {
		return fmt.Errorf("after →: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-module=bk-speech] [data-act=play]`))); err != nil {
		return err
	}
	if st, err = waitPlayer(ctx, func(p playerState) bool { return p.State == "paused" }); err != nil || st.Label != resume {
		return fmt.Errorf("after pause: %+v, %v; want paused, the button %s", st, err, resume)
	}
	// Escape stops, wherever focus is.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		return err
	}
	if _, err = waitPlayer(ctx, func(p playerState) bool { return p.State == "idle" && len(p.Current) == 0 }); err != nil {
		return fmt.Errorf("after Escape: %w", err)
	}
	return nil
}

// waitPlayer polls the player until ok, or the context ends.
func waitPlayer(ctx context.Context, ok func(playerState) bool) (playerState, error) {
	var st playerState
	for {
		var err error
		if st, err = chromedp.Run(ctx, chromedp.Evaluate[playerState](playerStateJS)); err != nil {
			return st, err
		}
		if ok(st) {
			return st, nil
		}
		select {
		case <-ctx.Done():
			return st, fmt.Errorf("player stayed %+v: %w", st, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// shot saves a screenshot of the viewport for a person to look at.
func shot(t *testing.T, ctx context.Context, name string) {
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		saveShot(t, name, png)
	}
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// TestSpeechPlayerAxe runs axe on every screen that shows the player, in
// every mode and language, with the player shown and a sentence highlighted.
func TestSpeechPlayerAxe(t *testing.T) {
	s := speakingSite(t, false)
	for _, lang := range langs {
		for _, m := range modes {
			t.Run(lang+"/"+m.name, func(t *testing.T) {
				ctx := withMode(t, s, m, lang, 1280, 800)
				withAxe(t, ctx)
				for _, path := range speakablePaths(s) {
					var vs []violation
					within(t, ctx, 60*time.Second, func(ctx context.Context) (err error) {
						if err = chromedp.Do(ctx, chromedp.Navigate(s.URL+path)); err != nil {
							return err
						}
						// The player shown, and a sentence highlighted as when read.
						shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
  const c = document.querySelector(".bk-speech__controls"); const s = document.querySelector("[data-sentence]");
  if (s) s.classList.add("bk-speech-current"); return !!c && !c.hidden && !!s; })()`))
						if err != nil {
							return err
						}
						if !shown {
							return fmt.Errorf("%s: the player is not shown, or nothing is marked to read", path)
						}
						vs, err = axeRun(ctx, m.aaa)
						return err
					})
					if len(vs) > 0 {
						t.Errorf("%s: %d violations:%s", path, len(vs), report(vs))
					}
				}
			})
		}
	}
}

// TestSpeechPlayerReadsViewer: in a kiosk the page viewer shows a scanned
// document's page with its text; "Czytaj na głos" reads that text too,
// sentence by sentence, the one being read highlighted and scrolled into
// view, and axe finds nothing with the highlight shown.
func TestSpeechPlayerReadsViewer(t *testing.T) {
	engine, err := speech.NewEspeak(speech.EspeakOptions{})
	require(t, err == nil, "browser: espeak-ng not installed (scripts/setup --test installs it): %v", err)
	base, viewer := viewerSiteWith(t, web.Deps{Shell: web.ShellWeb, Kiosk: true, Speech: speech.NewService(engine, 0)})
	ctx := tab(t, 1280, 600)
	withAxe(t, ctx)
	within(t, ctx, 60*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+viewer+"?strona=2")); err != nil {
			return err
		}
		ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...new Set([...document.querySelectorAll(".bk-viewer__page-text [data-sentence]")].map(e => e.getAttribute("data-sentence")))]`))
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return fmt.Errorf("the viewer's page text has no sentences marked to read aloud")
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-module=bk-speech] [data-act=play]`))); err != nil {
			return err
		}
		// The title, then the page's text: its first sentence highlighted and in view.
		st, err := waitPlayer(ctx, func(p playerState) bool { return len(p.Current) > 0 && p.Current[0] == ids[0] })
		if err != nil {
			return fmt.Errorf("reading the viewer's text: %w", err)
		}
		if !st.Visible || st.State != "playing" {
			t.Errorf("the viewer's first sentence: %+v, want it playing, highlighted and in view", st)
		}
		inText, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector(".bk-viewer__page-text .bk-speech-current")`))
		if err != nil || !inText {
			t.Errorf("the highlight is not in the viewer's page text (%v)", err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-module=bk-speech] [data-act=play]`))); err != nil {
			return err
		}
		if _, err := waitPlayer(ctx, func(p playerState) bool { return p.State == "paused" }); err != nil {
			return err
		}
		shot(t, ctx, "speech-viewer.png")
		vs, err := axeRun(ctx, false)
		if err != nil {
			return err
		}
		if len(vs) != 0 {
			t.Errorf("axe on the viewer read aloud: %d violations:%s", len(vs), report(vs))
		}
		return nil
	})
}

// TestSpeechPlayerPlaybackRefused: where the webview refuses to play (no
// sound device it can open, a policy against playing), the player does not
// stay "reading" in silence: it stops, and says it could not play.
func TestSpeechPlayerPlaybackRefused(t *testing.T) {
	s := theSite(t)
	base := serveShared(t, web.Deps{Shell: web.ShellWeb, Speech: speech.NewService(silentEngine{}, speech.DefaultCacheBytes)})
	var article string
	for _, p := range speakablePaths(s) {
		if strings.HasPrefix(p, "/p/") && !strings.Contains(p, "/zalacznik/") {
			article = p
		}
	}
	ctx := tab(t, 1280, 800)
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+article)); err != nil {
			return err
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(HTMLMediaElement.prototype.play = function () {
  return Promise.reject(new DOMException("no audio device", "NotAllowedError")); }, true)`)); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-module=bk-speech] [data-act=play]`))); err != nil {
			return err
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		st, err := waitPlayer(wctx, func(p playerState) bool { return p.State == "idle" })
		if err != nil {
			return fmt.Errorf("playback refused: %w", err)
		}
		said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-module=bk-speech] [data-said]").textContent`))
		if err != nil {
			return err
		}
		if said != "Nie udało się odtworzyć dźwięku." || st.Label != "Czytaj na głos" || len(st.Current) != 0 {
			t.Errorf("playback refused: %+v, said %q; want the player stopped, nothing highlighted, saying it could not play", st, said)
		}
		return nil
	})
}

// TestAudioSettled checks the guard both players and the talking kiosk go
// through before they change or drop a sound, or leave the page
// (window.bkAudioSettled in app.js): in the desktop window, a sound torn
// down while it starts deadlocked the page (TestDesktopTalkingKiosk found
// it). With nothing loading, the step is taken at once; with a sound still
// loading (its server answers after a delay), only once its first data
// came, and never before.
func TestAudioSettled(t *testing.T) {
	const delay = 1500 * time.Millisecond
	theSite(t)
	reader, err := web.NewHandler(web.Deps{Shell: web.ShellWeb, Store: sharedSite.st})
	if err != nil {
		t.Fatal(err)
	}
	// The slow sound on the reader's own address: its pages allow media
	// from their own origin only.
	mux := http.NewServeMux()
	mux.Handle("/", reader)
	mux.HandleFunc("/test/slow.wav", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "audio/wav")
		_, _ = w.Write(silentWAV(22050))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	base := srv.URL
	ctx := tab(t, 1280, 800)
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			return err
		}
		type timing struct{ Idle, Settled, Data float64 }
		got, err := chromedp.Run(ctx, chromedp.Evaluate[timing](`(async () => {
  const idleStart = performance.now();
  const idle = await new Promise(r => window.bkAudioSettled(() => r(performance.now() - idleStart)));
  const a = document.createElement("audio");
  a.preload = "auto";
  document.body.appendChild(a);
  const start = performance.now();
  let data = -1;
  a.addEventListener("loadeddata", () => { data = performance.now() - start; });
  a.src = "/test/slow.wav";
  await new Promise(r => setTimeout(r, 100)); // the load is under way
  const settled = await new Promise(r => window.bkAudioSettled(() => r(performance.now() - start)));
  return {Idle: idle, Settled: settled, Data: data};
})()`, chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		if got.Idle > 100 {
			t.Errorf("with no sound loading, the step waited %.0f ms; want at once", got.Idle)
		}
		if got.Data < 0 || got.Settled < got.Data || got.Settled < float64(delay.Milliseconds())-100 || got.Settled > 4500 {
			t.Errorf("with a sound loading, the step came after %.0f ms, its first data after %.0f ms; want after the data (the server answered after %s), before the 5 s fallback", got.Settled, got.Data, delay)
		}
		return nil
	})
}
