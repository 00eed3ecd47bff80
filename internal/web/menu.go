package web

import (
	"errors"
	"net/http"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// Menu is the subject menu (menu przedmiotowe): groups of node trees.
type Menu struct {
	Groups []MenuGroup
}

// MenuGroup is one heading of the menu ("URZĄD MIEJSKI") with its nodes.
type MenuGroup struct {
	Title string
	Items []MenuItem
}

// MenuItem is one node in the menu. Only the path to the current page is open;
// other branches are links (and, with the script, buttons that fetch them).
type MenuItem struct {
	ID          uuid.UUID
	Title       string
	Href        string
	URL         string // a link node's external address
	External    bool
	Current     bool
	Open        bool
	HasChildren bool
	Children    []MenuItem
}

// MenuLevel is one list of the tree with the layout, so the recursive template
// can translate.
type MenuLevel struct {
	*Layout
	Items []MenuItem
}

// Level wraps items for the recursive tree template.
func (l *Layout) Level(items []MenuItem) MenuLevel { return MenuLevel{Layout: l, Items: items} }

// buildMenu builds the menu with the path to lay.Current open.
func (h *handler) buildMenu(rd *store.Reader, lay *Layout) (Menu, error) {
	open := map[uuid.UUID]bool{}
	if lay.Current != uuid.Nil {
		anc, err := rd.Ancestors(lay.Current)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return Menu{}, err
		}
		for _, a := range anc {
			open[a.ID] = true
		}
		open[lay.Current] = true
	}
	var menu Menu
	for _, g := range topGroups(rd, lay.Site) {
		items, err := h.menuItems(rd, lay, g.nodes, open)
		if err != nil {
			return Menu{}, err
		}
		menu.Groups = append(menu.Groups, MenuGroup{Title: g.title, Items: items})
	}
	return menu, nil
}

type group struct {
	title string
	nodes []store.NodeSummary
}

// topGroups returns the menu's groups with their top-level nodes; a bulletin
// without groups gets one untitled group of all top-level nodes.
func topGroups(rd *store.Reader, site content.Site) []group {
	if len(site.Groups) == 0 {
		top, _ := rd.Children(uuid.Nil)
		return []group{{nodes: top}}
	}
	out := make([]group, 0, len(site.Groups))
	for _, g := range site.Groups {
		var nodes []store.NodeSummary
		for _, id := range g.Nodes {
			if s, err := rd.Summary(id); err == nil {
				nodes = append(nodes, s)
			}
		}
		out = append(out, group{title: g.Title, nodes: nodes})
	}
	return out
}

func (h *handler) menuItems(rd *store.Reader, lay *Layout, nodes []store.NodeSummary, open map[uuid.UUID]bool) ([]MenuItem, error) {
	items := make([]MenuItem, 0, len(nodes))
	for _, n := range nodes {
		it := MenuItem{ID: n.ID, Title: n.Title, Href: "/p/" + n.ID.String(), Current: n.ID == lay.Current}
		if n.Kind == content.KindLink {
			it.Href, it.URL, it.External = lay.Ext(n.URL, "").Href, n.URL, true
		} else {
			it.HasChildren = n.HasChildren
		}
		if it.HasChildren && open[n.ID] {
			kids, err := rd.Children(n.ID)
			if err != nil {
				return nil, err
			}
			it.Open = true
			if it.Children, err = h.menuItems(rd, lay, kids, open); err != nil {
				return nil, err
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// menuFragment is the children of one node, fetched by the tree script.
type menuFragment struct {
	*Layout
	Parent uuid.UUID
	Items  []MenuItem
}

// showMenuFragment returns one branch of the tree as an HTML fragment for the
// disclosure script; without the script nobody asks for it.
func (h *handler) showMenuFragment(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		h.showNotFound(w, r)
		return
	}
	h.render(w, r, "menu", func(rd *store.Reader, lay *Layout) (any, error) {
		kids, err := rd.Children(id)
		if err != nil || len(kids) == 0 {
			return nil, errNotFound()
		}
		items, err := h.menuItems(rd, lay, kids, nil)
		return menuFragment{Layout: lay, Parent: id, Items: items}, err
	})
}
