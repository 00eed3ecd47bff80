package browser

import (
	"image"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/content"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
)

// TestDesktopScanJourney walks the documents journey in the real desktop
// window, as a low-vision reader with a keyboard and a screen reader does:
// the low-vision version from the settings bar, the word typed into the
// search, the result that opens the scan in the viewer at its page, the
// recognised text marked as such under the page, and, on the screen, the
// page drawn yellow on black, then zoomed in with the + key.
func TestDesktopScanJourney(t *testing.T) {
	slow(t)
	if runtime.GOOS != "linux" {
		t.Skip("screen reader: AT-SPI is the Linux accessibility bus")
	}
	launcher := atspiTools(t)
	bin := desktopBinary(t)
	tr := i18n.New(i18n.Polish)
	data := filepath.Join(t.TempDir(), "data")
	site := seedStore(t, data, i18n.Polish)
	scanTitle := scanAttachmentTitle(t, data)
	display := startXvfb(t)
	t.Setenv("DISPLAY", display)
	startA11yBus(t, launcher, display)
	a := startApp(t, bin, display, data, nil)
	sr := startScreenReader(t, a, display)

	isHome := func(d a11yDoc) bool { return strings.HasSuffix(d.URI, "/") && d.h1() == site.Name }
	d := sr.waitFor("the home page", isHome)
	d = sr.toolsOpen(d, tr)
	sr.act("link", tr.T("settings.lowvision")+" – "+tr.T("settings.off"))
	d = sr.waitFor("the home page in the low-vision version", func(d a11yDoc) bool {
		_, on := d.find("link", tr.T("settings.lowvision")+" – "+tr.T("settings.on"))
		return isHome(d) && on
	})
	sr.toolsOpen(d, tr)
	sr.typeInto("combo box", tr.T("search.label"), scanWord)
	sr.act("push button", tr.T("search.button"))
	sr.waitFor("the results page", func(d a11yDoc) bool { return strings.Contains(d.URI, "/szukaj?") })
	sr.act("link", scanTitle)
	d = sr.waitFor("the scan's page 2 in the viewer", func(d a11yDoc) bool {
		return strings.Contains(d.URI, "/zalacznik/") && strings.Contains(d.URI, "strona=2")
	})
	if _, ok := d.find("heading", tr.T("viewer.textTitle", 2)); !ok {
		t.Errorf("viewer: no heading %q over the page's text", tr.T("viewer.textTitle", 2))
	}
	if !docHasText(d, tr.T("viewer.ocr")) {
		t.Errorf("viewer: the screen reader reads no note %q", tr.T("viewer.ocr"))
	}
	// The page's text is a <div> (a section to AT-SPI, the only unnamed
	// one on the page): its text is asked for, as a reader reads it.
	var pageText struct{ Text string }
	if err := sr.run(&pageText, "text", "section", ""); err != nil {
		t.Fatalf("screen reader: %v", err)
	}
	if !strings.Contains(pageText.Text, scanWord) || !strings.Contains(pageText.Text, "§ 5.") {
		t.Errorf("viewer: the screen reader reads the page's text as %q, want § 5 and %q", pageText.Text, scanWord)
	}

	// The page image, scrolled into the window by focusing its frame.
	frame := tr.T("viewer.frame", 2)
	role := ""
	for _, n := range d.Nodes {
		if n.Name == frame {
			role = n.Role
		}
	}
	if role == "" {
		t.Fatalf("viewer: no object named %q to focus", frame)
	}
	sr.keys(role, frame, "key", "0") // fit the page: the key also proves the frame has the keys
	win, ok, err := appWindow(display)
	if err != nil || !ok {
		t.Fatalf("desktop: no window (%v)", err)
	}
	rect := image.Rect(win.x, win.y, win.x+win.w, win.y+win.h)
	yellowOnBlack := func(s screenshot) bool {
		return share(s.img, rect, yellow) > 0.005 && share(s.img, rect, black) > 0.6 && share(s.img, rect, light) < 0.01
	}
	shot := waitScreen(t, display, a, 15*time.Second, "the page image yellow on black", yellowOnBlack)
	saveShot(t, "desktop-scan-lowvision.png", shot.png)
	sr.keys(role, frame, "key", "plus", "plus", "plus")
	zoomed := tr.T("viewer.zoomLevel", 300)
	sr.waitFor("the zoom at "+zoomed, func(d a11yDoc) bool { return docHasText(d, zoomed) })
	shot = waitScreen(t, display, a, 15*time.Second, "the page zoomed in, still yellow on black", yellowOnBlack)
	saveShot(t, "desktop-scan-zoomed.png", shot.png)
}

// black and light are the low-vision page's paper and what a page image
// drawn as it is would show (grey paper, white).
func black(r, g, b uint8) bool { return r < 30 && g < 30 && b < 30 }
func light(r, g, b uint8) bool { return r > 200 && g > 200 && b > 200 }

// docHasText reports whether any object of d names or holds s; a
// no-break space (after a one-letter Polish word) counts as a space.
func docHasText(d a11yDoc, s string) bool {
	for _, n := range d.Nodes {
		name, text := strings.ReplaceAll(n.Name, "\u00a0", " "), strings.ReplaceAll(n.Text, "\u00a0", " ")
		if strings.Contains(name, s) || strings.Contains(text, s) {
			return true
		}
	}
	return false
}

// scanAttachmentTitle is the title of the default bulletin's scan, the
// name of its search result's link.
func scanAttachmentTitle(t *testing.T, data string) string {
	t.Helper()
	var title string
	withStore(t, data, func(st *store.Store) {
		err := st.Read(func(r *store.Reader) error {
			n, err := r.Node(content.NodeID("budzet/uchwala-budzetowa"))
			if err != nil {
				return err
			}
			for _, a := range n.Attachments {
				if len(a.Pages) > 0 {
					title = a.Title
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("desktop: read the budget page: %v", err)
		}
	})
	if title == "" {
		t.Fatal("desktop: the default bulletin's budget page has no scan with page images; run go generate with pdftoppm and tesseract installed")
	}
	return title
}
