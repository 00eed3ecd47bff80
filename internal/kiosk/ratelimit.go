package kiosk

import (
	"sync"
	"time"
)

// Direct printing's rate limit.
const (
	PrintJobs   = 6 // jobs one terminal may send in PrintWindow
	PrintWindow = time.Minute
)

// RateLimit lets each terminal act at most n times in any window.
type RateLimit struct {
	n      int
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	sent map[string][]time.Time // terminal → when it acted in the last window, oldest first
}

// NewRateLimit allows n acts per terminal in any window.
func NewRateLimit(n int, window time.Duration, now func() time.Time) *RateLimit {
	return &RateLimit{n: n, window: window, now: clock(now), sent: map[string][]time.Time{}}
}

// Allow reports whether terminal may act now, and if so counts the act.
// Terminals whose acts are all older than the window are forgotten.
func (l *RateLimit) Allow(terminal string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for t, sent := range l.sent {
		for len(sent) > 0 && now.Sub(sent[0]) >= l.window {
			sent = sent[1:]
		}
		if len(sent) == 0 {
			delete(l.sent, t)
		} else {
			l.sent[t] = sent
		}
	}
	if len(l.sent[terminal]) >= l.n {
		return false
	}
	l.sent[terminal] = append(l.sent[terminal], now)
	return true
}
