package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
	"bipkiosk/internal/synth"
)

// benchArticles is the size of the bulletin the benchmarks read: the size the
// reader issue sets its speed aim for.
const benchArticles = 100_000

// bigBulletin is the store every benchmark reads, built once per test binary:
// importing 100 000 articles takes tens of seconds.
type bigBulletin struct {
	dir     string
	st      *store.Store
	article uuid.UUID // an article as deep in the tree as any
	section uuid.UUID // a section with the longest sibling list on its menu path
	err     error
}

// benchDirEnv names a directory where the benchmark store is kept between
// runs, so profiling runs need not import it again each time.
const benchDirEnv = "BIPKIOSK_BENCH_STORE"

var (
	bigOnce sync.Once
	big     bigBulletin
)

// TestMain removes the shared benchmark store after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	cleanupPages()
	if big.st != nil {
		big.st.Close()
	}
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// bigStore returns the shared 100 000-article store, skipping under -short.
func bigStore(tb testing.TB) *bigBulletin {
	tb.Helper()
	if testing.Short() {
		tb.Skip("builds a 100 000-article store; skipped under -short")
	}
	bigOnce.Do(func() { big = buildBig(benchArticles) })
	if big.err != nil {
		tb.Fatal(big.err)
	}
	return &big
}

func buildBig(articles int) bigBulletin {
	var b bigBulletin
	start := time.Now()
	src := storetest.Synth(synth.Options{Articles: articles, Seed: 7, AttachmentsEvery: 10, AttachmentBytes: 2 << 10})
	b.article, b.section = pickTargets(src.Nodes)
	dir := os.Getenv(benchDirEnv)
	if dir == "" {
		if b.dir, b.err = os.MkdirTemp("", "bipkiosk-web-bench-"); b.err != nil {
			return b
		}
		dir = b.dir
	}
	if b.st, b.err = store.Open(dir, store.Options{}); b.err != nil {
		return b
	}
	if _, err := b.st.Current(); err == nil {
		return b // kept from an earlier run: the generator is deterministic
	}
	if _, b.err = b.st.Import(context.Background(), src, store.ImportOptions{}); b.err != nil {
		return b
	}
	fmt.Fprintf(os.Stderr, "bench store: %d nodes imported in %s\n", len(src.Nodes), time.Since(start).Round(time.Second))
	return b
}

// pickTargets finds the deepest article, and the section whose path through
// the menu opens the most entries (its ancestors' children and its own).
func pickTargets(nodes []content.Node) (article, section uuid.UUID) {
	parent := map[uuid.UUID]uuid.UUID{}
	kids := map[uuid.UUID]int{}
	for _, n := range nodes {
		parent[n.ID] = n.Parent
		kids[n.Parent]++
	}
	depth := func(id uuid.UUID) (d, open int) {
		for p := id; p != uuid.Nil; p = parent[p] {
			d++
			open += kids[p]
		}
		return d, open
	}
	bestDepth, bestOpen := -1, -1
	for _, n := range nodes {
		d, o := depth(n.ID)
		if n.Kind == content.KindArticle && d > bestDepth {
			article, bestDepth = n.ID, d
		}
		if n.Kind == content.KindSection && o > bestOpen {
			section, bestOpen = n.ID, o
		}
	}
	return article, section
}

// benchHandler builds the handler over the shared store; cached false turns
// the page cache off, to measure a page rendered from the store each time.
func benchHandler(b *testing.B, cached bool) (http.Handler, *bigBulletin) {
	bb := bigStore(b)
	h, err := newHandler(Deps{Store: bb.st})
	if err != nil {
		b.Fatal(err)
	}
	if !cached {
		h.cache = nil
	}
	return h.mux, bb
}

// benchGet measures GET target through the handler, checking every answer.
func benchGet(b *testing.B, h http.Handler, target string, want int, mod ...func(*http.Request)) {
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		rec := get(h, target, mod...)
		if rec.Code != want {
			b.Fatalf("GET %s: got status %d, want %d", target, rec.Code, want)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

// benchPage runs a page's benchmark rendered each time and from the cache.
func benchPage(b *testing.B, target func(*bigBulletin) string) {
	for _, c := range []struct {
		name   string
		cached bool
	}{{"rendered", false}, {"cached", true}} {
		b.Run(c.name, func(b *testing.B) {
			h, bb := benchHandler(b, c.cached)
			benchGet(b, h, target(bb), http.StatusOK)
		})
	}
}

func BenchmarkArticle(b *testing.B) {
	benchPage(b, func(bb *bigBulletin) string { return "/p/" + bb.article.String() })
}

func BenchmarkMenu(b *testing.B) {
	benchPage(b, func(bb *bigBulletin) string { return "/p/" + bb.section.String() })
}

func BenchmarkHome(b *testing.B) {
	benchPage(b, func(*bigBulletin) string { return "/" })
}

func BenchmarkSiteMap(b *testing.B) {
	benchPage(b, func(*bigBulletin) string { return "/mapa" })
}

func BenchmarkConditional(b *testing.B) {
	h, bb := benchHandler(b, true)
	target := "/p/" + bb.article.String()
	etag := get(h, target).Header().Get("ETag")
	if etag == "" {
		b.Fatal("no ETag on the article page")
	}
	benchGet(b, h, target, http.StatusNotModified, func(r *http.Request) { r.Header.Set("If-None-Match", etag) })
}

// latencyClients and latencyRequests bound the concurrent load run.
const (
	latencyClients  = 16
	latencyRequests = 20_000
	latencyTimeout  = 20 * time.Second
)

// BenchmarkLatency serves the article page over real HTTP on 127.0.0.1 to 16
// concurrent clients and reports the latency percentiles seen by the clients.
// It runs one bounded round whatever b.N is.
func BenchmarkLatency(b *testing.B) {
	for _, c := range []struct {
		name   string
		cached bool
	}{{"rendered", false}, {"cached", true}} {
		b.Run(c.name, func(b *testing.B) { benchLatency(b, c.cached) })
	}
}

func benchLatency(b *testing.B, cached bool) {
	h, bb := benchHandler(b, cached)
	srv := httptest.NewServer(h)
	defer srv.Close()
	for range b.N {
		lat, err := loadRun(srv.URL+"/p/"+bb.article.String(), latencyClients, latencyRequests, latencyTimeout)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range []struct {
			name string
			q    float64
		}{{"p50-µs", 0.50}, {"p95-µs", 0.95}, {"p99-µs", 0.99}} {
			b.ReportMetric(float64(percentile(lat, p.q).Microseconds()), p.name)
		}
		b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "req/s")
	}
}

// loadRun sends up to total GETs of url from clients goroutines, stopping
// early after timeout, and returns each request's latency, sorted.
func loadRun(url string, clients, total int, timeout time.Duration) ([]time.Duration, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	deadline := time.Now().Add(timeout)
	next := make(chan struct{}, total)
	for range total {
		next <- struct{}{}
	}
	close(next)
	var (
		mu      sync.Mutex
		lat     = make([]time.Duration, 0, total)
		firstEr error
		wg      sync.WaitGroup
	)
	for range clients {
		wg.Go(func() {
			mine := make([]time.Duration, 0, total/clients+1)
			defer func() {
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
			for range next {
				if time.Now().After(deadline) {
					return
				}
				t0 := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: got status %d, want 200", url, resp.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					firstEr = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t0))
			}
		})
	}
	wg.Wait()
	slices.Sort(lat)
	return lat, firstEr
}

// percentile returns the q-quantile of sorted latencies (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
