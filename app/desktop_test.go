package app

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/options"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

func TestDesktopAppOptions(t *testing.T) {
	h := http.NotFoundHandler()
	tests := []struct {
		name          string
		opts          DesktopOptions
		wantTitle     string
		wantState     options.WindowStartState
		wantFrameless bool
		wantNoResize  bool
	}{
		{name: "window", opts: DesktopOptions{}, wantTitle: "bipkiosk", wantState: options.Normal},
		{name: "kiosk", opts: DesktopOptions{Title: "BIP Chojnów", Kiosk: true}, wantTitle: "BIP Chojnów",
			wantState: options.Fullscreen, wantFrameless: true, wantNoResize: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := NewDesktop(tt.opts).appOptions(context.Background(), h)
			if app.Title != tt.wantTitle {
				t.Errorf("Title: got %q, want %q", app.Title, tt.wantTitle)
			}
			if app.WindowStartState != tt.wantState {
				t.Errorf("WindowStartState: got %v, want %v", app.WindowStartState, tt.wantState)
			}
			if app.Frameless != tt.wantFrameless {
				t.Errorf("Frameless: got %v, want %v", app.Frameless, tt.wantFrameless)
			}
			if app.DisableResize != tt.wantNoResize {
				t.Errorf("DisableResize: got %v, want %v", app.DisableResize, tt.wantNoResize)
			}
			if !app.StartHidden {
				t.Error("StartHidden: got false, want true (shown when the first page has loaded)")
			}
			if app.EnableDefaultContextMenu {
				t.Error("EnableDefaultContextMenu: got true, want false")
			}
			if app.AssetServer == nil || app.AssetServer.Handler == nil {
				t.Fatal("AssetServer.Handler: got nil, want the web handler")
			}
			if err := app.AssetServer.Validate(); err != nil {
				t.Errorf("AssetServer.Validate: got %v, want nil", err)
			}
			if app.Linux == nil || app.Linux.ProgramName != "bipkiosk" {
				t.Errorf("Linux.ProgramName: got %+v, want bipkiosk", app.Linux)
			}
			if app.Windows == nil || !app.Windows.IsZoomControlEnabled {
				t.Errorf("Windows zoom control: got %+v, want enabled", app.Windows)
			}
		})
	}
}

func TestPrimarySize(t *testing.T) {
	scr := func(w, h int, primary bool) wailsruntime.Screen {
		s := wailsruntime.Screen{IsPrimary: primary}
		s.Size.Width, s.Size.Height = w, h
		return s
	}
	tests := []struct {
		name         string
		screens      []wailsruntime.Screen
		wantW, wantH int
		wantOK       bool
	}{
		{name: "none", screens: nil},
		{name: "one", screens: []wailsruntime.Screen{scr(1280, 800, false)}, wantW: 1280, wantH: 800, wantOK: true},
		{name: "primary second", screens: []wailsruntime.Screen{scr(800, 600, false), scr(1920, 1080, true)},
			wantW: 1920, wantH: 1080, wantOK: true},
		{name: "empty primary", screens: []wailsruntime.Screen{scr(0, 0, true), scr(1024, 768, false)},
			wantW: 1024, wantH: 768, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, ok := primarySize(tt.screens)
			if w != tt.wantW || h != tt.wantH || ok != tt.wantOK {
				t.Errorf("got %d×%d %v, want %d×%d %v", w, h, ok, tt.wantW, tt.wantH, tt.wantOK)
			}
		})
	}
}

func TestOpenExternal(t *testing.T) {
	tests := []struct {
		name      string
		url       string
		wantReady bool // the error is ErrWindowNotReady (the address itself is fine)
	}{
		{name: "https before start", url: "https://www.gov.pl/", wantReady: true},
		{name: "http before start", url: "http://bip.chojnow.eu/", wantReady: true},
		{name: "relative", url: "/p/123"},
		{name: "javascript", url: "javascript:alert(1)"},
		{name: "file", url: "file:///etc/passwd"},
		{name: "no host", url: "https://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := NewDesktop(DesktopOptions{}).OpenExternal(tt.url)
			if err == nil {
				t.Fatalf("OpenExternal(%q): got nil error, want one (no window is running)", tt.url)
			}
			if got := errors.Is(err, ErrWindowNotReady); got != tt.wantReady {
				t.Errorf("OpenExternal(%q): errors.Is(ErrWindowNotReady) got %v, want %v (err: %v)", tt.url, got, tt.wantReady, err)
			}
		})
	}
}

func TestRunWithoutHandler(t *testing.T) {
	if err := NewDesktop(DesktopOptions{}).Run(nil); err == nil {
		t.Error("Run(nil handler): got nil error, want one")
	}
}

// TestRunWithoutWindowCode: a binary built without Wails' tags says so with
// ErrNoWindow, which runDesktop recognises with errors.Is to add its hint.
func TestRunWithoutWindowCode(t *testing.T) {
	if windowBuilt {
		t.Skip("built with the window")
	}
	err := NewDesktop(DesktopOptions{}).Run(http.NotFoundHandler())
	if !errors.Is(err, ErrNoWindow) {
		t.Fatalf("Run: got %v, want ErrNoWindow", err)
	}
	t.Setenv("DISPLAY", ":0")
	code, _, errOut := cli(t, t.TempDir(), "desktop")
	if code != 1 || !strings.Contains(errOut, "-tags desktop,production,webkit2_41") {
		t.Errorf("bipkiosk desktop: exit %d, stderr %q; want exit 1 and the build hint", code, errOut)
	}
}
