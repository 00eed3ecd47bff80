package printing

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Kind is how "Wersja do wydruku" prints.
type Kind string

// The kinds of printing.
const (
	// Dialog shows the print page and opens the system print dialog.
	Dialog Kind = "dialog"
	// Off hides printing: no print link, the print routes answer 404.
	Off Kind = "off"
	// Printer renders a PDF and sends it to a named printer with lp, no dialog.
	Printer Kind = "printer"
)

// Mode is the --print setting: a kind and, for Printer, the printer's name.
type Mode struct {
	Kind    Kind
	Printer string // the lp destination; set only for Printer
}

// ErrMode reports a --print value that is not dialog, off or printer:NAME.
var ErrMode = errors.New("printing: unknown print mode")

// printerName is what a CUPS queue name may hold; it must not look like an
// option to lp.
var printerName = regexp.MustCompile(`^[A-Za-z0-9_.@][A-Za-z0-9_.@-]*$`)

// ParseMode reads "dialog", "off" or "printer:NAME"; empty means dialog.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "", string(Dialog):
		return Mode{Kind: Dialog}, nil
	case string(Off):
		return Mode{Kind: Off}, nil
	}
	name, ok := strings.CutPrefix(s, string(Printer)+":")
	if !ok {
		return Mode{}, fmt.Errorf("%w %q: use dialog, off or printer:NAME (a queue listed by lpstat -p)", ErrMode, s)
	}
	if !printerName.MatchString(name) {
		return Mode{}, fmt.Errorf("%w %q: the printer name may hold letters, digits, _ . @ and -, and must not start with -", ErrMode, s)
	}
	return Mode{Kind: Printer, Printer: name}, nil
}

// String gives the mode back in the form ParseMode reads.
func (m Mode) String() string {
	if m.Kind == Printer {
		return string(Printer) + ":" + m.Printer
	}
	if m.Kind == "" {
		return string(Dialog)
	}
	return string(m.Kind)
}
