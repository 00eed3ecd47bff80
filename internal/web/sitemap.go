package web

import (
	"net/http"

	"bipkiosk/internal/store"
)

// siteMapPage is the whole tree on one page.
type siteMapPage struct {
	*Layout
	Groups []MenuGroup
}

func (h *handler) showSiteMap(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "sitemap", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("map.title")
		p := siteMapPage{Layout: lay}
		for _, g := range topGroups(rd, lay.Site) {
			items, err := h.wholeTree(rd, lay, g.nodes)
			if err != nil {
				return nil, err
			}
			p.Groups = append(p.Groups, MenuGroup{Title: g.title, Items: items})
		}
		return p, nil
	})
}

// wholeTree is the menu with every branch open.
func (h *handler) wholeTree(rd *store.Reader, lay *Layout, nodes []store.NodeSummary) ([]MenuItem, error) {
	items, err := h.menuItems(rd, lay, nodes, nil)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if !items[i].HasChildren {
			continue
		}
		kids, err := rd.Children(items[i].ID)
		if err != nil {
			return nil, err
		}
		if items[i].Children, err = h.wholeTree(rd, lay, kids); err != nil {
			return nil, err
		}
	}
	return items, nil
}
