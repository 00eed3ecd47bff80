package crawl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// childEnv makes the test binary a crawler to be killed (as os/exec's
// tests re-execute themselves): its value is the start URL.
const childEnv = "BIPKIOSK_CRAWL_CHILD"

// TestKillResume kills a crawl with SIGKILL mid-way and resumes it: what
// the journal held is not fetched again, at most the requests in flight
// at the kill are repeated, and the crawl ends complete.
func TestKillResume(t *testing.T) {
	if start := os.Getenv(childEnv); start != "" {
		_, err := Run(context.Background(), Options{Start: start, Dir: os.Getenv(childEnv + "_DIR"), PerSecond: 1000})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	s := newSite(t, wideSite(40))
	s.slow(20 * time.Millisecond)
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillResume$")
	cmd.Env = append(os.Environ(), childEnv+"="+s.srv.URL+"/", childEnv+"_DIR="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	journalPath := filepath.Join(dir, stateDir, journalName)
	for deadline := time.Now().Add(60 * time.Second); journalPages(journalPath) < 10; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child crawl journalled no 10 pages: %s", stderr.String())
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	f, err := os.Open(journalPath)
	if err != nil {
		t.Fatal(err)
	}
	h, _, err := readHistory(f)
	f.Close()
	if err != nil || !h.open || len(h.current) >= 41 {
		t.Fatalf("journal after the kill: %v, open %v, %d pages", err, h.open, len(h.current))
	}
	res := run(t, s.options(dir))
	if !res.Report.Resumed || res.Report.Pages != 41 || res.Report.Stopped != "" {
		t.Fatalf("resumed %v, %d pages, stopped %q; want a resume to 41", res.Report.Resumed, res.Report.Pages, res.Report.Stopped)
	}
	for _, p := range h.current {
		if n := s.count(strings.TrimPrefix(p.URL, s.srv.URL)); n != 1 {
			t.Errorf("%s journalled before the kill, asked %d times", p.URL, n)
		}
	}
	repeated := 0
	for u, n := range s.snapshot() {
		if u != "/robots.txt" && n > 1 {
			repeated++
		}
	}
	if repeated > DefaultParallel {
		t.Errorf("%d pages asked twice, want at most the %d in flight at the kill", repeated, DefaultParallel)
	}
}

// journalPages counts the page records in a journal.
func journalPages(path string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte(`{"k":"page"`))
}

// TestCancelResume: a cancelled crawl returns what it fetched with the
// context's error, and the next Run carries on where it stopped.
func TestCancelResume(t *testing.T) {
	pages := map[string]http.HandlerFunc{"/": page("/c0")}
	for i := range 20 { // a chain /c0 → /c1 → …
		pages[fmt.Sprintf("/c%d", i)] = page(fmt.Sprintf("/c%d", i+1))
	}
	s := newSite(t, pages)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	o := s.options(dir)
	asked := 0
	o.Follow = func(*url.URL, Page) bool {
		if asked++; asked == 5 { // a few pages in
			cancel()
		}
		return true
	}
	res, err := Run(ctx, o)
	if !errors.Is(err, context.Canceled) || res == nil || res.Report.Pages == 0 || res.Report.Pages > 6 {
		t.Fatalf("cancelled run: %v, %v pages", err, len(res.Pages))
	}
	again := run(t, s.options(dir))
	if !again.Report.Resumed || again.Report.Pages != 22 {
		t.Errorf("after the cancel: resumed %v, %d pages; want 22", again.Report.Resumed, again.Report.Pages)
	}
	for u, n := range s.snapshot() {
		if u != "/robots.txt" && n != 1 {
			t.Errorf("%s asked %d times", u, n)
		}
	}
}
