package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// controlFixture is a control server over a real store in a temp data
// directory, as a running reader has it.
func controlFixture(t *testing.T) (*controlServer, Config) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.DataDir = t.TempDir()
	st, err := store.Open(filepath.Join(cfg.DataDir, "store"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
	return &controlServer{e: e, st: st, cfg: cfg, free: store.FreeBytes}, cfg
}

// exchange serves one connection of srv with the client side's request
// line and body, and returns the answer.
func exchange(t *testing.T, srv *controlServer, line string, body io.Reader) controlResponse {
	t.Helper()
	client, server := net.Pipe()
	go srv.serve(context.Background(), server)
	defer client.Close()
	go func() {
		io.WriteString(client, line)
		if body != nil {
			io.Copy(client, body)
		}
	}()
	var resp controlResponse
	if err := json.NewDecoder(bufio.NewReader(client)).Decode(&resp); err != nil {
		t.Fatalf("no answer: %v", err)
	}
	return resp
}

// TestControlRefusesHugeRequestLine: a request line is bounded, so a peer
// cannot make the reader hold gigabytes while it waits for a newline.
func TestControlRefusesHugeRequestLine(t *testing.T) {
	srv, _ := controlFixture(t)
	resp := exchange(t, srv, `{"op":"status","name":"`+strings.Repeat("a", 1<<20)+"\"}\n", nil)
	if resp.OK || !strings.Contains(resp.Error, "over") {
		t.Errorf("got %+v, want a refusal of the request line", resp)
	}
}

// TestControlImportLeavesRoom: a bundle sent to the reader is refused before
// it is received when the disk could not take it and keep the room Badger's
// memory-mapped files need, and stopped when the disk fills while it comes.
func TestControlImportLeavesRoom(t *testing.T) {
	tests := []struct {
		name string
		free func(calls *int) int64
	}{
		{"no room from the start", func(*int) int64 { return minFreeBytes + 1<<20 }},
		{"the disk fills while it comes", func(calls *int) int64 {
			if *calls == 1 {
				return 1 << 40
			}
			return minFreeBytes - 1
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, cfg := controlFixture(t)
			calls := 0
			srv.free = func(string) (int64, error) { calls++; return tt.free(&calls), nil }
			const size = 20 << 20
			line := fmt.Sprintf(`{"op":"import","name":"big.zip","size":%d}`+"\n", size)
			resp := exchange(t, srv, line, io.LimitReader(zeros{}, size))
			if resp.OK || !strings.Contains(resp.Error, "free some disk space") {
				t.Errorf("got %+v, want a disk-full refusal", resp)
			}
			if left, _ := filepath.Glob(filepath.Join(downloadsDir(cfg), "control-*")); len(left) != 0 {
				t.Errorf("received files left behind: %v", left)
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestControlStallDoesNotHoldStop: a client that announces a bundle and
// then sends nothing does not keep the reader from stopping.
func TestControlStallDoesNotHoldStop(t *testing.T) {
	srv, cfg := controlFixture(t)
	e := srv.e
	stop := startControl(context.Background(), e, srv.st, cfg)
	conn, err := net.Dial("unix", controlPath(cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, `{"op":"import","name":"slow.zip","size":1000}`+"\n")
	time.Sleep(100 * time.Millisecond) // the server is now reading the body
	stopped := make(chan struct{})
	go func() { stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("stop still waits for a stalled client after 10 s")
	}
	if _, err := os.Stat(controlPath(cfg)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket after stop: %v, want it removed", err)
	}
}
