package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Values of content records (nodes, summaries, children, attachments,
// changes, the site) are JSON. A store of schema 2 keeps those of
// compressMin bytes or more as zstd frames when that makes them smaller:
// Badger's own table compression never reaches the value log, where every
// value over valueThreshold (article bodies above all) goes uncompressed,
// and that log was three quarters of a store.
//
// A value is told apart by its first bytes, so no record needs a flag and a
// store written by schema 1 reads unchanged: JSON never starts with the zstd
// frame magic (its first byte, 0x28, is '(' and no JSON text starts with
// it). Blobs and the values of indexers (extension.go) are arbitrary bytes
// and are never passed through this codec.

// compressMin is the smallest JSON value worth a zstd frame: a frame costs
// about a dozen bytes of header and the dictionary-less coder gains little on
// a short summary.
const compressMin = 192

// zstdMagic starts every zstd frame (RFC 8878 3.1.1).
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// The coders are shared: EncodeAll and DecodeAll are safe for concurrent use.
// One goroutine's worth of state each, since values are small and the callers
// (import, the reader's handlers) bring their own concurrency; the decoder's
// memory is bounded by the largest value, not the window size.
var (
	encoder = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderConcurrency(1), zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false))
		if err != nil {
			panic(fmt.Sprintf("store: zstd encoder: %v", err)) // only for invalid options
		}
		return e
	})
	decoder = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxMemory(maxValueSize))
		if err != nil {
			panic(fmt.Sprintf("store: zstd decoder: %v", err)) // only for invalid options
		}
		return d
	})
)

// maxValueSize bounds a decompressed value; a node is far below it (content's
// field limits), so a larger frame can only be damage.
const maxValueSize = 64 << 20

// packValue returns the stored form of a JSON value: a zstd frame when that
// is smaller, else the JSON itself.
func packValue(data []byte) []byte {
	if len(data) < compressMin {
		return data
	}
	packed := encoder().EncodeAll(data, make([]byte, 0, len(data)/2))
	if len(packed) >= len(data) {
		return data
	}
	return packed
}

// unpackValue returns the JSON of a stored value, compressed by packValue or
// written uncompressed (schema 1, or too short to compress). The result may
// share memory with v.
func unpackValue(v []byte) ([]byte, error) {
	if !bytes.HasPrefix(v, zstdMagic) {
		return v, nil
	}
	out, err := decoder().DecodeAll(v, nil)
	if err != nil {
		return nil, fmt.Errorf("store: decompress a value: %w", err)
	}
	return out, nil
}

// decodeJSON decodes a stored JSON value, compressed or not, into out.
// json.Unmarshal copies, so nothing of the stored bytes escapes.
func decodeJSON(v []byte, out any) error {
	data, err := unpackValue(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, out)
}
