package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// ErrWindowNotReady is returned by OpenExternal before the window has started
// (or after it has closed): there is no webview to ask for the system browser.
var ErrWindowNotReady = errors.New("desktop: the window is not running")

// ErrNoWindow is returned by Run in a binary built without the Wails tags
// (docs/desktop.md): it has no window code, only the web server.
var ErrNoWindow = errors.New("desktop: this binary was built without the desktop window")

// showFallback is how long the hidden window waits for its first page before it
// shows itself anyway: a window that never appears looks like a crash.
const showFallback = 5 * time.Second

// quitGrace is how long a stopped window waits for Wails' own quit on a
// signal before it quits itself (see Desktop.start).
const quitGrace = 3 * time.Second

// processStart is about when the program started (its packages' init), for
// the time to the first page shown (desktop_shown; BenchmarkDesktopStart).
var processStart = time.Now()

// DesktopOptions configures the desktop window.
type DesktopOptions struct {
	Title      string       // window title; "bipkiosk" when empty
	Kiosk      bool         // fullscreen, frameless, not resizable, covering the screen
	Logger     *slog.Logger // where Wails' own messages go; slog.Default() when nil
	OnShutdown func()       // called once when the window closes (e.g. to close the store)
}

// Desktop is the Wails window around the one web handler. Build it first, pass
// its OpenExternal to the web handler, then Run it with that handler.
type Desktop struct {
	opts DesktopOptions
	log  *slog.Logger

	mu     sync.Mutex
	appCtx context.Context // the Wails context while the window runs, else nil

	shown sync.Once
}

// NewDesktop returns a window that is not yet running.
func NewDesktop(opts DesktopOptions) *Desktop {
	if opts.Title == "" {
		opts.Title = "bipkiosk"
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Desktop{opts: opts, log: log}
}

// RunDesktop shows h in a desktop window until the window closes or ctx ends.
func RunDesktop(ctx context.Context, h http.Handler, opts DesktopOptions) error {
	return NewDesktop(opts).run(ctx, h)
}

// OpenExternal opens an http(s) address in the system browser, never in the
// window: the webview has no way back from a page that is not ours.
func (d *Desktop) OpenExternal(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("desktop: %q is not an http or https address: only web addresses open in the system browser", rawURL)
	}
	ctx := d.context()
	if ctx == nil {
		return fmt.Errorf("desktop: open %q: %w", rawURL, ErrWindowNotReady)
	}
	wailsruntime.BrowserOpenURL(ctx, u.String())
	return nil
}

// SaveFile asks where to save data (a webview cannot download) and writes it
// there, returning the path, or "" when the operator closes the dialog without
// choosing a file. The operator screen uses it for its CSV export.
func (d *Desktop) SaveFile(name string, data []byte) (string, error) {
	ctx := d.context()
	if ctx == nil {
		return "", fmt.Errorf("desktop: save %s: %w", name, ErrWindowNotReady)
	}
	dir, _ := os.UserHomeDir()
	path, err := wailsruntime.SaveFileDialog(ctx, wailsruntime.SaveDialogOptions{
		DefaultDirectory: dir, DefaultFilename: name, CanCreateDirectories: true,
	})
	if err != nil {
		return "", fmt.Errorf("desktop: save %s: %w", name, err)
	}
	if path == "" {
		return "", nil
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", fmt.Errorf("desktop: save %s: %w (choose a folder you may write to)", name, err)
	}
	return path, nil
}

// Quit closes the window, which ends the program; the operator screen's
// "exit the kiosk" uses it, as a kiosk window has no close button.
func (d *Desktop) Quit() {
	if ctx := d.context(); ctx != nil {
		wailsruntime.Quit(ctx)
	}
}

// Run shows h in the window and blocks until the window closes.
func (d *Desktop) Run(h http.Handler) error {
	return d.run(context.Background(), h)
}

// run is Run that also quits the window when ctx ends first.
func (d *Desktop) run(ctx context.Context, h http.Handler) error {
	if h == nil {
		return errors.New("desktop: no handler to show: build the web handler first")
	}
	if !windowBuilt {
		return ErrNoWindow
	}
	if ctx.Err() != nil {
		return nil // stopped before the window was shown
	}
	if err := openDisplay(d.log); err != nil {
		return err
	}
	if err := wails.Run(d.appOptions(ctx, h)); err != nil {
		return fmt.Errorf("desktop: run window: %w", err)
	}
	return nil
}

// appOptions is the whole Wails configuration; kept apart from Run so a test
// can check it without a display.
func (d *Desktop) appOptions(ctx context.Context, h http.Handler) *options.App {
	o := d.opts
	app := &options.App{
		Title:       o.Title,
		Width:       1024,
		Height:      768,
		MinWidth:    320, // WCAG reflow width: the layout works down to it
		MinHeight:   256,
		StartHidden: true, // shown at the first finished page load: no white flash
		AssetServer: &assetserver.Options{Handler: h},
		OnStartup:   func(c context.Context) { d.start(ctx, c) },
		OnDomReady:  d.domReady,
		OnShutdown:  d.shutdown,
		Logger:      slogAdapter{d.log},
		// Our pages need no JS bindings and no default menu: right-click
		// "Reload" or "Back" would leave a kiosk on a blank page.
		EnableDefaultContextMenu: false,
		Linux:                    &linux.Options{ProgramName: "bipkiosk"},
		Windows: &windows.Options{
			// Low-vision readers zoom with Ctrl and +/- and by pinching;
			// never take that away, not even in a kiosk.
			IsZoomControlEnabled: true,
			ZoomFactor:           1.0,
			Theme:                windows.SystemDefault,
		},
	}
	if o.Kiosk {
		app.WindowStartState = options.Fullscreen // Linux ignores the Fullscreen bool
		app.Fullscreen = true                     // Windows reads the bool
		app.Frameless = true
		app.DisableResize = true
	}
	return app
}

// start remembers the Wails context and quits the window when the caller's
// context ends and the window is still there quitGrace later. The grace is
// for signals: Wails quits on SIGINT and SIGTERM itself, but only once it
// listens, late in its start-up; a second quit at the same moment crashed
// in gtk_main_quit, and a signal that came before Wails listened was lost,
// leaving a window that ignored SIGTERM.
func (d *Desktop) start(parent, wctx context.Context) {
	d.mu.Lock()
	d.appCtx = wctx
	d.mu.Unlock()
	go func() {
		select {
		case <-parent.Done():
		case <-wctx.Done():
			return
		}
		select {
		case <-time.After(quitGrace):
		case <-wctx.Done():
			return
		}
		if d.context() != nil {
			d.log.Info("desktop_quit", "reason", context.Cause(parent))
			wailsruntime.Quit(wctx)
		}
	}()
	// A start page that never finishes loading must not leave an invisible app.
	time.AfterFunc(showFallback, func() {
		if c := d.context(); c != nil {
			d.show(c, "fallback")
		}
	})
}

// domReady runs on the GTK main thread on Linux, where the screen query would
// wait on that same thread: do the work on another goroutine.
func (d *Desktop) domReady(wctx context.Context) {
	go d.show(wctx, "page")
}

// show makes the window visible once, sized to the screen in kiosk mode. The
// explicit size is what makes a kiosk cover the screen when no window manager
// honours the fullscreen request.
// by is what showed it, for the log: "page" (its document is ready) or
// "fallback" (no page within showFallback).
func (d *Desktop) show(wctx context.Context, by string) {
	d.shown.Do(func() {
		if d.opts.Kiosk {
			d.coverScreen(wctx)
		}
		wailsruntime.WindowShow(wctx)
		d.log.Info("desktop_shown", "ms_since_start", time.Since(processStart).Milliseconds(), "by", by)
	})
}

// coverScreen puts the window at the origin with the primary screen's size.
func (d *Desktop) coverScreen(wctx context.Context) {
	screens, err := wailsruntime.ScreenGetAll(wctx)
	if err != nil {
		d.log.Warn("desktop_screen_query_failed", "err", err)
		return
	}
	w, h, ok := primarySize(screens)
	if !ok {
		d.log.Warn("desktop_no_screen")
		return
	}
	wailsruntime.WindowSetPosition(wctx, 0, 0)
	wailsruntime.WindowSetSize(wctx, w, h)
	d.log.Info("desktop_kiosk_size", "width", w, "height", h)
}

// primarySize is the logical size of the primary screen, else of the first one.
func primarySize(screens []wailsruntime.Screen) (w, h int, ok bool) {
	for _, s := range screens {
		if s.IsPrimary && s.Size.Width > 0 && s.Size.Height > 0 {
			return s.Size.Width, s.Size.Height, true
		}
	}
	for _, s := range screens {
		if s.Size.Width > 0 && s.Size.Height > 0 {
			return s.Size.Width, s.Size.Height, true
		}
	}
	return 0, 0, false
}

// shutdown forgets the Wails context and lets the caller close what it opened.
func (d *Desktop) shutdown(context.Context) {
	d.mu.Lock()
	d.appCtx = nil
	d.mu.Unlock()
	if d.opts.OnShutdown != nil {
		d.opts.OnShutdown()
	}
}

func (d *Desktop) context() context.Context {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.appCtx
}

// slogAdapter routes Wails' logger into slog so the app has one log.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Print(m string)   { a.l.Info("wails", "msg", m) }
func (a slogAdapter) Trace(m string)   { a.l.Debug("wails", "msg", m) }
func (a slogAdapter) Debug(m string)   { a.l.Debug("wails", "msg", m) }
func (a slogAdapter) Info(m string)    { a.l.Info("wails", "msg", m) }
func (a slogAdapter) Warning(m string) { a.l.Warn("wails", "msg", m) }
func (a slogAdapter) Error(m string)   { a.l.Error("wails", "msg", m) }
func (a slogAdapter) Fatal(m string)   { a.l.Error("wails_fatal", "msg", m) }
