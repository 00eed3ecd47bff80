package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// Pager is the pagination partial's view.
type Pager struct {
	L           *Layout
	Page, Pages int
	Prev, Next  string
}

// pageSize is how many rows a paginated list shows.
const pageSize = 50

// pageParam reads ?strona=N (1-based); a bad number is a 400.
func pageParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("strona")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, errBadRequest("error.badPage", v)
	}
	return n, nil
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
			v[k] = vs
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
