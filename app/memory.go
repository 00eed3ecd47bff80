package app

import (
	"os"
	"runtime/debug"
)

// The Go runtime's soft memory limits of a running reader when GOMEMLIMIT
// does not set one. Without a limit the heap grows to twice what is live
// before a collection, and the page cache, Badger's block cache and its
// memtable are most of what is live; with one a reader stays near its
// working set. They are soft: a bulletin whose working set needs more gets
// more, at the cost of more frequent collections, never an out-of-memory
// error. The desktop window serves one reader, beside WebKit's own memory:
// it keeps the tighter limit. A web server for a LAN of terminals is given
// more: at 96 MiB a flood of uncached pages spent most of its CPU in
// collections (789 pages/s, p99 141 ms at 10 000 articles; 2 417 pages/s
// and p99 65 ms at 160 MiB; 2 695 and 58 ms with no limit, for 60 MiB
// more anonymous memory: docs/performance.md).
const (
	desktopMemoryLimit = 96 << 20
	serverMemoryLimit  = 160 << 20
)

// limitReaderMemory sets limit unless the environment chose a limit.
func limitReaderMemory(limit int64) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(limit)
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
