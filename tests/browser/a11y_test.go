package browser

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// mode is one display mode, set the way a reader sets it: by following the
// settings link with these query values.
type mode struct {
	name  string
	query url.Values
	class string // a class the server must then render on <html>
	aaa   bool   // a high-contrast theme: also check 7:1 contrast
}

var modes = []mode{
	{name: "default", query: url.Values{}, class: "bk-theme-default"},
	{name: "yellow-black", query: url.Values{"theme": {"yellow-black"}}, class: "bk-theme-yellow-black", aaa: true},
	{name: "black-yellow", query: url.Values{"theme": {"black-yellow"}}, class: "bk-theme-black-yellow", aaa: true},
	{name: "text-200", query: url.Values{"text": {"200"}}, class: "bk-text-200"},
	{name: "low-vision", query: url.Values{"lowvision": {"1"}}, class: "bk-lowvision", aaa: true},
	{name: "spacing-font", query: url.Values{"spacing": {"1"}, "font": {"1"}}, class: "bk-font-legible"},
}

var langs = []string{"pl", "en", "uk"}

// settingsPath is the link the settings bar and the settings page use.
func settingsPath(q url.Values) string { return "/ustawienia/ustaw?" + q.Encode() }

// withMode returns a fresh tab whose cookie jar holds the mode and language,
// after checking that the server really renders them.
func withMode(t *testing.T, s *site, m mode, lang string, width, height int64) context.Context {
	t.Helper()
	ctx := tab(t, width, height)
	q := url.Values{"lang": {lang}}
	for k, v := range m.query {
		q[k] = v
	}
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+settingsPath(q))); err != nil {
			return fmt.Errorf("set %s/%s: %w", m.name, lang, err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
			return err
		}
		html, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`[document.documentElement.className, document.documentElement.lang]`))
		if err != nil {
			return err
		}
		if !hasClass(html[0], m.class) || html[1] != lang {
			t.Fatalf("settings link %s: <html> got class %q lang %q, want class %q lang %q",
				settingsPath(q), html[0], html[1], m.class, lang)
		}
		return nil
	})
	return ctx
}

func hasClass(list, class string) bool {
	for _, c := range strings.Fields(list) {
		if c == class {
			return true
		}
	}
	return false
}

// TestAxe runs axe-core on every screen in every display mode and language
// and fails on any violation; in the high-contrast themes it also checks the
// AAA contrast ratio of 7:1.
func TestAxe(t *testing.T) {
	s := theSite(t)
	for _, lang := range langs {
		for _, m := range modes {
			t.Run(lang+"/"+m.name, func(t *testing.T) {
				t.Parallel()
				ctx := withMode(t, s, m, lang, 1280, 800)
				withAxe(t, ctx)
				for _, path := range s.Screens {
					var vs []violation
					within(t, ctx, 60*time.Second, func(ctx context.Context) (err error) {
						if err = chromedp.Do(ctx, chromedp.Navigate(s.URL+path)); err != nil {
							return fmt.Errorf("%s: %w", path, err)
						}
						if vs, err = axeRun(ctx, m.aaa); err != nil {
							return fmt.Errorf("%s: axe: %w", path, err)
						}
						return nil
					})
					if len(vs) > 0 {
						t.Errorf("%s [%s, %s]: %d rule(s) violated:%s", path, m.name, lang, len(vs), report(vs))
					}
				}
			})
		}
	}
}

// TestReflow checks WCAG 1.4.10: at 320 CSS px (400 % zoom of a 1280 px
// window) no screen scrolls sideways, also at 200 % text and in the
// low-vision version.
func TestReflow(t *testing.T) {
	s := theSite(t)
	for _, m := range []mode{modes[0], modes[3], modes[4]} {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			ctx := withMode(t, s, m, "pl", 320, 640)
			for _, path := range s.Screens {
				within(t, ctx, 30*time.Second, func(ctx context.Context) error {
					if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+path)); err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
					o, err := measureOverflow(ctx)
					if err != nil {
						return err
					}
					if o.ScrollWidth > 320 {
						t.Errorf("%s [%s] at 320 px: scrolls sideways: %s", path, m.name, o)
					}
					return nil
				})
			}
		})
	}
}

// TestScreenshots keeps a picture of every screen, default and low-vision,
// in $BIPKIOSK_SHOTS for a person to look at. It checks nothing else.
func TestScreenshots(t *testing.T) {
	slow(t)
	if os.Getenv("BIPKIOSK_SHOTS") == "" {
		t.Skip("BIPKIOSK_SHOTS not set: no screenshots wanted")
	}
	s := theSite(t)
	for _, m := range []mode{modes[0], modes[4]} {
		t.Run(m.name, func(t *testing.T) {
			ctx := withMode(t, s, m, "pl", 1280, 800)
			for _, path := range s.Screens {
				within(t, ctx, 30*time.Second, func(ctx context.Context) error {
					if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+path)); err != nil {
						return err
					}
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
					if err != nil {
						return err
					}
					saveShot(t, "screen-"+slug(path)+"-"+m.name+".png", png)
					return nil
				})
			}
		})
	}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns a path into a file name: "/p/1234…" → "p-1234…", "/" → "home".
func slug(path string) string {
	if u, err := url.QueryUnescape(path); err == nil {
		path = u
	}
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(path), "-"), "-")
	if s == "" {
		return "home"
	}
	return s
}
