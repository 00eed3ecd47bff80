package store

import (
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
	"github.com/klauspost/compress/zstd"
)

// The fragments of one name in one generation are pages of one bulletin in
// one frame: most of each (the head, the menu's top level, the player, the
// labels) is the same in all of them, and a frame compressed on its own
// carries all of it again. So PutFragments compresses them against a
// dictionary: the first fragment kept under that name in that generation,
// kept as is under the node ID uuid.Nil (no node has it). A page's fragment
// goes from about 4.9 to 1.5 KB. The dictionary lives in the generation and
// is swept with it; a fragment says in its frame header which dictionary it
// needs, so fragments kept before it (PutFragment) read as before.

// maxDictSize bounds a dictionary: a sample fragment is some 20 KB.
const maxDictSize = 64 << 10

// maxDictCodecs bounds the dictionaries held open: a name per language and
// build, for the current generation and the one before.
const maxDictCodecs = 8

// fragDict is one dictionary, with its coders.
type fragDict struct {
	id      uint32
	content []byte
	dec     *zstd.Decoder
	encOnce sync.Once
	enc     *zstd.Encoder
	encErr  error
}

// fragDicts holds the dictionaries in use, by key.
type fragDicts struct {
	mu    sync.Mutex
	held  map[string]*fragDict
	order []string // oldest first
}

// dictKey is where the dictionary of fragments name of generation gen is kept.
func dictKey(gen uint64, name string) []byte { return fragmentKey(gen, uuid.Nil, name) }

// dictID names a dictionary in the frames made with it; never 0 (no
// dictionary) and, being a hash of its key, the same every time it is opened.
func dictID(key []byte) uint32 {
	h := fnv.New32a()
	h.Write(key)
	return max(h.Sum32()&0x7fffffff, 1) // ids of 2^31 and above are reserved (RFC 8878 5)
}

func newFragDict(key, content []byte) (*fragDict, error) {
	d := &fragDict{id: dictID(key), content: content}
	var err error
	d.dec, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxMemory(maxValueSize), zstd.WithDecoderDictRaw(d.id, content))
	if err != nil {
		return nil, fmt.Errorf("store: fragment dictionary: %w", err)
	}
	return d, nil
}

// encoder is the dictionary's encoder, made on first use: only the writer
// of fragments needs one.
func (d *fragDict) encoder() (*zstd.Encoder, error) {
	d.encOnce.Do(func() {
		d.enc, d.encErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderConcurrency(1), zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false),
			zstd.WithEncoderDictRaw(d.id, d.content))
	})
	return d.enc, d.encErr
}

// get returns the dictionary kept at key, reading it through txn when it
// is not held yet; nil when none is kept.
func (ds *fragDicts) get(txn *badger.Txn, key []byte) (*fragDict, error) {
	if d := ds.heldAt(key); d != nil {
		return d, nil
	}
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	content, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	d, err := newFragDict(key, content)
	if err != nil {
		return nil, err
	}
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if held := ds.held[string(key)]; held != nil {
		return held, nil
	}
	if ds.held == nil {
		ds.held = map[string]*fragDict{}
	}
	if len(ds.order) >= maxDictCodecs {
		delete(ds.held, ds.order[0])
		ds.order = ds.order[1:]
	}
	ds.held[string(key)] = d
	ds.order = append(ds.order, string(key))
	return d, nil
}

// heldAt returns the dictionary at key if it is held, else nil.
func (ds *fragDicts) heldAt(key []byte) *fragDict {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	return ds.held[string(key)]
}

// fragmentDict returns the dictionary of fragments name of generation gen,
// keeping sample as that dictionary when there is none yet.
func (s *Store) fragmentDict(gen uint64, name string, sample []byte) (*fragDict, error) {
	key := dictKey(gen, name)
	if d := s.dicts.heldAt(key); d != nil {
		return d, nil // no write transaction for every batch of a warm-up
	}
	for attempt := 0; attempt < 5; attempt++ {
		var d *fragDict
		err := s.db.Update(func(txn *badger.Txn) error {
			var err error
			if d, err = s.dicts.get(txn, key); err != nil || d != nil {
				return err
			}
			rec, err := readGenRecord(txn, gen)
			if err != nil {
				return err
			}
			if rec.State != stateComplete {
				return fmt.Errorf("%w: generation %d is %s", ErrNotFound, gen, rec.State)
			}
			return txn.Set(key, sample[:min(len(sample), maxDictSize)])
		})
		switch {
		case errors.Is(err, badger.ErrConflict):
			continue // another writer kept one meanwhile: read it
		case err != nil:
			return nil, err
		case d != nil:
			return d, nil
		}
		// Kept just now: the next round reads it back.
	}
	return nil, fmt.Errorf("store: fragment dictionary %s of generation %d: writers kept conflicting", name, gen)
}

// unpackFragment appends to dst the bytes of a stored fragment v,
// decompressed with the dictionary of its generation and name when its
// frame names one. Nothing of v is kept.
func (r *Reader) unpackFragment(dst, v []byte, name string) ([]byte, error) {
	var h zstd.Header
	if err := h.Decode(v); err != nil || h.DictionaryID == 0 {
		data, err := unpackValue(v)
		return append(dst, data...), err
	}
	d, err := r.dicts.get(r.txn, dictKey(r.gen.Number, name))
	if err != nil {
		return dst, err
	}
	if d == nil || d.id != h.DictionaryID {
		return dst, fmt.Errorf("store: fragment compressed with dictionary %d, which generation %d does not keep", h.DictionaryID, r.gen.Number)
	}
	return d.dec.DecodeAll(v, dst)
}
