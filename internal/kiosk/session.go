package kiosk

import (
	"encoding/binary"
	"sync"
	"time"
)

// SessionTTL is a session token's life; each operator page issues a fresh one.
const SessionTTL = 5 * time.Minute

// sessionPayload is a token's expiry and session generation, before its signature.
const sessionPayload = 16

// Sessions hands out the operator's session tokens. A token is signed with
// a key made at start, so a restart ends every session, and it is bound to
// the terminal that logged in and to that terminal's session generation,
// so ending one terminal's session voids its tokens without touching
// another terminal's.
type Sessions struct {
	sign signer
	ttl  time.Duration
	now  func() time.Time

	mu   sync.Mutex
	gen  uint64            // the last session generation handed out
	live map[string]uint64 // terminal → the generation its tokens carry
}

// NewSessions makes sessions whose tokens last ttl.
func NewSessions(ttl time.Duration, now func() time.Time) (*Sessions, error) {
	sign, err := newSigner("session")
	if err != nil {
		return nil, err
	}
	return &Sessions{sign: sign, ttl: ttl, now: clock(now), live: map[string]uint64{}}, nil
}

// Issue returns a token for terminal, valid for the sessions' ttl, in the
// terminal's current session, which it starts if there is none.
func (s *Sessions) Issue(terminal string) string {
	s.mu.Lock()
	gen, ok := s.live[terminal]
	if !ok {
		s.gen++
		gen = s.gen
		s.live[terminal] = gen
	}
	s.mu.Unlock()
	var p [sessionPayload]byte
	binary.BigEndian.PutUint64(p[:8], uint64(s.now().Add(s.ttl).UnixNano()))
	binary.BigEndian.PutUint64(p[8:], gen)
	return s.sign.seal(p[:], terminal)
}

// Valid reports a token these sessions issued to terminal, unexpired, in
// the terminal's current session.
func (s *Sessions) Valid(token, terminal string) bool {
	p, ok := s.sign.open(token, terminal, sessionPayload)
	if !ok || !s.now().Before(time.Unix(0, int64(binary.BigEndian.Uint64(p[:8])))) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	gen, ok := s.live[terminal]
	return ok && gen == binary.BigEndian.Uint64(p[8:])
}

// End ends terminal's session: a new one gets a newer generation, so no
// token of this one works again.
func (s *Sessions) End(terminal string) {
	s.mu.Lock()
	delete(s.live, terminal)
	s.mu.Unlock()
}

// EndAll ends every terminal's session.
func (s *Sessions) EndAll() {
	s.mu.Lock()
	clear(s.live)
	s.mu.Unlock()
}
