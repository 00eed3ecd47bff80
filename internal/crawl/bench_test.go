package crawl

import (
	"testing"
)

// BenchmarkCrawl crawls a local site of 201 pages on the real clock: with
// the default politeness (2 at a time, 4 a second) and unpaced, which
// measures the crawler's own cost (journal fsyncs, hashing, link parsing).
func BenchmarkCrawl(b *testing.B) {
	for _, bc := range []struct {
		name      string
		perSecond float64
		parallel  int
	}{{"default", 0, 0}, {"unpaced", 1e6, 2}} {
		b.Run(bc.name, func(b *testing.B) {
			s := newSite(b, wideSite(200))
			pages := 0
			for b.Loop() {
				res, err := Run(b.Context(), Options{Start: s.srv.URL + "/", Dir: b.TempDir(),
					PerSecond: bc.perSecond, Parallel: bc.parallel, Version: "bench"})
				if err != nil {
					b.Fatal(err)
				}
				pages += res.Report.Pages
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
