package kiosk

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"sync"
	"time"
)

// PIN limits.
const (
	MinPINLength = 4              // characters, not bytes
	PINTries     = 5              // wrong PINs in a row before the first lockout
	FirstLockout = time.Minute    // each further wrong PIN doubles it
	MaxLockout   = time.Hour      // the longest lockout
	ForgetAfter  = 24 * time.Hour // a day without a wrong PIN forgets the earlier ones
)

// ErrPINTooShort reports a PIN too short to guard the operator screen.
var ErrPINTooShort = errors.New("kiosk: the operator PIN must have at least 4 characters")

// PINGuard checks the operator PIN and locks out after wrong tries. Tries
// from the terminal itself and from other hosts are counted apart, so a
// host on the network cannot lock the staff out at the terminal.
type PINGuard struct {
	pin [sha256.Size]byte // the PIN's digest: compared in constant time, whatever the length typed
	now func() time.Time

	mu    sync.Mutex
	sides [2]pinCount // wrong tries from other hosts [0] and from the terminal itself [1]
}

// pinCount counts wrong PINs from one side and holds its lockout.
type pinCount struct {
	failures int           // wrong PINs since the last right one
	lock     time.Duration // the last lockout's length; 0 before the first
	until    time.Time     // no PIN is checked before this
	last     time.Time     // the last wrong PIN
}

// Try is the outcome of one PIN try.
type Try struct {
	OK       bool
	Wait     time.Duration // locked out: how long still; with Locked, how long this lockout lasts
	Locked   bool          // this try started a lockout
	Failures int           // wrong PINs in a row so far
}

// NewPINGuard guards pin, which must have at least MinPINLength characters.
func NewPINGuard(pin string, now func() time.Time) (*PINGuard, error) {
	if len([]rune(pin)) < MinPINLength {
		return nil, ErrPINTooShort
	}
	return &PINGuard{pin: sha256.Sum256([]byte(pin)), now: clock(now)}, nil
}

// Check compares typed with the PIN; local is a try at the terminal itself.
// After PINTries wrong PINs in a row no PIN is checked for FirstLockout;
// every further wrong PIN doubles the lockout, up to MaxLockout. The right
// PIN, or ForgetAfter without a wrong one, starts the count afresh. While
// locked out it checks nothing and reports how long the lockout still lasts.
func (g *PINGuard) Check(typed string, local bool) Try {
	g.mu.Lock()
	defer g.mu.Unlock()
	c := &g.sides[0]
	if local {
		c = &g.sides[1]
	}
	now := g.now()
	if now.Before(c.until) {
		return Try{Wait: c.until.Sub(now), Failures: c.failures}
	}
	if !c.last.IsZero() && now.Sub(c.last) > ForgetAfter {
		*c = pinCount{}
	}
	// Digests have one length, so the comparison takes as long for any PIN typed.
	sum := sha256.Sum256([]byte(typed))
	if subtle.ConstantTimeCompare(sum[:], g.pin[:]) == 1 {
		*c = pinCount{}
		return Try{OK: true}
	}
	c.failures++
	c.last = now
	if c.failures < PINTries {
		return Try{Failures: c.failures}
	}
	c.lock = min(max(FirstLockout, 2*c.lock), MaxLockout)
	c.until = now.Add(c.lock)
	return Try{Wait: c.lock, Locked: true, Failures: c.failures}
}
