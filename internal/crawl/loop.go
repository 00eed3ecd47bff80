package crawl

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// loop hands queued URLs to at most Parallel workers and takes their
// outcomes, in one goroutine, until the frontier is empty or a limit or
// cancellation stops it. Workers in flight are always waited for.
func (c *crawler) loop(ctx context.Context, began time.Time) {
	results := make(chan outcome)
	inflight := 0
	for {
		for inflight < c.opts.Parallel && len(c.queue) > 0 && c.mayStart(ctx, began, inflight) {
			j := c.queue[0]
			c.queue = c.queue[1:]
			inflight++
			go func() { results <- c.fetch(ctx, j) }()
		}
		if inflight == 0 {
			return
		}
		c.take(<-results)
		inflight--
	}
}

// mayStart checks the limits that end a crawl before another request.
func (c *crawler) mayStart(ctx context.Context, began time.Time, inflight int) bool {
	r := &c.res.Report
	switch {
	case r.Stopped != "" || c.journalErr != nil:
		return false
	case ctx.Err() != nil:
		r.Stopped = "interrupted; run again with the same directory to resume"
	case r.Pages+inflight >= c.opts.MaxPages:
		if inflight == 0 {
			c.stop(LimitPages, fmt.Sprintf("%s pages", group(int64(c.opts.MaxPages))), "page")
		}
		return false
	case r.Bytes >= c.opts.MaxBytes:
		c.stop(LimitBytes, fmt.Sprintf("%s bytes", group(c.opts.MaxBytes)), "byte")
	case c.opts.MaxTime > 0 && c.now().Sub(began) >= c.opts.MaxTime:
		c.stop(LimitTime, c.opts.MaxTime.String(), "time")
	default:
		return true
	}
	return false
}

func (c *crawler) stop(l Limit, after, name string) {
	c.res.Report.Limit = l
	c.res.Report.Stopped = fmt.Sprintf("stopped after %s (%s limit); raise it to harvest more", after, name)
}

// take journals one outcome and queues what it leads to.
func (c *crawler) take(o outcome) {
	if o.cancelled {
		return // not journalled: a resume fetches it again
	}
	if o.tooBig {
		c.tooBig++
	}
	c.record(record{K: "page", Run: c.run, Page: &o.page})
	c.account(o.page, o.requests, o.bytes)
	c.follow(o.page)
}

// finish writes the closing figures into the report.
func (c *crawler) finish(began time.Time) {
	r := &c.res.Report
	r.Duration = c.now().Sub(began)
	r.OffSite = len(c.offSite)
	if r.Stopped == "" && c.deeper > 0 {
		r.Limit = LimitDepth
		r.Stopped = fmt.Sprintf("%s links deeper than %d from the start were not followed (depth limit); raise it to harvest more",
			group(int64(c.deeper)), c.opts.MaxDepth)
	}
	if c.tooBig > 0 {
		c.note(fmt.Sprintf("%s pages over %s bytes were not kept (page size limit); raise it to keep them",
			group(int64(c.tooBig)), group(c.opts.MaxPageBytes)))
	}
}

// group writes a number with spaces between thousands: 10 000.
func group(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
