// Package store keeps the bulletin in an embedded Badger database: content in
// numbered generations that an import writes beside the current one and flips
// atomically, attachment bytes shared between generations by SHA-256, and the
// state that outlives updates (this terminal's visit counts, trusted publisher
// keys, per-installation settings).
//
// Readers see exactly one generation: every read goes through Store.Read, one
// Badger read transaction pinned to the generation that was current when it
// began. The key layout is documented in keys.go.
//
// It may import the standard library, internal/content,
// github.com/dgraph-io/badger/v4, github.com/google/uuid, golang.org/x/text
// (the menu's Polish collation), golang.org/x/sys (free disk space, the directory lock probe)
// and github.com/klauspost/compress/zstd (compressed values, codec.go). It
// knows nothing of zip archives, signatures or HTTP.
package store
