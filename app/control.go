package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/store"
)

// The control socket lets "bipkiosk status" and "bipkiosk import" reach a
// running reader (serve or desktop), which holds the store: Badger lets one
// process open it. The reader listens on a Unix domain socket in the data
// directory, readable by its own user only; each connection carries one
// request, a JSON line (an import's bundle bytes follow it), and one
// response, a JSON line. docs/kiosk.md describes the protocol.

// controlSocketName is the socket's file name in the data directory.
const controlSocketName = "control.sock"

// controlTimeout bounds a request's JSON line and the response to status:
// the peer is on the same computer.
const controlTimeout = 30 * time.Second

// errNoReader means no running reader answers on the control socket.
var errNoReader = errors.New("control: no running reader answers")

// controlRequest is the request line.
type controlRequest struct {
	Op string `json:"op"` // "status", "import" (a file's bytes follow), "import_url" or "trust"
	// Name is the bundle file's base name, for messages; Size is the number
	// of bytes that follow the line (import).
	Name string `json:"name,omitempty"`
	Size int64  `json:"size,omitempty"`
	// URL is the address to check once (import_url).
	URL              string `json:"url,omitempty"`
	ReplacePublisher bool   `json:"replace_publisher,omitempty"`
	// Key is a publisher's public key file (trust); Replace lets it replace
	// another key pinned for the same publisher.
	Key     string        `json:"key,omitempty"`
	Replace bool          `json:"replace,omitempty"`
	Limits  bundle.Limits `json:"limits"`
}

// controlResponse is the response line: OK with a one-line Message (import)
// or a Status (status); otherwise Error says why, in one line.
type controlResponse struct {
	OK      bool          `json:"ok"`
	Message string        `json:"message,omitempty"`
	Status  *statusReport `json:"status,omitempty"`
	Empty   bool          `json:"empty,omitempty"` // status: no bulletin installed
	Error   string        `json:"error,omitempty"`
}

// controlPath is the socket's path for a data directory.
func controlPath(cfg Config) string { return filepath.Join(cfg.DataDir, controlSocketName) }

// startControl listens on the control socket and answers requests against
// st until the returned stop is called; stop also waits for requests under
// way, so the store can be closed after it. A socket that cannot be opened
// (a path too long for a Unix socket, an old Windows) is logged: the reader
// works without it.
func startControl(ctx context.Context, e *env, st *store.Store, cfg Config) (stop func()) {
	path := controlPath(cfg)
	// The reader holds the store's lock, so a socket file left here is stale.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		e.log.Warn("control_socket_unavailable", "path", path, "err", err)
		return func() {}
	}
	ln, err := listenPrivate(path)
	if err != nil {
		e.log.Warn("control_socket_unavailable", "path", path, "err", err)
		return func() {}
	}
	e.log.Info("control_socket", "path", path)
	srv := &controlServer{e: quietEnv(e), st: st, cfg: cfg, free: store.FreeBytes}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { srv.serve(ctx, conn) })
		}
	})
	return func() {
		cancel()
		ln.Close()
		os.Remove(path)
		wg.Wait()
	}
}

// listenPrivate listens on a Unix socket at path that only this user may
// connect to. A socket is created with the umask's mode, so it is bound
// under a random name first, made 0600, and only then given its known name:
// no one can connect in between.
func listenPrivate(path string) (net.Listener, error) {
	if runtime.GOOS == "windows" {
		return net.Listen("unix", path) // the data directory's ACL applies
	}
	tmp := fmt.Sprintf("%s.%x", path, rand.Uint32()) // short: a socket path has about 100 bytes
	ln, err := net.Listen("unix", tmp)
	if err != nil {
		return nil, err
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false) // stop removes the socket by its known name
	if err := os.Chmod(tmp, 0o600); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, err
	}
	if err := os.Rename(tmp, path); err != nil {
		ln.Close()
		os.Remove(tmp)
		return nil, err
	}
	return ln, nil
}

// quietEnv is e without a progress line: a reader's output is its log.
func quietEnv(e *env) *env {
	q := *e
	q.interactive = false
	return &q
}

// controlServer answers the control socket of a running reader.
type controlServer struct {
	e       *env
	st      *store.Store
	cfg     Config
	trustMu sync.Mutex // trust compares and pins in two steps: one request at a time
	// free measures a disk's free space (store.FreeBytes; tests fill the disk).
	free func(dir string) (int64, error)
}

// maxRequestLine bounds a request line; a public key, the longest field, is
// well under a kilobyte.
const maxRequestLine = 64 << 10

// readLine reads one line of at most max bytes.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > max {
			return nil, fmt.Errorf("control: request line over %d bytes", max)
		}
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

// idleReader reads the bundle that follows an import request, allowing
// controlTimeout between chunks: a large bundle may take long, a stalled
// sender may not.
type idleReader struct {
	conn net.Conn
	r    io.Reader
}

func (ir idleReader) Read(p []byte) (int, error) {
	ir.conn.SetReadDeadline(time.Now().Add(controlTimeout))
	return ir.r.Read(p)
}

// serve answers one connection's request.
func (s *controlServer) serve(ctx context.Context, conn net.Conn) {
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() }) // a stalled client never holds up the reader's stop
	defer stop()
	conn.SetReadDeadline(time.Now().Add(controlTimeout))
	r := bufio.NewReader(conn)
	line, err := readLine(r, maxRequestLine)
	var req controlRequest
	if err == nil {
		err = json.Unmarshal(line, &req)
	}
	resp := controlResponse{}
	if err != nil {
		resp.Error = fmt.Sprintf("control: unreadable request: %v", err)
	} else {
		s.e.log.Info("control_request", "op", req.Op, "name", req.Name, "url", req.URL)
		resp = s.answer(ctx, conn, r, req)
	}
	conn.SetWriteDeadline(time.Now().Add(controlTimeout))
	if err := json.NewEncoder(conn).Encode(resp); err != nil {
		s.e.log.Warn("control_reply_failed", "op", req.Op, "err", err)
	}
}

// answer carries out one request; an import's bytes are read from r.
func (s *controlServer) answer(ctx context.Context, conn net.Conn, r io.Reader, req controlRequest) controlResponse {
	out := &bytes.Buffer{}
	e := *s.e
	e.stdout = out
	var err error
	switch req.Op {
	case "status":
		rep, serr := buildStatus(s.st, s.cfg)
		if errors.Is(serr, store.ErrEmpty) {
			return controlResponse{OK: true, Empty: true}
		}
		if serr != nil {
			return controlResponse{Error: serr.Error()}
		}
		return controlResponse{OK: true, Status: &rep}
	case "import":
		err = s.receive(ctx, &e, idleReader{conn, r}, req)
	case "import_url":
		err = importURL(ctx, &e, s.st, s.cfg, req.URL, req.ReplacePublisher, limitsOrDefault(req.Limits))
	case "trust":
		var msg string
		if msg, err = s.trust(req); err == nil {
			return controlResponse{OK: true, Message: msg}
		}
	default:
		err = fmt.Errorf("control: unknown request %q", req.Op)
	}
	if err != nil {
		s.e.log.Warn("control_import_refused", "name", req.Name, "url", req.URL, "err", err)
		return controlResponse{Error: err.Error()}
	}
	return controlResponse{OK: true, Message: string(bytes.TrimSpace(out.Bytes()))}
}

// receive copies the bundle that follows the request into the downloads
// folder, then verifies and installs it as "bipkiosk import FILE" does.
func (s *controlServer) receive(ctx context.Context, e *env, r io.Reader, req controlRequest) error {
	limits := limitsOrDefault(req.Limits)
	name := filepath.Base(req.Name)
	if name == "." || name == ".." || name == string(filepath.Separator) {
		name = "bundle.zip"
	}
	if req.Size <= 0 || req.Size > limits.MaxTotalBytes {
		return fmt.Errorf("%s: %d bytes: not a bundle this reader accepts (at most %d; raise --max-total-bytes)", name, req.Size, limits.MaxTotalBytes)
	}
	// A folder of its own keeps the operator's file name, which the
	// verifier's messages start with.
	if err := os.MkdirAll(downloadsDir(s.cfg), 0o700); err != nil {
		return fmt.Errorf("control: downloads folder: %w", err)
	}
	dir, err := os.MkdirTemp(downloadsDir(s.cfg), "control-")
	if err != nil {
		return fmt.Errorf("control: downloads folder: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("control: downloads folder: %w", err)
	}
	if err := roomFor(s.free, dir, req.Size); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	n, err := io.CopyN(&roomWriter{w: f, dir: dir, free: s.free}, r, req.Size)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: received %d of %d bytes: %w; run the import again", name, n, req.Size, err)
	}
	return importFile(ctx, e, s.st, path, name, req.ReplacePublisher, limits)
}

// trust pins the public key the request carries, as "bipkiosk trust" does.
func (s *controlServer) trust(req controlRequest) (string, error) {
	s.trustMu.Lock()
	defer s.trustMu.Unlock()
	pub, err := bundle.ParsePublicKey(req.Name, []byte(req.Key))
	if err != nil {
		return "", err
	}
	return trustKey(s.st, req.Name, pub, req.Replace)
}

// minFreeBytes is the room a received bundle leaves on the data directory's
// disk, as a download and an import do: Badger writes through memory-mapped
// files, and a disk that fills under them kills the reader.
const minFreeBytes = 128 << 20

// roomFor reports store.ErrDiskFull when dir's disk cannot take n more bytes
// and still leave minFreeBytes; a disk that cannot say is not stopped.
func roomFor(measure func(string) (int64, error), dir string, n int64) error {
	free, err := measure(dir)
	if err != nil || free-minFreeBytes >= n {
		return nil
	}
	return fmt.Errorf("%w: %d bytes to receive, and %s has %d free of the %d a bundle leaves; free some disk space", store.ErrDiskFull, n, dir, free, int64(minFreeBytes))
}

// roomWriter stops writing once the disk is down to minFreeBytes, looking
// every 8 MiB (other writers share the disk).
type roomWriter struct {
	w       io.Writer
	dir     string
	free    func(string) (int64, error)
	written int64
}

func (rw *roomWriter) Write(p []byte) (int, error) {
	if rw.written/(8<<20) != (rw.written+int64(len(p)))/(8<<20) {
		if err := roomFor(rw.free, rw.dir, 0); err != nil {
			return 0, err
		}
	}
	n, err := rw.w.Write(p)
	rw.written += int64(n)
	return n, err
}

// limitsOrDefault is l, or the default limits when the peer sent none.
func limitsOrDefault(l bundle.Limits) bundle.Limits {
	if l == (bundle.Limits{}) {
		return bundle.DefaultLimits()
	}
	return l
}

// dialControl connects to a running reader's control socket.
func dialControl(ctx context.Context, cfg Config) (net.Conn, error) {
	var d net.Dialer
	d.Timeout = 5 * time.Second
	conn, err := d.DialContext(ctx, "unix", controlPath(cfg))
	if err != nil {
		return nil, fmt.Errorf("%w on %s: %v", errNoReader, controlPath(cfg), err)
	}
	return conn, nil
}

// askControl sends req (then body, when not nil) and reads the response.
func askControl(ctx context.Context, cfg Config, req controlRequest, body io.Reader) (controlResponse, error) {
	conn, err := dialControl(ctx, cfg)
	if err != nil {
		return controlResponse{}, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if req.Op != "import" && req.Op != "import_url" {
		conn.SetDeadline(time.Now().Add(2 * controlTimeout)) // a hung reader does not hang status or trust
	}
	line, err := json.Marshal(req)
	if err != nil {
		return controlResponse{}, err
	}
	if _, err := conn.Write(append(line, '\n')); err != nil {
		return controlResponse{}, fmt.Errorf("control: send request: %w", err)
	}
	var sendErr error
	if body != nil {
		_, sendErr = io.Copy(conn, body)
	}
	// The reader may refuse before it has read everything (and then
	// closes): its answer says why better than the broken write.
	var resp controlResponse
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		if sendErr != nil {
			return controlResponse{}, fmt.Errorf("control: send %s: %w", req.Name, sendErr)
		}
		return controlResponse{}, fmt.Errorf("control: the running reader did not answer: %w (see its log)", err)
	}
	if !resp.OK {
		return resp, errors.New(resp.Error)
	}
	return resp, nil
}
