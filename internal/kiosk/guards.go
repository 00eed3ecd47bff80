package kiosk

import "time"

// Operator is the operator screen's policy: the PIN and its lockout, the
// session tokens and the PIN form's one-time codes. The screen names the
// terminal each request comes from and asks.
type Operator struct {
	pin      *PINGuard
	sessions *Sessions
	forms    *Codes
}

// NewOperator guards the operator screen with pin, on the clock now.
func NewOperator(pin string, now func() time.Time) (*Operator, error) {
	o := &Operator{}
	var err error
	if o.pin, err = NewPINGuard(pin, now); err != nil {
		return nil, err
	}
	if o.sessions, err = NewSessions(SessionTTL, now); err != nil {
		return nil, err
	}
	if o.forms, err = NewCodes(FormCodes, now); err != nil {
		return nil, err
	}
	return o, nil
}

// Check tries a PIN; local is a try at the terminal itself. See PINGuard.Check.
func (o *Operator) Check(pin string, local bool) Try { return o.pin.Check(pin, local) }

// Token is a fresh session token for terminal, starting its session if it has none.
func (o *Operator) Token(terminal string) string { return o.sessions.Issue(terminal) }

// Valid reports a live session token of terminal.
func (o *Operator) Valid(token, terminal string) bool { return o.sessions.Valid(token, terminal) }

// End ends terminal's session: a page it shows outside the operator screen,
// its idle reset and the end button.
func (o *Operator) End(terminal string) { o.sessions.End(terminal) }

// EndAll ends every session: quitting.
func (o *Operator) EndAll() { o.sessions.EndAll() }

// FormCode is a one-time code for a PIN form shown on terminal.
func (o *Operator) FormCode(terminal string) string { return o.forms.Issue(terminal) }

// RedeemForm reports whether a PIN form's code, sent from terminal, may be
// acted on, and uses it up.
func (o *Operator) RedeemForm(code, terminal string) bool { return o.forms.Redeem(code, terminal) }

// Printing keeps a kiosk's printer from printing what nobody asked for:
// every print form carries a one-time code bound to its terminal, so a
// blind POST, a form sent again by Back or a reload, or another host's
// form prints nothing; and each terminal may send only PrintJobs jobs in
// PrintWindow, so no loop empties the paper tray.
type Printing struct {
	codes *Codes
	jobs  *RateLimit
}

// NewPrinting guards direct printing on the clock now.
func NewPrinting(now func() time.Time) (*Printing, error) {
	codes, err := NewCodes(PrintCodes, now)
	if err != nil {
		return nil, err
	}
	return &Printing{codes: codes, jobs: NewRateLimit(PrintJobs, PrintWindow, now)}, nil
}

// Code is a one-time code for a print form shown on terminal.
func (p *Printing) Code(terminal string) string { return p.codes.Issue(terminal) }

// Redeem reports whether a print form's code, sent from terminal, may be
// acted on, and uses it up.
func (p *Printing) Redeem(code, terminal string) bool { return p.codes.Redeem(code, terminal) }

// Allow reports whether terminal may send a job now, and if so counts it.
func (p *Printing) Allow(terminal string) bool { return p.jobs.Allow(terminal) }
