package app

import (
	"bytes"
	"errors"
	"log/slog"
	"os/exec"
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
