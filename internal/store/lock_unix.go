//go:build unix

package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// dirInUse reports whether another Store has dir open: Badger holds an
// exclusive flock on the directory while it runs, so a lock that cannot be
// taken means a running process. The probe's lock is released at once (a
// flock on a second descriptor would keep Badger itself out).
func dirInUse(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return err == unix.EWOULDBLOCK
	}
	unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return false
}
