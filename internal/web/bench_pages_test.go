package web

import (
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/speech"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
	"bipkiosk/internal/synth"
)

// pagesArticles is the size of the benchmark bulletin the page-weight issue
// quotes: what `bipkiosk bundle generate --articles 10000` writes (seed 1,
// no attachments), the bulletin scripts/bench builds.
const pagesArticles = 10_000

// pagesSample is how many articles BenchmarkArticlePages renders for its
// median: enough that the median of a 10 000-article bulletin is stable.
const pagesSample = 400

// pagesBulletin is the 10 000-article store and its articles in a fixed
// random order, built once per test binary.
type pagesBulletin struct {
	dir      string
	st       *store.Store
	articles []uuid.UUID
	err      error
}

var (
	pagesOnce sync.Once
	pagesBig  pagesBulletin
)

// pagesStore returns the shared 10 000-article store, skipping under -short.
func pagesStore(tb testing.TB) *pagesBulletin {
	tb.Helper()
	if testing.Short() {
		tb.Skip("builds a 10 000-article store; skipped under -short")
	}
	pagesOnce.Do(func() { pagesBig = buildPages() })
	if pagesBig.err != nil {
		tb.Fatal(pagesBig.err)
	}
	return &pagesBig
}

func buildPages() pagesBulletin {
	var b pagesBulletin
	src := storetest.Synth(synth.Options{Articles: pagesArticles, Seed: 1})
	for _, n := range src.Nodes {
		if n.Kind == content.KindArticle {
			b.articles = append(b.articles, n.ID)
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(b.articles), func(i, j int) {
		b.articles[i], b.articles[j] = b.articles[j], b.articles[i]
	})
	if b.dir, b.err = os.MkdirTemp("", "bipkiosk-web-pages-"); b.err != nil {
		return b
	}
	if b.st, b.err = store.Open(b.dir, store.Options{}); b.err != nil {
		return b
	}
	_, b.err = b.st.Import(context.Background(), src, store.ImportOptions{})
	return b
}

// cleanupPages closes and removes the shared 10 000-article store.
func cleanupPages() {
	if pagesBig.st != nil {
		pagesBig.st.Close()
	}
	if pagesBig.dir != "" {
		os.RemoveAll(pagesBig.dir)
	}
}

// BenchmarkArticlePages renders articles of the 10 000-article benchmark
// bulletin with the page cache off and reports the median and 90th
// percentile page size over pagesSample of them: the page weight the issue
// sets an aim for (median at most 12 KiB). Its allocs/op are those of an
// article page rendered without the page cache: "node" before the warm-up
// has reached the article (rendered from the node, nothing written),
// "fragment" after it (built from the kept fragment); "fragment-speech"
// the same with a speech engine, when espeak-ng is installed.
func BenchmarkArticlePages(b *testing.B) {
	pb := pagesStore(b)
	h, err := newHandler(Deps{Store: pb.st})
	if err != nil {
		b.Fatal(err)
	}
	h.cache = nil
	sizes := make([]int, 0, pagesSample)
	for _, id := range pb.articles[:pagesSample] {
		rec := get(h.mux, "/p/"+id.String())
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /p/%s: got status %d, want 200", id, rec.Code)
		}
		sizes = append(sizes, rec.Body.Len())
	}
	slices.Sort(sizes)
	loop := func(b *testing.B, h *handler) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			id := pb.articles[i%pagesSample]
			i++
			if rec := get(h.mux, "/p/"+id.String()); rec.Code != http.StatusOK {
				b.Fatalf("GET /p/%s: got status %d, want 200", id, rec.Code)
			}
		}
		b.ReportMetric(float64(sizes[len(sizes)/2]), "median-bytes")
		b.ReportMetric(float64(sizes[len(sizes)*9/10]), "p90-bytes")
	}
	gen, err := pb.st.CurrentNumber()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("node", func(b *testing.B) { loop(b, h) })
	if _, err := h.warmGeneration(context.Background(), gen); err != nil {
		b.Fatal(err)
	}
	b.Run("fragment", func(b *testing.B) { loop(b, h) })
	// With a speech engine, as `bipkiosk serve` runs where espeak-ng is
	// installed: the page carries the player and its sentences are marked.
	engine, err := speech.NewEspeak(speech.EspeakOptions{})
	if err != nil {
		return
	}
	spoken, err := newHandler(Deps{Store: pb.st, Speech: speech.NewService(engine, 0)})
	if err != nil {
		b.Fatal(err)
	}
	spoken.cache = nil
	if _, err := spoken.warmGeneration(context.Background(), gen); err != nil {
		b.Fatal(err)
	}
	b.Run("fragment-speech", func(b *testing.B) { loop(b, spoken) })
}

// BenchmarkFragmentWarmup is the warm-up of the whole 10 000-article
// generation, one op each (give it -benchtime 2x), with its nodes/s.
func BenchmarkFragmentWarmup(b *testing.B) {
	pb := pagesStore(b)
	gen, err := pb.st.CurrentNumber()
	if err != nil {
		b.Fatal(err)
	}
	nodes := 0
	for b.Loop() {
		w, err := newHandler(Deps{Store: pb.st})
		if err != nil {
			b.Fatal(err)
		}
		// Each op keeps its fragments under a name of its own, as a new
		// build would, so every op warms the whole generation.
		w.fragBuild += "-bench" + strconv.Itoa(pagesWarmups)
		pagesWarmups++
		if nodes, err = w.warmGeneration(context.Background(), gen); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(nodes)*float64(b.N)/b.Elapsed().Seconds(), "nodes/s")
}

// pagesWarmups counts the warm-ups BenchmarkFragmentWarmup has run,
// so that each keeps its fragments under a new name.
var pagesWarmups int
