package web

import (
	"fmt"
	"net"
	"net/http"
	"time"

	"bipkiosk/internal/kiosk"
)

// operator is the operator screen's policy (kiosk.Operator: the PIN, its
// lockout, the PIN form's one-time codes and the session tokens) and
// whether hosts other than the terminal may open the screen.
//
// A token is carried in a hidden form field, not a cookie, because the
// desktop webview keeps no cookies; and never in an address, because the
// kiosk's Back would bring it back. It is bound to the terminal that
// logged in, so any page that terminal shows outside the screen ends its
// session without touching another terminal's.
type operator struct {
	*kiosk.Operator
	now    func() time.Time // the policy's clock: a test moves it
	remote bool             // hosts other than the terminal itself may open the screen (--operator-remote)
}

// ErrOperatorPIN reports a PIN too short to guard the operator screen.
var ErrOperatorPIN = kiosk.ErrPINTooShort

func newOperator(pin string) (*operator, error) {
	o := &operator{now: time.Now}
	var err error
	if o.Operator, err = kiosk.NewOperator(pin, func() time.Time { return o.now() }); err != nil {
		return nil, fmt.Errorf("%w: set a longer one in BIPKIOSK_OPERATOR_PIN", err)
	}
	return o, nil
}

// terminalOf names the screen a request comes from, for sessions, codes
// and limits: the desktop window is one terminal; in a browser it is the
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
