package web

import (
	"net/http"
	"net/url"
	"time"

	"bipkiosk/internal/store"
)

// registerPage is the bulletin-wide change register.
type registerPage struct {
	*Layout
	From, To string // the filter as typed, rrrr-mm-dd
	Total    int
	Entries  []changeRow
	Pager    Pager
}

func (h *handler) showRegister(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "register", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("changes.title")
		q, page, err := registerQuery(r)
		if err != nil {
			return nil, err
		}
		entries, total, err := rd.Changes(q)
		if err != nil {
			return nil, err
		}
		p := registerPage{Layout: lay, From: r.URL.Query().Get("od"), To: r.URL.Query().Get("do"), Total: total}
		for _, e := range entries {
			p.Entries = append(p.Entries, newChangeRow(e.Node, e.Change, e.Index, e.HasPrevious))
		}
		filter := url.Values{}
		for _, k := range []string{"od", "do"} {
			if v := r.URL.Query().Get(k); v != "" {
				filter.Set(k, v)
			}
		}
		p.Pager = lay.newPager("/rejestr", filter, page, total)
		return p, nil
	})
}

// registerQuery reads ?od=rrrr-mm-dd&do=rrrr-mm-dd&strona=N. Both days are
// inclusive; the store's upper bound is exclusive, so it gets the next midnight.
func registerQuery(r *http.Request) (store.ChangeQuery, int, error) {
	page, err := pageParam(r)
	if err != nil {
		return store.ChangeQuery{}, 0, err
	}
	q := store.ChangeQuery{Offset: (page - 1) * pageSize, Limit: pageSize}
	if q.From, err = dayParam(r, "od"); err != nil {
		return q, 0, err
	}
	if q.To, err = dayParam(r, "do"); err != nil {
		return q, 0, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1)
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, 0, errBadRequest("error.badRange")
	}
	return q, page, nil
}

func dayParam(r *http.Request, key string) (time.Time, error) {
	v := r.URL.Query().Get(key)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, errBadRequest("error.badDate", v)
	}
	return t, nil
}
