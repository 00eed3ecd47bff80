package crawl

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// wideSite is a start page linking to n pages that link back and on.
func wideSite(n int) map[string]http.HandlerFunc {
	pages := map[string]http.HandlerFunc{}
	var links []string
	for i := range n {
		links = append(links, fmt.Sprintf("/p%d", i))
		pages[fmt.Sprintf("/p%d", i)] = page("/", fmt.Sprintf("/p%d", (i+1)%n))
	}
	pages["/"] = page(links...)
	return pages
}

// TestPoliteness: by default at most 2 requests in flight, at most 4 in
// any second of the (fake) clock, and a User-Agent naming bipkiosk, its
// version and the contact.
func TestPoliteness(t *testing.T) {
	tests := []struct {
		name              string
		parallel          int
		perSecond         float64
		wantMax, wantRate int
	}{
		{"defaults", 0, 0, 2, 4},
		{"one at a time, one a second", 1, 1, 1, 1},
		{"four at a time, ten a second", 4, 10, 4, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSite(t, wideSite(24))
			s.slow(5 * time.Millisecond) // so requests overlap if allowed
			s.clock.frozen = true
			o := s.options(t.TempDir())
			o.Parallel, o.PerSecond = tt.parallel, tt.perSecond
			res := run(t, o)
			if res.Report.Pages != 25 {
				t.Fatalf("%d pages, want 25", res.Report.Pages)
			}
			if s.maxInflight > tt.wantMax {
				t.Errorf("%d requests in flight at once, want at most %d", s.maxInflight, tt.wantMax)
			}
			// Every request but the first waited for its own instant;
			// no second holds more than the rate.
			if len(s.clock.wakes) != s.total() {
				t.Errorf("%d paced waits for %d requests after robots.txt", len(s.clock.wakes), s.total())
			}
			if at, n := busiestSecond(s.clock.wakes); n > tt.wantRate {
				t.Errorf("%d requests in the second from %v, want at most %d", n, at, tt.wantRate)
			}
			if !s.agents["bipkiosk/1.2 (+contact: it@gmina.pl)"] || len(s.agents) != 1 {
				t.Errorf("User-Agents %v", s.agents)
			}
		})
	}
}

// TestRobots: the bipkiosk group applies, not *, the longest rule wins,
// and a Crawl-delay longer than our interval slows the crawl.
func TestRobots(t *testing.T) {
	pages := map[string]http.HandlerFunc{
		"/robots.txt":       raw("text/plain", "User-agent: *\nDisallow: /\n\nUser-agent: bipkiosk\nDisallow: /prywatne/\nAllow: /prywatne/jawne/\nCrawl-delay: 2\n"),
		"/":                 page("/prywatne/tajne", "/prywatne/jawne/a", "/publiczne"),
		"/prywatne/tajne":   page(),
		"/prywatne/jawne/a": page(),
		"/publiczne":        page(),
	}
	s := newSite(t, pages)
	s.clock.frozen = true
	res := run(t, s.options(t.TempDir()))
	if s.count("/prywatne/tajne") != 0 || !strings.Contains(skipReason(res, "/prywatne/tajne"), "robots.txt") {
		t.Errorf("disallowed page: %d requests, skip %q", s.count("/prywatne/tajne"), skipReason(res, "/prywatne/tajne"))
	}
	if s.count("/prywatne/jawne/a") != 1 || s.count("/publiczne") != 1 {
		t.Errorf("allowed pages not fetched once: %v", s.snapshot())
	}
	for i, w := range s.clock.wakes {
		if want := s.clock.t.Add(time.Duration(i+1) * 2 * time.Second); !w.Equal(want) {
			t.Errorf("request %d at %v, want %v: Crawl-delay is 2s", i+1, w, want)
		}
	}
	if len(res.Report.Notes) == 0 || !strings.Contains(res.Report.Notes[0], "2s") {
		t.Errorf("notes %q, want the Crawl-delay", res.Report.Notes)
	}
}

// TestRedirects: within the site followed once, off the site recorded and
// not followed, loops ended.
func TestRedirects(t *testing.T) {
	other := newSite(t, map[string]http.HandlerFunc{"/": page()})
	to := func(loc string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, loc, http.StatusMovedPermanently) }
	}
	s := newSite(t, map[string]http.HandlerFunc{
		"/":       page("/moved", "/away", "/loop1", "/target"),
		"/moved":  to("/target"),
		"/target": page(),
		"/away":   to(other.srv.URL + "/"),
		"/loop1":  to("/loop2"),
		"/loop2":  to("/loop1"),
	})
	s.pages["/"] = page("/moved", "/away", "/loop1", "/target", "/r0")
	for i := range 20 { // a chain of redirects /r0 → /r1 → …
		s.pages[fmt.Sprintf("/r%d", i)] = to(fmt.Sprintf("/r%d", i+1))
	}
	res := run(t, s.options(t.TempDir()))
	if s.count("/r10") != 1 || s.count("/r11") != 0 || !strings.Contains(skipReason(res, "/r11"), "redirects in a row") {
		t.Errorf("redirect chain: /r10 %d, /r11 %d requests, skip %q", s.count("/r10"), s.count("/r11"), skipReason(res, "/r11"))
	}
	if p, _ := pageOf(res, "/moved"); p.Status != 301 || !strings.HasSuffix(p.FinalURL, "/target") {
		t.Errorf("/moved recorded as %+v", p)
	}
	if other.total() != 0 {
		t.Errorf("the off-site server was asked %d times", other.total())
	}
	if !strings.Contains(skipReason(res, "/away"), "off the site") {
		t.Errorf("off-site redirect not recorded: %q", skipReason(res, "/away"))
	}
	for _, u := range []string{"/target", "/loop1", "/loop2", "/away"} {
		if n := s.count(u); n != 1 {
			t.Errorf("%s asked %d times, want 1", u, n)
		}
	}
}

// TestErrors: 5xx retried with back-off a bounded number of times, 4xx
// recorded, neither fatal.
func TestErrors(t *testing.T) {
	var flaky, slow atomic.Int32
	s := newSite(t, map[string]http.HandlerFunc{
		"/": page("/flaky", "/down", "/gone", "/ok", "/slow"),
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			if slow.Add(1) == 1 {
				time.Sleep(400 * time.Millisecond) // past the client's timeout
			}
			page()(w, r)
		},
		"/flaky": func(w http.ResponseWriter, r *http.Request) {
			if flaky.Add(1) < 3 {
				w.Header().Set("Retry-After", "7")
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			page()(w, r)
		},
		"/down": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) },
		"/ok":   page(),
	})
	o := s.options(t.TempDir())
	o.Retries = 2
	o.Client = &http.Client{Timeout: 100 * time.Millisecond}
	res := run(t, o)
	if p, _ := pageOf(res, "/slow"); p.Status != 200 || s.count("/slow") != 2 {
		t.Errorf("/slow: status %d after %d requests, want 200 after a timeout and a retry", p.Status, s.count("/slow"))
	}
	if p, _ := pageOf(res, "/flaky"); p.Status != 200 || s.count("/flaky") != 3 {
		t.Errorf("/flaky: status %d after %d requests, want 200 after 3", p.Status, s.count("/flaky"))
	}
	if !slices.Contains(s.clock.slept(), 7*time.Second) {
		t.Errorf("pauses %v, want the 7s Retry-After among them", s.clock.slept())
	}
	if s.count("/down") != 3 || !strings.Contains(res.Report.Errors[s.srv.URL+"/down"], "500") {
		t.Errorf("/down: %d requests, error %q; want 3 and a 500", s.count("/down"), res.Report.Errors[s.srv.URL+"/down"])
	}
	if s.count("/gone") != 1 || !strings.Contains(res.Report.Errors[s.srv.URL+"/gone"], "404") {
		t.Errorf("/gone: %d requests, errors %v", s.count("/gone"), res.Report.Errors)
	}
	if s.count("/ok") != 1 {
		t.Error("an error ended the crawl")
	}
}

// TestTraps: endless calendars and session ids end or collapse.
func TestTraps(t *testing.T) {
	nextMonth := func(w http.ResponseWriter, r *http.Request) {
		var m int
		fmt.Sscan(r.URL.Query().Get("month"), &m)
		page(fmt.Sprintf("/kal?month=%d", m+1), "/kal?month=1&PHPSESSID=x")(w, r)
	}
	pathCalendar := func(w http.ResponseWriter, r *http.Request) {
		var y, m int
		fmt.Sscanf(r.URL.Path, "/kalendarz/%d/%d", &y, &m)
		if m++; m > 12 {
			y, m = y+1, 1
		}
		page(fmt.Sprintf("/kalendarz/%d/%02d/", y, m))(w, r)
	}
	s := newSite(t, map[string]http.HandlerFunc{
		"/":     page("/kal?month=1", "/kalendarz/2026/11/", "/p?PHPSESSID=1", "/p;jsessionid=ZZ", "/p?sid=3#x", "rel/"),
		"/kal":  nextMonth,
		"/p":    page("/p?PHPSESSID=2"),
		"/rel/": page("rel/"), "/rel/rel/": page("rel/"), "/rel/rel/rel/": page("rel/"),
	})
	for y := 2026; y < 2040; y++ {
		for m := 1; m <= 12; m++ {
			s.pages[fmt.Sprintf("/kalendarz/%d/%02d/", y, m)] = pathCalendar
		}
	}
	o := s.options(t.TempDir())
	o.MaxQueryVariants = 20
	res := run(t, o)
	kal := 0
	for u, n := range s.snapshot() {
		if strings.HasPrefix(u, "/kal?") {
			kal += n
		}
	}
	if kal != 20 || !strings.Contains(skipReason(res, "/kal?month=21"), "query-string variants") {
		t.Errorf("query calendar: %d pages, skip %q; want 20 and the variant cap", kal, skipReason(res, "/kal?month=21"))
	}
	if s.count("/kalendarz/2028/12/") != 1 || s.count("/kalendarz/2029/01/") != 0 {
		t.Errorf("path calendar went on past two years ahead: %v", s.snapshot())
	}
	if s.count("/p") != 1 || s.total() != 1+20+26+1+2 {
		t.Errorf("session ids: /p asked %d times; %d requests in all: %v", s.count("/p"), s.total(), s.snapshot())
	}
	if s.count("/rel/rel/rel/") != 0 {
		t.Error("a repeating path was followed")
	}
}

// TestPageSize: a huge page is skipped while streaming, never read past
// the cap; a declared huge one is not read at all.
func TestPageSize(t *testing.T) {
	const limit = 64 << 10
	s := newSite(t, map[string]http.HandlerFunc{
		"/": page("/stream", "/declared", "/small"),
		"/stream": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			chunk := []byte(strings.Repeat("<p>x</p>", 1024))
			for range 2048 { // 16 MiB unless the client hangs up
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
		"/declared": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(100<<20))
			w.Write([]byte("short"))
		},
		"/small": page(),
	})
	o := s.options(t.TempDir())
	o.MaxPageBytes = limit
	res := run(t, o)
	for _, u := range []string{"/stream", "/declared"} {
		p, _ := pageOf(res, u)
		if p.Body != "" || !strings.Contains(p.Err, "page size limit") {
			t.Errorf("%s kept: %+v", u, p)
		}
	}
	if res.Report.Bytes > 3*limit {
		t.Errorf("%d bytes downloaded, want under %d", res.Report.Bytes, 3*limit)
	}
	if len(res.Report.Notes) != 1 || !strings.Contains(res.Report.Notes[0], "2 pages over 65 536 bytes") {
		t.Errorf("notes %q", res.Report.Notes)
	}
}

// TestSniffedLinks: links come only from what really is HTML.
func TestSniffedLinks(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/":         page("/doc", "/bin"),
		"/doc":      raw("text/html", "%PDF-1.4\n<a href=\"/from-pdf\">x</a>"),
		"/bin":      raw("application/octet-stream", htmlWith("/from-bin")),
		"/from-bin": page(),
		"/from-pdf": page(),
	})
	res := run(t, s.options(t.TempDir()))
	if p, _ := pageOf(res, "/doc"); p.SniffedType != "application/pdf" || p.DeclaredType != "text/html" || s.count("/from-pdf") != 0 {
		t.Errorf("PDF as HTML: %+v, /from-pdf asked %d times", p, s.count("/from-pdf"))
	}
	if p, _ := pageOf(res, "/bin"); !strings.HasPrefix(p.SniffedType, "text/html") || s.count("/from-bin") != 1 {
		t.Errorf("HTML as binary: %+v, /from-bin asked %d times", p, s.count("/from-bin"))
	}
}

// TestReharvest: a second run asks conditionally, every page answers 304,
// no body bytes come down and the stored bodies still open.
func TestReharvest(t *testing.T) {
	pages := wideSite(5)
	for path, h := range pages {
		pages[path] = withValidators(h)
	}
	s := newSite(t, pages)
	dir := t.TempDir()
	first := run(t, s.options(dir))
	second := run(t, s.options(dir))
	if first.Report.Bytes == 0 || second.Report.Bytes != 0 || second.Report.NotModified != 6 || s.conditional != 6 {
		t.Errorf("second run: %d bytes, %d not modified, %d conditional requests; want 0, 6, 6",
			second.Report.Bytes, second.Report.NotModified, s.conditional)
	}
	loaded, err := Load(dir)
	if err != nil || len(loaded.Pages) != 6 {
		t.Fatalf("Load: %v, %d pages", err, len(loaded.Pages))
	}
	for _, p := range loaded.Pages {
		f, err := p.Open()
		if err != nil {
			t.Fatalf("%s: %v", p.URL, err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if !strings.Contains(string(b), "<a href") || len(p.Links) == 0 {
			t.Errorf("%s: body %q, links %v", p.URL, b, p.Links)
		}
	}
}

// withValidators gives h an ETag and a Last-Modified and answers 304 to a
// matching If-None-Match.
func withValidators(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		etag := `"` + r.URL.Path + `-v1"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Mon, 07 Dec 2026 08:00:00 GMT")
		h(w, r)
	}
}

// TestLimits: each limit ends the crawl with a message naming it, and a
// run with a raised limit goes on without fetching again.
func TestLimits(t *testing.T) {
	tests := []struct {
		name  string
		set   func(*Options)
		limit Limit
		want  string
	}{
		{"pages", func(o *Options) { o.MaxPages = 5 }, LimitPages, "stopped after 5 pages (page limit); raise it to harvest more"},
		{"bytes", func(o *Options) { o.MaxBytes = 1000 }, LimitBytes, "stopped after 1 000 bytes (byte limit)"},
		{"time", func(o *Options) { o.MaxTime = 3 * time.Second }, LimitTime, "stopped after 3s (time limit)"},
		{"depth", func(o *Options) { o.MaxDepth = 1 }, LimitDepth, "links deeper than 1 from the start were not followed (depth limit)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := map[string]http.HandlerFunc{}
			for i := range 30 { // a chain /c0 → /c1 → …, each with some text
				pages[fmt.Sprintf("/c%d", i)] = page(fmt.Sprintf("/c%d", i+1), strings.Repeat("/x", 40))
			}
			pages["/"] = page("/c0")
			s := newSite(t, pages)
			dir := t.TempDir()
			o := s.options(dir)
			tt.set(&o)
			res := run(t, o)
			if res.Report.Limit != tt.limit || !strings.Contains(res.Report.Stopped, tt.want) {
				t.Fatalf("stopped %q (%q), want %q", res.Report.Stopped, res.Report.Limit, tt.want)
			}
			if res.Report.Pages >= 31 {
				t.Fatalf("%d pages: the limit did not stop the crawl", res.Report.Pages)
			}
			again := run(t, s.options(dir))
			if tt.limit == LimitDepth {
				return // a crawl that ran out of links is harvested anew
			}
			for u, n := range s.snapshot() {
				if u != "/robots.txt" && n != 1 {
					t.Errorf("%s asked %d times over the two runs", u, n)
				}
			}
			if !again.Report.Resumed || again.Report.Pages != 32 {
				t.Errorf("second run: resumed %v, %d pages; want a resume to all 32", again.Report.Resumed, again.Report.Pages)
			}
		})
	}
}

// TestNothingOutsideDir: whatever the URLs, files appear only in Dir.
func TestNothingOutsideDir(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/": page("/../../../etc/passwd", "/%2e%2e/%2e%2e/x", "/a/..%2f..%2fb", "/"+strings.Repeat("n", 300), "/x?f=../../y"),
	})
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	run(t, s.options(dir))
	err := filepath.Walk(parent, func(path string, info os.FileInfo, err error) error {
		if err != nil || path == parent || path == dir {
			return err
		}
		if !strings.HasPrefix(path, filepath.Join(dir, stateDir)) {
			t.Errorf("%s written outside %s", path, filepath.Join(dir, stateDir))
		}
		if !info.IsDir() && strings.Contains(path, "bodies") && len(filepath.Base(path)) != 64 {
			t.Errorf("body file %s not named by its hash", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// busiestSecond finds the one-second window with the most instants.
func busiestSecond(ts []time.Time) (time.Time, int) {
	sorted := slices.SortedFunc(slices.Values(ts), time.Time.Compare)
	var at time.Time
	most := 0
	for i, t0 := range sorted {
		n := 0
		for _, t1 := range sorted[i:] {
			if t1.Sub(t0) < time.Second {
				n++
			}
		}
		if n > most {
			at, most = t0, n
		}
	}
	return at, most
}
