package browser

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// target is one interactive element whose box is too small.
type target struct {
	Path   string  `json:"path"`
	Text   string  `json:"text"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

func (g target) String() string {
	return fmt.Sprintf("%s %q: %.1f×%.1f px", g.Path, g.Text, g.Width, g.Height)
}

// targetsJS lists the visible interactive elements smaller than min × min CSS
// px. Exempt, as WCAG 2.5.8 allows: links set inline in the running text of
// content prose, whose size the line height decides; and the skip link while
// it is off-screen. A checkbox or radio counts together with its label, since
// touching the label ticks the box. Elements not rendered (closed dialog,
// hidden attribute, a collapsed branch) are not targets.
const targetsJS = `((min) => {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const path = (n) => { const p = []; for (; n && n.nodeType === 1 && p.length < 3; n = n.parentElement) {
      let s = n.tagName.toLowerCase(); if (n.id) s += "#" + n.id; else if (n.classList.length) s += "." + n.classList[0]; p.unshift(s); }
    return p.join(" > "); };
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.type === "hidden" || el.closest("[hidden], dialog:not([open])")) continue;
    const cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden") continue;
    if (el.classList.contains("bk-skip-link") && document.activeElement !== el) continue;
    if (cs.display === "inline" && el.closest(".bk-prose")) continue;
    let r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if ((el.type === "checkbox" || el.type === "radio") && el.labels) {
      let x0 = r.left, y0 = r.top, x1 = r.right, y1 = r.bottom;
      for (const l of el.labels) { const b = l.getBoundingClientRect(); x0 = Math.min(x0, b.left); y0 = Math.min(y0, b.top); x1 = Math.max(x1, b.right); y1 = Math.max(y1, b.bottom); }
      r = {width: x1 - x0, height: y1 - y0};
    }
    // Half a pixel of slack: 2.75rem may round to 43.99 at odd zoom factors.
    if (r.width < min - 0.5 || r.height < min - 0.5) {
      out.push({path: path(el), text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 40),
        width: r.width, height: r.height});
    }
  }
  return out;
})`

// smallTargets navigates to path and lists its targets smaller than min px.
func smallTargets(ctx context.Context, url string, min int) ([]target, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]target](fmt.Sprintf("%s(%d)", targetsJS, min)))
}

// TestTargets checks target sizes on every screen: at least 44 × 44 CSS px in
// a kiosk on a portrait touch screen (WCAG 2.5.5, the kiosk issue), at least
// 24 × 24 in the ordinary web shell (WCAG 2.5.8), inline prose links exempt.
func TestTargets(t *testing.T) {
	s := theSite(t)
	kiosk := kioskSite(t)
	tests := []struct {
		name          string
		base          string
		width, height int64
		min           int
	}{
		{name: "kiosk 1080x1920", base: kiosk, width: 1080, height: 1920, min: 44},
		{name: "web 1280x800", base: s.URL, width: 1280, height: 800, min: 24},
		{name: "web 320x640", base: s.URL, width: 320, height: 640, min: 24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := tab(t, tt.width, tt.height)
			for _, path := range s.Screens {
				var small []target
				within(t, ctx, 30*time.Second, func(ctx context.Context) (err error) {
					small, err = smallTargets(ctx, tt.base+path, tt.min)
					if err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
					return nil
				})
				if len(small) > 0 {
					lines := make([]string, len(small))
					for i, g := range small {
						lines[i] = "\n  " + g.String()
					}
					t.Errorf("%s: %d target(s) smaller than %d×%d px:%s", path, len(small), tt.min, tt.min, strings.Join(lines, ""))
				}
			}
		})
	}
}

// TestTargetsHarness proves the target check can fail: a small button and a
// link in a list are reported, a prose link and the hidden skip link are not.
func TestTargetsHarness(t *testing.T) {
	ctx := tab(t, 1024, 768)
	const page = `<!doctype html><html lang="en"><title>t</title><body>
<a class="bk-skip-link" href="#m" style="position:absolute;left:-9999rem">Skip</a>
<button id="tiny" style="width:20px;height:20px;padding:0">x</button>
<button id="big" style="width:50px;height:50px">ok</button>
<ul><li><a id="listed" href="/a">list link</a></li></ul>
<div class="bk-prose"><p>Some text with <a id="inline" href="/b">a link</a> in it.</p></div>
<p><input type="checkbox" id="c"><label for="c" style="display:inline-block;width:60px;height:60px">box</label></p>
</body></html>`
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		small, err := smallTargets(ctx, "data:text/html,"+strings.ReplaceAll(page, "#", "%23"), 44)
		if err != nil {
			return err
		}
		var got []string
		for _, g := range small {
			got = append(got, g.Path)
		}
		want := []string{"html > body > button#tiny", "ul > li > a#listed"}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("small targets: got %v, want %v", small, want)
		}
		return nil
	})
}
