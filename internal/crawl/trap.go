package crawl

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxPathSegments is the deepest path followed; no real site nests deeper.
const maxPathSegments = 32

// trapGuard says whether a URL looks like one of the endless URL spaces
// generated sites have: calendars, ever-growing query strings, paths that
// repeat. It keeps per-path state, so one guard serves one crawl.
type trapGuard struct {
	maxVariants int
	maxLen      int
	now         func() time.Time
	variants    map[string]map[string]bool // path → query strings seen
}

func newTrapGuard(maxVariants, maxLen int, now func() time.Time) *trapGuard {
	return &trapGuard{maxVariants: maxVariants, maxLen: maxLen, now: now,
		variants: map[string]map[string]bool{}}
}

// check returns why u is a trap, or "" if it may be fetched. A URL that
// passes is counted against its path's query-string variants.
func (g *trapGuard) check(u *url.URL) string {
	s := u.String()
	if len(s) > g.maxLen {
		return fmt.Sprintf("URL longer than %d characters", g.maxLen)
	}
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	if len(segs) > maxPathSegments {
		return fmt.Sprintf("path deeper than %d segments", maxPathSegments)
	}
	if repeats(segs) {
		return "path repeats itself (a link trap)"
	}
	if y, ok := outOfRangeYear(u, g.now().Year()); ok {
		return fmt.Sprintf("date in year %d, far from today (a calendar trap)", y)
	}
	return g.countVariant(u)
}

func (g *trapGuard) countVariant(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	seen := g.variants[u.Path]
	if seen == nil {
		seen = map[string]bool{}
		g.variants[u.Path] = seen
	}
	if seen[u.RawQuery] {
		return ""
	}
	if len(seen) >= g.maxVariants {
		return fmt.Sprintf("more than %d query-string variants of %s (a calendar or list trap)", g.maxVariants, u.Path)
	}
	seen[u.RawQuery] = true
	return ""
}

// repeats tells whether a run of 1 to 4 segments occurs three times in a
// row, as in /a/a/a or /a/b/a/b/a/b: relative links that resolve against
// themselves.
func repeats(segs []string) bool {
	for n := 1; n <= 4; n++ {
		for i := 0; i+3*n <= len(segs); i++ {
			a, b, c := segs[i:i+n], segs[i+n:i+2*n], segs[i+2*n:i+3*n]
			if equal(a, b) && equal(b, c) {
				return true
			}
		}
	}
	return false
}

func equal(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// yearMonth finds a year followed by a month: 2031/01, 2031-01, 203101.
var yearMonth = regexp.MustCompile(`(?:^|[^0-9])((?:1[89]|2[0-9])[0-9]{2})[-/_.]?(?:0[1-9]|1[0-2])(?:[^0-9]|$)`)

// outOfRangeYear finds a year-and-month in the path or query that lies more
// than two years ahead or before 1990: a calendar that links on forever.
func outOfRangeYear(u *url.URL, thisYear int) (int, bool) {
	s := u.Path + "?" + u.RawQuery
	for _, m := range yearMonth.FindAllStringSubmatch(s, -1) {
		y, _ := strconv.Atoi(m[1])
		if y > thisYear+2 || y < 1990 {
			return y, true
		}
	}
	return 0, false
}
