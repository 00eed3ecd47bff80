package crawl

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRobotsAnswers: a redirected robots.txt is followed, a 404 allows
// everything, a 5xx allows nothing.
func TestRobotsAnswers(t *testing.T) {
	tests := []struct {
		name     string
		robots   http.HandlerFunc
		fetchedX bool
		note     string
	}{
		{"redirected", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/r.txt", http.StatusFound) }, false, ""},
		{"missing", nil, true, ""},
		{"server error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 503) }, false, "nothing may be crawled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := map[string]http.HandlerFunc{
				"/": page("/x"), "/x": page(),
				"/r.txt": raw("text/plain", "User-agent: *\nDisallow: /x\n"),
			}
			if tt.robots != nil {
				pages["/robots.txt"] = tt.robots
			}
			s := newSite(t, pages)
			o := s.options(t.TempDir())
			o.Retries = -1
			res := run(t, o)
			if got := s.count("/x") == 1; got != tt.fetchedX {
				t.Errorf("/x fetched %v, want %v", got, tt.fetchedX)
			}
			if tt.note != "" && (len(res.Report.Notes) == 0 || !strings.Contains(res.Report.Notes[0], tt.note)) {
				t.Errorf("notes %q, want %q", res.Report.Notes, tt.note)
			}
		})
	}
}

// TestScope: the prefix bounds the site, seeds are fetched, the caller's
// filter is asked with the page a link came from.
func TestScope(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/bip/":         page("/bip/a", "/inne", "/bip/nie", "/bip/a?x=1"),
		"/bip/a":        page(),
		"/bip/nie":      page(),
		"/bip/api/menu": raw("application/json", `{"menu":[]}`),
		"/inne":         page(),
	})
	o := s.options(t.TempDir())
	o.Start, o.Prefix = s.srv.URL+"/bip/", "/bip/"
	o.Seeds = []string{"/bip/api/menu"}
	var froms []string
	o.Follow = func(u *url.URL, from Page) bool {
		froms = append(froms, from.URL)
		return !strings.HasSuffix(u.Path, "/nie")
	}
	res := run(t, o)
	for uri, want := range map[string]int{"/bip/": 1, "/bip/a": 1, "/bip/a?x=1": 1, "/bip/api/menu": 1, "/inne": 0, "/bip/nie": 0} {
		if got := s.count(uri); got != want {
			t.Errorf("%s asked %d times, want %d", uri, got, want)
		}
	}
	if !strings.Contains(skipReason(res, "/bip/nie"), "filter") || res.Report.OffSite != 1 {
		t.Errorf("skip %q, off-site %d", skipReason(res, "/bip/nie"), res.Report.OffSite)
	}
	if len(froms) < 3 || froms[len(froms)-1] != s.srv.URL+"/bip/" {
		t.Errorf("filter asked from %q", froms)
	}
}

// TestSiteMoved: a start address that redirects to another host (http to
// https, a new domain) is followed there, under that host's robots.txt;
// other pages' redirects off the site are not.
func TestSiteMoved(t *testing.T) {
	elsewhere := newSite(t, map[string]http.HandlerFunc{"/": page()})
	moved := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": raw("text/plain", "User-agent: *\nDisallow: /tajne\n"),
		"/bip/":       page("/bip/a", "/tajne", "/bip/away"),
		"/bip/a":      page(),
		"/tajne":      page(),
		"/bip/away": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.srv.URL+"/", http.StatusFound)
		},
	})
	s := newSite(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, moved.srv.URL+"/bip/", http.StatusMovedPermanently)
		},
	})
	res := run(t, s.options(t.TempDir()))
	if moved.count("/bip/a") != 1 || moved.count("/robots.txt") != 1 || moved.count("/tajne") != 0 {
		t.Errorf("the moved site: %v", moved.snapshot())
	}
	if elsewhere.total() != 0 || len(res.Report.Notes) == 0 || !strings.Contains(res.Report.Notes[0], "the crawl follows it there") {
		t.Errorf("elsewhere asked %d times; notes %q", elsewhere.total(), res.Report.Notes)
	}
}
