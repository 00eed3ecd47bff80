package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestHugeRequestsGiveSmallPages: every page writes its address back into
// its settings links and its query into the search box, and pagers carry
// their parameters on. A megabyte of address or query must not come back
// as megabytes of page (it came back about 14 times over), and a page number
// past any list is a 400, never an overflow.
func TestHugeRequestsGiveSmallPages(t *testing.T) {
	h := indexedHandler(t)
	huge := strings.Repeat("a", 1<<20)
	const maxPage = 200 << 10
	tests := []struct {
		name, target string
		status       int
	}{
		{"huge unknown parameter on home", "/?x=" + huge, http.StatusOK},
		{"huge q outside search", "/mapa?q=" + huge, http.StatusOK},
		{"huge parameter on a paged list", "/pliki?x=" + huge, http.StatusOK},
		{"huge path", "/" + huge, http.StatusNotFound},
		{"page number past any list", "/pliki?strona=922337203685477590", http.StatusBadRequest},
		{"huge page number", "/pliki?strona=" + strings.Repeat("9", 5000), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.target)
			if rec.Code != tt.status || rec.Body.Len() > maxPage {
				t.Fatalf("got status %d and %d bytes, want %d and at most %d", rec.Code, rec.Body.Len(), tt.status, maxPage)
			}
		})
	}
}

// TestGoneClientIsNoServerError: a results page whose visitor has left is
// stopped by its context; that is not a failure to log as one.
func TestGoneClientIsNoServerError(t *testing.T) {
	var logs bytes.Buffer
	h := newTestHandler(t, Deps{Store: indexedStore(t), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	gone := func(r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		cancel()
		*r = *r.WithContext(ctx)
	}
	get(h, "/szukaj?q=statut", gone)
	if strings.Contains(logs.String(), "web_request_failed") {
		t.Errorf("got %q in the log, want nothing for a client that has gone", logs.String())
	}
}
