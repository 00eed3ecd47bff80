package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestHeaderToolsFold checks the header's tools (settings, bulletin links,
// search): one disclosure, folded in the low-vision version so the page's
// content starts on the first screen, open where the reader is using them (a
// screen the bulletin links name, the answer to a settings change); outside
// the low-vision version open, and left to the script to fold on a narrow
// screen except where the reader is using them.
func TestHeaderToolsFold(t *testing.T) {
	h := newTestHandler(t, Deps{})
	lowVision := withCookie(&http.Cookie{Name: cookieName, Value: DefaultSettings().withLowVision(true).Encode()})
	const summary = `<summary class="bk-tools__summary">Ustawienia i wyszukiwarka</summary>`
	tests := []struct {
		name, path string
		mod        []func(*http.Request)
		want, not  []string
	}{
		{"default: open, folded by the script on a narrow screen", "/", nil,
			[]string{`<details class="bk-tools" open data-module="bk-tools">`, summary, `<ul class="bk-topnav__list">`}, nil},
		{"default on a bulletin page: open, left open", "/mapa", nil,
			[]string{`<details class="bk-tools" open>`, `href="/mapa" aria-current="page"`}, nil},
		{"low vision folds them", "/p/" + idStatut.String(), []func(*http.Request){lowVision},
			[]string{`<details class="bk-tools">`, summary, `class="bk-settings"`, `id="bk-search-q"`}, []string{"bk-tools\" open"}},
		{"low vision: open on a screen the links name", "/mapa", []func(*http.Request){lowVision},
			[]string{`<details class="bk-tools" open>`, `href="/mapa" aria-current="page"`}, nil},
		{"low vision: open after a settings change", "/ustawienia/ustaw?text=150&wroc=/", []func(*http.Request){lowVision},
			[]string{`<details class="bk-tools" open>`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.path, tt.mod...)
			body := rec.Body.String()
			if rec.Code != 200 || !strings.Contains(body, "<html") {
				t.Fatalf("%s: got status %d", tt.path, rec.Code)
			}
			checkContains(t, tt.path, body, tt.want, tt.not)
		})
	}
}
