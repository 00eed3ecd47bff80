package update

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// shortOnce answers the next n requests for path with a 200 whose body is
// only the first part of the file, ended cleanly: a server or proxy that
// delivered a short file without an error.
func shortOnce(s *server, path string, n int) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if n == 0 || r.URL.Path != path {
			return false
		}
		n--
		f := s.get(path)
		half := f.data[:len(f.data)/2]
		w.Header().Set("ETag", f.etag)
		w.Header().Set("Content-Length", strconv.Itoa(len(half)))
		w.WriteHeader(http.StatusOK)
		w.Write(half)
		return true
	}
}

// shortRange answers range requests for path with a 206 that states a range
// ending before the file's last byte and sends only that range.
func shortRange(s *server, path string) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		var start int
		if _, err := fmt.Sscanf(r.Header.Get("Range"), "bytes=%d-", &start); err != nil || r.URL.Path != path {
			return false
		}
		f := s.get(path)
		end := start + (len(f.data)-start)/2
		w.Header().Set("ETag", f.etag)
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end-1, len(f.data)))
		w.Header().Set("Content-Length", strconv.Itoa(end-start))
		w.WriteHeader(http.StatusPartialContent)
		w.Write(f.data[start:end])
		return true
	}
}

// TestDamagedDownloadIsNotAVerdict: a download that is not whole (a short
// body, a resume that stops short, a partial file whose tail a power loss
// turned to zeros) is fetched again from byte 0 in the same check, not
// refused and remembered; the good bundle installs.
func TestDamagedDownloadIsNotAVerdict(t *testing.T) {
	data := makeBundle(t, 1)
	cut := len(data) / 3
	tests := []struct {
		name string
		// before sets up the server (and the downloads folder) for the check
		// that must install.
		before func(t *testing.T, s *server, f *fixture, u *Updater)
	}{
		{name: "short 200 ended cleanly", before: func(t *testing.T, s *server, _ *fixture, _ *Updater) {
			s.setSpecial(shortOnce(s, "/b.zip", 1))
		}},
		{name: "resume answered with a range that stops short", before: func(t *testing.T, s *server, _ *fixture, u *Updater) {
			cutFirst(t, s, u, cut)
			s.setSpecial(shortRange(s, "/b.zip"))
		}},
		{name: "partial file with a tail of zeros after a power loss", before: func(t *testing.T, s *server, f *fixture, u *Updater) {
			cutFirst(t, s, u, cut)
			part := filepath.Join(f.dir, fileKey(s.URL+"/b.zip")+".part")
			fl, err := os.OpenFile(part, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatalf("want the cut transfer's partial file: %v", err)
			}
			fl.Write(make([]byte, 64<<10)) // the size grew, the bytes never reached the disk
			fl.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			srv := newServer(t)
			srv.put("/b.zip", data, 1)
			u := f.updater(t, f.options(srv.URL+"/b.zip"))
			tt.before(t, srv, f, u)
			c, err := u.Check(t.Context())
			if err != nil || c.Result != store.UpdateInstalled || c.Sequence != 1 {
				t.Fatalf("got %s seq %d (%v), want installed seq 1", c.Result, c.Sequence, err)
			}
			if left := f.leftovers(t); len(left) != 0 {
				t.Errorf("downloads folder holds %v, want nothing", left)
			}
		})
	}
}

// cutFirst runs a check whose transfer is cut after n bytes, leaving a
// partial file to resume.
func cutFirst(t *testing.T, s *server, u *Updater, n int) {
	t.Helper()
	s.setSpecial(cutAfter(s, "/b.zip", n))
	if c, _ := u.Check(t.Context()); c.Result != store.UpdateFailed {
		t.Fatalf("cut transfer: got %s, want failed", c.Result)
	}
	s.setSpecial(nil)
}

// TestDamagedTwiceFailsAndIsForgotten: a file damaged on both tries fails
// the check (to be tried again), and nothing about that version is kept, so
// the next check downloads it again instead of reporting a refusal.
func TestDamagedTwiceFailsAndIsForgotten(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	data := makeBundle(t, 1)
	srv.put("/b.zip", data, 1)
	srv.setSpecial(shortOnce(srv, "/b.zip", 2))
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	c, err := u.Check(t.Context())
	if c.Result != store.UpdateFailed || !errors.Is(err, ErrDamaged) || !strings.Contains(c.Error, "will try again") {
		t.Fatalf("damaged twice: got %s (%v), want failed with ErrDamaged saying it will try again", c.Result, err)
	}
	if reqs, _ := srv.sent(); len(reqs) != 2 {
		t.Errorf("damaged twice: %d requests, want 2 (the second from byte 0)", len(reqs))
	} else if reqs[1].Header.Get("Range") != "" {
		t.Errorf("second try asked for Range %q, want the whole file", reqs[1].Header.Get("Range"))
	}
	srv.setSpecial(nil)
	c, err = u.Check(t.Context())
	if err != nil || c.Result != store.UpdateInstalled {
		t.Fatalf("next check: got %s (%v), want installed", c.Result, err)
	}
	if reqs, n := srv.sent(); reqs[0].Header.Get("If-None-Match") != "" || n != int64(len(data)) {
		t.Errorf("next check sent If-None-Match %q and got %d bytes, want no validator and the whole %d bytes",
			reqs[0].Header.Get("If-None-Match"), n, len(data))
	}
}

// TestContentRange parses what a 206 says it holds; the fetcher takes it only
// when the range runs to the file's last byte and the total is stated.
func TestContentRange(t *testing.T) {
	tests := []struct {
		name              string
		h                 string
		start, end, total int64
		ok                bool
	}{
		{"whole rest", "bytes 100-999/1000", 100, 999, 1000, true},
		{"unknown total", "bytes 100-999/*", 100, 999, -1, true},
		{"end past total", "bytes 100-1000/1000", 0, 0, 0, false},
		{"end before start", "bytes 100-99/1000", 0, 0, 0, false},
		{"no end", "bytes 100-/1000", 0, 0, 0, false},
		{"other unit", "items 1-2/3", 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, total, ok := contentRange(tt.h)
			if ok != tt.ok || start != tt.start || end != tt.end || total != tt.total {
				t.Errorf("got %d-%d/%d %t, want %d-%d/%d %t", start, end, total, ok, tt.start, tt.end, tt.total, tt.ok)
			}
		})
	}
}

// TestSyncedSizeIsKept: after a cut transfer the state beside the partial
// file names the bytes synced to disk, which is what a resume keeps.
func TestSyncedSizeIsKept(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	data := makeBundle(t, 1)
	srv.put("/b.zip", data, 1)
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	cutFirst(t, srv, u, 5000)
	raw, err := os.ReadFile(filepath.Join(f.dir, fileKey(srv.URL+"/b.zip")+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var st partState
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(f.dir, fileKey(srv.URL+"/b.zip")+".part"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size != fi.Size() || st.Size < 5000 || st.Owner != u.URL() {
		t.Errorf("state says %d bytes for %q, the partial file has %d; want them equal, at least 5000, for %q", st.Size, st.Owner, fi.Size(), u.URL())
	}
}

// putState writes the state of a partial download as the fetcher keeps it.
func putState(t *testing.T, dir, rawURL, owner string, size int) {
	t.Helper()
	os.MkdirAll(dir, 0o700)
	key := filepath.Join(dir, fileKey(rawURL))
	if err := os.WriteFile(key+".part", make([]byte, size), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _ := json.Marshal(map[string]any{"url": rawURL, "owner": owner, "size": size, "etag": `"v1"`})
	if err := os.WriteFile(key+".json", st, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestSweep: the downloads folder keeps only what a check of this address
// can resume: partial files of other addresses, orphans, the address's own
// finished download left by a crash, and anything older than a day go, at
// start and before every check.
func TestSweep(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	srv.put("/index.json", []byte("{}"), 1)
	feed := srv.URL + "/index.json"
	own, ownEntry, other := feed, srv.URL+"/b-1.zip", srv.URL+"/elsewhere.zip"
	putState(t, f.dir, own, own, 10)
	putState(t, f.dir, ownEntry, own, 10) // a bundle of the feed: kept for resuming
	putState(t, f.dir, other, other, 10)
	putState(t, f.dir, srv.URL+"/stale.zip", own, 10)
	old := time.Now().Add(-25 * time.Hour)
	for _, ext := range []string{".part", ".json"} {
		os.Chtimes(filepath.Join(f.dir, fileKey(srv.URL+"/stale.zip")+ext), old, old)
	}
	os.WriteFile(filepath.Join(f.dir, fileKey(srv.URL+"/orphan.zip")+".part"), []byte("x"), 0o600)
	os.MkdirAll(filepath.Join(f.dir, fileKey(own)), 0o700)                   // own finished download, crash
	os.MkdirAll(filepath.Join(f.dir, fileKey(srv.URL+"/recent.zip")), 0o700) // a day may not have passed
	os.WriteFile(filepath.Join(f.dir, "junk"), nil, 0o600)
	os.Chtimes(filepath.Join(f.dir, "junk"), old, old)

	u := f.updater(t, f.options(feed))
	want := []string{
		fileKey(own) + ".json", fileKey(own) + ".part",
		fileKey(ownEntry) + ".json", fileKey(ownEntry) + ".part",
		fileKey(srv.URL + "/recent.zip"),
	}
	slices.Sort(want)
	if got := f.leftovers(t); !slices.Equal(got, want) {
		t.Errorf("after New: got %v, want %v", got, want)
	}

	putState(t, f.dir, other, other, 10)
	u.Check(t.Context())
	if got := f.leftovers(t); slices.Contains(got, fileKey(other)+".part") {
		t.Errorf("after a check: %v still holds the partial file of another address", got)
	}
}

func TestBaseName(t *testing.T) {
	long := strings.Repeat("a", 97) + ".zip"
	tests := []struct{ name, url, want string }{
		{"plain", "https://x/kiosk/bip-42.zip", "bip-42.zip"},
		{"query ignored", "https://x/b.zip?v=2", "b.zip"},
		{"no file", "https://x/", "bundle.zip"},
		{"odd characters", "https://x/biuletyn%20nowy.zip", "bundle.zip"},
		{"100 bytes", "https://x/" + long[:96] + ".zip", long[:96] + ".zip"},
		{"over 100 bytes", "https://x/" + long, "bundle.zip"},
		{"far over the file system's limit", "https://x/" + strings.Repeat("b", 300) + ".zip", "bundle.zip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := baseName(tt.url); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLongFileName: a bundle whose address ends in a file name longer than
// a file system allows still installs.
func TestLongFileName(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	p := "/" + strings.Repeat("b", 300) + ".zip"
	srv.put(p, makeBundle(t, 1), 1)
	if c, err := f.updater(t, f.options(srv.URL+p)).Check(t.Context()); c.Result != store.UpdateInstalled {
		t.Errorf("got %s (%v), want installed", c.Result, err)
	}
}
