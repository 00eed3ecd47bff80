package browser

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestKeyboard uses the reader with the keyboard only, as a screen-magnifier
// or switch user would: skip link first, the menu tree, the settings; and
// every stop on the way must show where the focus is.
func TestKeyboard(t *testing.T) {
	s := theSite(t)
	for _, m := range []mode{modes[0], modes[1], modes[4]} {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			ctx := withMode(t, s, m, "pl", 1280, 800)
			t.Run("skip link", func(t *testing.T) { checkSkipLink(t, ctx, s) })
			t.Run("menu tree", func(t *testing.T) { checkTree(t, ctx, s) })
			t.Run("path menu branch", func(t *testing.T) { checkPathBranch(t, ctx, s) })
			t.Run("settings", func(t *testing.T) { checkSettings(t, ctx, s) })
		})
	}
}

// checkSkipLink: the first Tab reaches the skip link, Enter moves focus to main.
func checkSkipLink(t *testing.T, ctx context.Context, s *site) {
	within(t, ctx, 30*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
			return err
		}
		f, invisible, err := tabUntil(ctx, 1, func(focused) bool { return true })
		if err != nil {
			return err
		}
		if f.Href != "#main-content" {
			return fmt.Errorf("first Tab: focus got %s (href %q), want the skip link to #main-content", f, f.Href)
		}
		if len(invisible) > 0 {
			t.Errorf("skip link: focus is not visible on it")
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
		return nil
	})
}

// expandedOf polls the aria-expanded of the element at selector until it
// differs from was (the tree may fetch a branch first), or gives up.
func expandedOf(ctx context.Context, was string) (string, error) {
	deadline := time.Now().Add(3 * time.Second)
	for {
		f, err := activeElement(ctx)
		if err != nil {
			return "", err
		}
		if f.Expanded != was || time.Now().After(deadline) {
			return f.Expanded, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkTree: Tab from the top to the first disclosure button of the menu tree;
// Enter and Space each flip its aria-expanded and show or hide its branch.
func checkTree(t *testing.T, ctx context.Context, s *site) {
	within(t, ctx, 60*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/")); err != nil {
			return err
		}
		btn, invisible, err := tabUntil(ctx, 200, func(f focused) bool { return f.Tag == "button" && f.Expanded != "" && f.InNav })
		if err != nil {
			return fmt.Errorf("menu tree: no disclosure button (button[aria-expanded] in a nav) reachable by Tab: %w", err)
		}
		if len(invisible) > 0 {
			t.Errorf("focus not visible on: %s", strings.Join(invisible, "; "))
		}
		state := btn.Expanded
		for _, key := range []string{kb.Enter, " "} {
			if err := press(ctx, key, false); err != nil {
				return err
			}
			got, err := expandedOf(ctx, state)
			if err != nil {
				return err
			}
			if want := flip(state); got != want {
				t.Errorf("%q on %s: aria-expanded got %q, want %q", keyName(key), btn, got, want)
				return nil
			}
			shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const b = document.activeElement, id = b.getAttribute("aria-controls");
				const list = id && document.getElementById(id);
				return !!list && !list.hidden && list.getBoundingClientRect().height > 0;
			})()`))
			if err != nil {
				return err
			}
			if shown != (got == "true") {
				t.Errorf("%q on %s: branch shown got %v, want %v (aria-expanded %q)", keyName(key), btn, shown, got == "true", got)
			}
			state = got
		}
		t.Logf("menu tree: Enter and Space toggled %s from aria-expanded %q", btn, btn.Expanded)
		return nil
	})
}

// branchJS describes the list the focused disclosure button controls.
const branchJS = `(() => {
	const b = document.activeElement, id = b.getAttribute("aria-controls");
	const list = id && document.getElementById(id);
	if (!list) return {shown: false, partial: false, items: 0};
	return {shown: !list.hidden && list.getBoundingClientRect().height > 0,
		partial: list.classList.contains("bk-tree__list--path"),
		items: list.querySelectorAll(":scope > li").length};
})()`

type branch struct {
	Shown   bool `json:"shown"`
	Partial bool `json:"partial"`
	Items   int  `json:"items"`
}

// checkPathBranch: on an article, the path menu lists under an ancestor only
// the next step of the path. Its button is reached by Tab and expanded; Enter
// closes the branch, and Enter again opens it with all its children.
func checkPathBranch(t *testing.T, ctx context.Context, s *site) {
	article := ""
	for _, p := range s.Screens {
		if rest, ok := strings.CutPrefix(p, "/menu?p="); ok {
			article = "/p/" + rest
		}
	}
	if article == "" {
		t.Skip("the bulletin has no article")
	}
	within(t, ctx, 60*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+article)); err != nil {
			return err
		}
		btn, _, err := tabUntil(ctx, 200, func(f focused) bool { return f.Tag == "button" && f.Expanded == "true" && f.InNav })
		if err != nil {
			return fmt.Errorf("path menu on %s: no open branch's button reachable by Tab: %w", article, err)
		}
		before, err := chromedp.Run(ctx, chromedp.Evaluate[branch](branchJS))
		if err != nil {
			return err
		}
		if !before.Shown || before.Items == 0 {
			t.Errorf("%s on %s: its branch got %+v, want shown with the path in it", btn, article, before)
		}
		for _, want := range []string{"false", "true"} {
			if err := press(ctx, kb.Enter, false); err != nil {
				return err
			}
			if got, err := expandedOf(ctx, flip(want)); err != nil || got != want {
				return fmt.Errorf("Enter on %s: aria-expanded got %q (%v), want %q", btn, got, err, want)
			}
		}
		var after branch
		for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if after, err = chromedp.Run(ctx, chromedp.Evaluate[branch](branchJS)); err != nil {
				return err
			}
			if !after.Partial || time.Now().After(deadline) {
				break
			}
		}
		if !after.Shown || after.Partial || after.Items < before.Items {
			t.Errorf("%s opened again: its branch got %+v, want shown with every child (it had %+v)", btn, after, before)
		}
		t.Logf("path menu: %s opened again lists %d entries (the path menu listed %d)", btn, after.Items, before.Items)
		return nil
	})
}

func flip(expanded string) string {
	if expanded == "true" {
		return "false"
	}
	return "true"
}

func keyName(k string) string {
	switch k {
	case kb.Enter:
		return "Enter"
	case " ":
		return "Space"
	}
	return k
}

// controlsJS lists the settings form's keyboard stops: every link, button and
// checkbox in main, and for each radio group its checked radio (the one Tab
// reaches; arrows move within the group).
const controlsJS = `(() => {
  const key = (el) => el.type === "radio" ? "radio:" + el.name : (el.id || el.getAttribute("href") || el.tagName.toLowerCase());
  const seen = new Set(), out = [];
  for (const el of document.querySelectorAll("main a[href], main button, main input:not([type=hidden]), main select")) {
    if (el.disabled || el.getClientRects().length === 0 || el.closest("[hidden]")) continue;
    const k = key(el);
    if (!seen.has(k)) { seen.add(k); out.push(k); }
  }
  return out;
})()`

// stopKey names a focused element the way controlsJS names controls.
func stopKey(f focused) string {
	switch {
	case f.Type == "radio":
		return "radio:" + f.Name
	case f.ID != "":
		return f.ID
	case f.Href != "":
		return f.Href
	}
	return f.Tag
}

// checkSettings: every control of the settings page is reached by Tab, and the
// form works from the keyboard alone: Space ticks a box, an arrow picks another
// theme, Enter on the button saves, and the next page shows the change.
func checkSettings(t *testing.T, ctx context.Context, s *site) {
	within(t, ctx, 90*time.Second, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/ustawienia")); err != nil {
			return err
		}
		want, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](controlsJS))
		if err != nil {
			return err
		}
		if len(want) < 5 {
			return fmt.Errorf("settings page: found %d controls in main (%v), want the whole form", len(want), want)
		}
		reached := map[string]bool{}
		var invisible []string
		for i := 0; i < 400 && len(reached) < len(want); i++ {
			if err := press(ctx, kb.Tab, false); err != nil {
				return err
			}
			f, err := activeElement(ctx)
			if err != nil {
				return err
			}
			if f.Path != "body" && f.Indicator == "" {
				invisible = append(invisible, f.String())
			}
			for _, w := range want {
				if stopKey(f) == w {
					reached[w] = true
				}
			}
		}
		t.Logf("settings: Tab reached %d of %d controls", len(reached), len(want))
		for _, w := range want {
			if !reached[w] {
				t.Errorf("settings: control %q never got focus from Tab", w)
			}
		}
		if len(invisible) > 0 {
			t.Errorf("settings: focus not visible on: %s", strings.Join(invisible, "; "))
		}
		return operateSettings(t, ctx, s)
	})
}

// operateSettings changes two settings and saves them with keys only.
func operateSettings(t *testing.T, ctx context.Context, s *site) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/ustawienia")); err != nil {
		return err
	}
	box, _, err := tabUntil(ctx, 200, func(f focused) bool { return f.ID == "bk-spacing" })
	if err != nil {
		return fmt.Errorf("settings: spacing checkbox #bk-spacing: %w", err)
	}
	if err := press(ctx, " ", false); err != nil {
		return err
	}
	after, err := activeElement(ctx)
	if err != nil {
		return err
	}
	if after.Checked == box.Checked {
		t.Errorf("Space on %s: checked got %v, want %v", box, after.Checked, !box.Checked)
	}
	// The theme group comes before the box: Shift+Tab back into it.
	var radio focused
	for i := 0; i < 20 && !(radio.Type == "radio" && radio.Name == "theme"); i++ {
		if err := press(ctx, kb.Tab, true); err != nil {
			return err
		}
		if radio, err = activeElement(ctx); err != nil {
			return err
		}
	}
	if radio.Name != "theme" {
		return fmt.Errorf("settings: Shift+Tab from #bk-spacing never reached the theme radio group (last %s)", radio)
	}
	if err := press(ctx, kb.ArrowDown, false); err != nil {
		return err
	}
	picked, err := activeElement(ctx)
	if err != nil {
		return err
	}
	if picked.ID == radio.ID || !picked.Checked {
		return fmt.Errorf("ArrowDown in the theme group: focus got %s (checked %v), want the next theme, checked", picked, picked.Checked)
	}
	theme := strings.TrimPrefix(picked.ID, "bk-theme-")
	if _, _, err := tabUntil(ctx, 200, func(f focused) bool { return f.Tag == "button" && f.Type == "submit" }); err != nil {
		return fmt.Errorf("settings: save button: %w", err)
	}
	if err := press(ctx, kb.Enter, false); err != nil {
		return err
	}
	wantClasses := []string{"bk-theme-" + theme}
	if !box.Checked {
		wantClasses = append(wantClasses, "bk-spacing")
	}
	got, err := waitClasses(ctx, wantClasses)
	if err != nil {
		return err
	}
	t.Logf("settings: saved %v with the keyboard; <html> class now %q", wantClasses, got)
	for _, c := range wantClasses {
		if !hasClass(got, c) {
			t.Errorf("after saving the settings with Enter: <html> class got %q, want %q in it", got, c)
		}
	}
	return nil
}

// waitClasses polls <html>'s class list until it has every class in want (the
// form submission is a navigation) or five seconds pass, and returns it.
func waitClasses(ctx context.Context, want []string) (string, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? document.documentElement.className : ""`))
		if err == nil && got != "" {
			all := true
			for _, c := range want {
				all = all && hasClass(got, c)
			}
			if all {
				return got, nil
			}
		}
		if time.Now().After(deadline) {
			return got, nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}
