package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/temoto/robotstxt"
)

// agentToken is the name robots.txt groups are matched against.
const agentToken = "bipkiosk"

// maxRedirects bounds a chain of redirects within the site.
const maxRedirects = 10

// crawler is one run's state; the scheduler (Run) owns everything but the
// pacer, which the workers share.
type crawler struct {
	opts      Options
	site      *url.URL // scheme and host
	prefix    string
	userAgent string
	client    *http.Client
	pacer     *pacer
	robots    *robotstxt.RobotsData
	guard     *trapGuard
	journal   *journal
	now       func() time.Time
	sleep     func(ctx context.Context, d time.Duration) error

	ctx        context.Context // the run's, for the robots.txt of a moved site
	start      *url.URL
	moved      bool // the start address redirected to another scheme or host
	run        int
	queue      []job
	seen       map[string]bool // URLs queued, fetched or skipped
	prev       map[string]Page // the last runs' records, for conditional requests
	res        *Result
	hops       map[string]int // redirects that led to a queued URL
	deeper     int            // links not followed for the depth limit
	tooBig     int
	offSite    map[string]bool
	journalErr error
}

// withDefaults fills zero fields and checks the required ones.
func (o Options) withDefaults() (Options, error) {
	if o.Dir == "" {
		return o, fmt.Errorf("crawl: no output directory given")
	}
	o.Parallel = cmpOr(o.Parallel, DefaultParallel)
	o.PerSecond = cmpOr(o.PerSecond, DefaultPerSecond)
	o.MaxPages = cmpOr(o.MaxPages, DefaultMaxPages)
	o.MaxDepth = cmpOr(o.MaxDepth, DefaultMaxDepth)
	o.MaxBytes = cmpOr(o.MaxBytes, DefaultMaxBytes)
	o.MaxPageBytes = cmpOr(o.MaxPageBytes, DefaultMaxPageBytes)
	o.MaxQueryVariants = cmpOr(o.MaxQueryVariants, DefaultMaxQueryVariants)
	o.MaxURLLength = cmpOr(o.MaxURLLength, DefaultMaxURLLength)
	o.Retries = cmpOr(o.Retries, DefaultRetries)
	if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	return o, nil
}

func cmpOr[T int | int64 | float64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// UserAgent is the header a crawl sends: bipkiosk, its version and a contact.
func UserAgent(version, contact string) string {
	ua := "bipkiosk/" + cmpStr(version, "dev")
	if contact != "" {
		ua += " (+contact: " + contact + ")"
	}
	return ua
}

func cmpStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func newCrawler(o Options) (*crawler, error) {
	start, err := Normalize(o.Start, nil)
	if err != nil {
		return nil, fmt.Errorf("crawl: start address %q: %w", o.Start, err)
	}
	c := &crawler{opts: o, now: o.Now, sleep: o.Sleep, start: start,
		site:      &url.URL{Scheme: start.Scheme, Host: start.Host},
		prefix:    cmpStr(o.Prefix, "/"),
		userAgent: cmpStr(o.UserAgent, UserAgent(o.Version, o.Contact)),
		seen:      map[string]bool{}, offSite: map[string]bool{}, hops: map[string]int{},
		guard: newTrapGuard(o.MaxQueryVariants, o.MaxURLLength, o.Now),
		res:   &Result{Report: Report{Errors: map[string]string{}}},
	}
	c.pacer = &pacer{interval: time.Duration(float64(time.Second) / o.PerSecond), now: o.Now, sleep: o.Sleep}
	client := http.Client{Timeout: 30 * time.Second}
	if o.Client != nil {
		client = *o.Client
	}
	// Redirects come back to the scheduler, which follows them only within
	// the site, through the same politeness and journal as any link.
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.client = &client
	return c, nil
}

// Run crawls the site of opts.Start into opts.Dir, resuming an interrupted
// crawl there or re-harvesting a finished one with conditional requests.
// Per-page errors are in the Result; an error is returned only when the
// crawl could not run (a bad Start, an unwritable Dir, no robots.txt
// answer) or was cancelled, with the pages fetched so far.
func Run(ctx context.Context, opts Options) (*Result, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	c, err := newCrawler(o)
	if err != nil {
		return nil, err
	}
	j, h, err := openJournal(o.Dir)
	if err != nil {
		return nil, err
	}
	defer j.close()
	c.journal, c.ctx = j, ctx
	began := c.now()
	if err := c.readRobots(ctx); err != nil {
		return nil, err
	}
	if err := c.begin(h); err != nil {
		return nil, err
	}
	c.loop(ctx, began)
	c.finish(began)
	if c.journalErr != nil {
		return c.res, c.journalErr
	}
	if err := ctx.Err(); err != nil {
		return c.res, fmt.Errorf("crawl: %s: %w", o.Start, err)
	}
	return c.res, c.journal.append(record{K: "end", Run: c.run, Complete: c.complete(),
		Stopped: c.res.Report.Stopped, Limit: c.res.Report.Limit})
}

// complete tells whether the run saw every link it would follow; a run
// ended by the page, byte or time limit is resumed by the next Run.
func (c *crawler) complete() bool {
	l := c.res.Report.Limit
	return l == LimitNone || l == LimitDepth
}

// begin resumes the journal's open run or opens a new one, and fills the
// frontier.
func (c *crawler) begin(h *history) error {
	c.prev = h.latest
	start, _ := Normalize(c.opts.Start, nil)
	if !h.open {
		c.run = h.run + 1
		if err := c.journal.append(record{K: "run", Run: c.run}); err != nil {
			return err
		}
		c.seeds(start)
		return nil
	}
	c.run, c.res.Report.Resumed = h.run, true
	for _, p := range h.current {
		c.seen[p.URL] = true
	}
	c.seeds(start)
	for _, p := range h.current {
		c.account(p, 0, downloaded(p))
		c.follow(p)
	}
	return nil
}

// seeds queues the start and the extra URLs at depth 0.
func (c *crawler) seeds(start *url.URL) {
	c.offer(start, 0, 0, Page{})
	for _, s := range c.opts.Seeds {
		if u, err := Normalize(s, start); err == nil {
			c.offer(u, 0, 0, Page{})
		} else {
			c.skip(s, err.Error())
		}
	}
}

// follow queues a fetched page's links and redirect target.
func (c *crawler) follow(p Page) {
	if p.FinalURL != "" {
		u, _ := url.Parse(p.FinalURL)
		if c.inSite(u) || c.moveSite(p, u) {
			c.offer(u, p.Depth, c.hopsOf(p)+1, p)
		} else {
			c.skip(p.URL, "redirects off the site to "+p.FinalURL+"; not followed")
		}
	}
	for _, l := range p.Links {
		if u, err := url.Parse(l); err == nil {
			c.offer(u, p.Depth+1, 0, p)
		}
	}
}

// moveSite follows the start address's redirect to another scheme or host
// (http to https, a new domain): the address given names the site, wherever
// it now lives. Only once, only from the start page, and with the new
// host's robots.txt.
func (c *crawler) moveSite(p Page, to *url.URL) bool {
	if c.moved || p.URL != c.start.String() {
		return false
	}
	c.moved = true
	old := c.site
	c.site = &url.URL{Scheme: to.Scheme, Host: to.Host}
	if err := c.readRobots(c.ctx); err != nil {
		c.site = old
		c.note(fmt.Sprintf("%s redirects to %s, whose robots.txt could not be read (%v); not followed", old, c.site, err))
		return false
	}
	c.note(fmt.Sprintf("%s redirects to %s; the crawl follows it there", old, c.site))
	return true
}

// hopsOf counts the redirects that led to p, from the journal's URLs seen
// in this run; bounded by maxRedirects.
func (c *crawler) hopsOf(p Page) int { return c.hops[p.URL] }

// offer queues u unless it was seen, is off the site or is not to be
// fetched; reasons are journalled as skips.
func (c *crawler) offer(u *url.URL, depth, hops int, from Page) {
	key := u.String()
	if c.seen[key] {
		return
	}
	if !c.inSite(u) {
		c.offSite[key] = true
		return
	}
	c.seen[key] = true
	if why := c.refuse(u, depth, hops, from); why != "" {
		c.skip(key, why)
		return
	}
	if hops > 0 {
		c.hops[key] = hops
	}
	var prev *Page
	if p, ok := c.prev[key]; ok {
		prev = &p
	}
	c.queue = append(c.queue, job{u: u, depth: depth, hops: hops, prev: prev})
}

// refuse says why u is not fetched, or "".
func (c *crawler) refuse(u *url.URL, depth, hops int, from Page) string {
	switch {
	case hops > maxRedirects:
		return fmt.Sprintf("more than %d redirects in a row", maxRedirects)
	case !c.robots.TestAgent(u.RequestURI(), agentToken):
		return "disallowed by robots.txt"
	case depth > c.opts.MaxDepth:
		c.deeper++
		return fmt.Sprintf("more than %d links from the start (depth limit)", c.opts.MaxDepth)
	case c.opts.Follow != nil && !c.opts.Follow(u, from):
		return "left out by the caller's filter"
	}
	return c.guard.check(u)
}

// inSite tells whether u has the start's scheme and host and the prefix.
func (c *crawler) inSite(u *url.URL) bool {
	return u.Scheme == c.site.Scheme && u.Host == c.site.Host && strings.HasPrefix(u.Path, c.prefix)
}

func (c *crawler) skip(u, why string) {
	s := Skip{URL: u, Reason: why}
	c.res.Report.Skipped = append(c.res.Report.Skipped, s)
	c.record(record{K: "skip", Run: c.run, Skip: &s})
}

// record journals, keeping the first failure for Run to return: a crawl
// whose journal cannot be written cannot be resumed.
func (c *crawler) record(r record) {
	if err := c.journal.append(r); err != nil && c.journalErr == nil {
		c.journalErr = err
	}
}

// downloaded is how many body bytes a journalled page cost.
func downloaded(p Page) int64 {
	if p.NotModified {
		return 0
	}
	return p.Size
}

// account adds a fetched page to the result and the report.
func (c *crawler) account(p Page, requests int, bytes int64) {
	if p.Body != "" {
		p.BodyPath = bodyPath(c.opts.Dir, p.Body)
	}
	r := &c.res.Report
	c.res.Pages = append(c.res.Pages, p)
	r.Pages++
	r.Requests += requests
	r.Bytes += bytes
	if p.NotModified {
		r.NotModified++
	}
	if p.Err != "" {
		r.Errors[p.URL] = p.Err
	}
}
