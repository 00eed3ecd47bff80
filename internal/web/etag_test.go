package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

func TestETagMatches(t *testing.T) {
	const tag = `"g3-abc-0f0f"`
	tests := []struct {
		name   string
		header string
		want   bool
	}{
		{name: "absent", header: "", want: false},
		{name: "same tag", header: tag, want: true},
		{name: "weakened by a proxy", header: "W/" + tag, want: true},
		{name: "in a list", header: `"g2-abc-0f0f", ` + tag, want: true},
		{name: "in a list without spaces", header: `"x",W/` + tag + `,"y"`, want: true},
		{name: "other generation", header: `"g2-abc-0f0f"`, want: false},
		{name: "unquoted", header: `g3-abc-0f0f`, want: false},
		{name: "prefix of the tag", header: `"g3-abc-0f0`, want: false},
		{name: "any, not honoured", header: "*", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := etagMatches(tt.header, tag); got != tt.want {
				t.Errorf("etagMatches(%q): got %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

// TestConditional checks revalidation through the handler: what a 304
// carries, and that the tag follows the generation, the settings (language
// among them) and the build.
func TestConditional(t *testing.T) {
	st := openStore(t)
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	path := "/p/" + idStatut.String()
	tag := get(h.mux, path).Header().Get("ETag")
	english := &http.Cookie{Name: cookieName, Value: "lang=en&text=100&theme=default"}
	enTag := get(h.mux, path, withCookie(english)).Header().Get("ETag")
	if tag == "" || enTag == "" || tag == enTag {
		t.Fatalf("got ETags %q (pl) and %q (en), want two different tags", tag, enTag)
	}
	otherBuild := strings.TrimSuffix(tag, h.version+`"`) + "00000000" + `"`
	tests := []struct {
		name   string
		cookie *http.Cookie
		header string
		want   int
	}{
		{name: "same page and settings", header: tag, want: http.StatusNotModified},
		{name: "weak form", header: "W/" + tag, want: http.StatusNotModified},
		{name: "one of several", header: `"old", ` + tag, want: http.StatusNotModified},
		{name: "other language", cookie: english, header: tag, want: http.StatusOK},
		{name: "its own language", cookie: english, header: enTag, want: http.StatusNotModified},
		{name: "other build of templates and assets", header: otherBuild, want: http.StatusOK},
		{name: "any", header: "*", want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h.mux, path, func(r *http.Request) {
				r.Header.Set("If-None-Match", tt.header)
				if tt.cookie != nil {
					r.AddCookie(tt.cookie)
				}
			})
			if rec.Code != tt.want {
				t.Fatalf("got status %d, want %d", rec.Code, tt.want)
			}
			if rec.Header().Get("ETag") == "" {
				t.Error("no ETag")
			}
			if tt.want != http.StatusNotModified {
				return
			}
			if rec.Body.Len() != 0 {
				t.Errorf("304 with a body of %d bytes", rec.Body.Len())
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-cache" {
				t.Errorf("304 Cache-Control: got %q, want no-cache", got)
			}
			if got := rec.Header().Get("Vary"); got != "Cookie" {
				t.Errorf("304 Vary: got %q, want Cookie", got)
			}
		})
	}

	// A new generation changes the tag, and the cached page with it.
	next := testBulletin()
	next.Ed.Sequence++
	for i := range next.Nodes {
		if next.Nodes[i].ID == idStatut {
			next.Nodes[i].Title = "Statut MOPS (tekst jednolity)"
		}
	}
	storetest.Import(t, st, next, store.ImportOptions{})
	rec := get(h.mux, path, func(r *http.Request) { r.Header.Set("If-None-Match", tag) })
	if rec.Code != http.StatusOK || rec.Header().Get("ETag") == tag {
		t.Errorf("after an update: got status %d and ETag %q, want 200 and a new tag", rec.Code, rec.Header().Get("ETag"))
	}
	if !strings.Contains(rec.Body.String(), "Statut MOPS (tekst jednolity)") {
		t.Error("after an update: the page still shows the old title")
	}
}

// TestPageCache checks that a page served from the cache is the page
// rendered, still counts its visit, and that the one response that differs
// at the same URL and ETag (the "saved" notice) is neither kept nor served.
func TestPageCache(t *testing.T) {
	st := openStore(t)
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	path := "/p/" + idStatut.String()
	first, second := get(h.mux, path), get(h.mux, path)
	if first.Body.String() != second.Body.String() || first.Header().Get("ETag") != second.Header().Get("ETag") {
		t.Error("the page served again differs from the page rendered")
	}
	if _, ok := h.cache.get(cacheKey(first.Header().Get("ETag"), httpGet(path))); !ok {
		t.Error("the rendered page was not kept")
	}
	if _, total, err := st.TerminalVisits(0); err != nil || total != 2 {
		t.Errorf("visits: got %d (%v), want 2", total, err)
	}

	saved := do(h.mux, http.MethodPost, "/ustawienia/ustaw?text=150&wroc=/ustawienia")
	if !strings.Contains(saved.Body.String(), "Ustawienia zostały zapisane.") {
		t.Fatal("the settings response does not say the settings were saved")
	}
	cookies := saved.Result().Cookies()
	if len(cookies) == 0 {
		t.Fatal("the settings response sets no cookie")
	}
	for i := range 2 {
		if body := get(h.mux, "/ustawienia", withCookie(cookies[0])).Body.String(); strings.Contains(body, "Ustawienia zostały zapisane.") {
			t.Errorf("visit %d: the settings page says saved without a change", i+1)
		}
	}
}

// httpGet is a GET request for path, for computing cache keys.
func httpGet(path string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, path, nil)
	return r
}

// A restart with other kiosk options changes every page's markup, so old
// ETags must no longer match.
func TestETagChangesWithKioskOptions(t *testing.T) {
	st := openStore(t)
	etag := func(deps Deps) string {
		deps.Store = st
		h, err := NewHandler(deps)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/mapa", nil))
		if rec.Code != 200 || rec.Header().Get("ETag") == "" {
			t.Fatalf("GET /mapa: status %d, ETag %q", rec.Code, rec.Header().Get("ETag"))
		}
		return rec.Header().Get("ETag")
	}
	plain := etag(Deps{})
	kiosk := etag(Deps{Kiosk: true})
	idle := etag(Deps{Kiosk: true, IdleTimeout: 2 * time.Minute})
	if plain == kiosk || kiosk == idle || plain == idle {
		t.Errorf("got ETags %s, %s, %s; want three different ones", plain, kiosk, idle)
	}
	if again := etag(Deps{}); again != plain {
		t.Errorf("same options: got %s, want %s", again, plain)
	}
}
