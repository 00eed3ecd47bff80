package crawl

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"
)

// Defaults used where an Options field is zero.
const (
	DefaultParallel         = 2
	DefaultPerSecond        = 4.0
	DefaultMaxPages         = 10000
	DefaultMaxDepth         = 50
	DefaultMaxBytes         = 4 << 30
	DefaultMaxPageBytes     = 64 << 20
	DefaultMaxQueryVariants = 200
	DefaultMaxURLLength     = 2048
	DefaultRetries          = 3
)

// Options configure one crawl; only Start and Dir are required.
type Options struct {
	Start     string   // the first URL; its scheme and host are the site
	Prefix    string   // only paths under this prefix are followed ("" is the whole host)
	Dir       string   // output directory; the state goes to Dir/.crawl
	Seeds     []string // extra same-site URLs to fetch (an API endpoint an adapter wants)
	Parallel  int      // requests at a time (default 2)
	PerSecond float64  // requests a second (default 4); a larger robots.txt Crawl-delay wins

	UserAgent string // whole User-Agent header; default "bipkiosk/<Version> (+contact: <Contact>)"
	Version   string // bipkiosk's version, for the User-Agent
	Contact   string // an address the site's admin can write to, for the User-Agent

	MaxPages         int           // pages fetched before the crawl stops (default 10000)
	MaxDepth         int           // links followed from Start (default 50)
	MaxBytes         int64         // body bytes downloaded before the crawl stops (default 4 GiB)
	MaxPageBytes     int64         // larger bodies are skipped while streaming (default 64 MiB)
	MaxTime          time.Duration // the crawl stops after this long (default none)
	MaxQueryVariants int           // distinct query strings per path (default 200)
	MaxURLLength     int           // longer URLs are skipped (default 2048)
	Retries          int           // extra tries for 5xx, 429 and network errors (default 3)

	Client *http.Client                     // default: 30 s timeout; redirects are handled here
	Follow func(u *url.URL, from Page) bool // optional filter on links to follow

	// Now and Sleep are the clock, injected by tests; default time.Now and a
	// context-aware sleep.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Limit names the limit that ended or shortened a crawl, so a caller can
// name its own flag.
type Limit string

// The limits a crawl can hit.
const (
	LimitNone     Limit = ""
	LimitPages    Limit = "pages"
	LimitBytes    Limit = "bytes"
	LimitTime     Limit = "time"
	LimitDepth    Limit = "depth"
	LimitPageSize Limit = "page-bytes"
)

// Page is one fetched URL as the journal holds it.
type Page struct {
	URL          string    `json:"url"`
	FinalURL     string    `json:"final,omitempty"` // a redirect's target (followed only within the site)
	Status       int       `json:"status,omitempty"`
	DeclaredType string    `json:"type,omitempty"`    // Content-Type's media type
	Charset      string    `json:"charset,omitempty"` // Content-Type's charset parameter
	SniffedType  string    `json:"sniffed,omitempty"` // what the bytes are (http.DetectContentType + magic)
	Depth        int       `json:"depth"`
	Links        []string  `json:"links,omitempty"` // normalised absolute URLs, only from real HTML
	Body         string    `json:"body,omitempty"`  // SHA-256 of the body, its file name
	Size         int64     `json:"size,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastmod,omitempty"`
	Fetched      time.Time `json:"fetched"`
	NotModified  bool      `json:"nm,omitempty"` // a 304: Body is the stored one
	Err          string    `json:"err,omitempty"`
	BodyPath     string    `json:"-"` // the body's file inside Dir, "" if none was kept
}

// Open opens the page's stored body.
func (p Page) Open() (io.ReadCloser, error) {
	if p.BodyPath == "" {
		return nil, ErrNoBody
	}
	return os.Open(p.BodyPath)
}

// IsHTML tells whether the page's bytes are HTML, whatever was declared.
func (p Page) IsHTML() bool { return isHTML(p.DeclaredType, p.SniffedType) }

// Skip is a URL within the site that was not fetched, and why.
type Skip struct {
	URL    string `json:"url"`
	Reason string `json:"reason"`
}

// Report sums up a crawl.
type Report struct {
	Pages       int               // pages fetched (a 304 counts)
	Requests    int               // HTTP requests made by this run, robots.txt and retries included
	Bytes       int64             // body bytes downloaded
	NotModified int               // pages answered 304
	Errors      map[string]string // URL → error text, for pages that failed
	Skipped     []Skip            // URLs within the site not fetched
	OffSite     int               // distinct links leaving the site, not followed
	Notes       []string          // things worth telling (a Crawl-delay, an unreadable robots.txt)
	Stopped     string            // why the crawl ended early, "" if it ran out of links
	Limit       Limit             // the limit behind Stopped
	Resumed     bool              // this run continued an interrupted one
	Duration    time.Duration
}

// Result is a crawl's pages, in the order they were fetched, and its report.
type Result struct {
	Pages  []Page
	Report Report
}
