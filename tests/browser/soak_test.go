package browser

import (
	"errors"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// crashSigns are what a crash leaves in a GTK/WebKit program's output: a Go
// panic or fatal signal, or a C-level abort.
var crashSigns = regexp.MustCompile(`(?m)panic:|fatal error:|SIGSEGV|SIGABRT|signal arrived during cgo|core dumped`)

// criticalSigns are GTK/GLib critical warnings, such as the gtk_main_quit
// assertion of a second quit: counted and reported, not a crash by themselves.
var criticalSigns = regexp.MustCompile(`(?m)(Gtk|GLib|GLib-GObject|GdkPixbuf)-CRITICAL \*\*: [^\n]*`)

// TestDesktopSoak starts the desktop window BIPKIOSK_SOAK times on one
// virtual screen, waits each time until the bulletin is drawn, stops it with
// SIGTERM and wants a clean exit (status 0, no crash in its output). Opt-in:
// it is the check a Wails upgrade must pass (docs/packaging.md), too slow for
// every CI run. BIPKIOSK_SOAK_BIN runs a given binary instead of building one.
func TestDesktopSoak(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("BIPKIOSK_SOAK"))
	if runs <= 0 {
		t.Skip("desktop soak: set BIPKIOSK_SOAK=50 to run it")
	}
	bin := os.Getenv("BIPKIOSK_SOAK_BIN")
	if bin == "" {
		bin = desktopBinary(t)
	}
	display := startXvfb(t)
	data := filepath.Join(t.TempDir(), "data")
	var crashes, undrawn, criticals int
	for i := 1; i <= runs; i++ {
		r := soakOnce(t, bin, display, data)
		switch {
		case r.undrawn != nil:
			undrawn++
			t.Errorf("desktop soak: start %d of %d: not drawn: %v", i, runs, r.undrawn)
		case r.crash != nil:
			crashes++
			t.Errorf("desktop soak: start %d of %d: crashed: %v", i, runs, r.crash)
		}
		if m := criticalSigns.FindString(r.out); m != "" {
			criticals++
			t.Logf("desktop soak: start %d of %d: %s", i, runs, m)
		}
	}
	t.Logf("desktop soak: %d starts and SIGTERM stops: %d crashed, %d not drawn in time, %d printed a GTK critical warning",
		runs, crashes, undrawn, criticals)
}

// soakResult is what one start and stop showed.
type soakResult struct {
	out     string
	undrawn error // no drawn page in time (then the window was killed)
	crash   error // the stop did not end cleanly
}

// soakDrawTimeout is long: a first start imports the bulletin, and a busy
// machine draws slowly.
const soakDrawTimeout = 120 * time.Second

// soakStopTimeout is how long a stop may take before it counts as a hang:
// on a loaded machine WebKit's web process alone may take 15 s to go.
const soakStopTimeout = 30 * time.Second

// soakOnce runs one start, drawn page and SIGTERM stop of the window.
func soakOnce(t *testing.T, bin, display, data string) soakResult {
	a := startApp(t, bin, display, data, nil)
	if err := soakWaitDrawn(display, a); err != nil {
		if !a.exited() {
			_ = a.cmd.Process.Kill()
			<-a.done
		}
		return soakResult{out: a.out.String(), undrawn: err}
	}
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return soakResult{out: a.out.String(), crash: err}
	}
	select {
	case <-a.done:
	case <-time.After(soakStopTimeout):
		_ = a.cmd.Process.Kill()
		<-a.done
		return soakResult{out: a.out.String(), crash: errors.New("ignored SIGTERM for " + soakStopTimeout.String() + ":\n" + a.out.String())}
	}
	out := a.out.String()
	if st := a.cmd.ProcessState; !st.Success() {
		return soakResult{out: out, crash: errors.New("exited with " + st.String() + ":\n" + out)}
	}
	if m := crashSigns.FindString(out); m != "" {
		return soakResult{out: out, crash: errors.New("output shows a crash (" + m + "):\n" + out)}
	}
	return soakResult{out: out}
}

// TestCrashSigns checks the soak test's crash detector on real crash output
// and on a clean run's log.
func TestCrashSigns(t *testing.T) {
	tests := []struct {
		name, out       string
		crash, critical bool
	}{
		{"clean stop", "level=INFO msg=desktop_quit reason=\"terminated signal received\"", false, false},
		{"gtk assertion", "(bipkiosk:123): Gtk-CRITICAL **: 11:53:11.312: gtk_main_quit: assertion 'main_loops != NULL' failed", false, true},
		{"go panic", "panic: runtime error: invalid memory address", true, false},
		{"cgo signal", "fatal error: unexpected signal during runtime execution\n[signal SIGSEGV: segmentation violation]", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := crashSigns.MatchString(tt.out); got != tt.crash {
				t.Errorf("got crash %v, want %v", got, tt.crash)
			}
			if got := criticalSigns.MatchString(tt.out); got != tt.critical {
				t.Errorf("got critical %v, want %v", got, tt.critical)
			}
		})
	}
}

// soakWaitDrawn waits until the window shows a drawn page, as waitForDrawing
// does, but takes a failed xwininfo or import (a window that went away while
// it was listed) as "not yet" instead of ending the whole soak run.
func soakWaitDrawn(display string, a app) error {
	last := "no bipkiosk window yet"
	for end := time.Now().Add(soakDrawTimeout); time.Now().Before(end); time.Sleep(500 * time.Millisecond) {
		if a.exited() {
			return errors.New("exited before drawing: " + a.cmd.ProcessState.String() + "\n" + a.out.String())
		}
		win, ok, err := appWindow(display)
		if err != nil || !ok {
			continue
		}
		shot, err := capture(display)
		if err != nil {
			last = err.Error()
			continue
		}
		colours, dark := inked(shot.img, image.Rect(win.x, win.y, win.x+win.w, win.y+win.h))
		if colours >= minColours && dark >= minDark {
			return nil
		}
		last = "window not drawn yet"
	}
	return errors.New("no drawn window within " + soakDrawTimeout.String() + ": " + last)
}
