// Package kiosk is the kiosk's security policy, apart from its screens: the
// operator PIN and its lockout, the operator's session tokens, the one-time
// codes a form carries (the PIN form's, the print form's) and the print rate
// limit. It decides; internal/web asks it and shows the answer.
//
// Every rule reads an injected clock (a now func; nil means time.Now), so a
// test moves time instead of waiting, and nothing here knows a request: a
// screen names the terminal a request comes from and says whether it is the
// kiosk's own screen. Keys are made at start, so a restart ends every
// session and voids every code.
//
// It may import the standard library only.
package kiosk
