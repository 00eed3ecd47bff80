package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
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

// importTimed imports src into a new store and returns the store and the
// time the import took.
func importTimed(b *testing.B, src store.Source, ixs ...store.Indexer) (*store.Store, time.Duration) {
	b.Helper()
	st := storetest.Open(b, store.Options{})
	start := time.Now()
	storetest.Import(b, st, src, store.ImportOptions{Indexers: ixs})
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
			src := storetest.Synth(synth.Options{Articles: n, Seed: 1, AttachmentsEvery: 10})
			_, plain := importTimed(b, src)
			st, indexed := importTimed(b, src, NewIndexer(nil))
			size := indexBytes(b, st)
			s := NewSearcher()
			start := time.Now()
			var first time.Duration
			var lat []time.Duration
			err := st.Read(func(rd *store.Reader) error {
				if _, err := s.Search(context.Background(), rd, benchQueries[0]); err != nil {
					return err
				}
				first = time.Since(start)
				for b.Loop() {
					for _, q := range benchQueries {
						t0 := time.Now()
						if _, err := s.Search(context.Background(), rd, q); err != nil {
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

// hostileQueries are queries meant to burn the CPU: before the bounds, the
// first kept a core busy for 20 s.
func hostileQueries() map[string]Query {
	var distinct, common []string
	for i := range 80_000 {
		distinct = append(distinct, fmt.Sprintf("urzad%d", i))
	}
	for _, q := range benchQueries[:12] {
		common = append(common, q.Text)
	}
	return map[string]Query{
		"80000-distinct-words": {Text: strings.Join(distinct, " ")},
		"1MB-one-word":         {Text: strings.Repeat("uchwala", 1<<20/7)},
		"32-common-words":      {Text: strings.Join(common, " ")},
		"257-times-one-word":   {Text: strings.Repeat("uchwala ", 257)},
	}
}

// BenchmarkHostileQuery runs hostileQueries against a synthetic bulletin of
// 10 000 articles; work/op is the postings read and dictionary probes made.
//
//	go test -run '^$' -bench BenchmarkHostileQuery ./internal/search/
func BenchmarkHostileQuery(b *testing.B) {
	st := openIndexed(b, storetest.Synth(synth.Options{Articles: 10_000, Seed: 1, AttachmentsEvery: 10}))
	s := NewSearcher()
	for name, q := range hostileQueries() {
		b.Run(name, func(b *testing.B) {
			var res Results
			err := st.Read(func(rd *store.Reader) (err error) {
				for b.Loop() {
					if res, err = s.Search(context.Background(), rd, q); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.work), "work/op")
		})
	}
}
