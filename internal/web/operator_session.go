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
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Operator session limits.
const (
	operatorTTL      = 5 * time.Minute // a session token's life; each operator page issues a fresh one
	operatorTries    = 5               // wrong PINs in a row before the first lockout
	operatorLockout  = time.Minute     // the first lockout; each further wrong PIN doubles it
	operatorMaxLock  = time.Hour       // the longest lockout
	operatorForget   = 24 * time.Hour  // a day without a wrong PIN forgets the earlier ones
	operatorMinPIN   = 4
	operatorTokenLen = 16 + sha256.Size // expiry and generation, then the MAC
	formCodeTTL      = 10 * time.Minute // a one-time form code's life
	formCodesKept    = 64               // unused form codes remembered; older ones lapse
)

// operator guards the operator screen: the PIN, the lockout after wrong
// tries, the PIN form's one-time codes and the session tokens.
//
// A token is carried in a hidden form field, not a cookie, because the
// desktop webview keeps no cookies; and never in an address, because the
// kiosk's Back would bring it back. It is signed with a key made at start,
// so a restart ends every session, and it is bound to the terminal that
// logged in (its address) and to that terminal's session generation, so
// any page that terminal shows outside the screen ends its session without
// touching another terminal's.
type operator struct {
	pin    [sha256.Size]byte // the PIN's digest: compared in constant time, whatever the length typed
	key    []byte
	now    func() time.Time
	codes  *onceCodes // the PIN form's one-time codes
	remote bool       // hosts other than the terminal itself may open the screen (--operator-remote)

	smu      sync.Mutex
	gen      uint64            // the last session generation handed out
	sessions map[string]uint64 // terminal → the generation its tokens carry

	mu     sync.Mutex
	guards [2]pinGuard // wrong tries from the terminal itself [1] and from other hosts [0]
}

// pinGuard counts wrong PINs from one side and holds its lockout.
type pinGuard struct {
	failures int           // wrong PINs since the last right one
	lock     time.Duration // the last lockout's length; 0 before the first
	until    time.Time     // no PIN is checked before this
	last     time.Time     // the last wrong PIN
}

// pinResult is the outcome of one PIN try.
type pinResult struct {
	OK       bool
	Wait     time.Duration // locked out: how long still; with Locked, how long this lockout lasts
	Locked   bool          // this try started a lockout
	Failures int           // wrong PINs in a row so far
}

// ErrOperatorPIN reports a PIN too short to guard the operator screen.
var ErrOperatorPIN = errors.New("web: the operator PIN must have at least 4 characters: set a longer one in BIPKIOSK_OPERATOR_PIN")

func newOperator(pin string) (*operator, error) {
	if len([]rune(pin)) < operatorMinPIN {
		return nil, ErrOperatorPIN
	}
	o := &operator{pin: sha256.Sum256([]byte(pin)), key: make([]byte, 32), now: time.Now, sessions: map[string]uint64{}}
	if _, err := rand.Read(o.key); err != nil {
		return nil, fmt.Errorf("web: operator session key: %w", err)
	}
	var err error
	// The codes read the operator's clock, so a test that moves it moves both.
	if o.codes, err = newOnceCodes(formCodeTTL, formCodesKept, func() time.Time { return o.now() }); err != nil {
		return nil, err
	}
	return o, nil
}

// check compares pin with the configured one. Tries from the terminal
// itself and from other hosts are counted apart, so a host on the network
// cannot lock the staff out at the terminal. After operatorTries wrong PINs
// in a row no PIN is checked for operatorLockout; every further wrong PIN
// doubles the lockout, up to operatorMaxLock. The right PIN, or a day
// without a wrong one, starts the count afresh. While locked out it checks
// nothing and reports how long the lockout still lasts.
func (o *operator) check(pin string, local bool) pinResult {
	o.mu.Lock()
	defer o.mu.Unlock()
	g := &o.guards[0]
	if local {
		g = &o.guards[1]
	}
	now := o.now()
	if now.Before(g.until) {
		return pinResult{Wait: g.until.Sub(now), Failures: g.failures}
	}
	if !g.last.IsZero() && now.Sub(g.last) > operatorForget {
		*g = pinGuard{}
	}
	typed := sha256.Sum256([]byte(pin))
	if subtle.ConstantTimeCompare(typed[:], o.pin[:]) == 1 {
		*g = pinGuard{}
		return pinResult{OK: true}
	}
	g.failures++
	g.last = now
	if g.failures < operatorTries {
		return pinResult{Failures: g.failures}
	}
	g.lock = min(max(operatorLockout, 2*g.lock), operatorMaxLock)
	g.until = now.Add(g.lock)
	return pinResult{Wait: g.lock, Locked: true, Failures: g.failures}
}

// issue returns a token for terminal valid for operatorTTL, in its current
// session, which it starts if there is none.
func (o *operator) issue(terminal string) string {
	o.smu.Lock()
	gen, ok := o.sessions[terminal]
	if !ok {
		o.gen++
		gen = o.gen
		o.sessions[terminal] = gen
	}
	o.smu.Unlock()
	var p [16]byte
	binary.BigEndian.PutUint64(p[:8], uint64(o.now().Add(operatorTTL).Unix()))
	binary.BigEndian.PutUint64(p[8:], gen)
	return base64.RawURLEncoding.EncodeToString(append(p[:], o.mac(p[:], terminal)...))
}

// valid reports a token this process issued to terminal, unexpired, in the
// terminal's current session.
func (o *operator) valid(tok, terminal string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(tok))
	if err != nil || len(raw) != operatorTokenLen {
		return false
	}
	p, sum := raw[:16], raw[16:]
	if !hmac.Equal(sum, o.mac(p, terminal)) {
		return false
	}
	if exp := time.Unix(int64(binary.BigEndian.Uint64(p[:8])), 0); !o.now().Before(exp) {
		return false
	}
	o.smu.Lock()
	defer o.smu.Unlock()
	gen, ok := o.sessions[terminal]
	return ok && gen == binary.BigEndian.Uint64(p[8:])
}

// end ends terminal's session: any page it shows outside the screen, its
// idle reset and "Zakończ obsługę" call it. A new session gets a newer
// generation, so no token of this one works again.
func (o *operator) end(terminal string) {
	o.smu.Lock()
	delete(o.sessions, terminal)
	o.smu.Unlock()
}

// endAll ends every session: quitting calls it.
func (o *operator) endAll() {
	o.smu.Lock()
	clear(o.sessions)
	o.smu.Unlock()
}

func (o *operator) mac(p []byte, terminal string) []byte {
	m := hmac.New(sha256.New, o.key)
	m.Write(p)
	m.Write([]byte(terminal))
	return m.Sum(nil)
}

// terminalOf names the screen a request comes from, for sessions and
// limits: the desktop window is one terminal; in a browser it is the
// client's address without the port, which changes with every connection.
func (h *handler) terminalOf(r *http.Request) string {
	if h.shell == ShellDesktop {
		return "desktop"
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// fromTerminal reports a request from the kiosk's own screen: the desktop
// window (Wails' asset server serves nothing else, and gives every request
// the made-up address 192.0.2.1) or a browser on the same computer.
func (h *handler) fromTerminal(r *http.Request) bool {
	if h.shell == ShellDesktop {
		return true
	}
	ip := net.ParseIP(h.terminalOf(r))
	return ip != nil && ip.IsLoopback()
}

// onceCodes issues and redeems one-time form codes: a form carries one, and
// the POST it sends is acted on only if the code is one this process issued
// (HMAC under a key made at start), has not expired and was not used
// before. A blind POST has no code; a form sent again (Back, reload) has a
// used one: either does nothing. Only the newest unused codes are kept, so
// a flood of forms costs bounded memory; an older form's code lapses.
type onceCodes struct {
	key  []byte
	ttl  time.Duration
	keep int
	now  func() time.Time

	mu   sync.Mutex
	seq  uint64                // codes issued so far
	live map[[8]byte]onceEntry // unused codes by nonce
}

// onceEntry is an unused code: when it expires, and its place in the order of issue.
type onceEntry struct {
	exp time.Time
	seq uint64
}

const onceCodeLen = 16 + sha256.Size // expiry and nonce, then the MAC

func newOnceCodes(ttl time.Duration, keep int, now func() time.Time) (*onceCodes, error) {
	c := &onceCodes{key: make([]byte, 32), ttl: ttl, keep: keep, now: now, live: map[[8]byte]onceEntry{}}
	if _, err := rand.Read(c.key); err != nil {
		return nil, fmt.Errorf("web: form code key: %w", err)
	}
	return c, nil
}

// issue returns a new code for one form.
func (c *onceCodes) issue() string {
	var p [16]byte
	exp := c.now().Add(c.ttl)
	binary.BigEndian.PutUint64(p[:8], uint64(exp.UnixNano()))
	rand.Read(p[8:]) // never fails (crypto/rand)
	var nonce [8]byte
	copy(nonce[:], p[8:])
	c.mu.Lock()
	c.seq++
	c.live[nonce] = onceEntry{exp: exp, seq: c.seq}
	if len(c.live) > c.keep {
		c.evict()
	}
	c.mu.Unlock()
	return base64.RawURLEncoding.EncodeToString(append(p[:], c.mac(p[:])...))
}

// evict drops expired codes and, if still too many, the oldest.
func (c *onceCodes) evict() {
	now := c.now()
	var oldest [8]byte
	first := uint64(0)
	for n, e := range c.live {
		if !now.Before(e.exp) {
			delete(c.live, n)
			continue
		}
		if first == 0 || e.seq < first {
			oldest, first = n, e.seq
		}
	}
	if len(c.live) > c.keep {
		delete(c.live, oldest)
	}
}

// redeem reports whether code may be acted on, and uses it up.
func (c *onceCodes) redeem(code string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(code))
	if err != nil || len(raw) != onceCodeLen || !hmac.Equal(raw[16:], c.mac(raw[:16])) {
		return false
	}
	var nonce [8]byte
	copy(nonce[:], raw[8:16])
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.live[nonce]
	delete(c.live, nonce)
	return ok && c.now().Before(e.exp)
}

func (c *onceCodes) mac(p []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write(p)
	return m.Sum(nil)
}
