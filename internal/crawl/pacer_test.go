package crawl

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock whose Sleep moves time on instead of waiting; a
// frozen one stands still and notes the instant each sleeper would wake,
// so the instants the pacer hands out can be counted exactly even with
// sleepers in several goroutines.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	frozen bool
	wakes  []time.Time
	pauses []time.Duration
}

// slept lists the pauses asked for.
func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.pauses)
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.wakes = append(c.wakes, c.t.Add(d))
	c.pauses = append(c.pauses, d)
	if !c.frozen {
		c.t = c.t.Add(d)
	}
	c.mu.Unlock()
	return ctx.Err()
}

// TestPacerSlots: callers from several goroutines get slots exactly one
// interval apart, never two in the same interval.
func TestPacerSlots(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	var slots []time.Time
	p := &pacer{interval: 250 * time.Millisecond, now: func() time.Time { return start },
		sleep: func(_ context.Context, d time.Duration) error {
			mu.Lock()
			slots = append(slots, start.Add(d))
			mu.Unlock()
			return nil
		}}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for range 10 {
				_ = p.wait(context.Background())
			}
		})
	}
	wg.Wait()
	seen := map[time.Duration]bool{}
	for _, s := range slots {
		seen[s.Sub(start)] = true
	}
	for i := 1; i < 20; i++ { // slot 0 needs no sleep
		if !seen[time.Duration(i)*250*time.Millisecond] {
			t.Fatalf("no caller got slot %d; slots %v", i, slots)
		}
	}
	if len(slots) != 19 {
		t.Fatalf("%d sleeping callers, want 19", len(slots))
	}
}
