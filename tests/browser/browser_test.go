package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// One Chromium serves the whole test binary: starting it costs about a second,
// a new isolated tab a few milliseconds.
var shared struct {
	once    sync.Once
	err     error
	ctx     context.Context // the first tab's chromedp context; new tabs derive from it
	cancels []context.CancelFunc
}

func TestMain(m *testing.M) {
	code := m.Run()
	// Close the browser before exiting: os.Exit skips deferred calls and would
	// leave Chromium running.
	for i := len(shared.cancels) - 1; i >= 0; i-- {
		shared.cancels[i]()
	}
	stopServer()
	os.Exit(code)
}

// require skips the test when a tool is missing, but fails it in CI, where a
// missing tool must not turn the accessibility suite into a silent pass.
func require(t testing.TB, ok bool, format string, args ...any) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg + " (skipped; CI=true makes this a failure)")
}

// slow skips long tests under -short.
func slow(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
}

// repoRoot is the directory holding go.mod, found upwards from the test's
// working directory (tests/browser).
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("browser: no go.mod above the test directory")
		}
		dir = parent
	}
}

// chromiumPath finds Debian's Chromium, else a chromium on PATH.
func chromiumPath() (string, bool) {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", true
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// browser returns the shared headless Chromium, starting it on first use.
func browser(t *testing.T) context.Context {
	t.Helper()
	slow(t)
	path, ok := chromiumPath()
	require(t, ok, "browser: Chromium not found at /usr/bin/chromium or on PATH: apt-get install chromium")
	shared.once.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox, // CI runs as root
			chromedp.DisableGPU,
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("hide-scrollbars", true), // scrollbars would change layout widths between runs
			// As the browser kiosk runs: the talking kiosk speaks on a page that
			// a key press opened, before any gesture on that page.
			chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
			chromedp.WindowSize(1280, 800),
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelBrowser := chromedp.NewContext(actx)
		shared.cancels = append(shared.cancels, cancelAlloc, cancelBrowser)
		// The first Run starts the browser; it must not carry a timeout, or the
		// timeout would end the browser too.
		shared.err = chromedp.Do(ctx, chromedp.Navigate("about:blank"))
		shared.ctx = ctx
	})
	if shared.err != nil {
		t.Fatalf("browser: start Chromium: %v", shared.err)
	}
	return shared.ctx
}

// tab opens a tab in its own browser context (its own cookie jar), so tabs
// with different display settings can run in parallel. It closes with the test.
func tab(t *testing.T, width, height int64) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
		t.Fatalf("browser: open tab: %v", err)
	}
	return ctx
}

// within runs fn with a deadline so one hung page fails one subtest, not the run.
func within(t *testing.T, ctx context.Context, d time.Duration, fn func(ctx context.Context) error) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	if err := fn(tctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("browser: gave up after %s: %v", d, err)
		}
		t.Fatal(err)
	}
}

// saveShot writes a screenshot into $BIPKIOSK_SHOTS, when set, for a person to look at.
func saveShot(t *testing.T, name string, png []byte) {
	t.Helper()
	dir := os.Getenv("BIPKIOSK_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browser: BIPKIOSK_SHOTS: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatalf("browser: save screenshot: %v", err)
	}
}
