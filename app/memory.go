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

// batchMemoryLimit is the soft memory limit of "bundle build" and "import"
// when GOMEMLIMIT does not set one. At 100 000 articles what they keep live
// is 200 to 300 MiB (the lean tree's menu and metadata; the store's tables
// being compacted, the bundle's directory, a run of postings), and without a
// limit the heap grows to twice that between collections, past the 512 MiB
// a kiosk PC can give an update. Soft like readerMemoryLimit: a bulletin that
// needs more gets more, at the cost of more frequent collections.
const batchMemoryLimit = 384 << 20

// limitBatchMemory sets batchMemoryLimit unless the environment chose a limit.
func limitBatchMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(batchMemoryLimit)
	}
}
