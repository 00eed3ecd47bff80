package app

import (
	"io"
	"log/slog"
	"os"

	"golang.org/x/term"
)

// newLogger is the one logger of the process. Long-running commands log from
// info up; one-shot commands only warnings, so their one-line result stays
// readable. BIPKIOSK_LOG=debug|info|warn overrides.
func newLogger(w io.Writer, longRunning bool) *slog.Logger {
	level := slog.LevelWarn
	if longRunning {
		level = slog.LevelInfo
	}
	if v := os.Getenv("BIPKIOSK_LOG"); v != "" {
		_ = level.UnmarshalText([]byte(v)) // an unknown value keeps the default
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
