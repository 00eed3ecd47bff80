//go:build unix

package app

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestPublishedFilesFollowUmask checks that "bundle build" and "bundle
// index" write files a web server can read (mode 0666 less the umask),
// while the private key stays 0600.
func TestPublishedFilesFollowUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	work, data := t.TempDir(), t.TempDir()
	pub := filepath.Join(work, "pub")
	os.Mkdir(pub, 0o755)
	tree, key := newPublisher(t, work, data)
	full := filepath.Join(pub, "b1.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "1", "--out", full)
	delta := filepath.Join(pub, "b2-delta.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "2", "--base", full, "--out", delta)
	mustCLI(t, data, "bundle", "index", pub, "--key", key+".pub")
	for _, c := range []struct {
		path string
		want os.FileMode
	}{
		{full, 0o644},
		{delta, 0o644},
		{filepath.Join(pub, "index.json"), 0o644},
		{key + ".key", 0o600},
	} {
		fi, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != c.want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(c.path), got, c.want)
		}
	}
}
