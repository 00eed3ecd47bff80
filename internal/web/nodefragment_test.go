package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"bipkiosk/internal/store"
)

// TestNodeFragment checks that a node page built from the fragment the
// warm-up kept in the generation is the page rendered from the node, in
// every language and display frame, and that the fragment is what later
// visits read.
func TestNodeFragment(t *testing.T) {
	st := openStore(t)
	paths := []string{"/p/" + idStatut.String(), "/p/" + idDane.String(), "/p/" + idJednostki.String(), "/p/" + idMops.String()}
	cookies := []string{"", "lang=en", "lang=uk&text=200&theme=yellow-black", "lowvision=1"}
	for _, deps := range []Deps{{Store: st}, {Store: st, Shell: ShellDesktop}, {Store: st, Kiosk: true}} {
		for _, c := range cookies {
			for _, p := range paths {
				mod := withCookie(&http.Cookie{Name: cookieName, Value: c})
				// Each visit through a new handler, so no page or menu cache helps.
				first, err := newHandler(deps)
				if err != nil {
					t.Fatal(err)
				}
				from := get(first.mux, p, mod)
				again, _ := newHandler(deps)
				gen, _ := st.CurrentNumber()
				if _, err := again.warmGeneration(context.Background(), gen); err != nil {
					t.Fatal(err)
				}
				kept := get(again.mux, p, mod)
				if from.Code != http.StatusOK || kept.Body.String() != from.Body.String() {
					t.Fatalf("%s shell %q kiosk %v, settings %q: the page from the kept fragment differs from the page rendered from the node:\n%s\n----\n%s",
						p, deps.Shell, deps.Kiosk, c, kept.Body.String(), from.Body.String())
				}
			}
		}
	}
	// A later visit reads the fragment, not the node: a fragment put in its
	// place is what the page shows.
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	gen, err := st.CurrentNumber()
	if err != nil {
		t.Fatal(err)
	}
	var name string
	st.Read(func(rd *store.Reader) error {
		lay, err := h.newLayout(rd, httptest.NewRequest(http.MethodGet, "/", nil), DefaultSettings())
		name = h.fragmentName(lay)
		return err
	})
	f := nodeFragment{Changes: 7, Body: "<p>kept-body-marker</p>", Tail: "<p>kept-tail-marker</p>"}
	done := make(chan error, 1)
	if err := st.PutFragment(gen, idStatut, name, f.encode(), func(err error) { done <- err }); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	body := get(h.mux, "/p/"+idStatut.String()).Body.String()
	for _, want := range []string{"kept-body-marker", "kept-tail-marker", "(7 zmian)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not show the kept fragment: lacks %q", want)
		}
	}
	// The print version is always rendered from the node.
	if print := get(h.mux, "/p/"+idStatut.String()+"/druk").Body.String(); strings.Contains(print, "kept-body-marker") {
		t.Error("the print version shows the node page's fragment")
	}
}

// TestDecodeFragment checks that kept bytes decode to what was encoded and
// that truncated or inconsistent ones are refused.
func TestDecodeFragment(t *testing.T) {
	for _, f := range []nodeFragment{
		{Changes: 300, Body: "<p>ż</p>", Tail: "<dl></dl>"},
		{Changes: 1, Body: "<p>b</p>", Page: pageSnapshot{html: []byte("<html class=\"\"><body></body>"), cuts: [3]int{13, 21, 21}}},
		{},
	} {
		got, err := decodeFragment(f.encode())
		if err != nil || got.Changes != f.Changes || got.Body != f.Body || got.Tail != f.Tail ||
			!bytes.Equal(got.Page.html, f.Page.html) || got.Page.cuts != f.Page.cuts {
			t.Fatalf("got %+v, %v; want %+v", got, err, f)
		}
	}
	withCuts := func(cuts ...byte) []byte { return append([]byte{0, 0, 0, 4}, append(cuts, "page"...)...) }
	for _, b := range [][]byte{
		nil, {0x80}, {1, 50, 'x'}, {1, 1, 1, 0, 0, 0, 0, 'x'}, // a part longer than what is left
		withCuts(2, 1, 3), // cuts out of order
		withCuts(0, 0, 5), // a cut past the page
		withCuts(0, 0),    // a cut missing
	} {
		if _, err := decodeFragment(b); err == nil {
			t.Errorf("decode %x: got no error, want errFragment", b)
		}
	}
}
