package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"bipkiosk/internal/store"
)

// statsPage shows the published visit counts and this terminal's own.
type statsPage struct {
	*Layout
	MostRead      []visitRow
	Terminal      []visitRow
	TerminalTotal int64
}

// visitRow is one page with a count.
type visitRow struct {
	ID    uuid.UUID
	Title string
	Count int64
}

// visitTable is the view of one visits table.
type visitTable struct {
	L       *Layout
	ID      string
	Caption string
	Rows    []visitRow
}

// Visits builds a visits table view for the template.
func (p statsPage) Visits(id, caption string, rows []visitRow) visitTable {
	return visitTable{L: p.Layout, ID: id, Caption: caption, Rows: rows}
}

// statsLimit is how many pages each list shows.
const statsLimit = 20

func (h *handler) showStats(w http.ResponseWriter, r *http.Request) {
	// Fresh: this terminal's counts change without a new generation.
	h.renderFresh(w, r, "stats", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("stats.title")
		p := statsPage{Layout: lay}
		most, err := rd.MostVisited(statsLimit)
		if err != nil {
			return nil, err
		}
		for _, s := range most {
			p.MostRead = append(p.MostRead, visitRow{ID: s.ID, Title: s.Title, Count: s.Visits})
		}
		counts, total, err := h.store.TerminalVisits(statsLimit)
		if err != nil {
			return nil, err
		}
		p.TerminalTotal = total
		for _, c := range counts {
			s, err := rd.Summary(c.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue // a page removed by a later edition
			}
			if err != nil {
				return nil, err
			}
			p.Terminal = append(p.Terminal, visitRow{ID: c.ID, Title: s.Title, Count: c.Count})
		}
		return p, nil
	})
}

func formatCount(n int64) string { return strconv.FormatInt(n, 10) }
