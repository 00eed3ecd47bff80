package browser

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// nodePath is a section's or an article's own page.
var nodePath = regexp.MustCompile(`^/p/[0-9a-f-]+$`)

// TestLowVisionFirstScreen: a page's content starts on the first screen in
// every mode, as in a kiosk: the h1 of an article or a section is inside the
// viewport as the page opens, in the low-vision version at every text size on
// a 1280 × 1000 desktop, and at 320 px wide (400 % zoom) in the default and
// low-vision versions. The settings and the search, folded, stay one step away.
func TestLowVisionFirstScreen(t *testing.T) {
	s := theSite(t)
	var pages []string
	for _, p := range s.Screens {
		if nodePath.MatchString(p) {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		t.Fatal("no section or article among the screens")
	}
	lowVision := url.Values{"lowvision": {"1"}}
	tests := []struct {
		name          string
		settings      []url.Values // settings links followed in turn
		width, height int64
	}{
		{"low-vision text 100 at 1280x1000", []url.Values{lowVision, {"text": {"100"}}}, 1280, 1000},
		{"low-vision text 150 at 1280x1000", []url.Values{lowVision, {"text": {"150"}}}, 1280, 1000},
		{"low-vision text 200 at 1280x1000", []url.Values{lowVision}, 1280, 1000},
		{"default at 320x640", nil, 320, 640},
		{"text 200 at 320x640", []url.Values{{"text": {"200"}}}, 320, 640},
		{"low-vision at 320x640", []url.Values{lowVision}, 320, 640},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := tab(t, tt.width, tt.height)
			within(t, ctx, 60*time.Second, func(ctx context.Context) error {
				for _, q := range tt.settings {
					if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+settingsPath(q))); err != nil {
						return err
					}
				}
				for _, p := range pages {
					if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+p)); err != nil {
						return fmt.Errorf("%s: %w", p, err)
					}
					top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
						`scrollTo(0, 0), document.querySelector("main h1").getBoundingClientRect().top`))
					if err != nil {
						return fmt.Errorf("%s: %w", p, err)
					}
					// The h1's first line, not just its top edge, must show.
					if top < 0 || top > float64(tt.height)-80 {
						t.Errorf("%s [%s]: the h1 starts %.0f px down a %d px high window; want it on the first screen",
							p, tt.name, top, tt.height)
					}
					png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
					if err != nil {
						return err
					}
					saveShot(t, "first-screen-"+slug(tt.name)+"-"+slug(p)+".png", png)
				}
				return nil
			})
		})
	}
}
