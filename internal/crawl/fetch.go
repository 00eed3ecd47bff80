package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// job is one URL waiting to be fetched.
type job struct {
	u     *url.URL
	depth int
	hops  int   // redirects that led here
	prev  *Page // the last run's record, for a conditional request
}

// outcome is what a worker hands back to the scheduler.
type outcome struct {
	job       job
	page      Page
	requests  int
	bytes     int64 // body bytes downloaded
	tooBig    bool
	cancelled bool // the crawl was cancelled: not journalled, fetched again on resume
}

// fetch asks for one URL, retrying transient failures, and stores its body.
func (c *crawler) fetch(ctx context.Context, j job) outcome {
	o := outcome{job: j, page: Page{URL: j.u.String(), Depth: j.depth}}
	resp, err := c.get(ctx, j, &o)
	o.page.Fetched = c.now().UTC()
	if ctx.Err() != nil {
		o.cancelled = true
		return o
	}
	if err != nil {
		o.page.Err = err.Error()
		return o
	}
	defer resp.Body.Close()
	o.page.Status = resp.StatusCode
	o.page.DeclaredType, o.page.Charset = mediaType(resp.Header.Get("Content-Type"))
	switch {
	case resp.StatusCode == http.StatusNotModified && j.prev != nil:
		c.keepPrevious(&o, *j.prev)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		c.redirect(&o, resp)
	case resp.StatusCode >= 400:
		o.page.Err = fmt.Sprintf("HTTP %s", resp.Status)
	default:
		c.keepBody(ctx, &o, resp)
	}
	return o
}

// get makes the request, up to Retries more times for 5xx, 429 and
// network errors, with doubling pauses between tries.
func (c *crawler) get(ctx context.Context, j job, o *outcome) (*http.Response, error) {
	backoff := time.Second
	for try := 0; ; try++ {
		if err := c.pacer.wait(ctx); err != nil {
			return nil, err
		}
		resp, err := c.client.Do(c.request(ctx, j))
		o.requests++
		if !transient(resp, err) || try >= c.opts.Retries || ctx.Err() != nil {
			if err != nil {
				return nil, fmt.Errorf("crawl: get %s: %w", j.u, err)
			}
			return resp, nil
		}
		wait := backoff
		if resp != nil {
			wait = max(wait, retryAfter(resp.Header.Get("Retry-After")))
			drain(resp.Body)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
		backoff *= 2
	}
}

func (c *crawler) request(ctx context.Context, j job) *http.Request {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, j.u.String(), nil)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	if p := j.prev; p != nil && p.Body != "" {
		if p.ETag != "" {
			req.Header.Set("If-None-Match", p.ETag)
		}
		if p.LastModified != "" {
			req.Header.Set("If-Modified-Since", p.LastModified)
		}
	}
	return req
}

// maxRetryAfter bounds how long a server's Retry-After is waited for.
const maxRetryAfter = 2 * time.Minute

// retryAfter reads a Retry-After in seconds; dates and nonsense count as none.
func retryAfter(h string) time.Duration {
	secs, err := strconv.Atoi(strings.TrimSpace(h))
	if err != nil || secs <= 0 {
		return 0
	}
	return min(time.Duration(secs)*time.Second, maxRetryAfter)
}

// transient tells the failures worth another try: server errors, too many
// requests, timeouts and refused or reset connections.
func transient(resp *http.Response, err error) bool {
	if err != nil {
		var ne net.Error
		return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
	}
	return resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
}

// keepPrevious answers a 304 with the body the last run stored.
func (c *crawler) keepPrevious(o *outcome, prev Page) {
	p := prev
	p.Depth, p.Fetched, p.NotModified, p.Err = o.page.Depth, o.page.Fetched, true, ""
	p.FinalURL = ""
	o.page = p
}

// redirect records where a 3xx points; the scheduler decides whether to follow.
func (c *crawler) redirect(o *outcome, resp *http.Response) {
	loc := resp.Header.Get("Location")
	u, err := Normalize(loc, resp.Request.URL)
	if err != nil {
		o.page.Err = fmt.Sprintf("redirect to %q: not a web address", loc)
		return
	}
	o.page.FinalURL = u.String()
}

// keepBody streams the body into the store, at most MaxPageBytes, sniffs
// it and, if it is HTML, reads its links.
func (c *crawler) keepBody(ctx context.Context, o *outcome, resp *http.Response) {
	max := c.opts.MaxPageBytes
	if resp.ContentLength > max {
		o.tooBig = true
		o.page.Err = fmt.Sprintf("body of %d bytes is over the page size limit of %d bytes; not kept", resp.ContentLength, max)
		return
	}
	b, err := c.journal.saveBody(resp.Body, max)
	o.bytes = b.size
	if err != nil {
		if ctx.Err() != nil {
			o.cancelled = true
		}
		o.page.Err = err.Error()
		return
	}
	o.page.SniffedType = sniff(b.head)
	if b.tooBig {
		o.tooBig = true
		o.page.Err = fmt.Sprintf("body over the page size limit of %d bytes; not kept", max)
		return
	}
	o.page.Body, o.page.Size = b.hash, b.size
	o.page.BodyPath = bodyPath(c.opts.Dir, b.hash)
	o.page.ETag = resp.Header.Get("ETag")
	o.page.LastModified = resp.Header.Get("Last-Modified")
	if o.page.IsHTML() {
		if f, err := os.Open(o.page.BodyPath); err == nil {
			o.page.Links = extractLinks(f, resp.Request.URL)
			f.Close()
		}
	}
}

// drain reads a little of a body we do not keep, so the connection can be
// reused, and closes it.
func drain(r io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, r, 64<<10)
	r.Close()
}
