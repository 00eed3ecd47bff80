package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestLowVisionFoldsBulletinLinks checks that the low-vision version folds
// the bulletin links into a disclosure, so the page's own content starts
// higher, open on one of the screens it links; other versions list them.
func TestLowVisionFoldsBulletinLinks(t *testing.T) {
	h := newTestHandler(t, Deps{})
	lowVision := withCookie(&http.Cookie{Name: cookieName, Value: DefaultSettings().withLowVision(true).Encode()})
	tests := []struct {
		name, path string
		mod        []func(*http.Request)
		want, not  []string
	}{
		{"default lists them", "/", nil, []string{`<ul class="bk-topnav__list">`}, []string{"bk-topnav__more"}},
		{"low vision folds them", "/", []func(*http.Request){lowVision},
			[]string{`<details class="bk-topnav__more">`, `<summary class="bk-topnav__summary">Strony biuletynu`}, nil},
		{"open on a screen it links", "/mapa", []func(*http.Request){lowVision},
			[]string{`<details class="bk-topnav__more" open>`, `href="/mapa" aria-current="page"`}, nil},
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
