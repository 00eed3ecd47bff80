package update

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/store"
)

// TestNotModified installs a bundle, then checks again: the server answers
// 304 and not one byte of the bundle is sent a second time.
func TestNotModified(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	data := makeBundle(t, 1)
	srv.put("/bulletin.zip", data, 1)
	u := f.updater(t, f.options(srv.URL+"/bulletin.zip"))

	c, err := u.Check(t.Context())
	if err != nil || c.Result != store.UpdateInstalled || c.Sequence != 1 {
		t.Fatalf("first check: got %s seq %d (%v), want installed seq 1", c.Result, c.Sequence, err)
	}
	if _, n := srv.sent(); n != int64(len(data)) {
		t.Errorf("first check: server sent %d bytes, want %d", n, len(data))
	}
	c, err = u.Check(t.Context())
	if err != nil || c.Result != store.UpdateUnchanged || c.Sequence != 1 {
		t.Fatalf("second check: got %s seq %d (%v), want unchanged seq 1", c.Result, c.Sequence, err)
	}
	reqs, n := srv.sent()
	if len(reqs) != 1 || n != 0 {
		t.Errorf("second check: %d requests, %d body bytes, want 1 request and 0 bytes", len(reqs), n)
	}
	if got := reqs[0].Header.Get("If-None-Match"); got != `"v1"` {
		t.Errorf("second check sent If-None-Match %q, want %q", got, `"v1"`)
	}
	if left := f.leftovers(t); len(left) != 0 {
		t.Errorf("downloads folder holds %v, want nothing after the install", left)
	}
}

// TestLastModifiedOnly: a server without ETags is asked with If-Modified-Since.
func TestLastModifiedOnly(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	srv.put("/b.zip", makeBundle(t, 1), 1)
	srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
		fl := srv.get("/b.zip")
		http.ServeContent(w, r, "", fl.mod, strings.NewReader(string(fl.data)))
		return true
	})
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	if c, err := u.Check(t.Context()); c.Result != store.UpdateInstalled {
		t.Fatalf("first check: got %s (%v), want installed", c.Result, err)
	}
	srv.sent()
	if c, err := u.Check(t.Context()); c.Result != store.UpdateUnchanged {
		t.Fatalf("second check: got %s (%v), want unchanged", c.Result, err)
	}
	reqs, n := srv.sent()
	if n != 0 || reqs[0].Header.Get("If-Modified-Since") == "" {
		t.Errorf("second check: %d bytes, If-Modified-Since %q; want 0 bytes and a date", n, reqs[0].Header.Get("If-Modified-Since"))
	}
}

// TestResume cuts the first transfer halfway; the next check resumes with
// Range and If-Range, or starts again cleanly when the server ignores the
// range or now has another version.
func TestResume(t *testing.T) {
	v1, v2 := makeBundle(t, 1), makeBundle(t, 2)
	tests := []struct {
		name      string
		after     func(s *server) // between the cut and the second check
		wantSeq   uint64
		wantBytes func(cut int) int64 // body bytes of the second check
		wantRange bool                // the second request asked for a range
	}{
		{
			name:      "resumed",
			after:     func(*server) {},
			wantSeq:   1,
			wantBytes: func(cut int) int64 { return int64(len(v1) - cut) },
			wantRange: true,
		},
		{
			name: "server ignores Range",
			after: func(s *server) {
				s.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
					r = r.Clone(r.Context())
					r.Header.Del("Range")
					fl := s.get("/b.zip")
					w.Header().Set("ETag", fl.etag)
					http.ServeContent(w, r, "", fl.mod, bytes.NewReader(fl.data))
					return true
				})
			},
			wantSeq:   1,
			wantBytes: func(int) int64 { return int64(len(v1)) },
			wantRange: true,
		},
		{
			name:      "version changed",
			after:     func(s *server) { s.put("/b.zip", v2, 2) },
			wantSeq:   2,
			wantBytes: func(int) int64 { return int64(len(v2)) },
			wantRange: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			srv := newServer(t)
			srv.put("/b.zip", v1, 1)
			cut := len(v1) / 3
			srv.setSpecial(cutAfter(srv, "/b.zip", cut))
			u := f.updater(t, f.options(srv.URL+"/b.zip"))
			c, err := u.Check(t.Context())
			if c.Result != store.UpdateFailed || err == nil {
				t.Fatalf("cut transfer: got %s (%v), want failed", c.Result, err)
			}
			if f.installed(t) != 0 {
				t.Fatalf("cut transfer installed sequence %d", f.installed(t))
			}
			srv.sent()
			srv.setSpecial(nil)
			tt.after(srv)
			c, err = u.Check(t.Context())
			if err != nil || c.Result != store.UpdateInstalled || c.Sequence != tt.wantSeq {
				t.Fatalf("second check: got %s seq %d (%v), want installed seq %d", c.Result, c.Sequence, err, tt.wantSeq)
			}
			reqs, n := srv.sent()
			if n != tt.wantBytes(cut) {
				t.Errorf("second check: server sent %d bytes, want %d", n, tt.wantBytes(cut))
			}
			gotRange := reqs[0].Header.Get("If-Range") == `"v1"` && strings.HasPrefix(reqs[0].Header.Get("Range"), "bytes=")
			if gotRange != tt.wantRange {
				t.Errorf("second request Range %q If-Range %q, want a range from the partial file: %t",
					reqs[0].Header.Get("Range"), reqs[0].Header.Get("If-Range"), tt.wantRange)
			}
			if left := f.leftovers(t); len(left) != 0 {
				t.Errorf("downloads folder holds %v, want nothing", left)
			}
		})
	}
}

// TestServerErrors: a non-2xx answer fails the check with ErrStatus and a
// message naming the address and the status (no flag: app adds that);
// nothing is installed.
func TestServerErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   string
	}{
		{"missing", http.StatusNotFound, "/bulletin.zip: server answered 404 Not Found"},
		{"broken", http.StatusInternalServerError, "/bulletin.zip: server answered 500 Internal Server Error"},
		{"forbidden", http.StatusForbidden, "server answered 403 Forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			srv := newServer(t)
			srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
				http.Error(w, "nope", tt.status)
				return true
			})
			u := f.updater(t, f.options(srv.URL+"/bulletin.zip"))
			c, err := u.Check(t.Context())
			if c.Result != store.UpdateFailed || !errors.Is(err, ErrStatus) {
				t.Fatalf("got %s (%v), want failed with ErrStatus", c.Result, err)
			}
			if !strings.Contains(c.Error, tt.want) || !strings.HasPrefix(c.Error, srv.URL) || strings.Contains(c.Error, "--") {
				t.Errorf("error %q, want it to start with the address and contain %q, and name no flag", c.Error, tt.want)
			}
		})
	}
}

// TestStall: a server that sends headers and then nothing is given up after
// the stall timeout, not after the whole transfer's worth of time.
func TestStall(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	data := makeBundle(t, 1)
	srv.put("/b.zip", data, 1)
	srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Length", "999999")
		w.WriteHeader(http.StatusOK)
		w.Write(data[:1000])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return true
	})
	opts := f.options(srv.URL + "/b.zip")
	opts.StallTimeout = 200 * time.Millisecond
	u := f.updater(t, opts)
	start := time.Now()
	c, err := u.Check(t.Context())
	if c.Result != store.UpdateFailed || !errors.Is(err, ErrStalled) {
		t.Fatalf("got %s (%v), want failed with ErrStalled", c.Result, err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("gave up after %s, want about the stall timeout of %s", d, opts.StallTimeout)
	}
}

// TestTooLarge refuses a bundle over the size limit, whether the server says
// its length or streams it, and leaves no partial file behind.
func TestTooLarge(t *testing.T) {
	data := makeBundle(t, 1)
	for _, chunked := range []bool{false, true} {
		t.Run(map[bool]string{false: "Content-Length", true: "chunked"}[chunked], func(t *testing.T) {
			f := newFixture(t)
			srv := newServer(t)
			srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
				w.Header().Set("ETag", `"v1"`)
				if !chunked {
					w.Header().Set("Content-Length", "1000000")
				}
				w.WriteHeader(http.StatusOK)
				if chunked {
					w.Write(data)
				}
				return true
			})
			for _, hint := range []string{"", "raise the limit"} {
				opts := f.options(srv.URL + "/b.zip")
				opts.MaxBytes = int64(len(data)) / 2
				if hint != "" {
					opts.Hint = func(err error) error { return fmt.Errorf("%w: %s", err, hint) }
				}
				u := f.updater(t, opts)
				c, err := u.Check(t.Context())
				le := (*LimitError)(nil)
				if c.Result != store.UpdateRefused || !errors.Is(err, ErrTooLarge) || !errors.As(err, &le) || le.URL != srv.URL+"/b.zip" {
					t.Fatalf("got %s (%v), want refused with a LimitError for the address", c.Result, err)
				}
				if strings.Contains(c.Error, "--") || strings.HasSuffix(c.Error, hint) != true {
					t.Errorf("with hint %q the message is %q; want the hint at its end and no flag", hint, c.Error)
				}
				if left := f.leftovers(t); len(left) != 0 {
					t.Errorf("downloads folder holds %v, want nothing", left)
				}
			}
		})
	}
}

// TestTamperedRefused serves a tampered newer bundle over an installed one:
// it is refused, the installed bulletin is untouched, and the same refused
// version is not downloaded again until an operator asks for it.
func TestTamperedRefused(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	srv.put("/b.zip", makeBundle(t, 1), 1)
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	if c, err := u.Check(t.Context()); c.Result != store.UpdateInstalled {
		t.Fatalf("first check: got %s (%v), want installed", c.Result, err)
	}
	before, _ := f.st.Current()

	bad := tamper(makeBundle(t, 2))
	srv.put("/b.zip", bad, 2)
	srv.sent()
	c, err := u.Check(t.Context())
	if c.Result != store.UpdateRefused || err == nil {
		t.Fatalf("tampered: got %s (%v), want refused", c.Result, err)
	}
	after, _ := f.st.Current()
	if after.Number != before.Number || after.Articles != before.Articles || after.Edition.Sequence != 1 {
		t.Errorf("after the refusal the store shows generation %d seq %d, want generation %d seq 1", after.Number, after.Edition.Sequence, before.Number)
	}
	if left := f.leftovers(t); len(left) != 0 {
		t.Errorf("downloads folder holds %v, want nothing", left)
	}

	srv.sent()
	c, err = u.Check(t.Context())
	if c.Result != store.UpdateRefused || !errors.Is(err, ErrRefusedBefore) {
		t.Fatalf("same tampered version again: got %s (%v), want refused, not downloaded again", c.Result, err)
	}
	if _, n := srv.sent(); n != 0 {
		t.Errorf("same tampered version again: server sent %d bytes, want 0", n)
	}

	opts := f.options(srv.URL + "/b.zip")
	opts.RetryRefused = true
	retry := f.updater(t, opts)
	c, _ = retry.Check(t.Context())
	if _, n := srv.sent(); c.Result != store.UpdateRefused || n != int64(len(bad)) {
		t.Errorf("manual retry: got %s with %d bytes sent, want refused after downloading %d bytes", c.Result, n, len(bad))
	}

	srv.put("/b.zip", makeBundle(t, 2), 3) // the publisher fixes it
	if c, err := u.Check(t.Context()); c.Result != store.UpdateInstalled || c.Sequence != 2 {
		t.Errorf("corrected bundle: got %s seq %d (%v), want installed seq 2", c.Result, c.Sequence, err)
	}
}

// TestUntrustedRefused refuses a bundle of a publisher without a pinned key.
func TestUntrustedRefused(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	srv.put("/b.zip", makeBundle(t, 1), 1)
	opts := f.options(srv.URL + "/b.zip")
	opts.Trust = bundle.TrustKeys() // no key pinned
	u := f.updater(t, opts)
	c, err := u.Check(t.Context())
	if c.Result != store.UpdateRefused || !errors.Is(err, bundle.ErrUntrusted) || f.installed(t) != 0 {
		t.Fatalf("got %s (%v), installed %d; want refused and nothing installed", c.Result, err, f.installed(t))
	}
}

// TestDownloadsFolderInsideStore checks that a downloads folder inside the
// data directory does not disturb Badger: the store reopens with its bulletin.
func TestDownloadsFolderInsideStore(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t)
	srv.put("/b.zip", makeBundle(t, 1), 1)
	srv.setSpecial(cutAfter(srv, "/b.zip", 5000)) // leaves a partial file behind
	f := &fixture{st: st, dir: filepath.Join(dir, "downloads")}
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	u.Check(t.Context())
	srv.setSpecial(nil)
	srv.put("/c.zip", makeBundle(t, 2), 2)
	if c, err := f.updater(t, f.options(srv.URL+"/c.zip")).Check(t.Context()); c.Result != store.UpdateInstalled {
		t.Fatalf("got %s (%v), want installed", c.Result, err)
	}
	srv.setSpecial(cutAfter(srv, "/c.zip", 5000)) // leaves a partial file behind again
	srv.put("/c.zip", makeBundle(t, 3), 3)
	f.updater(t, f.options(srv.URL+"/c.zip")).Check(t.Context())
	if len(f.leftovers(t)) == 0 {
		t.Fatal("want the partial download of c.zip left in the downloads folder")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatalf("reopen with a downloads folder inside: %v", err)
	}
	defer st.Close()
	if g, err := st.Current(); err != nil || g.Edition.Sequence != 2 {
		t.Errorf("after reopening: sequence %d (%v), want 2", g.Edition.Sequence, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "downloads")); err != nil {
		t.Errorf("downloads folder gone after reopening: %v", err)
	}
}

// TestCancel: a check cut short by shutdown is a failure and installs nothing.
func TestCancel(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	srv.put("/b.zip", makeBundle(t, 1), 1)
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if c, _ := u.Check(ctx); c.Result != store.UpdateFailed || f.installed(t) != 0 {
		t.Errorf("cancelled check: got %s, installed %d; want failed, nothing installed", c.Result, f.installed(t))
	}
}

func TestNewRefusesBadAddress(t *testing.T) {
	f := newFixture(t)
	for _, addr := range []string{"ftp://example.org/b.zip", "/tmp/b.zip", "https://", "bulletin.zip"} {
		if _, err := New(f.options(addr)); !errors.Is(err, ErrAddress) || strings.Contains(err.Error(), "--") {
			t.Errorf("New(%q): got %v, want ErrAddress naming no flag", addr, err)
		}
	}
}
