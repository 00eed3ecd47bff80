package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
)

// SchemaVersion is the layout version this build writes and reads (see keys.go).
// Version 2 stores content values zstd-compressed (codec.go).
const SchemaVersion = 2

// upgrades[i] turns a store of schema version i+1 into version i+2. Each step
// runs in order at Open, so a store can skip any number of releases.
var upgrades = []func(db *badger.DB) error{
	// 1 → 2: nothing to rewrite. Uncompressed values read as they are, and the
	// next import writes compressed ones; the new number only makes an older
	// build refuse the store instead of misreading a compressed value.
	func(*badger.DB) error { return nil },
}

// MaxBlobSize is the largest attachment the store accepts: one Badger value
// must fit in one value log file.
const MaxBlobSize = valueLogFileSize - 1<<20

// valueLogFileSize keeps value log files small enough for a kiosk's disk (Badger
// maps twice this size while a file is open) and for value-log GC to reclaim
// space file by file, yet large enough for big scanned PDFs.
const valueLogFileSize = 128 << 20

// valueLogMaxEntries closes a value log file after this many values, long
// before it reaches valueLogFileSize when values are pages and ordinary
// attachments. Value-log GC never rewrites the file being written, so in a
// store smaller than one such file the garbage of swept generations would
// stay; smaller files let the GC after each sweep reclaim it file by file
// (see docs/reliability.md for the measured bound), while one file can still
// hold the largest attachment.
const valueLogMaxEntries = 4000

// valueThreshold sends values above 64 KiB (attachment bytes, very long
// articles) to the value log, so compactions do not rewrite them.
const valueThreshold = 1 << 10

// memTableSize is the size of one Badger memtable. Its arena is allocated
// whole when the memtable is created and counts as live heap, so a reader,
// which writes only visit counts, pays for it all the time; 16 MiB keeps
// an import's write batches large (Badger allows a batch of about a tenth
// of it) while halving what a reader holds.
const memTableSize = 16 << 20

// blockCacheSize bounds Badger's cache of decompressed table blocks. The
// tables hold keys and small values (summaries, menu entries, index keys):
// about a tenth of a store (docs/performance.md), so 16 MiB holds the hot
// part of a 100 000-article bulletin's tables.
const blockCacheSize = 16 << 20

// Defaults for Options.
const (
	DefaultGCInterval      = 10 * time.Minute
	DefaultFlushInterval   = 30 * time.Second
	DefaultKeepGenerations = 2
)

// Options configures Open.
type Options struct {
	Logger          *slog.Logger  // nil discards logs
	InMemory        bool          // for tests only: nothing touches the disk
	GCInterval      time.Duration // how often value-log GC runs; 0 means DefaultGCInterval
	FlushInterval   time.Duration // how often terminal visit counts are written; 0 means DefaultFlushInterval
	KeepGenerations int           // complete generations kept (current + previous); 0 means DefaultKeepGenerations
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.GCInterval <= 0 {
		o.GCInterval = DefaultGCInterval
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = DefaultFlushInterval
	}
	if o.KeepGenerations <= 0 {
		o.KeepGenerations = DefaultKeepGenerations
	}
	return o
}

// Store is an open bulletin store. Its methods are safe for concurrent use.
type Store struct {
	db   *badger.DB
	dir  string
	opts Options
	log  *slog.Logger

	importMu sync.Mutex // one import (and sweep) at a time

	pinMu    sync.Mutex
	pins     map[uint64]int  // generation → readers inside Read
	dropping map[uint64]bool // generations being swept; a reader that pinned one retries

	visitMu sync.Mutex
	visits  map[uuid.UUID]int64 // counted but not yet flushed

	dicts fragDicts // fragment dictionaries in use (fragdict.go)

	stop      context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// Open opens (creating if needed) the store in dir, upgrades its schema, sweeps
// what a crashed import left behind and starts value-log GC and visit flushing.
func Open(dir string, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	bo := badger.DefaultOptions(dir).
		WithLogger(badgerLogger{opts.Logger}).
		WithValueThreshold(valueThreshold).
		WithValueLogFileSize(valueLogFileSize).
		WithValueLogMaxEntries(valueLogMaxEntries).
		WithMemTableSize(memTableSize).
		WithNumMemtables(3).
		WithBlockCacheSize(blockCacheSize).
		WithNumCompactors(2).
		WithMetricsEnabled(false)
	if opts.InMemory {
		bo = bo.WithDir("").WithValueDir("").WithInMemory(true)
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory %s: %w", dir, err)
	} else if dirInUse(dir) {
		// A running reader's memtable may be empty for a moment (created,
		// not yet sized): it is not a crash's leftover to remove.
		return nil, fmt.Errorf("store: open %s: %w", dir, ErrLocked)
	} else if err := removeEmptyMemtables(dir, opts.Logger); err != nil {
		return nil, err
	}
	db, err := badger.Open(bo)
	if err != nil {
		if lockHeld(err) {
			return nil, fmt.Errorf("store: open %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	s := &Store{
		db: db, dir: dir, opts: opts, log: opts.Logger,
		pins: map[uint64]int{}, dropping: map[uint64]bool{}, visits: map[uuid.UUID]int64{},
	}
	if err := s.checkSchema(); err != nil {
		db.Close()
		return nil, err
	}
	// A failed sweep leaves only garbage behind; the current generation is
	// still whole, so the reader starts and the next import sweeps again.
	if err := s.sweep(); err != nil {
		s.log.Warn("store_sweep_failed", "err", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	s.wg.Add(2)
	go s.runGC(ctx)
	go s.runFlush(ctx)
	return s, nil
}

// lockHeld reports Badger's refusal to open a directory another process has
// open. Badger formats its cause into the message (no wrapped error to test
// with errors.Is), so its wording is matched here, the one package that knows
// Badger, and becomes ErrLocked for everyone else. The phrase is in the
// message on Unix and on Windows alike.
func lockHeld(err error) bool {
	return strings.Contains(err.Error(), "Another process is using this Badger database")
}

// removeEmptyMemtables deletes memtable logs of zero bytes. Badger creates a
// memtable's file and then sizes it; a process killed in between leaves an
// empty file that Badger then refuses to open ("Create a new file"), and the
// whole store with it. An empty file holds no writes, so removing it loses
// nothing. Found by the SIGKILL tests in tests/reliability.
func removeEmptyMemtables(dir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("store: read data directory %s: %w", dir, err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".mem") || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() != 0 {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("store: remove the empty memtable log %s left by a crash: %w", e.Name(), err)
		}
		log.Warn("store_removed_empty_memtable", "file", e.Name())
	}
	return nil
}

// Close stops the background work, writes pending visit counts and closes the
// database. Calling it again returns the first result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.stop()
		s.wg.Wait()
		ferr := s.flushVisits()
		cerr := s.db.Close()
		if err := errors.Join(ferr, cerr); err != nil {
			s.closeErr = fmt.Errorf("store: close %s: %w", s.dir, err)
		}
	})
	return s.closeErr
}

// checkSchema writes the schema version into a new store, upgrades an older one
// step by step and refuses one written by a newer build.
func (s *Store) checkSchema() error {
	var version uint32
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(schemaKey())
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			if len(v) != 4 {
				return fmt.Errorf("store: malformed schema version %x", v)
			}
			version = binary.BigEndian.Uint32(v)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("store: read schema version in %s: %w", s.dir, err)
	}
	switch {
	case version == 0:
		return s.putSchema(SchemaVersion)
	case version > SchemaVersion:
		return fmt.Errorf("%w: %s has schema version %d, this build reads up to %d: install a newer bipkiosk, or move the directory aside to start empty",
			ErrSchema, s.dir, version, SchemaVersion)
	}
	for v := version; v < SchemaVersion; v++ {
		s.log.Info("store_upgrade", "from", v, "to", v+1)
		if err := upgrades[v-1](s.db); err != nil {
			return fmt.Errorf("store: upgrade %s from schema %d to %d: %w", s.dir, v, v+1, err)
		}
		if err := s.putSchema(v + 1); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) putSchema(v uint32) error {
	err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(schemaKey(), binary.BigEndian.AppendUint32(nil, v))
	})
	if err != nil {
		return fmt.Errorf("store: write schema version %d in %s: %w", v, s.dir, err)
	}
	return nil
}

// runGC reclaims value-log space on a ticker until ctx ends.
func (s *Store) runGC(ctx context.Context) {
	defer s.wg.Done()
	if s.opts.InMemory {
		return
	}
	t := time.NewTicker(s.opts.GCInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.collectValueLog(ctx)
		}
	}
}

// collectValueLog rewrites value-log files while each rewrite frees at least half a file.
func (s *Store) collectValueLog(ctx context.Context) {
	for ctx.Err() == nil {
		err := s.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return
		}
		if err != nil {
			s.log.Warn("store_value_log_gc_failed", "err", err)
			return
		}
		s.log.Debug("store_value_log_gc_rewrote_file")
	}
}

// badgerLogger routes Badger's logging into slog. Badger's Info messages are
// routine (compactions, flushes), so they go to Debug.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.log(slog.LevelError, f, a) }
func (b badgerLogger) Warningf(f string, a ...any) { b.log(slog.LevelWarn, f, a) }
func (b badgerLogger) Infof(f string, a ...any)    { b.log(slog.LevelDebug, f, a) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.log(slog.LevelDebug, f, a) }

// log formats only when the level is enabled: Badger logs often and most of it is Debug.
func (b badgerLogger) log(level slog.Level, f string, a []any) {
	ctx := context.Background()
	if b.l.Enabled(ctx, level) {
		b.l.Log(ctx, level, "badger", "detail", trim(f, a))
	}
}

func trim(f string, a []any) string {
	msg := fmt.Sprintf(f, a...)
	for len(msg) > 0 && (msg[len(msg)-1] == '\n' || msg[len(msg)-1] == ' ') {
		msg = msg[:len(msg)-1]
	}
	return msg
}
