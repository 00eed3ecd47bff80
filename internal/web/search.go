package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
)

// searchPage shows the results of the temporary title search.
type searchPage struct {
	*Layout
	Results []store.NodeSummary
	Capped  bool
}

// The temporary search walks the tree breadth-first and stops at these bounds,
// so a huge bulletin cannot make it slow. The search issue replaces it with an
// index over titles and bodies.
const (
	searchMaxNodes   = 20000
	searchMaxResults = 50
)

func (h *handler) showSearch(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "search", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("search.title")
		p := searchPage{Layout: lay}
		q := i18n.Fold(strings.TrimSpace(lay.Query))
		if q == "" {
			return p, nil
		}
		var err error
		p.Results, p.Capped, err = titleSearch(rd, lay, q)
		return p, err
	})
}

// titleSearch finds nodes whose folded title contains q.
func titleSearch(rd *store.Reader, lay *Layout, q string) ([]store.NodeSummary, bool, error) {
	var queue []store.NodeSummary
	for _, g := range topGroups(rd, lay.Site) {
		queue = append(queue, g.nodes...)
	}
	var found []store.NodeSummary
	seen := map[uuid.UUID]bool{}
	for visited := 0; len(queue) > 0; visited++ {
		if visited >= searchMaxNodes || len(found) >= searchMaxResults {
			return found, true, nil
		}
		n := queue[0]
		queue = queue[1:]
		if seen[n.ID] {
			continue
		}
		seen[n.ID] = true
		if strings.Contains(i18n.Fold(n.Title), q) {
			found = append(found, n)
		}
		if n.HasChildren {
			kids, err := rd.Children(n.ID)
			if err != nil {
				return nil, false, err
			}
			queue = append(queue, kids...)
		}
	}
	return found, false, nil
}
