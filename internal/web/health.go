package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"bipkiosk/internal/store"
)

// health is the body of /healthz: whether a bulletin can be read, and which.
type health struct {
	Status     string `json:"status"`               // "ok", "empty" or "unavailable"
	Generation uint64 `json:"generation,omitempty"` // the store's generation shown
	Sequence   uint64 `json:"sequence,omitempty"`   // the publisher's sequence number of its edition
}

// serveHealth answers a service manager or a monitor: 200 when the store
// reads and a bulletin is installed, 503 when it is empty or cannot be read.
// It sets no cookie and nothing may keep the answer.
func (h *handler) serveHealth(w http.ResponseWriter, r *http.Request) {
	body, status := health{Status: "ok"}, http.StatusOK
	err := h.store.Read(func(rd *store.Reader) error {
		if _, err := rd.Site(); err != nil {
			return err
		}
		g := rd.Generation()
		body.Generation, body.Sequence = g.Number, g.Edition.Sequence
		return nil
	})
	switch {
	case errors.Is(err, store.ErrEmpty):
		body, status = health{Status: "empty"}, http.StatusServiceUnavailable
	case err != nil:
		h.log.Warn("web_health_failed", "err", err)
		body, status = health{Status: "unavailable"}, http.StatusServiceUnavailable
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
