package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pager is the pagination partial's view.
type Pager struct {
	L           *Layout
	Page, Pages int
	Prev, Next  string
}

// pageSize is how many rows a paginated list shows.
const pageSize = 50

// pageParam reads ?strona=N (1-based) of a list; a bad number, or one past
// any list there can be, is a 400.
func pageParam(r *http.Request) (int, error) { return pageParamUpTo(r, maxPageNumber) }

// pageParamUpTo is pageParam for a list that checks its own last page: only
// numbers above most are refused here.
func pageParamUpTo(r *http.Request, most int) (int, error) {
	v := r.URL.Query().Get("strona")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > most {
		return 0, errBadRequest("error.badPage", clip(v, 20))
	}
	return n, nil
}

// maxPageNumber bounds ?strona= so that (page-1)*pageSize cannot overflow;
// no list of a bulletin has a million pages.
const maxPageNumber = 1_000_000

// clip shortens s to at most n bytes, on a character boundary, for echoing
// a bad value back in a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// newPager links the neighbouring pages of base, keeping its other
// parameters, for lists of pageSize items.
func (l *Layout) newPager(base string, q url.Values, page, total int) Pager {
	return l.newPagerOf(pageSize, base, q, page, total)
}

// newPagerOf is newPager for pages of perPage items.
func (l *Layout) newPagerOf(perPage int, base string, q url.Values, page, total int) Pager {
	p := Pager{L: l, Page: page, Pages: max(1, (total+perPage-1)/perPage)}
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if len(k)+len(strings.Join(vs, "")) <= maxEchoed {
				v[k] = vs // a longer parameter is no filter of ours: not carried on
			}
		}
		v.Set("strona", strconv.Itoa(n))
		return base + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}
