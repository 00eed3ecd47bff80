package parallel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var (
	errWork = errors.New("work failed")
	errUse  = errors.New("use failed")
)

func TestMap(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		opts    Options
		failAt  []int // steps whose work fails, with errWork wrapped with the index
		useFail int   // step whose use fails; -1 for none
		want    error // errors.Is
		wantAt  int   // the index in the error's message, -1 for none
		used    int   // how many results use sees
	}{
		{name: "no steps", n: 0, useFail: -1, wantAt: -1},
		{name: "one step", n: 1, useFail: -1, wantAt: -1, used: 1},
		{name: "many steps in order", n: 500, opts: Options{Workers: 4}, useFail: -1, wantAt: -1, used: 500},
		{name: "one worker", n: 50, opts: Options{Workers: 1}, useFail: -1, wantAt: -1, used: 50},
		{name: "small look-ahead", n: 200, opts: Options{Workers: 3, Ahead: 1}, useFail: -1, wantAt: -1, used: 200},
		{name: "lowest failure wins though a later one fails first", n: 300, opts: Options{Workers: 4},
			failAt: []int{40, 250}, useFail: -1, want: errWork, wantAt: 40, used: 40},
		{name: "failure of the first step", n: 100, opts: Options{Workers: 4}, failAt: []int{0}, useFail: -1, want: errWork, wantAt: 0},
		{name: "failure on one worker", n: 100, opts: Options{Workers: 1}, failAt: []int{7, 3}, useFail: -1, want: errWork, wantAt: 3, used: 3},
		{name: "use fails", n: 300, opts: Options{Workers: 4}, useFail: 10, want: errUse, wantAt: -1, used: 10},
		{name: "use fails before a later work failure", n: 300, opts: Options{Workers: 4}, failAt: []int{11}, useFail: 10, want: errUse, wantAt: -1, used: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			var got []int
			err := Map(context.Background(), tt.n, tt.opts, func(_ context.Context, i int) (int, error) {
				// Later steps finish first, so order comes from Map, not timing.
				time.Sleep(time.Duration((tt.n-i)%7) * 50 * time.Microsecond)
				if slices.Contains(tt.failAt, i) {
					return 0, fmt.Errorf("step %d: %w", i, errWork)
				}
				return i * i, nil
			}, func(i, v int) error {
				if i == tt.useFail {
					return errUse
				}
				if v != i*i {
					t.Errorf("use(%d, %d): want the result of step %d", i, v, i)
				}
				got = append(got, i)
				return nil
			})
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if tt.wantAt >= 0 && err.Error() != fmt.Sprintf("step %d: %v", tt.wantAt, errWork) {
				t.Errorf("got %v, want the failure of step %d", err, tt.wantAt)
			}
			if len(got) != tt.used || !slices.IsSorted(got) || len(got) > 0 && got[len(got)-1] != len(got)-1 {
				t.Errorf("use saw %d steps (%v…), want 0 to %d in order", len(got), got[:min(len(got), 5)], tt.used-1)
			}
			checkNoLeak(t, before)
		})
	}
}

// TestMapStopsAfterAFailure: steps far after a failure are never started,
// and the look-ahead bounds how many run beyond the one in use.
func TestMapStopsAfterAFailure(t *testing.T) {
	const n, workers, ahead = 10_000, 4, 8
	var started, maxStarted atomic.Int64
	err := Each(context.Background(), n, Options{Workers: workers, Ahead: ahead}, func(_ context.Context, i int) error {
		started.Add(1)
		for m := maxStarted.Load(); int64(i) > m && !maxStarted.CompareAndSwap(m, int64(i)); m = maxStarted.Load() {
		}
		if i == 20 {
			return errWork
		}
		return nil
	})
	if !errors.Is(err, errWork) {
		t.Fatalf("got %v, want %v", err, errWork)
	}
	if m := maxStarted.Load(); m > 20+ahead+workers+1 {
		t.Errorf("a step as far as %d was started after step 20 failed; want at most %d", m, 20+ahead+workers+1)
	}
}

// TestMapBoundsWaitingResults: however slow the caller, at most about
// Ahead results are done and waiting.
func TestMapBoundsWaitingResults(t *testing.T) {
	const workers, ahead = 3, 5
	var done, used, worst atomic.Int64
	err := Map(context.Background(), 300, Options{Workers: workers, Ahead: ahead}, func(_ context.Context, i int) (int, error) {
		d := done.Add(1)
		if w := d - used.Load(); w > worst.Load() {
			worst.Store(w)
		}
		return i, nil
	}, func(i, _ int) error {
		time.Sleep(20 * time.Microsecond)
		used.Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if w := worst.Load(); w > ahead+1 {
		t.Errorf("up to %d results waited for the caller; want at most %d", w, ahead+1)
	}
}

func TestMapCancelled(t *testing.T) {
	for _, workers := range []int{1, 4} {
		t.Run(fmt.Sprint(workers, " workers"), func(t *testing.T) {
			before := runtime.NumGoroutine()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			used := 0
			err := Map(ctx, 1000, Options{Workers: workers}, func(ctx context.Context, i int) (int, error) {
				return i, nil
			}, func(i, _ int) error {
				if i == 5 {
					cancel()
				}
				used++
				return nil
			})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("got %v, want %v", err, context.Canceled)
			}
			if used != 6 {
				t.Errorf("use saw %d results after cancelling at the 6th; want 6", used)
			}
			checkNoLeak(t, before)
		})
	}
}

// TestMapRunsAtOnce: steps really run on Options.Workers goroutines.
func TestMapRunsAtOnce(t *testing.T) {
	const workers = 3
	var wg sync.WaitGroup
	wg.Add(workers)
	err := Each(context.Background(), workers, Options{Workers: workers}, func(context.Context, int) error {
		wg.Done()
		wg.Wait() // returns only once every worker has started a step
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkNoLeak fails when goroutines started by the test outlive it.
func checkNoLeak(t *testing.T, before int) {
	t.Helper()
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Errorf("goroutines: %d before, %d after", before, runtime.NumGoroutine())
}
