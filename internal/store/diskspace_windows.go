//go:build windows

package store

import (
	"io/fs"

	"golang.org/x/sys/windows"
)

// freeBytes is the space on dir's disk available to this user.
func freeBytes(dir string) (int64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, err
	}
	return int64(avail), nil
}

// allocated is the disk a file takes; Windows does not say cheaply, and
// Badger's files there are not sparse.
func allocated(info fs.FileInfo) int64 { return info.Size() }
