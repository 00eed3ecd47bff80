package update

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// diskOf is a FreeBytes for tests: a disk of free bytes that the files in
// dir use up as they grow.
func diskOf(free int64) func(dir string) (int64, error) {
	return func(dir string) (int64, error) {
		var used int64
		filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					used += info.Size()
				}
			}
			return nil
		})
		return free - used, nil
	}
}

// endless streams zeros with no Content-Length until the client goes away.
func endless(w http.ResponseWriter, r *http.Request) bool {
	w.WriteHeader(http.StatusOK)
	chunk := make([]byte, 64<<10)
	for r.Context().Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			break
		}
	}
	return true
}

// TestDiskGuard: a download stops while the downloads folder's disk still
// has minFreeBytes free, before it starts when the announced size does not
// fit, and leaves no partial file either way.
func TestDiskGuard(t *testing.T) {
	announced := func(size int64) func(http.ResponseWriter, *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool {
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
			w.WriteHeader(http.StatusOK)
			w.Write(make([]byte, 4096))
			<-r.Context().Done()
			return true
		}
	}
	for _, c := range []struct {
		name      string
		serve     func(http.ResponseWriter, *http.Request) bool
		free      int64
		maxOnDisk int64 // most bytes the download may have written
	}{
		{"endless body, no length", endless, minFreeBytes + 20<<20, 20<<20 + syncEvery},
		{"announced size over free space", announced(200 << 20), 300 << 20, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			srv := newServer(t)
			srv.setSpecial(c.serve)
			opts := f.options(srv.URL + "/b.zip")
			opts.MaxBytes = 256 << 20
			opts.FreeBytes = diskOf(c.free)
			u := f.updater(t, opts)
			_, err := u.Check(t.Context())
			if !errors.Is(err, store.ErrDiskFull) {
				t.Fatalf("got %v, want store.ErrDiskFull", err)
			}
			if _, sent := srv.sent(); c.maxOnDisk == 0 && sent > 64<<10 || sent > c.maxOnDisk+8<<20 {
				t.Errorf("server sent %d bytes, want at most about %d", sent, c.maxOnDisk)
			}
			if left := f.leftovers(t); len(left) != 0 {
				t.Errorf("downloads folder holds %v, want nothing", left)
			}
		})
	}
}

// TestContentEncodingRefused: the fetcher asks for the file as it is and
// refuses a compressed answer instead of inflating it past every limit.
func TestContentEncodingRefused(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(make([]byte, 4<<20))
	zw.Close()
	f := newFixture(t)
	srv := newServer(t)
	srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", strconv.Itoa(zipped.Len()))
		w.Write(zipped.Bytes())
		return true
	})
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	c, err := u.Check(t.Context())
	if c.Result != store.UpdateFailed || !errors.Is(err, ErrEncoding) {
		t.Fatalf("got %s (%v), want failed with ErrEncoding", c.Result, err)
	}
	reqs, _ := srv.sent()
	if len(reqs) == 0 || reqs[0].Header.Get("Accept-Encoding") != "identity" {
		t.Errorf("request asked for Accept-Encoding %q, want identity", reqs[0].Header.Get("Accept-Encoding"))
	}
	if left := f.leftovers(t); len(left) != 0 {
		t.Errorf("downloads folder holds %v, want nothing", left)
	}
}

// TestDeadline: a server that drips a byte at a time passes the stall
// timeout but not the overall deadline; the partial file stays only when it
// can be resumed.
func TestDeadline(t *testing.T) {
	for _, validator := range []bool{true, false} {
		t.Run(map[bool]string{true: "resumable", false: "no validator"}[validator], func(t *testing.T) {
			f := newFixture(t)
			srv := newServer(t)
			srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
				if validator {
					w.Header().Set("ETag", `"v1"`)
				}
				w.Header().Set("Content-Length", "100000")
				w.WriteHeader(http.StatusOK)
				for r.Context().Err() == nil {
					w.Write([]byte{0})
					w.(http.Flusher).Flush()
					time.Sleep(5 * time.Millisecond)
				}
				return true
			})
			opts := f.options(srv.URL + "/b.zip")
			opts.StallTimeout = 5 * time.Second
			opts.MaxDuration = 200 * time.Millisecond
			u := f.updater(t, opts)
			c, err := u.Check(t.Context())
			if c.Result != store.UpdateFailed || !errors.Is(err, ErrTooSlow) {
				t.Fatalf("got %s (%v), want failed with ErrTooSlow", c.Result, err)
			}
			if left := f.leftovers(t); validator != (len(left) == 2) {
				t.Errorf("downloads folder holds %v; want the partial file and its state only when resumable", left)
			}
		})
	}
}

// TestCutWithoutValidatorRemoved: a cut transfer that could not be resumed
// (no ETag, no Last-Modified) leaves nothing behind.
func TestCutWithoutValidatorRemoved(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	data := makeBundle(t, 1)
	srv.setSpecial(func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	u := f.updater(t, f.options(srv.URL+"/b.zip"))
	if c, err := u.Check(t.Context()); c.Result != store.UpdateFailed {
		t.Fatalf("got %s (%v), want failed", c.Result, err)
	}
	if left := f.leftovers(t); len(left) != 0 {
		t.Errorf("downloads folder holds %v, want nothing", left)
	}
}

// TestDeadlineFromSize: the time a download is allowed grows with its size
// at the least rate, up to the cap.
func TestDeadlineFromSize(t *testing.T) {
	f := fetcher{minRate: DefaultMinRate, maxTime: DefaultMaxDuration}
	for _, c := range []struct {
		size int64
		want time.Duration
	}{
		{0, deadlineBase},
		{-1, deadlineBase},
		{32 << 20, deadlineBase + 1024*time.Second},
		{1 << 30, DefaultMaxDuration},
		{1 << 62, DefaultMaxDuration},
	} {
		if got := f.deadline(c.size); got != c.want {
			t.Errorf("deadline(%d) = %s, want %s", c.size, got, c.want)
		}
	}
}
