package web

import (
	"html/template"
	"net/http"
	"time"

	"bipkiosk/internal/store"
)

// instructionsPage is the publisher's instructions and the app's own help.
type instructionsPage struct {
	*Layout
	Bulletin template.HTML
}

func (h *handler) showInstructions(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "instructions", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("instructions.title")
		return instructionsPage{Layout: lay, Bulletin: lay.Body(lay.Site.Instructions)}, nil
	})
}

// editorialPage is the editorial office (redakcja); the template reads Site.Editorial.
type editorialPage struct {
	*Layout
}

func (h *handler) showEditorial(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "editorial", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("editorial.title")
		return editorialPage{Layout: lay}, nil
	})
}

// accessibilityPage is the bundle's accessibility statement or the app's default.
type accessibilityPage struct {
	*Layout
	Statement template.HTML // the bundle's own; empty means the default below
	Published time.Time
	Updated   time.Time
	Contact   contact
}

type contact struct{ Name, Email, Phone string }

func (h *handler) showAccessibility(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "accessibility", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("a11y.title")
		// The copy shown was published and last updated with this edition.
		created := lay.Gen.Edition.Created
		p := accessibilityPage{Layout: lay, Published: created, Updated: created}
		if lay.Site.Accessibility != "" {
			p.Statement = lay.Body(lay.Site.Accessibility)
		}
		ed := lay.Site.Editorial
		p.Contact = contact{Name: ed.Office, Email: ed.Email, Phone: ed.Phone}
		if len(ed.Editors) > 0 {
			e := ed.Editors[0]
			p.Contact = contact{Name: e.Name, Email: firstOf(e.Email, ed.Email), Phone: firstOf(e.Phone, ed.Phone)}
		}
		return p, nil
	})
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
