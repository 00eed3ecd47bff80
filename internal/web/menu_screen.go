package web

import (
	"errors"
	"net/http"

	"github.com/google/uuid"

	"bipkiosk/internal/store"
)

// menuScreen is the path of the menu screen: the whole subject menu on a
// screen of its own, every ancestor of a page with all its children (a page
// of them), as every page's menu showed it before the path menu. A page's
// menu links here with ?p= its id.
const menuScreen = "/menu"

// menuScreenPage is the menu screen; the tree is the layout's Menu.
type menuScreenPage struct {
	*Layout
}

func (h *handler) showMenuScreen(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "menu-screen", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("menu.title")
		lay.menuScope, lay.noSideMenu = menuWhole, true
		p := menuScreenPage{Layout: lay}
		q := r.URL.Query().Get("p")
		if q == "" {
			return p, nil
		}
		id, err := uuid.Parse(q)
		if err != nil {
			return nil, errNotFound()
		}
		_, err = h.menus.summary(rd, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, errNotFound()
		}
		if err != nil {
			return nil, err
		}
		lay.Current = id
		return p, nil
	})
}
