package kiosk

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// Limits of the forms' one-time codes.
var (
	// FormCodes are the PIN form's codes: a form left open longer checks no PIN.
	FormCodes = CodeLimits{TTL: 10 * time.Minute, PerTerminal: 64, Terminals: 64}
	// PrintCodes are the print forms' codes: every article shown on a
	// printing kiosk carries one, so a terminal keeps many; a print form
	// left open longer prints nothing.
	PrintCodes = CodeLimits{TTL: 30 * time.Minute, PerTerminal: 256, Terminals: 64}
)

// CodeLimits bound one-time codes: how long one lasts, how many unused codes
// one terminal keeps (older ones lapse) and of how many terminals (the one
// that got a code longest ago is forgotten first). At most
// PerTerminal × Terminals codes are kept, however many hosts ask.
type CodeLimits struct {
	TTL         time.Duration
	PerTerminal int
	Terminals   int
}

// codePayload is a code's expiry and nonce, before its signature.
const codePayload = 16

// Codes issues and redeems one-time form codes: a form carries one, and
// the POST it sends is acted on only if the code is one these codes issued
// to the same terminal, has not expired and was not used before. A blind
// POST has no code; a form sent again (Back, reload) has a used one; a
// code sent from another terminal is not that terminal's: none is acted on.
// Each terminal's codes are kept apart, so a host asking for many forms
// makes only its own older codes lapse.
type Codes struct {
	sign signer
	lim  CodeLimits
	now  func() time.Time

	mu    sync.Mutex
	seq   uint64                    // codes issued so far
	terms map[string]*terminalCodes // terminal → its unused codes
}

// terminalCodes are one terminal's unused codes, oldest first.
type terminalCodes struct {
	live []liveCode
	last uint64 // the seq of its newest code
}

// liveCode is an unused code: its nonce and when it expires.
type liveCode struct {
	nonce [8]byte
	exp   time.Time
}

// NewCodes makes one-time codes within lim.
func NewCodes(lim CodeLimits, now func() time.Time) (*Codes, error) {
	sign, err := newSigner("form code")
	if err != nil {
		return nil, err
	}
	lim.PerTerminal, lim.Terminals = max(lim.PerTerminal, 1), max(lim.Terminals, 1)
	return &Codes{sign: sign, lim: lim, now: clock(now), terms: map[string]*terminalCodes{}}, nil
}

// Issue returns a new code for one form shown on terminal.
func (c *Codes) Issue(terminal string) string {
	var p [codePayload]byte
	now := c.now()
	exp := now.Add(c.lim.TTL)
	binary.BigEndian.PutUint64(p[:8], uint64(exp.UnixNano()))
	rand.Read(p[8:]) // never fails (crypto/rand)
	var nonce [8]byte
	copy(nonce[:], p[8:])
	c.mu.Lock()
	t := c.terms[terminal]
	if t == nil {
		c.makeRoom(now)
		t = &terminalCodes{}
		c.terms[terminal] = t
	}
	c.seq++
	t.last = c.seq
	t.dropExpired(now)
	if len(t.live) >= c.lim.PerTerminal {
		t.live = t.live[1:]
	}
	t.live = append(t.live, liveCode{nonce: nonce, exp: exp})
	c.mu.Unlock()
	return c.sign.seal(p[:], terminal)
}

// makeRoom keeps the terminals with codes below the limit before a new one
// is added: it forgets those whose codes have all expired and, if still
// too many, the one that got a code longest ago.
func (c *Codes) makeRoom(now time.Time) {
	if len(c.terms) < c.lim.Terminals {
		return
	}
	var oldest string
	first := uint64(0)
	for name, t := range c.terms {
		if t.dropExpired(now); len(t.live) == 0 {
			delete(c.terms, name)
			continue
		}
		if first == 0 || t.last < first {
			oldest, first = name, t.last
		}
	}
	if len(c.terms) >= c.lim.Terminals {
		delete(c.terms, oldest)
	}
}

// dropExpired forgets codes that have expired: the oldest come first.
func (t *terminalCodes) dropExpired(now time.Time) {
	i := 0
	for i < len(t.live) && !now.Before(t.live[i].exp) {
		i++
	}
	t.live = t.live[i:]
}

// Redeem reports whether code, sent from terminal, may be acted on, and if
// so uses it up. A code sent from another terminal is refused and stays
// usable by its own.
func (c *Codes) Redeem(code, terminal string) bool {
	p, ok := c.sign.open(code, terminal, codePayload)
	if !ok {
		return false
	}
	var nonce [8]byte
	copy(nonce[:], p[8:])
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.terms[terminal]
	if t == nil {
		return false
	}
	for i, l := range t.live {
		if l.nonce != nonce {
			continue
		}
		t.live = append(t.live[:i], t.live[i+1:]...)
		if len(t.live) == 0 {
			delete(c.terms, terminal)
		}
		return c.now().Before(l.exp)
	}
	return false
}
