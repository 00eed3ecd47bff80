package crawl

import (
	"fmt"
	"os"
	"path/filepath"
)

// Load reads a crawl's pages back from dir without the network: the last
// run's pages, and, if that run did not complete, the earlier runs' pages
// it had not reached yet. Report.Stopped says whether the crawl ended.
func Load(dir string) (*Result, error) {
	path := filepath.Join(dir, stateDir, journalName)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("crawl: no crawl in %s: %w", dir, err)
	}
	defer f.Close()
	h, _, err := readHistory(f)
	if err != nil {
		return nil, fmt.Errorf("crawl: journal %s: %w", path, err)
	}
	res := &Result{Report: Report{Errors: map[string]string{}, Skipped: distinctSkips(h.skips)}}
	have := map[string]bool{}
	add := func(p Page) {
		have[p.URL] = true
		if p.Body != "" {
			p.BodyPath = bodyPath(dir, p.Body)
		}
		res.Pages = append(res.Pages, p)
		res.Report.Pages++
		if p.Err != "" {
			res.Report.Errors[p.URL] = p.Err
		}
		res.Report.Bytes += downloaded(p)
		if p.NotModified {
			res.Report.NotModified++
		}
	}
	for _, p := range h.current {
		add(p)
	}
	switch {
	case h.ended != nil:
		res.Report.Stopped, res.Report.Limit = h.ended.Stopped, h.ended.Limit
	case h.run > 0:
		res.Report.Stopped = "interrupted; run again with the same directory to resume"
	}
	if h.open {
		for _, u := range h.order {
			if !have[u] {
				add(h.latest[u])
			}
		}
	}
	return res, nil
}

// distinctSkips keeps each URL's first skip: a resumed run journals again
// the skips it meets while rebuilding its frontier.
func distinctSkips(skips []Skip) []Skip {
	seen := map[string]bool{}
	var out []Skip
	for _, s := range skips {
		if !seen[s.URL] {
			seen[s.URL] = true
			out = append(out, s)
		}
	}
	return out
}
