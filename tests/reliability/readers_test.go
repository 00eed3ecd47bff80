package reliability

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

// readerPaths are the pages the readers ask for: the sample articles and the
// screens that list the whole bulletin.
func readerPaths() []string {
	paths := []string{"/", "/mapa", "/rejestr", "/pliki"}
	for _, id := range fx.sample {
		paths = append(paths, "/p/"+id.String())
	}
	return paths
}

// renderAll fetches every path once from a fresh handler over st.
func renderAll(t *testing.T, st *store.Store, paths []string) map[string][32]byte {
	t.Helper()
	h, err := web.NewHandler(web.Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	out := map[string][32]byte{}
	for _, p := range paths {
		status, sum, err := fetch(srv.Client(), srv.URL+p)
		if err != nil || status != http.StatusOK {
			t.Fatalf("GET %s: %d, %v", p, status, err)
		}
		out[p] = sum
	}
	return out
}

func fetch(c *http.Client, url string) (int, [32]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, [32]byte{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, sha256.Sum256(body), err
}

// TestReadersDuringImportSeeOneGeneration hammers the HTTP handler while v2
// imports over v1: every response must be 200 and byte for byte the page of
// v1 or of v2, never a mix and never an error.
func TestReadersDuringImportSeeOneGeneration(t *testing.T) {
	st, _ := openV1Copy(t)
	paths := readerPaths()
	v1 := renderAll(t, st, paths)

	h, err := web.NewHandler(web.Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	defer srv.Close()
	type seen struct {
		path   string
		status int
		sum    [32]byte
		err    error
	}
	var (
		mu        sync.Mutex
		responses []seen
		stop      atomic.Bool
		wg        sync.WaitGroup
	)
	readers := 8
	for r := range readers {
		wg.Go(func() {
			for i := r; !stop.Load(); i++ {
				p := paths[i%len(paths)]
				status, sum, err := fetch(srv.Client(), srv.URL+p)
				mu.Lock()
				responses = append(responses, seen{p, status, sum, err})
				mu.Unlock()
			}
		})
	}
	start := time.Now()
	_, err = importBundle(context.Background(), st, fx.v2, nil)
	took := time.Since(start)
	time.Sleep(200 * time.Millisecond) // a few reads of v2 too
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("import during reads: %v", err)
	}
	v2 := renderAll(t, st, paths)

	var fromV1, fromV2, bad int
	for _, r := range responses {
		switch {
		case r.err != nil || r.status != http.StatusOK:
			bad++
			if bad <= 5 {
				t.Errorf("GET %s: status %d, err %v; want 200", r.path, r.status, r.err)
			}
		case r.sum == v1[r.path]:
			fromV1++
		case r.sum == v2[r.path]:
			fromV2++
		default:
			bad++
			if bad <= 5 {
				t.Errorf("GET %s: the page is neither v1's nor v2's", r.path)
			}
		}
	}
	if fromV1 == 0 || fromV2 == 0 {
		t.Errorf("got %d responses from v1 and %d from v2; want both, or the test did not overlap the import", fromV1, fromV2)
	}
	rep.set("readers", fmt.Sprintf("## Concurrent readers during import\n\n"+
		"%d readers ask the one `http.Handler` (over an httptest server on 127.0.0.1) for %d pages in turn (%d sample\n"+
		"articles, home, site map, change register, downloads) while v2 imports over v1 in the same process (%s).\n"+
		"Each response is compared byte for byte with that page rendered from v1 before and from v2 after.\n\n"+
		"**Responses checked: %d; from v1: %d; from v2: %d; errors, non-200 or mixed: %d.**\n",
		readers, len(paths), len(fx.sample), ms(took), len(responses), fromV1, fromV2, bad))
}
