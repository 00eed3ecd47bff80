package app

import (
	"os"
	"runtime/debug"
)

// readerMemoryLimit is the Go runtime's soft memory limit for a running
// reader (serve, desktop) when GOMEMLIMIT does not set one. Without it the
// heap grows to twice what is live before a collection, and the page cache,
// Badger's block cache and its memtable are most of what is live; with it a
// kiosk stays near its working set (docs/performance.md has the measurement).
// It is soft: a bulletin whose working set needs more gets more, at the cost
// of more frequent collections, never an out-of-memory error.
const readerMemoryLimit = 96 << 20

// limitReaderMemory sets readerMemoryLimit unless the environment chose a limit.
func limitReaderMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(readerMemoryLimit)
	}
}
