package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// menuView is the subject menu (menu przedmiotowe): groups of node trees.
// On a page it is the path menu (see menuScope); on the menu screen, the
// whole tree one step at a time.
type menuView struct {
	Groups []menuGroup
	// All is the menu screen with the path to this page open: every branch
	// the path menu leaves out, one link away.
	All string
	// Here is the aria-current value of the current item: "page" on the
	// page itself, "true" on the menu screen, which only shows where it is.
	Here string
}

// menuScope says how much of the tree a menu opens along the path to the
// current page.
type menuScope int

const (
	// menuPath: the top level, each ancestor with only the next step of the
	// path under it, and the current page's own children. An article's menu
	// is then a few dozen links instead of every sibling at every level; the
	// rest is one step away on the menu screen, the site map and, with the
	// script, behind each branch's button.
	menuPath menuScope = iota
	// menuWhole: every ancestor's children in full (a page of them), as on
	// the menu screen.
	menuWhole
)

// menuGroup is one heading of the menu ("URZĄD MIEJSKI") with its nodes.
type menuGroup struct {
	Title string
	Items []menuItem
}

// menuItem is one node in the menu. Only the path to the current page is open;
// other branches are links (and, with the script, buttons that fetch them).
type menuItem struct {
	ID       uuid.UUID
	Title    string
	Href     template.URL // our own page, or an address Layout.Ext checked
	URL      string       // a link node's external address
	External bool
	Current  bool
	Open     bool
	// Partial marks an open item that lists only the next step of the path
	// (menuPath): the script fetches the whole list when it is opened again.
	Partial     bool
	HasChildren bool
	Children    []menuItem
	// More marks the last item of a list cut to one page (see menuWindow):
	// a link to the page of the section (Title, Href) that lists all Total.
	More  bool
	Total int
	// HTML is the item already rendered, closed, when it is neither open nor
	// current: the same markup on every page in the same language (see prerender).
	HTML template.HTML
}

// menuLevel is one list of the tree with the layout, so the recursive template
// can translate.
type menuLevel struct {
	*Layout
	Items []menuItem
}

// Level wraps items for the recursive tree template.
func (l *Layout) Level(items []menuItem) menuLevel { return menuLevel{Layout: l, Items: items} }

// buildMenu builds the menu with the path to lay.Current open as far as
// scope says, its closed items rendered already (see prerender).
func (h *handler) buildMenu(rd *store.Reader, lay *Layout, scope menuScope) (menuView, error) {
	menu, err := h.menuTree(rd, lay, scope)
	if err != nil {
		return menuView{}, err
	}
	for _, g := range menu.Groups {
		if err := h.prerender(rd, lay, g.Items); err != nil {
			return menuView{}, err
		}
	}
	return menu, nil
}

// menuTree builds the menu with the path to lay.Current open as far as scope
// says, every item left for the template to render.
func (h *handler) menuTree(rd *store.Reader, lay *Layout, scope menuScope) (menuView, error) {
	open := pathOpen{}
	if lay.Current != uuid.Nil {
		anc, err := h.menus.ancestors(rd, lay.Current)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return menuView{}, err
		}
		for i, a := range anc {
			open[a.ID] = lay.Current
			if i+1 < len(anc) {
				open[a.ID] = anc[i+1].ID
			}
		}
		open[lay.Current] = uuid.Nil
	}
	menu := menuView{All: menuScreenPath(lay.Current), Here: "page"}
	if scope == menuWhole {
		menu.Here = "true"
	}
	for _, g := range h.menus.groups(rd, lay.Site) {
		items, err := h.menuItems(rd, lay, g.nodes, open, scope)
		if err != nil {
			return menuView{}, err
		}
		menu.Groups = append(menu.Groups, menuGroup{Title: g.title, Items: items})
	}
	return menu, nil
}

// prerender fills in the HTML of every closed, not current item of a menu
// tree from the menu cache, rendering what is not there yet with the menu's
// own template. Most of a menu is the same closed items on every page, and
// rendering them item by item through html/template was most of the cost of
// a page.
func (h *handler) prerender(rd *store.Reader, lay *Layout, items []menuItem) error {
	for i := range items {
		it := &items[i]
		if it.Open {
			if err := h.prerender(rd, lay, it.Children); err != nil {
				return err
			}
			continue
		}
		if it.Current || it.More {
			continue
		}
		if html, ok := h.menus.item(rd, lay.Lang(), it.ID); ok {
			it.HTML = html
			continue
		}
		var buf bytes.Buffer
		if err := h.pages["menu"].ExecuteTemplate(&buf, "tree-items", lay.Level([]menuItem{*it})); err != nil {
			return fmt.Errorf("web: render menu item %s: %w", it.ID, err)
		}
		it.HTML = template.HTML(buf.String()) // rendered by our own escaping template
		h.menus.putItem(rd, lay.Lang(), it.ID, it.HTML)
	}
	return nil
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

// pathOpen holds the nodes a menu opens, the ancestors of its current page
// and the page itself, each with its child on the path (uuid.Nil for the
// page).
type pathOpen map[uuid.UUID]uuid.UUID

// menuItems makes the menu items of nodes, opening those in open: in full,
// or with scope menuPath only the next step of the path under an ancestor.
func (h *handler) menuItems(rd *store.Reader, lay *Layout, nodes []store.NodeSummary, open pathOpen, scope menuScope) ([]menuItem, error) {
	items := make([]menuItem, 0, len(nodes))
	for _, n := range nodes {
		it := menuItem{ID: n.ID, Title: n.Title, Href: template.URL(nodePath(n.ID)), Current: n.ID == lay.Current}
		if n.Kind == content.KindLink {
			it.Href, it.URL, it.External = lay.Ext(n.URL, "").Href, n.URL, true
		} else {
			it.HasChildren = n.HasChildren
		}
		step, isOpen := open[n.ID]
		if !it.HasChildren || !isOpen {
			items = append(items, it)
			continue
		}
		it.Open = true
		var shown []store.NodeSummary
		var more *menuItem
		if scope == menuPath && !it.Current {
			// Only the step on the path: read it, not the whole list (a
			// section of thousands), and only whether there are others.
			s, err := h.menus.summary(rd, step)
			if err != nil {
				return nil, err
			}
			if it.Partial, err = h.menus.severalChildren(rd, n.ID); err != nil {
				return nil, err
			}
			shown = []store.NodeSummary{s}
		} else {
			kids, err := h.menus.children(rd, n.ID)
			if err != nil {
				return nil, err
			}
			shown, more = menuWindow(n, kids, open)
		}
		var err error
		if it.Children, err = h.menuItems(rd, lay, shown, open, scope); err != nil {
			return nil, err
		}
		if more != nil {
			it.Children = append(it.Children, *more)
		}
		items = append(items, it)
	}
	return items, nil
}

// menuScreenPath is the menu screen with the path to id open (uuid.Nil: the
// top level).
func menuScreenPath(id uuid.UUID) string {
	if id == uuid.Nil {
		return menuScreen
	}
	return menuScreen + "?p=" + id.String()
}

// menuWindow cuts a list of children longer than a page to the page of
// pageSize entries, numbered as the section's own page numbers them, that
// holds the open child (or the first page), and returns the item that links
// to that page of the section. A section of thousands of resolutions would
// otherwise put thousands of links into the menu of each of them.
func menuWindow(parent store.NodeSummary, kids []store.NodeSummary, open pathOpen) ([]store.NodeSummary, *menuItem) {
	if len(kids) <= pageSize {
		return kids, nil
	}
	page := 1
	for i, k := range kids {
		if _, ok := open[k.ID]; ok {
			page = i/pageSize + 1
			break
		}
	}
	href := nodePath(parent.ID)
	if page > 1 {
		href += "?strona=" + strconv.Itoa(page)
	}
	end := min(page*pageSize, len(kids))
	return kids[(page-1)*pageSize : end], &menuItem{ID: parent.ID, Title: parent.Title, Href: template.URL(href), More: true, Total: len(kids)}
}

// menuFragment is the children of one node, fetched by the tree script.
type menuFragment struct {
	*Layout
	Parent uuid.UUID
	Items  []menuItem
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
		kids, err := h.menus.children(rd, id)
		if err != nil || len(kids) == 0 {
			return nil, errNotFound()
		}
		var more *menuItem
		if len(kids) > pageSize {
			parent, err := h.menus.summary(rd, id)
			if err != nil {
				return nil, err
			}
			kids, more = menuWindow(parent, kids, nil)
		}
		items, err := h.menuItems(rd, lay, kids, nil, menuWhole)
		if err != nil {
			return nil, err
		}
		if err := h.prerender(rd, lay, items); err != nil {
			return nil, err
		}
		if more != nil {
			items = append(items, *more)
		}
		return menuFragment{Layout: lay, Parent: id, Items: items}, nil
	})
}
