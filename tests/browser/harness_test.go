package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestHarness proves the checks can fail: on a page built to break them they
// must report the breakage, and on a clean page nothing. Without it a broken
// harness would pass every screen.
func TestHarness(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	t.Cleanup(srv.Close)

	t.Run("axe finds violations", func(t *testing.T) {
		ctx := tab(t, 1024, 768)
		withAxe(t, ctx)
		var vs []violation
		within(t, ctx, 30*time.Second, func(ctx context.Context) (err error) {
			if err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/axe-bad.html")); err != nil {
				return err
			}
			vs, err = axeRun(ctx, false)
			return err
		})
		got := ruleIDs(vs)
		for _, want := range []string{"html-has-lang", "image-alt", "color-contrast", "link-name", "label"} {
			if !slices.Contains(got, want) {
				t.Errorf("axe on axe-bad.html: got rules %v, want %q among them", got, want)
			}
		}
	})
	t.Run("axe passes a clean page", func(t *testing.T) {
		ctx := tab(t, 1024, 768)
		withAxe(t, ctx)
		var vs []violation
		within(t, ctx, 30*time.Second, func(ctx context.Context) (err error) {
			if err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/axe-good.html")); err != nil {
				return err
			}
			vs, err = axeRun(ctx, false)
			return err
		})
		if len(vs) != 0 {
			t.Errorf("axe on axe-good.html: got %d violations, want none:%s", len(vs), report(vs))
		}
	})
	t.Run("AAA contrast runs with the rest", func(t *testing.T) {
		ctx := tab(t, 1024, 768)
		withAxe(t, ctx)
		var vs []violation
		within(t, ctx, 30*time.Second, func(ctx context.Context) (err error) {
			if err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/axe-bad.html")); err != nil {
				return err
			}
			vs, err = axeRun(ctx, true)
			return err
		})
		got := ruleIDs(vs)
		for _, want := range []string{"color-contrast-enhanced", "color-contrast", "image-alt"} {
			if !slices.Contains(got, want) {
				t.Errorf("axe with AAA contrast on axe-bad.html: got rules %v, want %q among them", got, want)
			}
		}
	})
	t.Run("keyboard", func(t *testing.T) {
		ctx := tab(t, 1024, 768)
		within(t, ctx, 30*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/axe-good.html")); err != nil {
				return err
			}
			f, invisible, err := tabUntil(ctx, 1, func(focused) bool { return true })
			if err != nil {
				return err
			}
			if f.Href != "#main-content" || len(invisible) > 0 {
				t.Errorf("first Tab: got %s (href %q, invisible %v), want the visible skip link", f, f.Href, invisible)
			}
			if err := press(ctx, kb.Enter, false); err != nil {
				return err
			}
			if f, err = activeElement(ctx); err != nil {
				return err
			}
			if f.ID != "main-content" {
				t.Errorf("Enter on the skip link: focus got %s, want main#main-content", f)
			}
			btn, _, err := tabUntil(ctx, 10, func(f focused) bool { return f.Expanded != "" })
			if err != nil {
				return err
			}
			if err := press(ctx, " ", false); err != nil {
				return err
			}
			after, err := activeElement(ctx)
			if err != nil {
				return err
			}
			if btn.Expanded != "false" || after.Expanded != "true" {
				t.Errorf("Space on %s: aria-expanded got %q → %q, want false → true", btn, btn.Expanded, after.Expanded)
			}
			return nil
		})
	})
	t.Run("hidden focus is caught", func(t *testing.T) {
		ctx := tab(t, 1024, 768)
		within(t, ctx, 30*time.Second, func(ctx context.Context) error {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/focus-hidden.html")); err != nil {
				return err
			}
			f, invisible, err := tabUntil(ctx, 1, func(focused) bool { return true })
			if err != nil {
				return err
			}
			if f.Tag != "a" || len(invisible) != 1 {
				t.Errorf("Tab to a link styled outline:none: got %s, invisible %v; want the link reported invisible", f, invisible)
			}
			return nil
		})
	})
	t.Run("reflow", func(t *testing.T) {
		tests := []struct {
			name     string
			page     string
			wantWide bool
		}{
			{name: "wide", page: "/axe-bad.html", wantWide: true},
			{name: "narrow", page: "/axe-good.html"},
		}
		ctx := tab(t, 320, 640)
		for _, tt := range tests {
			within(t, ctx, 30*time.Second, func(ctx context.Context) error {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+tt.page)); err != nil {
					return err
				}
				o, err := measureOverflow(ctx)
				if err != nil {
					return err
				}
				if wide := o.ScrollWidth > 320; wide != tt.wantWide {
					t.Errorf("%s: scrolls sideways got %v (%s), want %v", tt.page, wide, o, tt.wantWide)
				}
				return nil
			})
		}
	})
}
