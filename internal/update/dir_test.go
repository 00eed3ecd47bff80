package update

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// dirWatcher returns a watcher of dir on the fixture's store and a count of its installs.
func (f *fixture) dirWatcher(t *testing.T, dir string) (*DirWatcher, *atomic.Int32) {
	t.Helper()
	o := f.options("http://unused.invalid/b.zip")
	var installs atomic.Int32
	w, err := NewDirWatcher(DirOptions{
		Dir: dir, Downloads: f.dir, Store: f.st, Trust: o.Trust, Limits: o.Limits, Every: 10 * time.Millisecond,
		Install: func(ctx context.Context, path string) (store.Generation, error) {
			installs.Add(1)
			return o.Install(ctx, path)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return w, &installs
}

func writeFile(t *testing.T, path string, data []byte, mtime time.Time) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

// results lists each check's result and sequence.
func results(checks []store.UpdateCheck) []string {
	var out []string
	for _, c := range checks {
		out = append(out, fmt.Sprintf("%s %s %d", c.Result, filepath.Base(c.URL), c.Sequence))
	}
	return out
}

// TestDirWatcher follows a USB stick through its life: absent, then holding
// several bundles (the newest is installed), a damaged one (refused once,
// never tried again), a corrected copy (installed), and an older one (ignored).
func TestDirWatcher(t *testing.T) {
	f := newFixture(t)
	stick := filepath.Join(t.TempDir(), "usb")
	w, installs := f.dirWatcher(t, stick)
	ctx := context.Background()
	t0 := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

	steps := []struct {
		name    string
		setup   func()
		want    []string
		seq     uint64
		install int32
	}{
		{"no stick", func() {}, nil, 0, 0},
		{"three bundles: the newest installs", func() {
			os.Mkdir(stick, 0o755)
			writeFile(t, filepath.Join(stick, "bip-1.zip"), makeBundle(t, 1), t0)
			writeFile(t, filepath.Join(stick, "bip-3.zip"), makeBundle(t, 3), t0)
			writeFile(t, filepath.Join(stick, "bip-2.zip"), makeBundle(t, 2), t0)
			writeFile(t, filepath.Join(stick, "notes.txt"), []byte("not a bundle"), t0)
		}, []string{"installed bip-3.zip 3"}, 3, 1},
		{"nothing new: nothing recorded", func() {}, nil, 3, 1},
		{"a damaged bundle is refused", func() {
			writeFile(t, filepath.Join(stick, "bip-4.zip"), tamper(makeBundle(t, 4)), t0)
		}, []string{"refused bip-4.zip 4"}, 3, 2},
		{"and never tried again", func() {}, nil, 3, 2},
		{"a file that is not a bundle is refused once", func() {
			writeFile(t, filepath.Join(stick, "garbage.zip"), []byte("PK not really"), t0)
		}, []string{"refused garbage.zip 0"}, 3, 2},
		{"not again", func() {}, nil, 3, 2},
		{"a corrected copy under the same name installs", func() {
			writeFile(t, filepath.Join(stick, "bip-4.zip"), makeBundle(t, 4), t0.Add(time.Hour))
		}, []string{"installed bip-4.zip 4"}, 4, 3},
		{"an older bundle is ignored", func() {
			writeFile(t, filepath.Join(stick, "old.zip"), makeBundle(t, 2), t0.Add(2*time.Hour))
		}, nil, 4, 3},
		{"the stick is pulled out", func() { os.RemoveAll(stick) }, nil, 4, 3},
	}
	for _, s := range steps {
		s.setup()
		got := results(w.Check(ctx))
		if len(got) != len(s.want) || (len(got) > 0 && got[0] != s.want[0]) {
			t.Errorf("%s: checks %q, want %q", s.name, got, s.want)
		}
		if seq := f.installed(t); seq != s.seq {
			t.Errorf("%s: installed sequence %d, want %d", s.name, seq, s.seq)
		}
		if n := installs.Load(); n != s.install {
			t.Errorf("%s: %d installs so far, want %d", s.name, n, s.install)
		}
		if left := f.leftovers(t); len(left) != 0 {
			t.Errorf("%s: downloads folder holds %v after the look", s.name, left)
		}
	}
}

// TestDirWatcherRunRecords: Run records what it installed, for the footer
// and the operator screen.
func TestDirWatcherRunRecords(t *testing.T) {
	f := newFixture(t)
	stick := t.TempDir()
	writeFile(t, filepath.Join(stick, "bip-5.zip"), makeBundle(t, 5), time.Now())
	w, _ := f.dirWatcher(t, stick)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if c, err := f.st.LastUpdateCheck(); err == nil {
			if c.Result != store.UpdateInstalled || c.Sequence != 5 || c.URL != filepath.Join(stick, "bip-5.zip") {
				t.Errorf("recorded %+v, want sequence 5 installed from bip-5.zip", c)
			}
			return
		}
	}
	t.Fatal("no update check recorded")
}
