package speech

import (
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeEngineEnv makes the test binary act as the engine program: the pool
// and cancellation tests run it in place of espeak-ng.
const fakeEngineEnv = "BIPKIOSK_SPEECH_FAKE_ENGINE"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEngineEnv); mode != "" {
		os.Exit(fakeEngine(mode))
	}
	os.Exit(m.Run())
}

// fakeEngine reads stdin, writes a short WAV to stdout and, by mode:
// "count:DIR" records how many fakes run at once, "hang:FILE" writes its
// pid to FILE and sleeps for a minute.
func fakeEngine(mode string) int {
	_, _ = io.ReadAll(os.Stdin)
	kind, arg, _ := strings.Cut(mode, ":")
	pid := strconv.Itoa(os.Getpid())
	switch kind {
	case "count":
		own := filepath.Join(arg, "running-"+pid)
		_ = os.WriteFile(own, nil, 0o600)
		running, _ := filepath.Glob(filepath.Join(arg, "running-*"))
		_ = os.WriteFile(filepath.Join(arg, "seen-"+pid), []byte(strconv.Itoa(len(running))), 0o600)
		time.Sleep(300 * time.Millisecond)
		_ = os.Remove(own)
	case "hang":
		_ = os.WriteFile(arg, []byte(pid), 0o600)
		time.Sleep(time.Minute)
	}
	_, _ = os.Stdout.Write(testWAV(2205))
	return 0
}

// fakeEspeak is the engine running the test binary as its program.
func fakeEspeak(t *testing.T, mode string, opts EspeakOptions) *Espeak {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeEngineEnv, mode)
	opts.Program = exe
	e, err := NewEspeak(opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// testWAV is a 22,050 Hz mono 16-bit WAV of n silent samples whose sizes
// are the "unknown" 0x7fffffff a pipe gets from espeak-ng.
func testWAV(samples int) []byte {
	b := make([]byte, 44+2*samples)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], 0x7fffffff)
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 22050)
	binary.LittleEndian.PutUint32(b[28:], 44100)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], 0x7fffffff)
	return b
}

// requireEspeak skips when espeak-ng is not installed, except in CI, where
// scripts/setup --test installs it and its absence is a failure.
func requireEspeak(tb testing.TB) *Espeak {
	tb.Helper()
	e, err := NewEspeak(EspeakOptions{})
	if err == nil {
		return e
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("espeak-ng is required in CI (scripts/setup --test installs it): %v", err)
	}
	tb.Skipf("espeak-ng is not installed (scripts/setup --test installs it): %v", err)
	return nil
}
