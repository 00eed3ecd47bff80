package web

import (
	"net/http"

	"bipkiosk/internal/store"
)

// homePage is the home screen: the bulletin's name, the as-of line and what changed lately.
type homePage struct {
	*Layout
	Recent []store.NodeSummary
}

// recentLimit is how many recently changed pages the home screen lists.
const recentLimit = 10

func (h *handler) showHome(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "home", func(rd *store.Reader, lay *Layout) (any, error) {
		recent, err := rd.RecentlyChanged(recentLimit)
		if err != nil {
			return nil, err
		}
		lay.Title = lay.Site.Name
		if lay.Title == "" {
			lay.Title = lay.Site.Owner
		}
		return homePage{Layout: lay, Recent: recent}, nil
	})
}
