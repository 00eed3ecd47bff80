package crawl

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
)

// maxRobotsBytes is as much of a robots.txt as is read (Google reads 500 KiB).
const maxRobotsBytes = 512 << 10

// readRobots fetches the site's robots.txt through the same politeness as
// pages, picks the group for bipkiosk and slows the pace to its
// Crawl-delay. A 4xx means no rules; a 5xx, none allowed (RFC 9309).
func (c *crawler) readRobots(ctx context.Context) error {
	u := c.site.ResolveReference(&url.URL{Path: "/robots.txt"})
	o := outcome{}
	pages := c.client
	follows := *c.client
	follows.CheckRedirect = nil // robots.txt may redirect, even to another host (RFC 9309)
	c.client = &follows
	resp, err := c.get(ctx, job{u: u}, &o)
	c.client = pages
	c.res.Report.Requests += o.requests
	if err != nil {
		return fmt.Errorf("crawl: robots.txt of %s: %w", c.site, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
	if err != nil {
		return fmt.Errorf("crawl: robots.txt of %s: %w", c.site, err)
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, b)
	if err != nil {
		c.note(fmt.Sprintf("robots.txt of %s could not be read (%v); crawling as if it had no rules", c.site, err))
		data, _ = robotstxt.FromStatusAndBytes(404, nil)
	}
	if resp.StatusCode >= 500 {
		c.note(fmt.Sprintf("robots.txt of %s answered %s: nothing may be crawled until it answers", c.site, resp.Status))
	}
	c.robots = data
	if d := data.FindGroup(agentToken).CrawlDelay; d > c.pacer.interval {
		c.pacer.slowTo(d)
		c.note(fmt.Sprintf("robots.txt asks for %s between requests; the crawl keeps to it", d.Round(time.Millisecond)))
	}
	return nil
}

func (c *crawler) note(s string) { c.res.Report.Notes = append(c.res.Report.Notes, s) }
