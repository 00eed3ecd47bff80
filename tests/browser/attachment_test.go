package browser

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// bulletinFile is an attachment of the default bulletin and the page that
// publishes it.
type bulletinFile struct {
	Page, Title string
}

// bulletinFiles lists the default bulletin's attachments by MIME type.
func bulletinFiles(t *testing.T) map[string]bulletinFile {
	t.Helper()
	out := map[string]bulletinFile{}
	err := sharedSite.st.Read(func(r *store.Reader) error {
		entries, _, err := r.Attachments(0, 0)
		for _, e := range entries {
			if t := e.Attachment.Text; t != nil && t.Method == content.TextOCR {
				continue // the sample scan has its own journey (scan_test.go)
			}
			if _, ok := out[e.Attachment.Type]; !ok {
				out[e.Attachment.Type] = bulletinFile{Page: "/p/" + e.Node.ID.String(), Title: e.Attachment.Title}
			}
		}
		return err
	})
	if err != nil || out["application/pdf"].Page == "" {
		t.Fatalf("default bulletin: got attachments %v (err %v), want a PDF among them", out, err)
	}
	return out
}

// attachmentState is what the attachment test reads from the page.
type attachmentState struct {
	Path     string   `json:"path"`
	H1       string   `json:"h1"`
	Text     string   `json:"text"`     // the file's text as the page shows it
	FontSize float64  `json:"fontSize"` // of that text, in px
	QRName   string   `json:"qrName"`
	QRWidth  float64  `json:"qrWidth"`
	QRBg     string   `json:"qrBg"`
	Address  string   `json:"address"`
	KioskBar bool     `json:"kioskBar"`
	Leaving  []string `json:"leaving"` // hrefs to raw files or other sites
	Parsed   bool     `json:"parsed"`  // the whole page is parsed (the kiosk bar comes last)
}

const attachmentStateJS = `(() => {
  const h = document.querySelector("h1"), tx = document.querySelector(".bk-attachment__text"),
    qr = document.querySelector("svg.bk-qr__code"), ad = document.querySelector(".bk-external__address");
  return {path: location.pathname, h1: h ? h.textContent.trim() : "",
    text: tx ? tx.innerText.slice(0, 500) : "", fontSize: tx ? parseFloat(getComputedStyle(tx).fontSize) : 0,
    qrName: qr ? qr.getAttribute("aria-label") : "", qrWidth: qr ? qr.getBoundingClientRect().width : 0,
    qrBg: qr ? getComputedStyle(qr).backgroundColor : "", address: ad ? ad.textContent.trim() : "",
    kioskBar: !!document.querySelector(".bk-kiosknav"), leaving: leavingHrefs(), parsed: document.readyState !== "loading"};
})()`

// leavingJS defines leavingHrefs(): the hrefs of a page that leave the app
// in a kiosk, a raw attachment (a browser's file viewer, with no kiosk bar
// and no idle reset) or another site.
const leavingJS = `function leavingHrefs() {
  return [...document.querySelectorAll("a[href], area[href]")].map(a => a.getAttribute("href"))
    .filter(h => h.startsWith("/pliki/") || h.startsWith("//") || /^[a-z][a-z0-9+.-]*:/i.test(h));
}`

// waitAttachment polls the page until ok accepts its state.
func waitAttachment(ctx context.Context, what string, ok func(attachmentState) bool) (attachmentState, error) {
	return waitFor(ctx, 5*time.Second, 100*time.Millisecond, leavingJS+";"+attachmentStateJS, what, ok)
}

// TestKioskAttachment taps an article's PDF on a portrait touch kiosk: the
// app must show its own page for the file, with the file's text as text, the
// QR code of the live address and the kiosk bar, pass axe (AAA contrast in
// the low-vision version, whose larger text the file's text takes too), and
// link no raw file.
func TestKioskAttachment(t *testing.T) {
	base := kioskSite(t)
	pdf := bulletinFiles(t)["application/pdf"]
	ctx := touchTab(t)
	withAxe(t, ctx)
	const live = "https://bip.chojnow.eu/" // the default bulletin's live address; its pages name none of their own
	within(t, ctx, 60*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+pdf.Page)); err != nil {
			return err
		}
		if err := tap(ctx, `.bk-table a[href*="/zalacznik/"]`); err != nil {
			return err
		}
		s, err := waitAttachment(ctx, "the attachment's page", func(s attachmentState) bool {
			return strings.Contains(s.Path, "/zalacznik/") && s.H1 != "" && s.Parsed
		})
		if err != nil {
			return err
		}
		if s.H1 != pdf.Title || !strings.Contains(s.Text, "Schemat organizacyjny Urzedu Miejskiego w Chojnowie\n") {
			t.Errorf("attachment page: got h1 %q and text %.80q, want h1 %q and the PDF's text line by line", s.H1, s.Text, pdf.Title)
		}
		if s.QRName != "Kod QR adresu "+live || s.QRWidth < 150 || s.QRBg != "rgb(255, 255, 255)" || s.Address != live {
			t.Errorf("QR code: got %+v, want named for %q, at least 150 px wide, on white, the address written out", s, live)
		}
		if !s.KioskBar || len(s.Leaving) != 0 {
			t.Errorf("attachment page: got kiosk bar %v and leaving hrefs %q, want the bar and none", s.KioskBar, s.Leaving)
		}
		kioskShot(t, ctx, "kiosk-attachment.png")
		vs, err := axeRun(ctx, false)
		if err != nil {
			return err
		}
		if len(vs) != 0 {
			t.Errorf("axe on the kiosk attachment page: got %d violations, want none:%s", len(vs), report(vs))
		}

		// The low-vision version at the largest text: the file's text grows
		// too. The settings link renders the page it returns to in its response,
		// and the script then names that page in the address bar and history.
		q := url.Values{"lowvision": {"1"}, "text": {"200"}, "wroc": {s.Path}}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ustawienia/ustaw?"+q.Encode())); err != nil {
			return err
		}
		big, err := waitAttachment(ctx, "the low-vision page", func(b attachmentState) bool {
			return b.FontSize > 0 && b.H1 == s.H1 && b.Path == s.Path
		})
		if err != nil {
			return err
		}
		if big.FontSize < 1.5*s.FontSize {
			t.Errorf("file text at 200%%: got %.1f px, want at least 1.5 × %.1f px", big.FontSize, s.FontSize)
		}
		if vs, err = axeRun(ctx, true); err != nil {
			return err
		}
		if len(vs) != 0 {
			t.Errorf("axe (AAA contrast) on the low-vision attachment page: got %d violations, want none:%s", len(vs), report(vs))
		}
		return nil
	})
}

// TestKioskNoLeavingLinks walks every kiosk screen, and the pages of the
// default bulletin's files: no href may open a raw file or another site.
// A file reached by a link the app did not write (a search result, a link
// in an article) must still open inside the app.
func TestKioskNoLeavingLinks(t *testing.T) {
	base := kioskSite(t)
	files := bulletinFiles(t)
	paths := append([]string{}, theSite(t).Screens...)
	for _, f := range files {
		paths = append(paths, f.Page)
	}
	ctx := tab(t, 1080, 1920)
	for _, p := range paths {
		within(t, ctx, 30*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
				return err
			}
			leaving, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](leavingJS+";leavingHrefs()"))
			if err != nil {
				return err
			}
			if len(leaving) != 0 {
				t.Errorf("kiosk %s: got hrefs that leave the app %q, want none", p, leaving)
			}
			return nil
		})
	}

	t.Run("a raw file's address opens in the app", func(t *testing.T) {
		var raw, title string
		err := sharedSite.st.Read(func(r *store.Reader) error {
			entries, _, err := r.Attachments(0, 1)
			if len(entries) == 1 {
				e := entries[0].Attachment
				raw, title = "/pliki/"+e.SHA256+"/"+url.PathEscape(e.Name), e.Title
			}
			return err
		})
		if err != nil || raw == "" {
			t.Fatalf("no attachment (err %v)", err)
		}
		within(t, ctx, 30*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+raw)); err != nil {
				return err
			}
			s, err := waitAttachment(ctx, "the in-app page", func(s attachmentState) bool { return s.H1 != "" && s.Parsed })
			if err != nil {
				return err
			}
			if s.H1 != title || !s.KioskBar || s.QRName == "" {
				t.Errorf("navigating to %s in a kiosk: got h1 %q, kiosk bar %v, QR %q; want the in-app page of %q", raw, s.H1, s.KioskBar, s.QRName, title)
			}
			return nil
		})
	})
}
