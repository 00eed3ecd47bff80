package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"bipkiosk/internal/store"
)

// externalPage shows an external address instead of following it.
type externalView struct {
	*Layout
	URL     string
	CanOpen bool // the desktop app can open it in the system browser
	Opened  bool
	Failed  bool
	// QR is the address as a QR code to continue on one's own phone: kiosk
	// only, empty when the address is too long to encode.
	QR template.HTML
}

// maxURL bounds the address shown, so a crafted link cannot fill the page.
const maxURL = 2048

// validExternal accepts absolute http, https, mailto and tel addresses only.
func validExternal(u string) bool {
	if u == "" || len(u) > maxURL || strings.ContainsAny(u, "\r\n") {
		return false
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Scheme {
	case "http", "https":
		return p.Host != ""
	case "mailto", "tel":
		return p.Opaque != ""
	}
	return false
}

func (h *handler) showExternal(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "external", func(rd *store.Reader, lay *Layout) (any, error) {
		return h.externalView(lay, r.URL.Query().Get("u"))
	})
}

func (h *handler) externalView(lay *Layout, u string) (externalView, error) {
	lay.Title = lay.T("external.title")
	if !validExternal(u) {
		return externalView{}, errBadRequest("error.badURL", u)
	}
	v := externalView{Layout: lay, URL: u, CanOpen: h.openExternal != nil && !h.kiosk}
	if h.kiosk {
		v.QR = h.qrCode(lay, u)
	}
	return v, nil
}

// openExternalURL asks the desktop app to open the address in the system
// browser and renders the result (the webview follows no redirects).
func (h *handler) openExternalURL(w http.ResponseWriter, r *http.Request) {
	u := r.PostFormValue("u")
	h.renderFresh(w, r, "external", func(rd *store.Reader, lay *Layout) (any, error) {
		v, err := h.externalView(lay, u)
		if err != nil || !v.CanOpen {
			return v, errBadRequest("error.badURL", u)
		}
		if err := h.openExternal(u); err != nil {
			h.log.Warn("web_open_external_failed", "url", u, "err", err)
			v.Failed = true
			return v, nil
		}
		v.Opened = true
		return v, nil
	})
}
