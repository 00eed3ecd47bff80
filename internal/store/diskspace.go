package store

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
)

// ErrDiskFull reports an import refused or stopped because the disk holding
// the store has too little room left. The installed bulletin is untouched.
var ErrDiskFull = errors.New("store: not enough free disk space")

// minFreeBytes is the room an import always leaves on the store's disk.
// Badger writes through memory-mapped files: when a disk fills under a
// mapping the kernel kills the process (SIGBUS) instead of returning an error,
// so the import must stop while there is still room, and the clean-up of the
// half-written generation needs some room too.
const minFreeBytes = 128 << 20

// diskFree reports the free bytes of a directory's disk; tests replace it.
var diskFree = freeBytes

// FreeBytes reports the space on dir's disk that this user may still fill:
// the same measure the import's guard uses, for other writers (downloads)
// that must stop before the disk is full. It fails where the platform cannot say.
func FreeBytes(dir string) (int64, error) { return freeBytes(dir) }

// spaceCheckEvery is how many nodes or blobs pass between free-space checks
// (one statfs each: cheap, but not free).
const spaceCheckEvery = 16

// spaceGuard watches the free space of the store's disk during an import.
type spaceGuard struct {
	dir     string
	free    func(dir string) (int64, error)
	counter int
}

// check returns ErrDiskFull, wrapped with what to do, when less than
// minFreeBytes are free; every spaceCheckEvery-th call looks.
func (g *spaceGuard) check() error {
	g.counter++
	if g.counter%spaceCheckEvery != 0 {
		return nil
	}
	free, err := g.free(g.dir)
	if err != nil || free >= minFreeBytes {
		return nil // a disk that cannot say is not stopped
	}
	return fmt.Errorf("%w: %s has %s free, and an import stops below %s: free some space and import again",
		ErrDiskFull, g.dir, mib(free), mib(minFreeBytes))
}

// checkRoomFor refuses, before anything is written, an import the disk has
// clearly no room for: a new generation about as large as the one installed
// (or, for the first import, as large as the bundle's content), plus the
// margin every import leaves.
func (s *Store) checkRoomFor(src Source) error {
	free, err := diskFree(s.dir)
	if err != nil {
		return nil // the platform cannot say; the guard during import cannot either
	}
	need := s.generationEstimate(src) + minFreeBytes
	if free < need {
		return fmt.Errorf("%w: this import needs about %s free on the disk of %s, and %s is: free %s and import again",
			ErrDiskFull, mib(need), s.dir, mib(free), mib(need-free))
	}
	return nil
}

// generationEstimate guesses the disk a new generation takes: the store's
// size divided among its kept generations (files are shared between
// generations, so a like-sized update needs about that much), or, for the
// first import, twice the content a Source that can say declares (values,
// keys and the search index). A bulletin much larger than the installed one
// is caught by the guard during the import instead.
func (s *Store) generationEstimate(src Source) int64 {
	if gens, err := s.Generations(); err == nil && len(gens) > 0 {
		used, _ := DiskUsage(s.dir) // a file swept meanwhile only makes the guess smaller
		return used / int64(len(gens))
	}
	if sz, ok := src.(interface{ ExpandedSize() int64 }); ok {
		return 2 * sz.ExpandedSize()
	}
	return 0
}

// DiskUsage is the disk the regular files under dir take: their allocated
// blocks, not their apparent size, since Badger's files are sparse and
// preallocated larger than what they hold. Status, benchmarks and the
// reliability tests report a store's size with it.
func DiskUsage(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += allocated(info)
		}
		return err
	})
	return n, err
}

func mib(n int64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }
