package kiosk

import (
	"testing"
	"time"
)

// TestSessions: a token opens its terminal's session only, until it
// expires or the session ends: a page outside the screen, the idle reset,
// the end button or quitting ends it; another terminal's end does not.
func TestSessions(t *testing.T) {
	const here, there = "127.0.0.1", "192.168.1.20"
	tests := []struct {
		name     string
		then     func(s *Sessions, clk *fakeClock, tok string) (string, string) // the token and terminal tried
		wantOpen bool
	}{
		{name: "fresh", then: func(_ *Sessions, _ *fakeClock, tok string) (string, string) { return tok, here }, wantOpen: true},
		{name: "another terminal", then: func(_ *Sessions, _ *fakeClock, tok string) (string, string) { return tok, there }},
		{name: "just before it expires", then: func(_ *Sessions, clk *fakeClock, tok string) (string, string) {
			clk.add(SessionTTL - time.Second)
			return tok, here
		}, wantOpen: true},
		{name: "expired", then: func(_ *Sessions, clk *fakeClock, tok string) (string, string) {
			clk.add(SessionTTL)
			return tok, here
		}},
		{name: "a fresher token keeps it going", then: func(s *Sessions, clk *fakeClock, _ string) (string, string) {
			clk.add(SessionTTL - time.Second)
			next := s.Issue(here)
			clk.add(SessionTTL - time.Second)
			return next, here
		}, wantOpen: true},
		{name: "ended (page outside the screen, idle reset, end button)", then: func(s *Sessions, _ *fakeClock, tok string) (string, string) {
			s.End(here)
			return tok, here
		}},
		{name: "ended, then a new session", then: func(s *Sessions, _ *fakeClock, tok string) (string, string) {
			s.End(here)
			s.Issue(here)
			return tok, here
		}},
		{name: "another terminal ended", then: func(s *Sessions, _ *fakeClock, tok string) (string, string) {
			s.Issue(there)
			s.End(there)
			return tok, here
		}, wantOpen: true},
		{name: "all ended (quit)", then: func(s *Sessions, _ *fakeClock, tok string) (string, string) {
			s.EndAll()
			return tok, here
		}},
		{name: "tampered", then: func(_ *Sessions, _ *fakeClock, tok string) (string, string) {
			b := []byte(tok)
			b[5] ^= 1
			return string(b), here
		}},
		{name: "empty", then: func(*Sessions, *fakeClock, string) (string, string) { return "", here }},
		{name: "not base64", then: func(*Sessions, *fakeClock, string) (string, string) { return "!!", here }},
		{name: "another process's (a restart)", then: func(*Sessions, *fakeClock, string) (string, string) {
			other, _ := NewSessions(SessionTTL, nil)
			return other.Issue(here), here
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s, err := NewSessions(SessionTTL, clk.now)
			if err != nil {
				t.Fatal(err)
			}
			tok, terminal := tt.then(s, clk, s.Issue(here))
			if got := s.Valid(tok, terminal); got != tt.wantOpen {
				t.Errorf("Valid: got %v, want %v", got, tt.wantOpen)
			}
		})
	}
}
