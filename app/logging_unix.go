//go:build unix

package app

import (
	"fmt"
	"os"
	"syscall"
)

// sameStream reports whether f is the device:inode pair in stream.
func sameStream(f *os.File, stream string) bool {
	info, err := f.Stat()
	if err != nil {
		return false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && fmt.Sprintf("%d:%d", st.Dev, st.Ino) == stream
}
