package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// maxCountdown bounds the idle warning: long enough to notice and touch
// "Continue", short enough not to keep the next visitor waiting.
const maxCountdown = 30 * time.Second

// idleOn reports whether pages carry the idle reset: kiosks with a timeout.
func (h *handler) idleOn() bool { return h.kiosk && h.idleTimeout > 0 }

// IdleSeconds is the time without input, in whole seconds, after which the
// kiosk warns that it will start over; 0 when there is no idle reset.
func (l *Layout) IdleSeconds() int { return l.frame.idleSeconds }

// IdleCountdown is how long the warning counts down before the reset, in
// seconds: 30 or a quarter of the timeout, whichever is shorter.
func (l *Layout) IdleCountdown() int { return l.frame.idleCountdown }

// IdleRefresh is the content of the no-script meta refresh: the same total
// time as the scripted path (timeout plus countdown), then the reset.
func (l *Layout) IdleRefresh() string {
	return strconv.Itoa(l.IdleSeconds()+l.IdleCountdown()) + ";url=" + l.frame.resetPath
}

// ceilSeconds rounds d up to whole seconds, at least one.
func ceilSeconds(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}

// resetKiosk starts over for the next visitor: it saves the default display
// settings (language among them) and renders the home page in the same
// response, since the desktop webview follows no redirects. Outside a kiosk
// the path does not exist, so no link can wipe a reader's settings.
func (h *handler) resetKiosk(w http.ResponseWriter, r *http.Request) {
	if !h.kiosk {
		h.showNotFound(w, r)
		return
	}
	s := DefaultSettings()
	if err := h.settings.Save(w, r, s); err != nil {
		h.serverError(w, r, s, err)
		return
	}
	// Render as "/" with no query: the settings links return there, not here,
	// and the search box starts empty.
	r2 := r.Clone(context.WithValue(r.Context(), settingsKey{}, s))
	r2.URL, r2.RequestURI = &url.URL{Path: "/"}, "/"
	r2.Header.Del("If-None-Match")
	h.showHome(w, r2) // no-store: a page rendered after a settings change
}

// pageCacheControl is the Cache-Control of every HTML page. A kiosk's pages
// are "no-store": neither the HTTP cache nor the back/forward cache may keep
// one visitor's pages (a search for their own name, say) for Back to show
// the next; a kiosk reads from a local server, so fetching every page again
// costs nothing. Elsewhere pages are "no-cache": kept, and revalidated by
// their ETag.
func (h *handler) pageCacheControl() string {
	if h.kiosk {
		return "no-store"
	}
	return "no-cache"
}
