package printing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// ErrNoPrintService reports a system without the lp command.
var ErrNoPrintService = errors.New("printing: the lp command was not found: install the CUPS client (package cups-client) or start with --print=dialog")

// ErrPrintFailed reports a job that lp refused or could not hand over.
var ErrPrintFailed = errors.New("printing: lp did not accept the job")

// Send hands pdf to the system's print service as
// "lp -d printer -t title FILE", run directly, never through a shell. It
// returns when lp has queued the job (lp copies the file to the spooler),
// and then removes its temporary file.
func Send(ctx context.Context, printer, title string, pdf []byte) error {
	lp, err := exec.LookPath("lp")
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrNoPrintService, err)
	}
	f, err := os.CreateTemp("", "bipkiosk-print-*.pdf")
	if err != nil {
		return fmt.Errorf("printing: temporary file for %q: %w", title, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(pdf); err != nil {
		f.Close()
		return fmt.Errorf("printing: write %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("printing: write %s: %w", f.Name(), err)
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, lp, "-d", printer, "-t", title, f.Name())
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: printer %q: %v: %s (check the queue with lpstat -p %s)",
			ErrPrintFailed, printer, err, strings.TrimSpace(out.String()), printer)
	}
	return nil
}
