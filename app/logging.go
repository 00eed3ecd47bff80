package app

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"golang.org/x/term"
)

// logSettings is what BIPKIOSK_LOG chooses: comma-separated words, a format
// (text or json) and a level (debug, info, warn or error), e.g. "json,debug".
type logSettings struct {
	json  bool
	level slog.Level
}

// parseLogSettings reads BIPKIOSK_LOG's value over the defaults: long-running
// commands log from info up; one-shot commands only warnings, so their
// one-line result stays readable. Unknown words are ignored.
func parseLogSettings(v string, longRunning bool) logSettings {
	s := logSettings{level: slog.LevelWarn}
	if longRunning {
		s.level = slog.LevelInfo
	}
	for w := range strings.SplitSeq(v, ",") {
		switch w = strings.TrimSpace(strings.ToLower(w)); w {
		case "json":
			s.json = true
		case "text":
			s.json = false
		default:
			_ = s.level.UnmarshalText([]byte(w)) // an unknown word keeps the level
		}
	}
	return s
}

// newLogger is the one logger of the process, configured by BIPKIOSK_LOG
// (docs/kiosk.md). Under systemd, when stderr is the journal, each line
// starts with its syslog priority (<3> to <7>) so that journald records the
// severity ("journalctl -p warning" works).
func newLogger(w io.Writer, longRunning bool) *slog.Logger {
	return buildLogger(w, parseLogSettings(os.Getenv("BIPKIOSK_LOG"), longRunning), toJournal(w))
}

// buildLogger is newLogger with its choices made.
func buildLogger(w io.Writer, s logSettings, journal bool) *slog.Logger {
	var pw *priorityWriter
	if journal {
		pw = &priorityWriter{w: w}
		w = pw
	}
	opts := &slog.HandlerOptions{Level: s.level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if s.json {
		h = slog.NewJSONHandler(w, opts)
	}
	if pw != nil {
		h = &priorityHandler{inner: h, w: pw}
	}
	return slog.New(h)
}

// toJournal reports whether w is the stream systemd connected to the
// journal: JOURNAL_STREAM names its device and inode (systemd.exec(5)).
func toJournal(w io.Writer) bool {
	stream := os.Getenv("JOURNAL_STREAM")
	f, ok := w.(*os.File)
	return ok && stream != "" && sameStream(f, stream)
}

// priorityWriter prefixes each record's line with the priority its
// handler set just before writing it.
type priorityWriter struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
}

func (p *priorityWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, p.prefix); err != nil {
		return 0, err
	}
	return p.w.Write(b)
}

// priorityHandler sets the syslog priority of each record for priorityWriter.
// slog's handlers write each record in one Write, so the prefix and the line
// stay together under the writer's lock.
type priorityHandler struct {
	inner slog.Handler
	w     *priorityWriter
}

func (h *priorityHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.inner.Enabled(ctx, l)
}

func (h *priorityHandler) Handle(ctx context.Context, r slog.Record) error {
	h.w.mu.Lock()
	defer h.w.mu.Unlock()
	h.w.prefix = syslogPriority(r.Level)
	return h.inner.Handle(ctx, r)
}

func (h *priorityHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &priorityHandler{inner: h.inner.WithAttrs(attrs), w: h.w}
}

func (h *priorityHandler) WithGroup(name string) slog.Handler {
	return &priorityHandler{inner: h.inner.WithGroup(name), w: h.w}
}

// syslogPriority is the sd-daemon(3) prefix for a level.
func syslogPriority(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "<3>"
	case l >= slog.LevelWarn:
		return "<4>"
	case l >= slog.LevelInfo:
		return "<6>"
	default:
		return "<7>"
	}
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
