package search

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// runBudget is how many bytes of raw postings a build holds before it
// writes them to a run on disk. The postings of 100 000 articles are about
// 350 MB; held whole they made the import's peak, and their weights cannot
// be computed before the last document (they need the average field
// lengths), so they wait on disk, sorted by stem, and are merged in Finish.
const runBudget = 48 << 20

// postingRun is one file of raw postings, each stem's part of the documents
// analysed since the run before, in stem order: uvarint stem id, uvarint
// length, the raw list bytes.
type postingRun struct {
	f    *os.File
	name string // removed by Close when the system kept the file's name
	r    *bufio.Reader
	sid  uint32 // the stem of the record at the head; valid while !done
	n    int    // its length
	done bool
}

// spillRun writes the raw lists held in memory to a new run and lets their
// memory go; the documents' counts (df) stay.
func (b *build) spillRun() error {
	v := &b.terms
	var sids []uint32
	for sid := range v.lists {
		if len(v.lists[sid].buf) > 0 {
			sids = append(sids, uint32(sid))
		}
	}
	slices.SortFunc(sids, func(x, y uint32) int { return strings.Compare(v.stemStr[x], v.stemStr[y]) })
	f, err := os.CreateTemp(b.tempDir, "bipkiosk-postings-*")
	if err != nil {
		return fmt.Errorf("search: keep postings on disk: %w", err)
	}
	r := &postingRun{f: f, name: f.Name()}
	if os.Remove(r.name) == nil {
		r.name = "" // gone with the process, even after a crash
	}
	b.runs = append(b.runs, r)
	w := bufio.NewWriterSize(f, 1<<20)
	var hdr []byte
	for _, sid := range sids {
		l := &v.lists[sid]
		hdr = binary.AppendUvarint(binary.AppendUvarint(hdr[:0], uint64(sid)), uint64(len(l.buf)))
		w.Write(hdr)
		w.Write(l.buf)
		l.buf = nil
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("search: keep postings on disk: %w", err)
	}
	b.held = 0
	return nil
}

// rewind starts reading a run from its first record.
func (r *postingRun) rewind() error {
	if _, err := r.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r.r = bufio.NewReaderSize(r.f, 256<<10)
	return r.next()
}

// next reads the header of the next record, or marks the run done.
func (r *postingRun) next() error {
	sid, err := binary.ReadUvarint(r.r)
	if errors.Is(err, io.EOF) {
		r.done = true
		return nil
	}
	if err != nil {
		return err
	}
	n, err := binary.ReadUvarint(r.r)
	if err != nil {
		return err
	}
	r.sid, r.n = uint32(sid), int(n)
	return nil
}

// take appends the head record's postings to buf and moves on.
func (r *postingRun) take(buf []byte) ([]byte, error) {
	at := len(buf)
	buf = slices.Grow(buf, r.n)[:at+r.n]
	if _, err := io.ReadFull(r.r, buf[at:]); err != nil {
		return buf, err
	}
	return buf, r.next()
}

// rawOf is the whole raw list of stem sid in document order: its parts in
// the runs, oldest first, then what is still in memory. Every run is in
// stem order, so the runs are read once, front to back, as the stems come
// in that order.
func (b *build) rawOf(sid uint32, buf []byte) ([]byte, error) {
	buf = buf[:0]
	for _, r := range b.runs {
		if r.done || r.sid != sid {
			continue
		}
		var err error
		if buf, err = r.take(buf); err != nil {
			return nil, fmt.Errorf("search: read postings kept on disk: %w", err)
		}
	}
	return append(buf, b.terms.lists[sid].buf...), nil
}

// closeRuns closes and removes the run files.
func (b *build) closeRuns() {
	for _, r := range b.runs {
		r.f.Close()
		if r.name != "" {
			os.Remove(r.name)
		}
	}
	b.runs = nil
}
