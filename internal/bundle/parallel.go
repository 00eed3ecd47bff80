package bundle

import (
	"context"

	"bipkiosk/internal/parallel"
)

// batchSize is how many entries are prepared at once: enough to keep every
// core busy, few enough that a batch of large nodes stays small in memory.
const batchSize = 256

// forEach calls fn(i) for every i in [lo, hi) on all cores and returns the
// error of the lowest i that failed, so the result does not depend on timing.
func forEach(lo, hi int, fn func(i int) error) error {
	return parallel.Each(context.Background(), hi-lo, parallel.Options{}, func(_ context.Context, k int) error {
		return fn(lo + k)
	})
}
