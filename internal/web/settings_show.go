package web

import (
	"net/http"
	"net/url"
	"strings"

	"bipkiosk/internal/store"
)

// settingsPage is the display settings form; the template reads everything from the layout.
type settingsPage struct {
	*Layout
}

func (h *handler) showSettings(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "settings", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("settings.title")
		return settingsPage{Layout: lay}, nil
	})
}

// updateSettings applies a settings change (a link or the form, GET or POST),
// saves it and renders the page named by ?wroc= in the same response: the
// desktop webview follows no redirects and keeps no cookies.
func (h *handler) updateSettings(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.showBadSetting(w, r)
		return
	}
	next, err := h.settingsFor(r).Apply(r.Form)
	if err != nil {
		h.showBadSetting(w, r)
		return
	}
	if err := h.settings.Save(w, r, next); err != nil {
		h.serverError(w, r, next, err)
		return
	}
	back := returnPath(r.Form.Get("wroc"))
	u, _ := url.Parse(back)
	r2 := r.Clone(withSettings(r.Context(), next))
	r2.Method, r2.URL, r2.RequestURI, r2.Body = http.MethodGet, u, back, http.NoBody
	r2.Header.Del("If-None-Match")
	r2.Header.Del("Content-Type")
	h.mux.ServeHTTP(w, r2) // the page is no-store: see afterSettingsChange
}

func (h *handler) showBadSetting(w http.ResponseWriter, r *http.Request) {
	h.renderFresh(w, r, "error", func(*store.Reader, *Layout) (any, error) {
		return nil, errBadRequest("error.badSetting")
	})
}

// returnPath accepts only a local page path to return to; anything else
// (another host, a scheme, the settings action itself, an answer that is
// not a page, whose own caching would keep the settings' answer) returns home.
func returnPath(s string) string {
	if s == "" || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.ContainsAny(s, "\\\r\n") {
		return "/"
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || notAPage(u.Path) {
		return "/"
	}
	return u.RequestURI()
}

// notAPage reports the routes that answer with something other than a page
// rendered for the visitor's settings, or that act.
func notAPage(p string) bool {
	for _, prefix := range []string{"/ustawienia/ustaw", "/zewnetrzny/otworz", "/static/", "/pliki/", "/api/", "/menu/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return p == "/logo" || p == healthPath || p == kioskResetPath
}
