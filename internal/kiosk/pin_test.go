package kiosk

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

const testPIN = "2468"

func newTestPIN(t *testing.T) (*PINGuard, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	g, err := NewPINGuard(testPIN, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	return g, clk
}

func TestNewPINGuard(t *testing.T) {
	tests := []struct {
		name string
		pin  string
		want error
	}{
		{name: "four digits", pin: "2468"},
		{name: "three digits", pin: "246", want: ErrPINTooShort},
		{name: "empty", pin: "", want: ErrPINTooShort},
		{name: "four letters of two bytes each", pin: "żółć"},
		{name: "three letters of six bytes", pin: "żół", want: ErrPINTooShort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewPINGuard(tt.pin, nil); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestPINCompare: only the PIN itself opens; the comparison is of digests,
// of one length whatever is typed, so it takes as long for a near miss.
func TestPINCompare(t *testing.T) {
	tests := []struct {
		typed string
		ok    bool
	}{
		{typed: testPIN, ok: true},
		{typed: "246"},
		{typed: "24680"},
		{typed: testPIN + " "},
		{typed: " " + testPIN},
		{typed: ""},
		{typed: "2469"},
		{typed: "２４６８"}, // full-width digits
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.typed), func(t *testing.T) {
			g, _ := newTestPIN(t)
			if got := g.Check(tt.typed, true); got.OK != tt.ok {
				t.Errorf("got %+v, want OK %v", got, tt.ok)
			}
		})
	}
}

// TestPINCheck: the lockout after PINTries wrong PINs, per side, and how
// it ends.
func TestPINCheck(t *testing.T) {
	tests := []struct {
		name  string
		pause time.Duration // before the last try
		pin   string        // the last try
		local bool          // the last try's side; the others come from the terminal
		want  Try
	}{
		{name: "next wrong PIN doubles", pause: time.Minute, pin: "0000", local: true, want: Try{Wait: 2 * time.Minute, Locked: true, Failures: 6}},
		{name: "still locked", pause: 59 * time.Second, pin: "0000", local: true, want: Try{Wait: time.Second, Failures: 5}},
		{name: "right PIN while locked", pause: 30 * time.Second, pin: testPIN, local: true, want: Try{Wait: 30 * time.Second, Failures: 5}},
		{name: "right PIN after the lockout", pause: time.Minute, pin: testPIN, local: true, want: Try{OK: true}},
		{name: "other hosts are counted apart", pin: "0000", want: Try{Failures: 1}},
		{name: "other hosts' right PIN opens", pin: testPIN, want: Try{OK: true}},
		{name: "a day later it is forgotten", pause: ForgetAfter + time.Minute, pin: "0000", local: true, want: Try{Failures: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, clk := newTestPIN(t)
			for range PINTries {
				g.Check("0000", true)
			}
			clk.add(tt.pause)
			if got := g.Check(tt.pin, tt.local); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestPINLockoutDoubles: after the first lockout every wrong PIN doubles
// it, from a minute up to an hour; tries during a lockout check nothing and
// do not lengthen it; the right PIN starts the count afresh.
func TestPINLockoutDoubles(t *testing.T) {
	g, clk := newTestPIN(t)
	for i := 1; i < PINTries; i++ {
		if got := g.Check("1111", true); got != (Try{Failures: i}) {
			t.Fatalf("wrong PIN %d: got %+v, want only counted", i, got)
		}
	}
	for i, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour} {
		failures := PINTries + i
		if got := g.Check("1111", true); got != (Try{Wait: want, Locked: true, Failures: failures}) {
			t.Fatalf("wrong PIN %d: got %+v, want a lockout of %v", failures, got, want)
		}
		clk.add(want - time.Second)
		if got := g.Check(testPIN, true); got != (Try{Wait: time.Second, Failures: failures}) {
			t.Fatalf("right PIN 1 s before the end of a %v lockout: got %+v, want 1 s left", want, got)
		}
		clk.add(time.Second)
	}
	if got := g.Check(testPIN, true); !got.OK {
		t.Fatalf("right PIN after the lockout: got %+v", got)
	}
	if got := g.Check("1111", true); got != (Try{Failures: 1}) {
		t.Errorf("wrong PIN after the right one: got %+v, want a fresh count", got)
	}
}

// TestPINParallelTries: wrong PINs sent at once are counted one by one: no
// more than the allowed tries are checked before the lockout, and the
// right PIN is then refused too.
func TestPINParallelTries(t *testing.T) {
	g, _ := newTestPIN(t)
	const n = 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	var refused, locked, waiting int
	for i := range n {
		wg.Go(func() {
			got := g.Check(fmt.Sprintf("%04d", 1000+i), true)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case got.OK:
				t.Errorf("wrong PIN %04d opened", 1000+i)
			case got.Locked:
				locked++
			case got.Wait > 0:
				waiting++
			default:
				refused++
			}
		})
	}
	wg.Wait()
	if refused != PINTries-1 || locked != 1 || waiting != n-PINTries {
		t.Errorf("got %d refused, %d locking, %d locked out; want %d, 1, %d", refused, locked, waiting, PINTries-1, n-PINTries)
	}
	if got := g.Check(testPIN, true); got.OK || got.Wait <= 0 {
		t.Errorf("right PIN after the parallel tries: got %+v, want locked out", got)
	}
}
