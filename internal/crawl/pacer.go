package crawl

import (
	"context"
	"sync"
	"time"
)

// pacer spaces requests at least interval apart, across all workers: each
// caller reserves the next free slot and sleeps until it. The clock is
// injected, so tests count slots without waiting.
type pacer struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
	now      func() time.Time
	sleep    func(ctx context.Context, d time.Duration) error
}

// wait blocks until the caller's slot; it returns the context's error if
// the crawl is cancelled first.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := p.now()
	slot := p.next
	if slot.Before(now) {
		slot = now
	}
	p.next = slot.Add(p.interval)
	p.mu.Unlock()
	if d := slot.Sub(now); d > 0 {
		return p.sleep(ctx, d)
	}
	return ctx.Err()
}

// slowTo lengthens the interval (a robots.txt Crawl-delay), never shortens it.
func (p *pacer) slowTo(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if d > p.interval {
		p.next = p.next.Add(d - p.interval) // the slot already handed out keeps the new distance too
		p.interval = d
	}
}

// sleepCtx sleeps for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
