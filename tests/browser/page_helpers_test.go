package browser

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes document.activeElement and whether its focus is visible.
type focused struct {
	Tag      string `json:"tag"`
	ID       string `json:"id"`
	Href     string `json:"href"` // the attribute as written
	Text     string `json:"text"`
	Expanded string `json:"expanded"` // aria-expanded, "" when absent
	Name     string `json:"name"`     // form controls: name, type, checked
	Type     string `json:"type"`
	Checked  bool   `json:"checked"`
	InNav    bool   `json:"inNav"`
	Path     string `json:"path"` // a short CSS-ish path, for messages
	// Indicator names what changes on focus (outline, box-shadow, background…),
	// "" when the focused element looks the same as unfocused.
	Indicator string `json:"indicator"`
}

func (f focused) String() string {
	s := f.Path
	if f.Text != "" {
		s += fmt.Sprintf(" %q", f.Text)
	}
	return s
}

// focusedJS reports the focused element. For the focus check it compares the
// computed style while focused with the style after a blur, then refocuses:
// an indicator must be something a sighted keyboard user can see.
const focusedJS = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return {tag: el ? el.tagName.toLowerCase() : "", path: "body"};
  }
  const path = (n) => { const p = []; for (; n && n.nodeType === 1 && p.length < 4; n = n.parentElement) {
      let s = n.tagName.toLowerCase(); if (n.id) s += "#" + n.id; else if (n.classList.length) s += "." + n.classList[0]; p.unshift(s); }
    return p.join(" > "); };
  const props = ["outline-style", "outline-width", "outline-color", "box-shadow", "background-color", "color", "text-decoration-line", "border-bottom-color", "border-bottom-width"];
  const snap = () => { const cs = getComputedStyle(el); return props.map(p => cs.getPropertyValue(p)); };
  const on = snap();
  el.blur();
  const off = snap();
  el.focus({preventScroll: true});
  const changed = props.filter((p, i) => on[i] !== off[i]);
  const cs = getComputedStyle(el);
  const outlineShown = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 && cs.outlineColor !== "rgba(0, 0, 0, 0)" && cs.outlineColor !== "transparent";
  let indicator = changed.filter(p => p !== "outline-color" || outlineShown).join(",");
  if (!indicator && outlineShown && on[0] !== "none") indicator = "outline";
  return {tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute("href") || "",
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    expanded: el.getAttribute("aria-expanded") || "",
    name: el.getAttribute("name") || "", type: el.getAttribute("type") || "", checked: !!el.checked, inNav: !!el.closest("nav"), path: path(el), indicator};
})()`

// activeElement reads the focused element.
func activeElement(ctx context.Context) (focused, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[focused](focusedJS))
}

// press sends one key (kb.Tab, kb.Enter, " ") to the focused element.
func press(ctx context.Context, key string, shift bool) error {
	var opts []chromedp.KeyOption
	if shift {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	return chromedp.Do(ctx, chromedp.KeyEvent(key, opts...))
}

// tabUntil presses Tab until match accepts the focused element, at most max
// times, checking on the way that every stop has a visible focus indicator.
func tabUntil(ctx context.Context, max int, match func(focused) bool) (focused, []string, error) {
	var invisible []string
	for i := 0; i < max; i++ {
		if err := press(ctx, kb.Tab, false); err != nil {
			return focused{}, invisible, err
		}
		f, err := activeElement(ctx)
		if err != nil {
			return focused{}, invisible, err
		}
		if f.Path != "body" && f.Indicator == "" {
			invisible = append(invisible, f.String())
		}
		if match(f) {
			return f, invisible, nil
		}
	}
	return focused{}, invisible, fmt.Errorf("nothing matched after %d presses of Tab", max)
}

// overflow is what sticks out of a narrow viewport.
type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	Culprits    []string `json:"culprits"`
}

// overflowJS measures horizontal scrolling and names the widest elements that
// cause it, so a failure says where to look.
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const sw = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const out = [];
  const clipped = (el) => { for (let a = el; a; a = a.parentElement) { const r = a.getBoundingClientRect(); if (r.width <= 1 || r.height <= 1) return true; } return false; };
  if (sw > vw) {
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 && !clipped(el)) { // inside a 1px box: visually-hidden text, clipped away
        let s = el.tagName.toLowerCase(); if (el.id) s += "#" + el.id; else if (el.classList.length) s += "." + el.classList[0];
        else if (el.parentElement && el.parentElement.classList.length) s = el.parentElement.classList[0] + " > " + s;
        out.push(s + " (right " + Math.round(r.right) + "px)");
        if (out.length === 5) break;
      }
    }
  }
  return {scrollWidth: sw, culprits: out};
})()`

// measureOverflow reads the page's scroll width and the culprits.
func measureOverflow(ctx context.Context) (overflow, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[overflow](overflowJS))
}

func (o overflow) String() string {
	return fmt.Sprintf("scrollWidth %d px; widest: %s", o.ScrollWidth, strings.Join(o.Culprits, ", "))
}

// waitFor evaluates js in the page every interval until ok accepts its
// result, for at most d. Errors while a navigation replaces the document are
// expected and retried.
func waitFor[T any](ctx context.Context, d, interval time.Duration, js, what string, ok func(T) bool) (T, error) {
	var last T
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(interval) {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
		if err == nil {
			if last = s; ok(s) {
				return s, nil
			}
		} else if ctx.Err() != nil {
			return last, ctx.Err()
		}
	}
	return last, fmt.Errorf("waited %s for %s: last state %+v", d, what, last)
}

// scriptlessTab is a tab of w × h CSS px that runs no JavaScript, for the
// pages' no-script paths.
func scriptlessTab(t *testing.T, w, h int64) context.Context {
	t.Helper()
	ctx := tab(t, w, h)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	if err != nil {
		t.Fatalf("browser: disable scripts: %v", err)
	}
	return ctx
}
