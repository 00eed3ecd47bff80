package browser

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/google/uuid"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
	"bipkiosk/internal/web"
)

// The viewer's bulletin: one page publishing a three-page scan (page
// images drawn here, text "recognised" by hand), with an easy-to-read text
// and a sign-language slot whose video is a stand-in (the page's markup is
// under test, not a codec).
var (
	viewerNode  = content.NodeID("urzad/uchwaly")
	viewerPages = [][]string{
		{"UCHWAŁA NR XII/34/2025", "Rady Miejskiej w Próbnie", "z dnia 12 marca 2025 r.", "", "w sprawie opłat za żłobek", "", "§ 1. Ustala się opłatę stałą", "za pobyt dziecka w żłobku."},
		{"§ 2. Opłata za wyżywienie wynosi", "12 zł dziennie.", "", "§ 3. Opłaty wnosi się do 10. dnia", "każdego miesiąca."},
		{"§ 4. Uchwała wchodzi w życie", "po 14 dniach od ogłoszenia.", "", "Przewodniczący Rady", "Jan Kowalski"},
	}
	signVideo = []byte("\x1a\x45\xdf\xa3 a stand-in for a WebM recording, made for the browser tests")
	signVTT   = []byte("WEBVTT\n\n00:00.000 --> 00:03.000\nTo jest nagranie testowe.\n")
)

// drawPage renders lines of text on a white A4-shaped page, as a scan at a
// low resolution looks.
func drawPage(t *testing.T, lines []string) []byte {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 22, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 600, 848))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.Gray{Y: 0x20}), Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(60, 90+i*34)
		d.DrawString(l)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func hexSHA(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// viewerSite serves the viewer's bulletin until the test ends and returns
// its address and the viewer's path.
func viewerSite(t *testing.T) (base, viewer string) {
	t.Helper()
	return viewerSiteWith(t, web.Deps{Shell: web.ShellWeb})
}

// viewerSiteWith is viewerSite served with deps (its store set here).
func viewerSiteWith(t *testing.T, deps web.Deps) (base, viewer string) {
	t.Helper()
	slow(t)
	blobs := map[string][]byte{}
	blob := func(data []byte, typ string) content.Blob {
		blobs[hexSHA(data)] = data
		return content.Blob{SHA256: hexSHA(data), Size: int64(len(data)), Type: typ}
	}
	var texts []string
	a := content.Attachment{Blob: blob([]byte("%PDF-1.4 scanned resolution"), "application/pdf"),
		Title: "Uchwała w sprawie opłat za żłobek (skan)", Name: "uchwala-xii-34.pdf"}
	for _, lines := range viewerPages {
		a.Pages = append(a.Pages, content.PageImage{Blob: blob(drawPage(t, lines), "image/png"), Width: 600, Height: 848})
		texts = append(texts, strings.Join(lines, "\n"))
	}
	a.Text = &content.AttachmentText{Blob: blob([]byte(strings.Join(texts, "\f")), "text/plain; charset=utf-8"), Method: content.TextOCR}
	site := content.Site{Name: "Biuletyn Informacji Publicznej Miasta Próbna", Owner: "Miasto Próbna",
		LiveURL:    "https://bip.probna.example.pl/",
		EasyToRead: "<p>To jest urząd w Próbnie.</p><p>Urząd pracuje dla mieszkańców.</p>",
		SignLanguage: &content.SignVideo{Title: "Urząd w Próbnie w polskim języku migowym",
			Video: blob(signVideo, "video/webm"), Captions: blob(signVTT, content.CaptionsType)},
		Groups: []content.Group{{Title: "URZĄD MIEJSKI", Nodes: []uuid.UUID{viewerNode}}}}
	src := &storetest.Source{
		Ed:       content.Edition{PublisherID: uuid.MustParse("6f1c1b7e-3d59-4c1a-9a55-5a0b8d1f2e33"), Publisher: "Miasto Próbna", Sequence: 1, Created: time.Date(2025, 3, 20, 10, 0, 0, 0, time.UTC)},
		SiteData: site,
		Nodes: []content.Node{{ID: viewerNode, Path: "urzad/uchwaly", Kind: content.KindArticle, Title: "Uchwały Rady Miejskiej",
			Body: "<p>Uchwały z 2025 roku.</p>", Attachments: []content.Attachment{a}}},
		Blobs: blobs,
	}
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, src, store.ImportOptions{})
	deps.Store = st
	h, err := web.NewHandler(deps)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL, "/p/" + viewerNode.String() + "/zalacznik/" + a.SHA256
}

// viewerState is what the viewer test reads from the page.
type viewerState struct {
	Search     string  `json:"search"`
	Loaded     bool    `json:"loaded"` // the page image has loaded
	Level      string  `json:"level"`  // the zoom output's text
	Tools      bool    `json:"tools"`  // the zoom buttons are shown
	ImageWidth float64 `json:"imageWidth"`
	FrameWidth float64 `json:"frameWidth"`
	Focus      string  `json:"focus"` // class of the focused element
	Filter     string  `json:"filter"`
	Where      string  `json:"where"`
}

const viewerStateJS = `(() => {
  const img = document.querySelector(".bk-viewer__image"), frame = document.querySelector(".bk-viewer__frame"),
    out = document.querySelector(".bk-viewer__level"), tools = document.querySelector("[data-viewer-tools]"),
    where = document.querySelector(".bk-viewer__where");
  return {search: location.search, loaded: !!img && img.complete && img.naturalWidth > 0,
    level: out ? out.textContent : "", tools: !!tools && !tools.hidden,
    imageWidth: img ? img.getBoundingClientRect().width : 0, frameWidth: frame ? frame.clientWidth : 0,
    focus: document.activeElement ? document.activeElement.className : "",
    filter: img ? getComputedStyle(img).filter : "", where: where ? where.textContent : ""};
})()`

func waitViewer(ctx context.Context, what string, ok func(viewerState) bool) (viewerState, error) {
	return waitFor(ctx, 10*time.Second, 100*time.Millisecond, viewerStateJS, what, ok)
}

// TestViewer opens a scanned document in the viewer: it zooms to 400 %,
// turns the page with the keyboard, passes axe in the default theme and
// (AAA contrast) in the low-vision one, where the page is drawn yellow on
// black.
func TestViewer(t *testing.T) {
	base, viewer := viewerSite(t)
	ctx := tab(t, 1280, 900)
	withAxe(t, ctx)
	within(t, ctx, 90*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+viewer)); err != nil {
			return err
		}
		s, err := waitViewer(ctx, "the viewer with its image", func(s viewerState) bool { return s.Loaded && s.Tools })
		if err != nil {
			return err
		}
		if s.Level != "Powiększenie: 100%" || s.ImageWidth < 0.95*s.FrameWidth || s.ImageWidth > 1.05*s.FrameWidth {
			t.Errorf("viewer at first: got %+v, want zoom 100%% with the image as wide as its frame", s)
		}
		viewerShot(t, ctx, "viewer-default-100.png")
		if vs, err := axeRun(ctx, false); err != nil {
			return err
		} else if len(vs) != 0 {
			t.Errorf("axe on the viewer: got %d violations, want none:%s", len(vs), report(vs))
		}

		// Zoom in to the top, by the button.
		for range 6 {
			if err := chromedp.Do(ctx, chromedp.Click(`button[data-zoom="in"]`)); err != nil {
				return err
			}
		}
		z, err := waitViewer(ctx, "zoom 400 %", func(s viewerState) bool { return s.Level == "Powiększenie: 400%" })
		if err != nil {
			return err
		}
		if z.ImageWidth < 3.9*z.FrameWidth || z.ImageWidth > 4.1*z.FrameWidth {
			t.Errorf("zoom 400%%: got image %.0f px in a frame of %.0f px, want 4 times as wide", z.ImageWidth, z.FrameWidth)
		}
		viewerShot(t, ctx, "viewer-default-400.png")
		if vs, err := axeRun(ctx, false); err != nil {
			return err
		} else if len(vs) != 0 {
			t.Errorf("axe on the zoomed viewer: got %d violations, want none:%s", len(vs), report(vs))
		}

		// Keys: 0 fits the page again, then the right arrow on the image
		// turns the page; the next page keeps the focus on its image.
		if err := chromedp.Do(ctx, chromedp.Focus(".bk-viewer__frame")); err != nil {
			return err
		}
		if err := press(ctx, "0", false); err != nil {
			return err
		}
		if _, err := waitViewer(ctx, "zoom back to 100 %", func(s viewerState) bool { return s.Level == "Powiększenie: 100%" }); err != nil {
			return err
		}
		if err := press(ctx, kb.ArrowRight, false); err != nil {
			return err
		}
		n, err := waitViewer(ctx, "page 2 after the right arrow, the focus on its image", func(s viewerState) bool {
			return s.Search == "?strona=2" && s.Loaded && strings.Contains(s.Focus, "bk-viewer__frame")
		})
		if err != nil {
			return err
		}
		if n.Where != "Strona 2 z 3" {
			t.Errorf("after the right arrow: got %+v, want page 2 of 3", n)
		}
		// The keys go on working there: the left arrow goes back.
		if err := press(ctx, kb.ArrowLeft, false); err != nil {
			return err
		}
		if _, err := waitViewer(ctx, "page 1 after the left arrow", func(s viewerState) bool { return s.Search == "?strona=1" && s.Loaded }); err != nil {
			return err
		}

		// The low-vision version: the page yellow on black.
		q := url.Values{"lowvision": {"1"}, "wroc": {viewer + "?strona=1"}}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ustawienia/ustaw?"+q.Encode())); err != nil {
			return err
		}
		lv, err := waitViewer(ctx, "the low-vision viewer", func(s viewerState) bool { return s.Loaded && s.Tools })
		if err != nil {
			return err
		}
		if !strings.Contains(lv.Filter, "bk-hc-light-on-dark") {
			t.Errorf("low-vision viewer: got image filter %q, want the light-on-dark filter", lv.Filter)
		}
		shot, err := chromedp.Run(ctx, chromedp.Screenshot(".bk-viewer__frame"))
		if err != nil {
			return err
		}
		yellowShare, blackShare, whiteShare := pageColours(t, shot)
		if yellowShare < 0.005 || blackShare < 0.8 || whiteShare > 0.01 {
			t.Errorf("low-vision page image: got %.3f yellow, %.3f black, %.3f white, want yellow ink on black paper", yellowShare, blackShare, whiteShare)
		}
		viewerShot(t, ctx, "viewer-lowvision-100.png")
		if vs, err := axeRun(ctx, true); err != nil {
			return err
		} else if len(vs) != 0 {
			t.Errorf("axe (AAA contrast) on the low-vision viewer: got %d violations, want none:%s", len(vs), report(vs))
		}
		for range 6 {
			if err := chromedp.Do(ctx, chromedp.Click(`button[data-zoom="in"]`)); err != nil {
				return err
			}
		}
		if _, err := waitViewer(ctx, "low-vision zoom 400 %", func(s viewerState) bool { return s.Level == "Powiększenie: 400%" }); err != nil {
			return err
		}
		viewerShot(t, ctx, "viewer-lowvision-400.png")
		return nil
	})
}

// TestViewerWithoutScript turns the pages with scripts off: the links and
// the form work, and no zoom control is shown that could not work.
func TestViewerWithoutScript(t *testing.T) {
	base, viewer := viewerSite(t)
	ctx := scriptlessTab(t, 1280, 900)
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+viewer)); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Click(`a[rel="next"]`)); err != nil {
			return err
		}
		s, err := waitViewer(ctx, "page 2 by its link", func(s viewerState) bool { return s.Where == "Strona 2 z 3" })
		if err != nil {
			return err
		}
		if s.Tools || s.Search != "?strona=2" {
			t.Errorf("without scripts, page 2: got %+v, want no zoom controls at ?strona=2", s)
		}
		if err := chromedp.Do(ctx, chromedp.SetValue("#bk-viewer-page", "3")); err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Click(`.bk-viewer__goto button`)); err != nil {
			return err
		}
		_, err = waitViewer(ctx, "page 3 by the form", func(s viewerState) bool { return s.Where == "Strona 3 z 3" && s.Search == "?strona=3" })
		return err
	})
}

// TestViewerSwipe turns the page with a finger on a touch kiosk: a swipe
// to the left at full width opens the next page.
func TestViewerSwipe(t *testing.T) {
	base, viewer := viewerSite(t)
	ctx := touchTab(t)
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+viewer)); err != nil {
			return err
		}
		if _, err := waitViewer(ctx, "the viewer", func(s viewerState) bool { return s.Loaded && s.Tools }); err != nil {
			return err
		}
		if err := swipeLeft(ctx); err != nil {
			return err
		}
		_, err := waitViewer(ctx, "page 2 after a swipe to the left", func(s viewerState) bool { return s.Where == "Strona 2 z 3" })
		return err
	})
}

// pageColours is the share of yellow, black and white pixels of a PNG.
func pageColours(t *testing.T, shot []byte) (yellowShare, blackShare, whiteShare float64) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	var y, b, w, all int
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			cr, cg, cb, _ := img.At(px, py).RGBA()
			r8, g8, b8 := uint8(cr>>8), uint8(cg>>8), uint8(cb>>8)
			all++
			switch {
			case r8 > 200 && g8 > 200 && b8 < 60:
				y++
			case r8 < 30 && g8 < 30 && b8 < 30:
				b++
			case r8 > 230 && g8 > 230 && b8 > 230:
				w++
			}
		}
	}
	return float64(y) / float64(all), float64(b) / float64(all), float64(w) / float64(all)
}

// viewerShot saves the whole page, when $BIPKIOSK_SHOTS asks for screenshots.
func viewerShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("BIPKIOSK_SHOTS") == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("browser: screenshot %s: %v", name, err)
		return
	}
	saveShot(t, name, png)
}

// signState is what the sign-language test reads from the page.
type signState struct {
	Autoplay  bool   `json:"autoplay"`
	Paused    bool   `json:"paused"`
	Controls  bool   `json:"controls"`
	TrackKind string `json:"trackKind"`
	TrackLang string `json:"trackLang"`
	Default   bool   `json:"default"`
	Links     int    `json:"links"` // home: links to the two pages
}

// TestSignLanguageAndEasyToRead follows the home page's links: the
// easy-to-read text, and the recording, which has a captions track, its
// controls and does not play by itself; both pass axe.
func TestSignLanguageAndEasyToRead(t *testing.T) {
	base, _ := viewerSite(t)
	ctx := tab(t, 1280, 900)
	withAxe(t, ctx)
	within(t, ctx, 60*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			return err
		}
		home, err := chromedp.Run(ctx, chromedp.Evaluate[signState](`({links: document.querySelectorAll('a[href="/tekst-latwy"], a[href="/jezyk-migowy"]').length})`))
		if err != nil {
			return err
		}
		if home.Links != 2 {
			t.Errorf("home: got %d links to the easy-to-read text and the recording, want 2", home.Links)
		}
		viewerShot(t, ctx, "home-etr-pjm.png")
		for _, p := range []string{"/", "/tekst-latwy", "/jezyk-migowy"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
				return err
			}
			if vs, err := axeRun(ctx, false); err != nil {
				return err
			} else if len(vs) != 0 {
				t.Errorf("axe on %s: got %d violations, want none:%s", p, len(vs), report(vs))
			}
		}
		time.Sleep(time.Second) // long enough for an autoplay to have started
		s, err := chromedp.Run(ctx, chromedp.Evaluate[signState](`(() => {
		  const v = document.querySelector("video"), tr = v && v.querySelector("track");
		  return {autoplay: !!v && v.autoplay, paused: !!v && v.paused, controls: !!v && v.controls,
		    trackKind: tr ? tr.kind : "", trackLang: tr ? tr.srclang : "", default: !!tr && tr.default};
		})()`))
		if err != nil {
			return err
		}
		if s.Autoplay || !s.Paused || !s.Controls || s.TrackKind != "captions" || s.TrackLang != "pl" || !s.Default {
			t.Errorf("recording: got %+v, want controls, a default Polish captions track, no autoplay and paused", s)
		}
		// The app's own buttons, by keyboard: captions off, then on again.
		if err := chromedp.Do(ctx, chromedp.Focus(`button[data-pjm="captions"]`)); err != nil {
			return err
		}
		if err := press(ctx, kb.Enter, false); err != nil {
			return err
		}
		type captions struct {
			Mode   string `json:"mode"`
			Label  string `json:"label"`
			Paused bool   `json:"paused"`
		}
		const captionsJS = `(() => { const v = document.querySelector("video"), b = document.querySelector('button[data-pjm="captions"]');
		  return {mode: v.textTracks[0] ? v.textTracks[0].mode : "", label: b.textContent, paused: v.paused}; })()`
		off, err := waitFor(ctx, 5*time.Second, 100*time.Millisecond, captionsJS, "captions off", func(c captions) bool { return c.Mode == "hidden" })
		if err != nil {
			return err
		}
		if off.Label != "Włącz napisy" || !off.Paused {
			t.Errorf("captions off by the button: got %+v, want the button to offer turning them on, the video still paused", off)
		}
		if err := press(ctx, kb.Enter, false); err != nil {
			return err
		}
		if _, err := waitFor(ctx, 5*time.Second, 100*time.Millisecond, captionsJS, "captions on again", func(c captions) bool { return c.Mode == "showing" }); err != nil {
			return err
		}
		viewerShot(t, ctx, "sign-language.png")
		if vs, err := axeRun(ctx, false); err != nil {
			return err
		} else if len(vs) != 0 {
			t.Errorf("axe on the recording with its buttons: got %d violations, want none:%s", len(vs), report(vs))
		}
		return nil
	})
}
