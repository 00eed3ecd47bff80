package bundle

import (
	"runtime"
	"sync"
)

// batchSize is how many entries are prepared at once: enough to keep every
// core busy, few enough that a batch of large nodes stays small in memory.
const batchSize = 256

// forEach calls fn(i) for every i in [lo, hi) on all cores and returns the
// error of the lowest i that failed, so the result does not depend on timing.
func forEach(lo, hi int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), hi-lo)
	if workers <= 1 {
		for i := lo; i < hi; i++ {
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, hi-lo)
	var next sync.Mutex
	cur := lo
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				i := cur
				cur++
				next.Unlock()
				if i >= hi {
					return
				}
				errs[i-lo] = fn(i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
