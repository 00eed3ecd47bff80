package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets of the accessibility bar: WCAG 2.2 A and AA plus
// axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

var axeSource struct {
	once sync.Once
	src  string
	err  error
}

// axeScript returns axe.min.js from node_modules (installed by scripts/assets).
func axeScript(t *testing.T) string {
	t.Helper()
	path := filepath.Join(repoRoot(t), "node_modules", "axe-core", "axe.min.js")
	_, statErr := os.Stat(path)
	require(t, statErr == nil, "browser: %s missing: run scripts/assets", filepath.Join("node_modules", "axe-core", "axe.min.js"))
	axeSource.once.Do(func() {
		b, err := os.ReadFile(path)
		axeSource.src, axeSource.err = string(b), err
	})
	if axeSource.err != nil {
		t.Fatalf("browser: read axe-core: %v", axeSource.err)
	}
	return axeSource.src
}

// violation is the part of an axe result a person needs to find the problem.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  json.RawMessage `json:"target"`
		Summary string          `json:"failureSummary"`
	} `json:"nodes"`
}

// withAxe makes the tab load axe-core into every page it opens, before the
// page's own scripts: sending 650 kB per page over the protocol would cost
// more than the check of a small page.
func withAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	src := axeScript(t)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	}))
	if err != nil {
		t.Fatalf("browser: load axe-core into the tab: %v", err)
	}
}

// axeRun runs axe on the loaded page with the accessibility bar's tags; aaa
// adds the 7:1 contrast rule (axe leaves it off by default, and reports under
// it only what passes 4.5:1, so both rules run together).
func axeRun(ctx context.Context, aaa bool) ([]violation, error) {
	opts := map[string]any{
		"runOnly":     map[string]any{"type": "tag", "values": axeTags},
		"resultTypes": []string{"violations"},
		"preload":     false, // only the experimental CSS-orientation rule needs the stylesheets fetched
	}
	if aaa {
		opts["rules"] = map[string]any{"color-contrast-enhanced": map[string]bool{"enabled": true}}
	}
	js, err := json.Marshal(opts)
	if err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]violation](
		`(typeof axe === "undefined" ? Promise.reject(new Error("axe-core is not loaded in this page")) : axe.run(document, `+string(js)+`)).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
}

// report lists violations one node per line: rule, impact, selector, why.
func report(vs []violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n      … and %d more", len(v.Nodes)-5)
				break
			}
			fmt.Fprintf(&b, "\n      %s", n.Target)
			if s := strings.ReplaceAll(n.Summary, "\n", " "); s != "" {
				fmt.Fprintf(&b, " — %s", s)
			}
		}
	}
	return b.String()
}

// ruleIDs are the ids of the violated rules, for comparisons.
func ruleIDs(vs []violation) []string {
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	return ids
}
