package web

import (
	"net/http"
	"testing"
)

// TestFrameParts checks that pages whose header and footer come from the
// part cache are the pages rendered with the frame rendered in place: in
// every language and display mode, in the web and desktop shells and a
// kiosk, for paths the marker stands for and paths it cannot.
func TestFrameParts(t *testing.T) {
	st := openStore(t)
	paths := []string{
		"/p/" + idStatut.String(), "/p/" + idJednostki.String() + "?strona=1", "/", "/mapa",
		"/menu?p=" + idStatut.String(), "/szukaj?q=statut", "/p/" + idStatut.String() + "/zmiany",
		"/p/" + idStatut.String() + "?x=a%20b+c&y=%22%3C", "/nie-ma",
	}
	cookies := []string{"", "lang=en", "lang=uk&text=200&theme=yellow-black", "lowvision=1", "lang=en&lowvision=1&theme=black-yellow"}
	for _, deps := range []Deps{{Store: st}, {Store: st, Shell: ShellDesktop}, {Store: st, Kiosk: true}} {
		cached, err := newHandler(deps)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := newHandler(deps)
		if err != nil {
			t.Fatal(err)
		}
		cached.cache, plain.cache, plain.parts = nil, nil, nil
		for range 2 { // the second round takes every part from the cache
			for _, c := range cookies {
				for _, p := range paths {
					mod := withCookie(&http.Cookie{Name: cookieName, Value: c})
					got, want := get(cached.mux, p, mod), get(plain.mux, p, mod)
					if got.Code != want.Code || got.Body.String() != want.Body.String() {
						t.Fatalf("%s shell %q kiosk %v, settings %q: the page with the cached frame differs from the page rendered in place:\n%s\n----\n%s",
							p, deps.Shell, deps.Kiosk, c, got.Body.String(), want.Body.String())
					}
				}
			}
		}
		if len(cached.parts.parts) == 0 {
			t.Error("no frame part was kept for reuse")
		}
	}
}
