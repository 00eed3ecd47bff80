package update

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/bundletest"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
	"bipkiosk/internal/synth"
)

// testKey is a fixed publisher key, so test bundles are reproducible.
var testKey = bundletest.Key("Gmina Testowa")

// bulletin is the small generated bulletin of edition seq, with attachments
// (a few hundred kilobytes, mostly incompressible).
func bulletin(seq uint64) bundletest.Content {
	return bundletest.Synth(synth.Options{Articles: 20, Seed: int64(seq), AttachmentsEvery: 2, AttachmentBytes: 20_000})
}

// makeBundle returns the bytes of a signed full bundle of bulletin(seq).
func makeBundle(t testing.TB, seq uint64) []byte {
	t.Helper()
	return bundletest.Bytes(t, bulletin(seq), bundle.WriteOptions{Key: testKey, Sequence: seq})
}

// tamper flips one byte in the middle of a bundle: the signature still
// verifies (the manifest is intact) but an entry's bytes do not match.
func tamper(data []byte) []byte {
	out := bytes.Clone(data)
	out[len(out)/2] ^= 0xff
	return out
}

// fixture is a real store, an Updater on it and the count of its downloads folder.
type fixture struct {
	st  *store.Store
	dir string // downloads
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return &fixture{st: storetest.Open(t, store.Options{}), dir: filepath.Join(t.TempDir(), "downloads")}
}

func (f *fixture) options(rawURL string) Options {
	trust := bundle.TrustKeys(testKey.Public())
	return Options{
		URL: rawURL, Dir: f.dir, Store: f.st, Trust: trust, Limits: bundle.DefaultLimits(),
		Install: func(ctx context.Context, path string) (store.Generation, error) {
			b, err := bundle.Open(path, bundle.OpenOptions{Trust: trust})
			if err != nil {
				return store.Generation{}, err
			}
			defer b.Close()
			return f.st.Import(ctx, b, store.ImportOptions{})
		},
		StallTimeout: 5 * time.Second,
	}
}

func (f *fixture) updater(t *testing.T, opts Options) *Updater {
	t.Helper()
	u, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// installed returns the installed sequence, 0 when none.
func (f *fixture) installed(t *testing.T) uint64 {
	t.Helper()
	g, err := f.st.Current()
	if err != nil {
		return 0
	}
	return g.Edition.Sequence
}

// leftovers lists the files in the downloads folder.
func (f *fixture) leftovers(t *testing.T) []string {
	t.Helper()
	entries, _ := os.ReadDir(f.dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// file is one resource the test server serves.
type file struct {
	data []byte
	etag string
	mod  time.Time
}

// server serves files with http.ServeContent (conditional requests, ranges,
// If-Range) unless a test swaps in its own behaviour, and counts requests and
// body bytes sent.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	files    map[string]file
	special  func(w http.ResponseWriter, r *http.Request) bool // true: handled
	requests []*http.Request
	bytes    atomic.Int64
}

func newServer(t *testing.T) *server {
	s := &server{files: map[string]file{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// put serves data at path with an ETag derived from a version label.
func (s *server) put(path string, data []byte, version int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = file{data: data, etag: `"v` + strconv.Itoa(version) + `"`, mod: time.Date(2025, 6, 1, 0, version, 0, 0, time.UTC)}
}

func (s *server) get(path string) file {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files[path]
}

func (s *server) setSpecial(fn func(w http.ResponseWriter, r *http.Request) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.special = fn
}

// sent returns the requests so far and the body bytes sent, and resets both.
func (s *server) sent() ([]*http.Request, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	reqs := s.requests
	s.requests = nil
	return reqs, s.bytes.Swap(0)
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	special := s.special
	f, ok := s.files[r.URL.Path]
	s.mu.Unlock()
	cw := &countingWriter{ResponseWriter: w, n: &s.bytes}
	if special != nil && special(cw, r) {
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	cw.Header().Set("ETag", f.etag)
	http.ServeContent(cw, r, "", f.mod, bytes.NewReader(f.data))
}

type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// cutAfter answers the next request for path with a full-length 200 whose
// body stops after n bytes: the client sees a cut connection.
func cutAfter(s *server, path string, n int) func(http.ResponseWriter, *http.Request) bool {
	used := false
	return func(w http.ResponseWriter, r *http.Request) bool {
		if used || r.URL.Path != path {
			return false
		}
		used = true
		f := s.get(path)
		w.Header().Set("ETag", f.etag)
		w.Header().Set("Last-Modified", f.mod.Format(http.TimeFormat))
		w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
		w.WriteHeader(http.StatusOK)
		w.Write(f.data[:n])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // drop the connection mid-body
	}
}
