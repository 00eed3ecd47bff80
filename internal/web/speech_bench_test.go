package web

import (
	"net/http"
	"net/url"
	"os"
	"strconv"
	"testing"

	"bipkiosk/internal/speech"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// BenchmarkFirstSound is pressing play: the request for sentence N of the
// article the visitor has open, through the handler, with espeak-ng and an
// empty audio cache (each run asks at a speed not asked before, so the
// cache never answers). "title" is sentence 0, what play asks first;
// "sentence" a body sentence of 48 characters; "warm" the title again at
// one speed, from the cache: the handler's own part.
func BenchmarkFirstSound(b *testing.B) {
	engine, err := speech.NewEspeak(speech.EspeakOptions{})
	if err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatalf("espeak-ng is required in CI: %v", err)
		}
		b.Skipf("espeak-ng is not installed: %v", err)
	}
	h := newTestHandlerB(b, Deps{Speech: speech.NewService(engine, 0)})
	page := nodePath(idStatut)
	if rec := get(h, page); rec.Code != http.StatusOK { // the visitor's page, marked
		b.Fatalf("page: %d", rec.Code)
	}
	speed := 75 // hundredths; every run a new one, so a cold cache
	for _, n := range []string{"0", "1"} {
		name := map[string]string{"0": "title", "1": "sentence"}[n]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				speed = 75 + (speed-74)%126 // 0.75× to 2.00×
				target := readPath + "/1/" + n + "?s=" + url.QueryEscape(page) + "&speed=" + strconv.FormatFloat(float64(speed)/100, 'f', 2, 64)
				if rec := get(h, target); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
				}
			}
		})
	}
	b.Run("warm", func(b *testing.B) {
		target := readPath + "/1/0?s=" + url.QueryEscape(page)
		for b.Loop() {
			if rec := get(h, target); rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
			}
		}
	})
}

func newTestHandlerB(b *testing.B, deps Deps) http.Handler {
	b.Helper()
	deps.Store = storetest.Open(b, store.Options{})
	storetest.Import(b, deps.Store, testBulletin(), store.ImportOptions{})
	h, err := NewHandler(deps)
	if err != nil {
		b.Fatal(err)
	}
	return h
}
