package update

import (
	"context"
	"net/http"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// TestDelay is the back-off schedule: the interval after a check that did not
// fail; after failures, doubling from the first retry, capped at the
// interval, jittered within the upper half.
func TestDelay(t *testing.T) {
	tests := []struct {
		name     string
		every    time.Duration
		failures int
		rand     float64
		want     time.Duration
	}{
		{"success", time.Hour, 0, 0.9, time.Hour},
		{"first failure, low jitter", time.Hour, 1, 0, 30 * time.Second},
		{"first failure, high jitter", time.Hour, 1, 0.999, 59970 * time.Millisecond},
		{"second failure", time.Hour, 2, 0.5, 90 * time.Second},
		{"fourth failure", time.Hour, 4, 0, 4 * time.Minute},
		{"sixth failure", time.Hour, 6, 1, 32 * time.Minute},
		{"capped at the interval", time.Hour, 7, 0, 30 * time.Minute},
		{"capped after many", time.Hour, 500, 1, time.Hour},
		{"short interval caps early", 3 * time.Minute, 3, 0, 90 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Poller{every: tt.every, first: time.Minute, rand: func() float64 { return tt.rand }}
			if got := p.delay(tt.failures); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestPollerRun runs the poller against a server that fails twice and then
// serves a bundle: the waits back off and reset, and every check is recorded
// with when the next one is due.
func TestPollerRun(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	srv.put("/b.zip", makeBundle(t, 1), 1)
	failures := 2
	srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
		if failures > 0 {
			failures--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	})
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	p := NewPoller(u, time.Hour)
	clock := time.Date(2025, 6, 9, 10, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return clock }
	p.rand = func() float64 { return 0 }
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var waits []time.Duration
	var results []store.UpdateResult
	p.after = func(d time.Duration) <-chan time.Time {
		waits = append(waits, d)
		c, err := f.st.LastUpdateCheck()
		if err != nil {
			t.Fatalf("check not recorded: %v", err)
		}
		results = append(results, c.Result)
		if want := clock.Add(d); !c.Next.Equal(want) {
			t.Errorf("check %d recorded next %s, want %s", len(waits), c.Next, want)
		}
		if len(waits) == 4 {
			cancel()
		}
		ch := make(chan time.Time, 1)
		ch <- clock
		return ch
	}
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	wantWaits := []time.Duration{30 * time.Second, time.Minute, time.Hour, time.Hour}
	wantResults := []store.UpdateResult{store.UpdateFailed, store.UpdateFailed, store.UpdateInstalled, store.UpdateUnchanged}
	if len(waits) != len(wantWaits) {
		t.Fatalf("got waits %v, want %v", waits, wantWaits)
	}
	for i := range waits {
		if waits[i] != wantWaits[i] || results[i] != wantResults[i] {
			t.Errorf("check %d: got %s then wait %s, want %s then %s", i+1, results[i], waits[i], wantResults[i], wantWaits[i])
		}
	}
}
