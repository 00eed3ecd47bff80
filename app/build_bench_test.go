package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"bipkiosk/internal/synth"
)

// BenchmarkBuild runs "bipkiosk bundle build" in process on generated source
// trees: read and render every page, sign, write the zip. Writing the tree
// and the key is setup. Peak memory is a whole-process figure: scripts/bench.
func BenchmarkBuild(b *testing.B) {
	for _, articles := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("articles=%d", articles), func(b *testing.B) {
			dir := b.TempDir()
			tree, keys := filepath.Join(dir, "tree"), filepath.Join(dir, "keys")
			if err := synth.WriteTree(tree, synth.Options{Articles: articles, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			if code := Main([]string{"keygen", "--out", filepath.Join(dir, "key"), "--publisher", "Gmina Benchmarkowa", "--data", keys}, io.Discard, io.Discard); code != 0 {
				b.Fatalf("keygen: exit %d", code)
			}
			out := filepath.Join(dir, "bip.zip")
			b.ResetTimer()
			for b.Loop() {
				args := []string{"bundle", "build", "--from", tree, "--key", filepath.Join(dir, "key.key"), "--sequence", "1", "--out", out, "--data", keys}
				if code := Main(args, io.Discard, io.Discard); code != 0 {
					b.Fatalf("bundle build: exit %d", code)
				}
			}
			b.ReportMetric(float64(articles)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			if fi, err := os.Stat(out); err == nil {
				b.ReportMetric(float64(fi.Size())/(1<<20), "bundle_MiB")
			}
		})
	}
}
