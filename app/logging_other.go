//go:build !unix

package app

import "os"

// sameStream is false: only systemd sets JOURNAL_STREAM.
func sameStream(*os.File, string) bool { return false }
