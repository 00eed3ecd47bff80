package kiosk

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// testCodes are small limits, so a test fills them.
var testCodes = CodeLimits{TTL: time.Minute, PerTerminal: 3, Terminals: 2}

const hostA, hostB, hostC = "10.0.0.1", "10.0.0.2", "10.0.0.3"

// TestCodes: a code is taken once, from the terminal it was issued to,
// before it expires; another terminal's codes, however many, do not make
// it lapse; only the terminal's own newer codes and the terminal limit do.
func TestCodes(t *testing.T) {
	tests := []struct {
		name     string
		lim      CodeLimits
		then     func(c *Codes, clk *fakeClock, code string) (string, string) // the code and terminal redeemed
		wantUsed bool
	}{
		{name: "fresh", then: func(_ *Codes, _ *fakeClock, code string) (string, string) { return code, hostA }, wantUsed: true},
		{name: "sent again", then: func(c *Codes, _ *fakeClock, code string) (string, string) {
			c.Redeem(code, hostA)
			return code, hostA
		}},
		{name: "from another terminal", then: func(_ *Codes, _ *fakeClock, code string) (string, string) { return code, hostB }},
		{name: "after another terminal tried it", then: func(c *Codes, _ *fakeClock, code string) (string, string) {
			c.Redeem(code, hostB)
			return code, hostA
		}, wantUsed: true},
		{name: "just before it expires", then: func(_ *Codes, clk *fakeClock, code string) (string, string) {
			clk.add(testCodes.TTL - time.Nanosecond)
			return code, hostA
		}, wantUsed: true},
		{name: "expired", then: func(_ *Codes, clk *fakeClock, code string) (string, string) {
			clk.add(testCodes.TTL)
			return code, hostA
		}},
		{name: "the terminal's own newer codes fill its room", then: func(c *Codes, _ *fakeClock, code string) (string, string) {
			for range testCodes.PerTerminal {
				c.Issue(hostA)
			}
			return code, hostA
		}},
		{name: "the newest of a full room", then: func(c *Codes, _ *fakeClock, _ string) (string, string) {
			var last string
			for range 2 * testCodes.PerTerminal {
				last = c.Issue(hostA)
			}
			return last, hostA
		}, wantUsed: true},
		{name: "another terminal's flood", then: func(c *Codes, _ *fakeClock, code string) (string, string) {
			for range 300 {
				c.Issue(hostB)
			}
			return code, hostA
		}, wantUsed: true},
		{name: "a third terminal forgets the one idle longest", then: func(c *Codes, _ *fakeClock, code string) (string, string) {
			c.Issue(hostB)
			c.Issue(hostC)
			return code, hostA
		}},
		{name: "a third terminal forgets another idle longer", then: func(c *Codes, _ *fakeClock, code string) (string, string) {
			c.Issue(hostB)
			c.Issue(hostA)
			c.Issue(hostC)
			return code, hostA
		}, wantUsed: true},
		{name: "a third terminal forgets an expired one first", then: func(c *Codes, clk *fakeClock, _ string) (string, string) {
			c.Issue(hostB)
			clk.add(testCodes.TTL)
			code := c.Issue(hostA)
			c.Issue(hostC)
			return code, hostA
		}, wantUsed: true},
		{name: "damaged", then: func(_ *Codes, _ *fakeClock, code string) (string, string) {
			b := []byte(code)
			b[3] ^= 1
			return string(b), hostA
		}},
		{name: "empty", then: func(*Codes, *fakeClock, string) (string, string) { return "", hostA }},
		{name: "not base64", then: func(*Codes, *fakeClock, string) (string, string) { return "!!", hostA }},
		{name: "another process's (a restart)", then: func(*Codes, *fakeClock, string) (string, string) {
			other, _ := NewCodes(testCodes, nil)
			return other.Issue(hostA), hostA
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			c, err := NewCodes(testCodes, clk.now)
			if err != nil {
				t.Fatal(err)
			}
			code, terminal := tt.then(c, clk, c.Issue(hostA))
			if got := c.Redeem(code, terminal); got != tt.wantUsed {
				t.Errorf("Redeem: got %v, want %v", got, tt.wantUsed)
			}
		})
	}
}

// TestCodesBounded: however many hosts ask for however many forms, at most
// PerTerminal codes of Terminals terminals are kept.
func TestCodesBounded(t *testing.T) {
	for _, lim := range []CodeLimits{testCodes, FormCodes, PrintCodes} {
		t.Run(fmt.Sprintf("%d×%d", lim.PerTerminal, lim.Terminals), func(t *testing.T) {
			c, err := NewCodes(lim, newFakeClock().now)
			if err != nil {
				t.Fatal(err)
			}
			for host := range 3 * lim.Terminals {
				for range lim.PerTerminal + 5 {
					c.Issue(fmt.Sprintf("10.1.%d.%d", host/256, host%256))
				}
			}
			if len(c.terms) > lim.Terminals {
				t.Errorf("got %d terminals kept, want at most %d", len(c.terms), lim.Terminals)
			}
			for name, tc := range c.terms {
				if len(tc.live) > lim.PerTerminal {
					t.Errorf("%s: got %d codes kept, want at most %d", name, len(tc.live), lim.PerTerminal)
				}
			}
		})
	}
}

// TestPrinting: the print guard's codes are bound to their terminal and
// its jobs limited per terminal.
func TestPrinting(t *testing.T) {
	clk := newFakeClock()
	p, err := NewPrinting(clk.now)
	if err != nil {
		t.Fatal(err)
	}
	code := p.Code(hostA)
	for range 300 {
		p.Code(hostB)
	}
	if p.Redeem(code, hostB) || !p.Redeem(code, hostA) || p.Redeem(code, hostA) {
		t.Error("a code after 300 of another host's: want it refused to that host, then taken once by its own")
	}
	for range PrintJobs {
		p.Allow(hostA)
	}
	if p.Allow(hostA) || !p.Allow(hostB) {
		t.Errorf("after %d jobs from one terminal: want its next refused and another's allowed", PrintJobs)
	}
}

// TestOperator: the operator's form codes are bound to their terminal and
// the PIN guarded; a PIN too short makes no operator.
func TestOperator(t *testing.T) {
	if _, err := NewOperator("12", nil); !errors.Is(err, ErrPINTooShort) {
		t.Errorf("two-digit PIN: got %v, want ErrPINTooShort", err)
	}
	o, err := NewOperator(testPIN, newFakeClock().now)
	if err != nil {
		t.Fatal(err)
	}
	code := o.FormCode(hostA)
	if o.RedeemForm(code, hostB) || !o.RedeemForm(code, hostA) || o.RedeemForm(code, hostA) {
		t.Error("a PIN form's code: want it refused to another host, then taken once by its own")
	}
	if !o.Check(testPIN, true).OK || o.Check("0000", true).OK {
		t.Error("Check: want the PIN to open and another not")
	}
	tok := o.Token(hostA)
	if !o.Valid(tok, hostA) || o.Valid(tok, hostB) {
		t.Error("a token: want it valid on its terminal only")
	}
	if o.End(hostA); o.Valid(tok, hostA) {
		t.Error("a token after End: want it refused")
	}
}
