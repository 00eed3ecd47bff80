package web

import (
	"net/http"

	"bipkiosk/internal/store"
)

// mapEntryLimit is how many pages without children of their own the site
// map lists under one node. Pages with children (sections) are always
// listed, so the map shows the whole structure; a node with more entries ends
// with a link to its own page, which lists them all page by page. A bulletin
// of 100 000 articles would otherwise make a page of many megabytes that no
// one can read or tab through.
const mapEntryLimit = 5

// siteMapPage is the whole tree of sections on one page.
type siteMapPage struct {
	*Layout
	Groups []mapGroup
}

// mapGroup is one heading of the site map with its nodes.
type mapGroup struct {
	Title string
	Items []mapItem
}

// mapItem is one node of the site map: a menu item with its listed children
// and the number of entries left out under it.
type mapItem struct {
	menuItem
	Children []mapItem
	More     int // children not listed here; the item's own page lists them all
	Total    int // all the children of the item, named on the link to them
}

// mapLevel is one list of the site map with the layout, for the recursive template.
type mapLevel struct {
	*Layout
	Items []mapItem
}

// MapLevel wraps items for the recursive site map template.
func (l *Layout) MapLevel(items []mapItem) mapLevel { return mapLevel{Layout: l, Items: items} }

func (h *handler) showSiteMap(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "sitemap", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("map.title")
		p := siteMapPage{Layout: lay}
		for _, g := range topGroups(rd, lay.Site) {
			items, err := h.mapItems(rd, lay, g.nodes)
			if err != nil {
				return nil, err
			}
			p.Groups = append(p.Groups, mapGroup{Title: g.title, Items: items})
		}
		return p, nil
	})
}

// mapItems lists nodes with their subtrees: every node that has children of
// its own, and up to mapEntryLimit others under each node.
func (h *handler) mapItems(rd *store.Reader, lay *Layout, nodes []store.NodeSummary) ([]mapItem, error) {
	menu, err := h.menuItems(rd, lay, nodes, nil, menuWhole)
	if err != nil {
		return nil, err
	}
	out := make([]mapItem, len(menu))
	for i, m := range menu {
		out[i].menuItem = m
		if !m.HasChildren {
			continue
		}
		kids, total, err := rd.ChildrenBrief(m.ID, mapEntryLimit)
		if err != nil {
			return nil, err
		}
		if out[i].Children, err = h.mapItems(rd, lay, kids); err != nil {
			return nil, err
		}
		out[i].Total, out[i].More = total, total-len(kids)
	}
	return out, nil
}
