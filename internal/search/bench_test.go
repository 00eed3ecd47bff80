package search

import (
	"context"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/synth"
)

// benchQueries is the query mix of the latency benchmark: the ways citizens
// type, over the synthetic bulletin's vocabulary: common and rare words,
// several words, no diacritics, inflected forms, typos, a phrase, filters.
var benchQueries = []Query{
	{Text: "uchwała"},
	{Text: "uchwaly rady miejskiej"},
	{Text: "przetarg nieograniczony"},
	{Text: "zamowienia publiczne"},
	{Text: "budzet gminy"},
	{Text: "podatek od nieruchomosci"},
	{Text: "odpady komunalne"},
	{Text: "nabor na stanowisko inspektora"},
	{Text: "dodatek mieszkaniowy"},
	{Text: "sesja rady"},
	{Text: "zarzadzenie burmistrza w sprawie"},
	{Text: "sprawozdanie finansowe"},
	{Text: "przetrag"},
	{Text: "zagospodarowanei"},
	{Text: "dzialka nr"},
	{Text: `"zagospodarowanie odpadów"`},
	{Text: "ogloszenie", Kind: KindAttachment},
	{Text: "plan", From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	{Text: "miasta zuromin"},
	{Text: "wykaz nieruchomosci", Offset: 10},
	{Text: "zl", Prefix: true},
	{Text: "dotacj", Prefix: true},
}

// synthSource streams a synth bulletin to the store.
type synthSource struct {
	site  content.Site
	nodes []content.Node
	open  func(string) (io.ReadCloser, error)
	blobs []content.Blob
}

func newSynthSource(n int) *synthSource {
	site, nodes, open := synth.Generate(synth.Options{Articles: n, Seed: 1, AttachmentsEvery: 10})
	s := &synthSource{site: site, nodes: nodes, open: open}
	seen := map[string]bool{}
	if site.Logo != nil {
		seen[site.Logo.SHA256] = true
		s.blobs = append(s.blobs, *site.Logo)
	}
	for _, n := range nodes {
		for _, a := range n.Attachments {
			if !seen[a.SHA256] {
				seen[a.SHA256] = true
				s.blobs = append(s.blobs, a.Blob)
			}
		}
	}
	return s
}

func (s *synthSource) Edition() content.Edition {
	return (&bulletin{}).Edition()
}
func (s *synthSource) Site() (content.Site, error) { return s.site, nil }
func (s *synthSource) EachNode(fn func(content.Node) error) error {
	for _, n := range s.nodes {
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}
func (s *synthSource) EachBlob(fn func(string, int64, io.Reader) error) error {
	for _, b := range s.blobs {
		r, err := s.open(b.SHA256)
		if err != nil {
			return err
		}
		err = fn(b.SHA256, b.Size, r)
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// importTimed imports src into a new store in dir and returns the store and
// the time the import took.
func importTimed(b *testing.B, dir string, src store.Source, ixs ...store.Indexer) (*store.Store, time.Duration) {
	b.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	start := time.Now()
	if _, err := st.Import(context.Background(), src, store.ImportOptions{Indexers: ixs}); err != nil {
		b.Fatal(err)
	}
	return st, time.Since(start)
}

// indexBytes sums the keys and values of the index of the current generation.
func indexBytes(b *testing.B, st *store.Store) int64 {
	var n int64
	err := st.Read(func(rd *store.Reader) error {
		return rd.Extension(ExtensionName).Each(nil, func(k, v []byte) error {
			n += int64(len(k) + len(v))
			return nil
		})
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkSearch imports a synthetic bulletin with and without the index,
// then runs benchQueries. It reports the import time with and without the
// index, the index's size, the first query of a generation (which loads the
// doc table and dictionary), and query latency percentiles.
//
//	go test -run '^$' -bench BenchmarkSearch -benchtime 20x ./internal/search/
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			if n > 10_000 && testing.Short() {
				b.Skip("100 000 articles take minutes")
			}
			src := newSynthSource(n)
			_, plain := importTimed(b, b.TempDir(), src)
			st, indexed := importTimed(b, b.TempDir(), src, NewIndexer(nil))
			size := indexBytes(b, st)
			s := NewSearcher()
			start := time.Now()
			var first time.Duration
			var lat []time.Duration
			err := st.Read(func(rd *store.Reader) error {
				if _, err := s.Search(rd, benchQueries[0]); err != nil {
					return err
				}
				first = time.Since(start)
				for b.Loop() {
					for _, q := range benchQueries {
						t0 := time.Now()
						if _, err := s.Search(rd, q); err != nil {
							return err
						}
						lat = append(lat, time.Since(t0))
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			b.ReportMetric(float64(first.Microseconds())/1000, "first-query-ms")
			b.ReportMetric(plain.Seconds(), "import-s")
			b.ReportMetric(indexed.Seconds(), "import-indexed-s")
			b.ReportMetric(100*(indexed.Seconds()-plain.Seconds())/plain.Seconds(), "index-overhead-%")
			b.ReportMetric(float64(size)/(1<<20), "index-MiB")
			b.ReportMetric(0, "ns/op") // per-query figures above; the loop's total means nothing
		})
	}
}
