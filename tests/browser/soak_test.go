package browser

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// crashSigns are what a crash leaves in a GTK/WebKit program's output: a Go
// panic or fatal signal, a C-level abort, or GTK/GLib critical warnings such
// as the gtk_main_quit assertion seen on one Wails release.
var crashSigns = regexp.MustCompile(`(?m)panic:|fatal error:|SIGSEGV|SIGABRT|signal arrived during cgo|Gtk-CRITICAL|GLib-CRITICAL|GLib-GObject-CRITICAL|gtk_main_quit|core dumped`)

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
	crashes := 0
	for i := 1; i <= runs; i++ {
		if err := soakOnce(t, bin, display, data); err != nil {
			crashes++
			t.Errorf("desktop soak: start %d of %d: %v", i, runs, err)
		}
	}
	t.Logf("desktop soak: %d starts and SIGTERM stops, %d crashed", runs, crashes)
}

// soakOnce runs one start, drawn page and SIGTERM stop of the window.
func soakOnce(t *testing.T, bin, display, data string) error {
	a := startApp(t, bin, display, data, nil)
	waitForDrawing(t, display, a)
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	select {
	case <-a.done:
	case <-time.After(15 * time.Second):
		_ = a.cmd.Process.Kill()
		<-a.done
		return errors.New("ignored SIGTERM for 15s:\n" + a.out.String())
	}
	if st := a.cmd.ProcessState; !st.Success() {
		return errors.New("exited with " + st.String() + ":\n" + a.out.String())
	}
	if m := crashSigns.FindString(a.out.String()); m != "" {
		return errors.New("output shows a crash (" + m + "):\n" + a.out.String())
	}
	return nil
}

// TestCrashSigns checks the soak test's crash detector on real crash output
// and on a clean run's log.
func TestCrashSigns(t *testing.T) {
	tests := []struct {
		name, out string
		crash     bool
	}{
		{"clean stop", `{"level":"INFO","msg":"desktop_closed"}`, false},
		{"gtk assertion", "(bipkiosk:123): Gtk-CRITICAL **: gtk_main_quit: assertion 'main_loops != NULL' failed", true},
		{"go panic", "panic: runtime error: invalid memory address", true},
		{"cgo signal", "fatal error: unexpected signal during runtime execution\n[signal SIGSEGV: segmentation violation]", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := crashSigns.MatchString(tt.out); got != tt.crash {
				t.Errorf("got crash %v, want %v", got, tt.crash)
			}
		})
	}
}
