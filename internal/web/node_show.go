package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// nodePage is a section or article, and its print version.
type nodePage struct {
	*Layout
	ID          uuid.UUID
	Body        template.HTML
	Link        *ExtLink            // for a link node: where it leads
	Children    []store.NodeSummary // one page of them
	Pager       Pager
	Attachments attachmentTable
	Meta        []metaItem
	Tail        template.HTML // Attachments and Meta rendered already (nodefragment.go); "" to render them
	ChangeCount int
	PrintCode   string // the print form's one-time code, minted for this request's terminal; "" without one
}

// metaItem is one line of the metadata block.
type metaItem struct {
	Key    string // i18n key of the label
	Text   string
	At     time.Time
	Link   *ExtLink
	Polish bool // bulletin text
}

func (h *handler) showNode(w http.ResponseWriter, r *http.Request) {
	h.showNodeAs(w, r, "node")
}

func (h *handler) showNodeAs(w http.ResponseWriter, r *http.Request, name string) {
	id, ok := pathID(r)
	if !ok {
		h.showNotFound(w, r)
		return
	}
	pg := page{name: name, cache: cacheETag}
	if name == "node" {
		pg.snapshot = id // the page kept whole by the warm-up may answer (snapshot.go)
	}
	h.serve(w, r, pg, func(rd *store.Reader, lay *Layout) (any, error) {
		p, err := h.nodeView(rd, lay, id, name == "node")
		if err != nil {
			return nil, err
		}
		n, err := pageParam(r)
		if err != nil {
			return nil, err
		}
		if err := h.addChildren(rd, lay, &p, r.URL.Query(), n); err != nil {
			return nil, err
		}
		p.PrintCode = h.printCode(r)
		return p, nil
	})
}

// addChildren lists page n of p's children, pageSize at a time (a section of
// thousands of pages), with its pager, and marks the page a visit of p.
func (h *handler) addChildren(rd *store.Reader, lay *Layout, p *nodePage, q url.Values, n int) error {
	kids, err := h.menus.children(rd, p.ID)
	if err != nil {
		return err
	}
	pager := lay.newPager(nodePath(p.ID), q, n, len(kids))
	if n > pager.Pages {
		return errNotFound()
	}
	lay.visit = p.ID
	p.Children = kids[min((n-1)*pageSize, len(kids)):min(n*pageSize, len(kids))]
	p.Pager = pager
	return nil
}

// nodeView builds the page of node id without its children. With fragments
// (the node page, not its print version), it is built from the fragment kept
// in the generation when there is one, without reading the node; without
// one (the warm-up has not reached it, or another language) it is rendered
// from the node and nothing is written (see nodefragment.go, warm.go).
func (h *handler) nodeView(rd *store.Reader, lay *Layout, id uuid.UUID, fragments bool) (nodePage, error) {
	if fragments {
		if f, ok := h.keptFragment(rd, lay, id); ok {
			s, err := h.menus.summary(rd, id)
			if err != nil {
				return nodePage{}, notFoundOr(err)
			}
			if err := h.placeNode(rd, lay, id, s.Title); err != nil {
				return nodePage{}, err
			}
			return lay.fragmentPage(s, f), nil
		}
	}
	n, err := h.loadNode(rd, lay, id)
	if err != nil {
		return nodePage{}, err
	}
	return lay.nodePage(n, nil), nil
}

// notFoundOr turns the store's ErrNotFound into the 404 page.
func notFoundOr(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound()
	}
	return err
}

// pathID parses the {id} of a node path.
func pathID(r *http.Request) (uuid.UUID, bool) {
	id, err := uuid.Parse(r.PathValue("id"))
	return id, err == nil
}

// loadNode reads a node and sets the layout around it: title, menu position, breadcrumbs.
func (h *handler) loadNode(rd *store.Reader, lay *Layout, id uuid.UUID) (content.Node, error) {
	n, err := rd.Node(id)
	if err != nil {
		return n, notFoundOr(err)
	}
	return n, h.placeNode(rd, lay, id, n.Title)
}

// placeNode sets the layout around node id titled title: title, menu
// position, breadcrumbs.
func (h *handler) placeNode(rd *store.Reader, lay *Layout, id uuid.UUID, title string) error {
	anc, err := h.menus.ancestors(rd, id)
	if err != nil {
		return err
	}
	lay.Title, lay.Current = title, id
	lay.Crumbs = append(lay.Crumbs, crumb{Title: lay.T("layout.home"), Href: "/"})
	for _, a := range anc {
		lay.Crumbs = append(lay.Crumbs, crumb{Title: a.Title, Href: nodePath(a.ID), Polish: true})
	}
	lay.Crumbs = append(lay.Crumbs, crumb{Title: title, Polish: true, Current: true})
	return nil
}

// fragmentPage is the node page of s built from its kept fragment.
func (l *Layout) fragmentPage(s store.NodeSummary, f nodeFragment) nodePage {
	p := nodePage{Layout: l, ID: s.ID, Body: f.Body, Tail: f.Tail, ChangeCount: f.Changes}
	if s.Kind == content.KindLink {
		e := l.Ext(s.URL, "")
		p.Link = &e
	}
	return p
}

func (l *Layout) nodePage(n content.Node, kids []store.NodeSummary) nodePage {
	p := nodePage{Layout: l, ID: n.ID, Body: l.Body(n.Body), Children: kids, ChangeCount: len(n.History)}
	if n.Kind == content.KindLink {
		e := l.Ext(n.URL, "")
		p.Link = &e
	}
	section := store.NodeSummary{ID: n.ID, Title: n.Title}
	p.Attachments = l.attachmentTable("bk-attachments", l.T("node.attachments"), false)
	for _, a := range n.Attachments {
		p.Attachments.Items = append(p.Attachments.Items, l.attachmentView(a, section))
	}
	p.Meta = l.metaItems(n.Meta)
	return p
}

// metaItems lists the metadata lines in the order of the reference BIP page,
// leaving out what the publisher did not give.
func (l *Layout) metaItems(m content.Meta) []metaItem {
	var out []metaItem
	if m.Visits > 0 || !m.Published.IsZero() {
		out = append(out, metaItem{Key: "meta.visits", Text: formatCount(m.Visits)})
	}
	for _, t := range []struct{ key, text string }{
		{"meta.publisher", m.Publisher}, {"meta.author", m.Author},
		{"meta.responsible", m.Responsible}, {"meta.enteredBy", m.EnteredBy},
	} {
		if t.text != "" {
			out = append(out, metaItem{Key: t.key, Text: t.text, Polish: true})
		}
	}
	for _, t := range []struct {
		key string
		at  time.Time
	}{{"meta.created", m.Created}, {"meta.published", m.Published}, {"meta.updated", m.Updated}} {
		if !t.at.IsZero() {
			out = append(out, metaItem{Key: t.key, At: t.at})
		}
	}
	if m.SourceURL != "" {
		e := l.Ext(m.SourceURL, "")
		out = append(out, metaItem{Key: "meta.source", Link: &e})
	}
	return out
}
