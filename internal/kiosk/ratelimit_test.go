package kiosk

import (
	"testing"
	"time"
)

// TestRateLimit: a terminal sends at most PrintJobs jobs in a minute; the
// next is refused until the first is a minute old; another terminal is not
// held back by it.
func TestRateLimit(t *testing.T) {
	const here, there = "127.0.0.1", "127.0.0.2"
	tests := []struct {
		name     string
		pause    time.Duration // after the full minute's jobs, one a second
		terminal string
		want     bool
	}{
		{name: "one more at once", terminal: here},
		{name: "one more just before the first is a minute old", pause: PrintWindow - PrintJobs*time.Second - time.Nanosecond, terminal: here},
		{name: "a minute after the first", pause: PrintWindow - PrintJobs*time.Second, terminal: here, want: true},
		{name: "another terminal", terminal: there, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			l := NewRateLimit(PrintJobs, PrintWindow, clk.now)
			for i := 1; i <= PrintJobs; i++ {
				if !l.Allow(here) {
					t.Fatalf("job %d: refused", i)
				}
				clk.add(time.Second)
			}
			clk.add(tt.pause)
			if got := l.Allow(tt.terminal); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRateLimitForgets: a terminal whose jobs are all older than the window
// is not remembered.
func TestRateLimitForgets(t *testing.T) {
	clk := newFakeClock()
	l := NewRateLimit(PrintJobs, PrintWindow, clk.now)
	for _, host := range []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"} {
		l.Allow(host)
	}
	clk.add(PrintWindow)
	l.Allow("10.0.0.4")
	if len(l.sent) != 1 {
		t.Errorf("got %d terminals remembered, want 1", len(l.sent))
	}
}
