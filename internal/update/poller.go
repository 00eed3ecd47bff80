package update

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"bipkiosk/internal/store"
)

// firstRetry is the wait after the first failed check; each further failure
// doubles it, up to the polling interval.
const firstRetry = time.Minute

// Poller checks for updates in the background: at start, then every Every,
// sooner after a failure. Checks run in its own goroutine and an import
// leaves the current bulletin readable, so readers never wait for it.
type Poller struct {
	u     *Updater
	every time.Duration
	log   *slog.Logger
	first time.Duration    // wait after the first failure
	now   func() time.Time // injected by tests
	rand  func() float64   // in [0, 1), for jitter
	after func(time.Duration) <-chan time.Time
}

// NewPoller returns a Poller that runs u's check every interval.
func NewPoller(u *Updater, every time.Duration) *Poller {
	return &Poller{u: u, every: every, log: u.log, first: firstRetry, now: time.Now, rand: rand.Float64, after: time.After}
}

// Run checks until ctx ends, recording every check in the store. It returns
// when ctx ends, after any import under way has stopped.
func (p *Poller) Run(ctx context.Context) {
	failures := 0
	for {
		c, err := p.u.Check(ctx)
		if ctx.Err() != nil {
			return
		}
		if c.Result == store.UpdateFailed {
			failures++
		} else {
			failures = 0
		}
		wait := p.delay(failures)
		c.Next = p.now().Add(wait).UTC()
		if rerr := p.u.opts.Store.RecordUpdateCheck(c); rerr != nil {
			p.log.Warn("update_check_not_recorded", "err", rerr)
		}
		p.logCheck(c, err, wait)
		select {
		case <-ctx.Done():
			return
		case <-p.after(wait):
		}
	}
}

// delay is the wait before the next check after failures failed checks in a
// row: the interval when the last check did not fail; otherwise exponential
// back-off from p.first, capped at the interval, with "equal jitter" (a
// random point in the upper half) so a fleet of kiosks that lost the same
// server does not come back in step.
func (p *Poller) delay(failures int) time.Duration {
	if failures == 0 {
		return p.every
	}
	d := p.first
	for i := 1; i < failures && d < p.every; i++ {
		d *= 2
	}
	d = min(d, p.every)
	return d/2 + time.Duration(p.rand()*float64(d/2))
}

func (p *Poller) logCheck(c store.UpdateCheck, err error, wait time.Duration) {
	attrs := []any{"url", c.URL, "result", string(c.Result), "sequence", c.Sequence, "next_in", wait.Round(time.Second).String()}
	switch c.Result {
	case store.UpdateFailed, store.UpdateRefused:
		p.log.Warn("update_checked", append(attrs, "err", err)...)
	default:
		p.log.Info("update_checked", attrs...)
	}
}
