package parallel

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Options say how many steps run at once and how far they may run ahead.
type Options struct {
	// Workers is how many steps run at once; 0 means one per core
	// (GOMAXPROCS). Never more than there are steps.
	Workers int
	// Ahead is how many steps may be started or finished beyond the one
	// whose result the caller is using: it bounds the memory of results
	// waiting for a slow caller. 0 means 4 per worker.
	Ahead int
}

// aheadPerWorker is the default of Options.Ahead per worker: enough to ride
// out a slow step or a slow use of a result, few enough that large results
// stay small in memory.
const aheadPerWorker = 4

// Map calls work(ctx, i) for every i in [0, n) on up to Options.Workers
// goroutines, and use(i, result) for every i in order on the caller's
// goroutine; use may be nil. It returns the first error in input order, of
// work for some i or of use, and then starts no more steps; or ctx's error
// once ctx is done. Map returns only after every step it started has ended.
// With one worker (or one step) everything runs on the caller's goroutine.
func Map[T any](ctx context.Context, n int, opts Options, work func(ctx context.Context, i int) (T, error), use func(i int, v T) error) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		return inOrder(ctx, n, work, use)
	}
	ahead := opts.Ahead
	if ahead <= 0 {
		ahead = aheadPerWorker * workers
	}
	r := &run[T]{work: work, slots: make(chan chan result[T], ahead), jobs: make(chan job[T])}
	r.failed.Store(math.MaxInt64)
	var cancel context.CancelFunc
	r.ctx, cancel = context.WithCancel(ctx)
	defer func() {
		cancel()
		r.wg.Wait()
	}()
	r.wg.Go(func() { r.feed(n) })
	for range workers {
		r.wg.Go(r.worker)
	}
	return r.deliver(use)
}

// Each is Map for steps without results: it calls work(ctx, i) for every i
// in [0, n) and returns the error of the lowest i that failed.
func Each(ctx context.Context, n int, opts Options, work func(ctx context.Context, i int) error) error {
	return Map(ctx, n, opts, func(ctx context.Context, i int) (struct{}, error) {
		return struct{}{}, work(ctx, i)
	}, nil)
}

// inOrder is Map on the caller's goroutine.
func inOrder[T any](ctx context.Context, n int, work func(context.Context, int) (T, error), use func(int, T) error) error {
	for i := range n {
		if err := ctx.Err(); err != nil {
			return err
		}
		v, err := work(ctx, i)
		if err != nil {
			return err
		}
		if use != nil {
			if err := use(i, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// errSkipped marks a step not run because an earlier one failed or the
// call is ending; the earlier failure (or ctx's error) is what Map returns.
var errSkipped = errors.New("parallel: step skipped")

// run is one call of Map on several goroutines.
type run[T any] struct {
	ctx   context.Context // done when Map returns
	work  func(context.Context, int) (T, error)
	slots chan chan result[T] // each step's result slot, in input order; its capacity is Options.Ahead
	jobs  chan job[T]
	wg    sync.WaitGroup
	// failed is the lowest index of a step that failed: running a step
	// after it is wasted work, as Map returns before using its result.
	failed atomic.Int64
}

// job is one step to run, and where its result goes.
type job[T any] struct {
	i   int
	out chan result[T] // buffered: a worker never waits to hand over
}

// result is a step's result or why there is none.
type result[T any] struct {
	v   T
	err error
}

// feed hands out the steps in order, a slot for each before its job, so
// deliver always waits for the step the workers took first.
func (r *run[T]) feed(n int) {
	defer close(r.jobs)
	defer close(r.slots)
	for i := range n {
		j := job[T]{i: i, out: make(chan result[T], 1)}
		select {
		case r.slots <- j.out:
		case <-r.ctx.Done():
			return
		}
		select {
		case r.jobs <- j:
		case <-r.ctx.Done():
			return
		}
	}
}

func (r *run[T]) worker() {
	for j := range r.jobs {
		if r.ctx.Err() != nil || int64(j.i) > r.failed.Load() {
			j.out <- result[T]{err: errSkipped}
			continue
		}
		v, err := r.work(r.ctx, j.i)
		if err != nil {
			for f := r.failed.Load(); int64(j.i) < f && !r.failed.CompareAndSwap(f, int64(j.i)); {
				f = r.failed.Load()
			}
		}
		j.out <- result[T]{v: v, err: err}
	}
}

// deliver takes the results in input order and passes them to use.
func (r *run[T]) deliver(use func(int, T) error) error {
	i := 0
	for out := range r.slots {
		var res result[T]
		select {
		case res = <-out:
		case <-r.ctx.Done(): // only the caller's ctx: ours is cancelled when Map returns
			return r.ctx.Err()
		}
		switch {
		case errors.Is(res.err, errSkipped):
			// A step is skipped only after an earlier one failed, which is
			// returned first, or when ctx is done.
			return r.ctx.Err()
		case res.err != nil:
			return res.err
		}
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if use != nil {
			if err := use(i, res.v); err != nil {
				return err
			}
		}
		i++
	}
	return r.ctx.Err()
}
