package app

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/internal/speech"
)

// TestSpeechServiceWithoutEngine: with no espeak-ng on PATH the reader gets a
// silent service and the log says why and what to install.
func TestSpeechServiceWithoutEngine(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var logs bytes.Buffer
	svc := speechService(&env{log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err := svc.Available(); !errors.Is(err, speech.ErrNoEngine) {
		t.Errorf("Available() = %v, want ErrNoEngine", err)
	}
	for _, want := range []string{"speech_off", "espeak-ng"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log %q lacks %q", logs.String(), want)
		}
	}
}

func TestSpeechServiceWithEngine(t *testing.T) {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		t.Skip("espeak-ng is not installed")
	}
	var logs bytes.Buffer
	svc := speechService(&env{log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err := svc.Available(); err != nil || logs.Len() != 0 {
		t.Errorf("Available() = %v, log %q; want speech on and nothing logged", err, logs.String())
	}
}

// TestSpeechTraceFromEnvironment: BIPKIOSK_SPEECH_TRACE names a file that
// is appended to; unset, or a file that cannot be opened (logged), there
// is no trace.
func TestSpeechTraceFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "speech.jsonl")
	if err := os.WriteFile(name, []byte("before\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, value string
		on          bool
		log         string
	}{
		{"unset", "", false, ""},
		{"a file", name, true, "speech_trace_on"},
		{"a directory that is not there", filepath.Join(dir, "no", "such.jsonl"), false, "speech_trace_off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(speechTraceEnv, tt.value)
			var logs bytes.Buffer
			w := speechTrace(&env{log: slog.New(slog.NewTextHandler(&logs, nil))})
			if (w != nil) != tt.on || !strings.Contains(logs.String(), tt.log) {
				t.Fatalf("trace %v, log %q; want on %t, logged %q", w, logs.String(), tt.on, tt.log)
			}
			if w == nil {
				return
			}
			defer w.(io.Closer).Close()
			if _, err := w.Write([]byte("after\n")); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(name); string(got) != "before\nafter\n" {
				t.Errorf("file holds %q, want the line appended", got)
			}
		})
	}
}
