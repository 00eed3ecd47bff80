package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/printing"
	"bipkiosk/internal/speech"
	"bipkiosk/internal/store"
)

// TestPageSnapshot checks that a node page answered from the snapshot the
// warm-up kept is the page rendered in place, byte for byte: for every node
// of the test bulletin, in every display mode of the default language and in
// the others (which have no snapshot), in the web and desktop shells, a
// kiosk, with the read-aloud player's sentences marked, and with direct
// printing (which never uses one); and that the default language's pages
// are indeed answered from it.
func TestPageSnapshot(t *testing.T) {
	st := openStore(t)
	gen, err := st.CurrentNumber()
	if err != nil {
		t.Fatal(err)
	}
	ids := testBulletinNodes(t, st)
	cookies := []string{"", "text=200", "theme=yellow-black", "lowvision=1", "lowvision=1&text=300&theme=black-yellow", "lang=en", "lang=uk&theme=yellow-black"}
	voice := speech.NewService(&fakeVoice{}, 0)
	printer := printing.Mode{Kind: printing.Printer, Printer: "Biuro_1"}
	for _, tc := range []struct {
		name string
		deps Deps
		used bool // default-language pages come from the snapshot
	}{
		{"web", Deps{Store: st}, true},
		{"desktop", Deps{Store: st, Shell: ShellDesktop}, true},
		{"kiosk", Deps{Store: st, Kiosk: true}, true},
		{"web with speech", Deps{Store: st, Speech: voice}, true},
		{"kiosk with speech", Deps{Store: st, Kiosk: true, Speech: voice}, true},
		{"kiosk with a printer", Deps{Store: st, Kiosk: true, Print: printer}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			warm, err := newHandler(tc.deps)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := warm.warmGeneration(context.Background(), gen); err != nil {
				t.Fatal(err)
			}
			plain, err := newHandler(tc.deps)
			if err != nil {
				t.Fatal(err)
			}
			plain.fragBuild += "-plain" // finds no fragment: renders every page from its node
			warm.cache, plain.cache, plain.parts = nil, nil, nil
			for _, id := range ids {
				for _, c := range cookies {
					mod := withCookie(&http.Cookie{Name: cookieName, Value: c})
					p := nodePath(id)
					got, want := get(warm.mux, p, mod), get(plain.mux, p, mod)
					if got.Code != want.Code || printCodes(got.Body.String()) != printCodes(want.Body.String()) {
						t.Fatalf("%s, settings %q: the page from the snapshot differs from the page rendered in place:\n%s\n----\n%s",
							p, c, got.Body.String(), want.Body.String())
					}
					if cl := got.Header().Get("Content-Length"); cl != strconv.Itoa(got.Body.Len()) {
						t.Errorf("%s, settings %q: Content-Length %q for a page of %d bytes", p, c, cl, got.Body.Len())
					}
					if got.Header().Get("ETag") != want.Header().Get("ETag") {
						t.Errorf("%s, settings %q: ETag %q, want %q", p, c, got.Header().Get("ETag"), want.Header().Get("ETag"))
					}
					r := httptest.NewRequest(http.MethodGet, p, nil)
					mod(r)
					polish := warm.settingsFor(r).Lang == DefaultSettings().Lang
					if used := snapshotAnswers(t, warm, p, mod); used != (tc.used && polish) {
						t.Errorf("%s, settings %q: answered from the snapshot %v, want %v", p, c, used, tc.used && polish)
					}
				}
			}
		})
	}
}

// TestSnapshotNotForOtherAddresses checks that only the node's own address
// is answered from its snapshot: another page of its children, an address
// spelled otherwise, a render for its sentences and the answer to a
// settings change are rendered.
func TestSnapshotNotForOtherAddresses(t *testing.T) {
	st := openStore(t)
	gen, _ := st.CurrentNumber()
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.warmGeneration(context.Background(), gen); err != nil {
		t.Fatal(err)
	}
	own := nodePath(idJednostki)
	if !snapshotAnswers(t, h, own) {
		t.Fatalf("%s: not answered from its snapshot", own)
	}
	upper := "/p/" + strings.ToUpper(idJednostki.String())
	for _, tc := range []struct {
		target string
		mod    []func(*http.Request)
	}{
		{own + "?strona=1", nil},
		{own + "?x=1", nil},
		{upper, nil},
		{own, []func(*http.Request){func(r *http.Request) { *r = *r.WithContext(context.WithValue(r.Context(), captureKey{}, true)) }}},
		{own, []func(*http.Request){func(r *http.Request) { *r = *r.WithContext(withSettings(r.Context(), DefaultSettings())) }}},
	} {
		if snapshotAnswers(t, h, tc.target, tc.mod...) {
			t.Errorf("%s: answered from the snapshot", tc.target)
		}
	}
}

// TestSnapshotHoles checks that cutting the holes out of a page finds each
// once and in order, and refuses a page where one is missing or repeated.
func TestSnapshotHoles(t *testing.T) {
	page := `<html class="` + classHole + `"><body>` + headerHole + `<main>x</main>` + footerHole + `</body></html>`
	s, err := cutHoles([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if want := `<html class=""><body><main>x</main></body></html>`; string(s.html) != want {
		t.Errorf("cut page %q, want %q", s.html, want)
	}
	if want := [3]int{13, 21, 35}; s.cuts != want {
		t.Errorf("cuts %v, want %v", s.cuts, want)
	}
	for _, bad := range []string{
		strings.Replace(page, headerHole, "", 1),
		strings.Replace(page, footerHole, footerHole+footerHole, 1),
		strings.Replace(page, `class="`+classHole+`"`, `class="x"`, 1),
		footerHole + strings.Replace(page, footerHole, "", 1), // out of order
	} {
		if _, err := cutHoles([]byte(bad)); err == nil {
			t.Errorf("cut %q: got no error", bad)
		}
	}
}

// printCodes is page with its print codes (one-time, minted per visit) blanked.
func printCodes(page string) string {
	return printCodeValue.ReplaceAllString(page, `name="c" value=""`)
}

var printCodeValue = regexp.MustCompile(`name="c" value="[^"]*"`)

// snapshotAnswers reports whether h would answer target from a snapshot.
func snapshotAnswers(t *testing.T, h *handler, target string, mod ...func(*http.Request)) bool {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for _, m := range mod {
		m(r)
	}
	id, err := uuid.Parse(strings.TrimPrefix(r.URL.Path, "/p/"))
	if err != nil {
		t.Fatal(err)
	}
	var used bool
	err = h.store.Read(func(rd *store.Reader) error {
		lay, err := h.newLayout(rd, r, h.settingsFor(r))
		if err != nil {
			return err
		}
		used, err = h.writeSnapshot(rd, r, lay, id, pageBuffer())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return used
}

// testBulletinNodes lists every node of the current generation.
func testBulletinNodes(t *testing.T, st *store.Store) []uuid.UUID {
	t.Helper()
	var ids []uuid.UUID
	err := st.Read(func(rd *store.Reader) error {
		var err error
		ids, err = rd.NodesWithoutFragment("none", uuid.Nil, 1000)
		return err
	})
	if err != nil || len(ids) < 5 {
		t.Fatalf("list the test bulletin's nodes: %d, %v", len(ids), err)
	}
	return ids
}
