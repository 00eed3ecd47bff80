package browser

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// shownLog is the desktop window's log line of its first page shown.
var shownLog = regexp.MustCompile(`msg=desktop_shown ms_since_start=(\d+) by=(\w+)`)

// BenchmarkDesktopStart measures the desktop window's start: from starting
// the program to its first page shown (its desktop_shown log line: the
// window is made visible once the page's document is ready), on a data
// directory that already holds the bulletin and a home directory WebKit has
// used before, as on every start but the first. Issue 13 aims at 1 s.
// Reported: ms-to-shown (the mean of b.N starts, from exec, as a person
// starting it waits), in-process-ms (the same from the program's own
// start, the log line's figure: without loading the libraries and the Go
// runtime) and first-run-ms (the first start, which installs the default
// bulletin).
//
//	go test -run '^$' -bench DesktopStart -benchtime 5x ./tests/browser/
func BenchmarkDesktopStart(b *testing.B) {
	bin := desktopBinary(b)
	display := startXvfb(b)
	home := b.TempDir()
	data := filepath.Join(home, "data")
	var inProcess float64
	start := func() float64 {
		b.Helper()
		cmd := exec.Command(bin, "desktop", "--data", data)
		cmd.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home, "BIPKIOSK_DATA=",
			"XDG_DATA_HOME="+filepath.Join(home, "share"), "XDG_CACHE_HOME="+filepath.Join(home, "cache"),
			"XDG_CONFIG_HOME="+filepath.Join(home, "config"))
		out := &syncBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		began := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatalf("desktop: start %s: %v", bin, err)
		}
		p := watch(cmd)
		defer p.stop(b, "bipkiosk desktop")
		for end := time.Now().Add(soakDrawTimeout); ; time.Sleep(10 * time.Millisecond) {
			if m := shownLog.FindStringSubmatch(out.String()); m != nil {
				if m[2] != "page" {
					b.Fatalf("desktop: the window was shown by %s, not by its first page:\n%s", m[2], out.String())
				}
				ms, _ := strconv.Atoi(m[1])
				inProcess += float64(ms)
				return float64(time.Since(began).Milliseconds())
			}
			if p.exited() || time.Now().After(end) {
				b.Fatalf("desktop: no page shown (exited: %v):\n%s", p.exited(), out.String())
			}
		}
	}
	first := start()
	inProcess = 0
	b.ResetTimer()
	var total float64
	for range b.N {
		total += start()
	}
	b.ReportMetric(total/float64(b.N), "ms-to-shown")
	b.ReportMetric(inProcess/float64(b.N), "in-process-ms")
	b.ReportMetric(first, "first-run-ms")
}
