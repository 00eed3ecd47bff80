package harvest

import (
	"bipkiosk/internal/harvesttest"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// fixtureSites are the fixture bulletins and the Content-Type their web
// server gives HTML pages (the old PHP one declares Latin-2 for every page,
// whatever the bytes).
var fixtureSites = []struct {
	name, htmlType, adapter string
	api                     bool // the truth rests on an API only the adapter asks for
}{
	{"wordpress", "text/html; charset=UTF-8", "wordpress", false},
	{"wordpress-api", "text/html; charset=UTF-8", "wordpress", true},
	{"govhost", "text/html; charset=utf-8", "govhost", false},
	{"portalbip", "text/html", "portalbip", false},
	{"oldphp", "text/html; charset=iso-8859-2", "generic", false},
	{"bipkiosk", "text/html; charset=utf-8", "bipkiosk", false},
}

// serveSite serves testdata/sites/<name> the way its system would
// (harvesttest.ServeSite).
func serveSite(t *testing.T, name, htmlType string) *httptest.Server {
	t.Helper()
	return harvesttest.ServeSite(t, filepath.Join("testdata", "sites", name), htmlType)
}

// crawl fetches a fixture site breadth first from start plus the
// adapter's seeds and the addresses its readings want (an API's
// listings), staying on the host and leaving attachments to get:
// the smallest stand-in for the crawler.
func crawl(t *testing.T, start string) []Page {
	t.Helper()
	var pages []Page
	queue, seen := []string{start}, map[string]bool{}
	first := true
	var ad Adapter
	for len(queue) > 0 && len(pages) < 200 {
		u := queue[0]
		queue = queue[1:]
		if seen[canonical(u)] || !sameSite(u, start) || fileURL(u) {
			continue
		}
		seen[canonical(u)] = true
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			continue
		}
		p := Page{URL: u, ContentType: resp.Header.Get("Content-Type"), Body: body}
		pages = append(pages, p)
		queue = append(queue, Links(p)...)
		if first {
			ad = Choose(p)
			queue = append(queue, ad.Seeds(start)...)
			first = false
		}
		queue = append(queue, ad.Parse(p, nil).Wants...)
	}
	return pages
}

// get fetches an attachment.
func get(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, os.ErrNotExist
	}
	return resp.Body, nil
}
