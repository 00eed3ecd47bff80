package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Operator session limits.
const (
	operatorTTL      = 5 * time.Minute // a session token's life; each operator page issues a fresh one
	operatorTries    = 5               // wrong PINs in a row before the lockout
	operatorLockout  = time.Minute
	operatorMinPIN   = 4
	operatorTokenLen = 16 + sha256.Size // expiry and epoch, then the MAC
)

// operator guards the operator screen: the PIN, the lockout after wrong
// tries, and session tokens. A token is carried in the URL or a form field,
// not a cookie, because the desktop webview keeps no cookies; it is signed
// with a key made at start, so a restart ends every session, and it names
// the current epoch, so the idle reset and "end" end every session too.
type operator struct {
	pin   [sha256.Size]byte // the PIN's digest: compared in constant time, whatever the length typed
	key   []byte
	epoch atomic.Uint64
	now   func() time.Time

	mu       sync.Mutex
	failures int
	locked   time.Time // no PIN is checked before this
}

// ErrOperatorPIN reports a PIN too short to guard the operator screen.
var ErrOperatorPIN = errors.New("web: the operator PIN must have at least 4 characters: pass a longer --operator-pin")

func newOperator(pin string) (*operator, error) {
	if len([]rune(pin)) < operatorMinPIN {
		return nil, ErrOperatorPIN
	}
	o := &operator{pin: sha256.Sum256([]byte(pin)), key: make([]byte, 32), now: time.Now}
	if _, err := rand.Read(o.key); err != nil {
		return nil, fmt.Errorf("web: operator session key: %w", err)
	}
	return o, nil
}

// check compares pin with the configured one. While locked out it checks
// nothing and returns how long the lockout still lasts; the try that makes
// the lockout starts it and reports locked as true.
func (o *operator) check(pin string) (ok bool, wait time.Duration, locked bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.now()
	if now.Before(o.locked) {
		return false, o.locked.Sub(now), false
	}
	typed := sha256.Sum256([]byte(pin))
	if subtle.ConstantTimeCompare(typed[:], o.pin[:]) == 1 {
		o.failures = 0
		return true, 0, false
	}
	o.failures++
	if o.failures >= operatorTries {
		o.failures = 0
		o.locked = now.Add(operatorLockout)
		return false, operatorLockout, true
	}
	return false, 0, false
}

// issue returns a token valid for operatorTTL in the current epoch.
func (o *operator) issue() string {
	var p [16]byte
	binary.BigEndian.PutUint64(p[:8], uint64(o.now().Add(operatorTTL).Unix()))
	binary.BigEndian.PutUint64(p[8:], o.epoch.Load())
	return base64.RawURLEncoding.EncodeToString(append(p[:], o.mac(p[:])...))
}

// valid reports a token this process issued, unexpired, in the current epoch.
func (o *operator) valid(tok string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(tok))
	if err != nil || len(raw) != operatorTokenLen {
		return false
	}
	p, sum := raw[:16], raw[16:]
	if !hmac.Equal(sum, o.mac(p)) {
		return false
	}
	exp := time.Unix(int64(binary.BigEndian.Uint64(p[:8])), 0)
	return o.now().Before(exp) && binary.BigEndian.Uint64(p[8:]) == o.epoch.Load()
}

// end ends every session: the idle reset, "end" and quitting call it.
func (o *operator) end() { o.epoch.Add(1) }

func (o *operator) mac(p []byte) []byte {
	m := hmac.New(sha256.New, o.key)
	m.Write(p)
	return m.Sum(nil)
}
