//go:build !unix && !windows

package store

import (
	"errors"
	"io/fs"
)

// freeBytes cannot tell on this platform; imports then run unguarded.
func freeBytes(string) (int64, error) {
	return 0, errors.New("store: free disk space unknown on this platform")
}

// allocated is the disk a file takes, as far as this platform says.
func allocated(info fs.FileInfo) int64 { return info.Size() }
