package app

import (
	"context"
	"fmt"
	"testing"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/bundletest"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/synth"
)

// BenchmarkImport imports generated bulletins into a fresh store: the whole
// path a kiosk takes for an update (open and verify the bundle, stream every
// node and file into a new generation, flip). Building the bundle is setup.
func BenchmarkImport(b *testing.B) {
	for _, articles := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("articles=%d", articles), func(b *testing.B) {
			path, key := writeSynthBundle(b, articles)
			trust := bundle.TrustKeys(key.Public())
			var storeBytes int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				st, err := store.Open(dir, store.Options{})
				if err != nil {
					b.Fatal(err)
				}
				bd, err := bundle.Open(path, bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := st.Import(context.Background(), bd, store.ImportOptions{Indexers: []store.Indexer{search.NewIndexer(nil)}}); err != nil {
					b.Fatal(err)
				}
				bd.Close()
				if err := st.Close(); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				storeBytes = diskUsage(b, dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(articles)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(storeBytes)/(1<<20), "store_MiB")
		})
	}
}

// writeSynthBundle writes a signed bundle of a generated bulletin once per size.
func writeSynthBundle(b *testing.B, articles int) (string, bundle.PrivateKey) {
	b.Helper()
	key := bundletest.Key("Gmina Benchmarkowa")
	path := bundletest.File(b, bundletest.Synth(synth.Options{Articles: articles, Seed: 1}), bundle.WriteOptions{Key: key, Sequence: 1})
	return path, key
}

// diskUsage is the store's size on disk, failing the benchmark when it cannot be read.
func diskUsage(b *testing.B, dir string) int64 {
	n, err := store.DiskUsage(dir)
	if err != nil {
		b.Fatal(err)
	}
	return n
}
