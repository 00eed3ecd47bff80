//go:build linux && (dev || production) && !bindings

package app

/*
#cgo linux pkg-config: gtk+-3.0
#include <gtk/gtk.h>
*/
import "C"

import (
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"time"
)

// displayTries and displayPause bound how long the window waits for its
// display: a display that refuses a first client under load (seen once in
// CI, on a virtual screen that took clients before and after) should not
// end the program with Wails' bare "failed to init GTK" panic.
const (
	displayTries = 4
	displayPause = 250 * time.Millisecond
)

// openDisplay initialises GTK on this thread before Wails does; Wails' own
// initialisation then finds it done. It fails with what to do, not a panic.
func openDisplay(log *slog.Logger) error {
	runtime.LockOSThread() // GTK stays on the thread that initialised it; Wails locks it too
	for try := 1; ; try++ {
		if C.gtk_init_check(nil, nil) == 1 {
			return nil
		}
		if try == displayTries {
			break
		}
		log.Warn("desktop_display_retry", "display", os.Getenv("DISPLAY"), "try", try)
		time.Sleep(displayPause)
	}
	return fmt.Errorf("desktop: cannot open the display %q after %d tries: start the window in a graphical session (DISPLAY or WAYLAND_DISPLAY set), or use \"bipkiosk serve\"",
		os.Getenv("DISPLAY"), displayTries)
}
