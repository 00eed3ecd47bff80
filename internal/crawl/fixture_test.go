package crawl

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// site is a web site on 127.0.0.1 that counts what it is asked for.
type site struct {
	srv   *httptest.Server
	clock *fakeClock
	pages map[string]http.HandlerFunc // by path; others get 404

	mu          sync.Mutex
	hits        map[string]int // RequestURI → requests
	inflight    int
	maxInflight int
	agents      map[string]bool
	conditional int // requests with If-None-Match or If-Modified-Since
	delay       time.Duration
}

func newSite(t testing.TB, pages map[string]http.HandlerFunc) *site {
	t.Helper()
	s := &site{clock: newFakeClock(), pages: pages, hits: map[string]int{}, agents: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.RequestURI()]++
	s.inflight++
	s.maxInflight = max(s.maxInflight, s.inflight)
	s.agents[r.UserAgent()] = true
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.conditional++
	}
	h, delay := s.pages[r.URL.Path], s.delay
	s.mu.Unlock()
	defer func() { s.mu.Lock(); s.inflight--; s.mu.Unlock() }()
	time.Sleep(delay)
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

func (s *site) count(uri string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[uri]
}

// slow makes every answer wait d, so requests overlap if allowed.
func (s *site) slow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// snapshot copies the request counts.
func (s *site) snapshot() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.hits)
}

// total counts page requests, robots.txt left out.
func (s *site) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for u, c := range s.hits {
		if u != "/robots.txt" {
			n += c
		}
	}
	return n
}

// options are a crawl of the site into dir on the site's fake clock.
func (s *site) options(dir string) Options {
	return Options{Start: s.srv.URL + "/", Dir: dir, Version: "1.2", Contact: "it@gmina.pl",
		Now: s.clock.Now, Sleep: s.clock.Sleep}
}

// page answers an HTML page linking to links.
func page(links ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, htmlWith(links...))
	}
}

func htmlWith(links ...string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><body>")
	for _, l := range links {
		fmt.Fprintf(&b, "<a href=%q>%s</a>\n", l, l)
	}
	b.WriteString("</body></html>")
	return b.String()
}

// raw answers body with the given Content-Type.
func raw(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	}
}

// run crawls and fails the test on a crawl error.
func run(t *testing.T, o Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func pageOf(res *Result, suffix string) (Page, bool) {
	for _, p := range res.Pages {
		if strings.HasSuffix(p.URL, suffix) {
			return p, true
		}
	}
	return Page{}, false
}

func skipReason(res *Result, suffix string) string {
	for _, s := range res.Report.Skipped {
		if strings.HasSuffix(s.URL, suffix) {
			return s.Reason
		}
	}
	return ""
}
