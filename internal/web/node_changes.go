package web

import (
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// changeRow is one line of a change register.
type changeRow struct {
	Node    store.NodeSummary
	Change  content.Change
	KindKey string // i18n key of the kind of change
	Diff    string // link to the before/after view, when the previous text exists
}

func newChangeRow(node store.NodeSummary, c content.Change, index int, hasPrevious bool) changeRow {
	row := changeRow{Node: node, Change: c, KindKey: "kind." + string(c.Kind)}
	if hasPrevious {
		row.Diff = changePath(node.ID, strconv.Itoa(index))
	}
	return row
}

// nodeChangesPage is one page's change register.
type nodeChangesPage struct {
	*Layout
	ID        uuid.UUID
	NodeTitle string
	Entries   []changeRow
}

func (h *handler) showNodeChanges(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.showNotFound(w, r)
		return
	}
	h.render(w, r, "node-changes", func(rd *store.Reader, lay *Layout) (any, error) {
		n, err := h.loadNode(rd, lay, id)
		if err != nil {
			return nil, err
		}
		lay.crumbToCurrent(nodePath(id), lay.T("node.changes"))
		p := nodeChangesPage{Layout: lay, ID: id, NodeTitle: n.Title}
		lay.Title = lay.T("changes.nodeTitle", n.Title)
		node := store.NodeSummary{ID: n.ID, Title: n.Title}
		for i := len(n.History) - 1; i >= 0; i-- {
			p.Entries = append(p.Entries, newChangeRow(node, n.History[i], i, n.History[i].PreviousBody != ""))
		}
		return p, nil
	})
}

// crumbToCurrent turns the current crumb into a link to href and adds a
// sub-screen of it (the change register, one change) as the current crumb.
func (l *Layout) crumbToCurrent(href, title string) {
	if len(l.Crumbs) > 0 {
		last := &l.Crumbs[len(l.Crumbs)-1]
		last.Current, last.Href = false, href
	}
	l.Crumbs = append(l.Crumbs, crumb{Title: title, Current: true})
}

// changePage is one change with its before/after view.
type changePage struct {
	*Layout
	ID             uuid.UUID
	NodeTitle      string
	Change         content.Change
	KindKey        string
	HasPrevious    bool
	AgainstCurrent bool
	Same           bool
	Diff           []diffOp
}

func (h *handler) showChange(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	index, err := strconv.Atoi(r.PathValue("index"))
	if !ok || err != nil || index < 0 {
		h.showNotFound(w, r)
		return
	}
	h.render(w, r, "change", func(rd *store.Reader, lay *Layout) (any, error) {
		n, err := h.loadNode(rd, lay, id)
		if err != nil {
			return nil, err
		}
		if index >= len(n.History) {
			return nil, errNotFound()
		}
		c := n.History[index]
		lay.crumbToCurrent(nodePath(id), lay.T("node.changes"))
		lay.crumbToCurrent(nodeChangesPath(id), lay.DateTime(c.At))
		lay.Title = lay.T("diff.title", lay.DateTime(c.At))
		p := changePage{Layout: lay, ID: id, NodeTitle: n.Title, Change: c, KindKey: "kind." + string(c.Kind)}
		if c.PreviousBody == "" {
			return p, nil
		}
		after, exact := bodyAfter(n, index)
		p.HasPrevious, p.AgainstCurrent = true, !exact
		p.Diff = wordDiff(htmlText(c.PreviousBody), htmlText(after))
		p.Same = !hasChanges(p.Diff)
		return p, nil
	})
}

// bodyAfter returns the text right after change i: the next change's previous
// body, or the current body. exact is false when a later change's previous
// body is missing, so the current body (after later changes too) stands in.
func bodyAfter(n content.Node, i int) (body string, exact bool) {
	if i+1 < len(n.History) {
		if next := n.History[i+1].PreviousBody; next != "" {
			return next, true
		}
		return n.Body, false
	}
	return n.Body, true
}
