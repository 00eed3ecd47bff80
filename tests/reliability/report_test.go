package reliability

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// rep gathers the figures the tests measure, for docs/reliability.md.
var rep = &report{sections: map[string]string{}}

// sectionOrder is the order of the report's sections.
var sectionOrder = []string{"crash", "diskfull", "readers", "hostile", "size", "redteam"}

type report struct {
	mu        sync.Mutex
	started   time.Time
	loadStart string
	sections  map[string]string
}

func (r *report) begin() {
	r.started = time.Now()
	r.loadStart = loadAverage()
}

// set records the markdown of one section; a test run twice keeps its last.
func (r *report) set(name, markdown string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sections[name] = markdown
}

// write writes the report to path.
func (r *report) write(path string, passed bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	b.WriteString("# Reliability figures\n\n")
	b.WriteString("Produced by `go test ./tests/reliability/` with `BIPKIOSK_RELIABILITY_REPORT` set (`scripts/test` does this\n")
	b.WriteString("and prints the report); the tests assert every bound stated here, so a regression fails the run.\n\n")
	result := "all passed"
	if !passed {
		result = "SOME FAILED"
	}
	mode := "full"
	if testing.Short() {
		mode = "-short (fewer kills, smaller bulletin)"
	}
	fmt.Fprintf(&b, "| run | |\n|---|---|\n")
	fmt.Fprintf(&b, "| date | %s |\n", r.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "| machine | %s, %d CPUs, %s/%s, %s |\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(&b, "| load average (1, 5, 15 min) | at start %s; at end %s |\n", r.loadStart, loadAverage())
	fmt.Fprintf(&b, "| mode | %s |\n", mode)
	fmt.Fprintf(&b, "| duration | %s |\n", time.Since(r.started).Round(time.Second))
	fmt.Fprintf(&b, "| result | %s |\n", result)
	if fx != nil {
		fmt.Fprintf(&b, "| bulletin | %d articles, an attachment of %d KiB on every %d. (synthetic, seed %d); v2 changes every page and every attachment |\n",
			fx.opts.Articles, fx.opts.AttachmentBytes>>10, fx.opts.AttachmentsEvery, fx.opts.Seed)
	}
	b.WriteString("\n")
	for _, name := range sectionOrder {
		if s, ok := r.sections[name]; ok {
			b.WriteString(s)
			b.WriteString("\n")
		}
	}
	var missing []string
	for _, name := range sectionOrder {
		if _, ok := r.sections[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(&b, "Not run (skipped or filtered out): %s.\n", strings.Join(missing, ", "))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// loadAverage returns the first three fields of /proc/loadavg, or "unknown".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

// cpuModel returns the CPU's model name from /proc/cpuinfo, or "unknown CPU".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// table renders a markdown table.
func table(head []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(head, " | ") + " |\n")
	b.WriteString("|" + strings.Repeat("---|", len(head)) + "\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	return b.String()
}

// mib formats bytes as MiB with one decimal.
func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// ms formats a duration in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) }

// median returns the median of ds (0 for none).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
