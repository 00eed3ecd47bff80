//go:build unix

package speech

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

func TestEspeakCancelKillsProcess(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	e := fakeEspeak(t, "hang:"+pidFile, EspeakOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.Synthesize(ctx, "espeak-ng/pl", 1, "tekst")
		done <- err
	}()
	var pid int
	waitFor(t, func() bool {
		b, err := os.ReadFile(pidFile)
		pid, _ = strconv.Atoi(string(b))
		return err == nil && pid > 0
	})
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("engine process %d still exists after cancel (kill -0: %v)", pid, err)
	}
}
