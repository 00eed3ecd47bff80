package crawl

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The state's place inside Dir.
const (
	stateDir    = ".crawl"
	journalName = "journal.jsonl"
	bodiesDir   = "bodies"
	tempDir     = "tmp"
)

// record is one line of the journal.
type record struct {
	K        string `json:"k"` // "run", "page", "skip", "end"
	Run      int    `json:"run"`
	Page     *Page  `json:"p,omitempty"`
	Skip     *Skip  `json:"s,omitempty"`
	Complete bool   `json:"complete,omitempty"` // on "end": the run ran out of links
	Stopped  string `json:"stopped,omitempty"`
	Limit    Limit  `json:"limit,omitempty"`
}

// history is what the journal says of earlier runs.
type history struct {
	run     int             // the last run's number, 0 if none
	open    bool            // the last run did not complete: resume it
	ended   *record         // the last run's end record, if any
	latest  map[string]Page // URL → its newest page record over all runs
	order   []string        // URLs in the order first journalled
	current []Page          // the last run's pages, in order
	skips   []Skip          // the last run's skips
}

// journal appends records to Dir/.crawl/journal.jsonl, fsyncing page
// records, and keeps bodies in Dir/.crawl/bodies.
type journal struct {
	dir string // Dir/.crawl
	f   *os.File
}

// openJournal prepares the state directory, reads what earlier runs left
// and opens the journal for appending. A line torn by a kill is cut off.
func openJournal(dir string) (*journal, *history, error) {
	state := filepath.Join(dir, stateDir)
	for _, d := range []string{state, filepath.Join(state, bodiesDir), filepath.Join(state, tempDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, nil, fmt.Errorf("crawl: state directory %s: %w", d, err)
		}
	}
	clearTemp(filepath.Join(state, tempDir))
	path := filepath.Join(state, journalName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("crawl: journal %s: %w", path, err)
	}
	h, good, err := readHistory(f)
	if err == nil {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("crawl: journal %s: %w", path, err)
	}
	return &journal{dir: state, f: f}, h, nil
}

// clearTemp removes bodies a killed run left half-written.
func clearTemp(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_ = os.Remove(filepath.Join(dir, e.Name()))
	}
}

// readHistory reads whole lines; it returns the offset after the last
// whole, readable line, where appending continues.
func readHistory(r io.Reader) (*history, int64, error) {
	h := &history{latest: map[string]Page{}}
	br := bufio.NewReaderSize(r, 1<<16)
	var good int64
	for {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			return h, good, nil // a torn last line has no newline: dropped
		}
		if err != nil {
			return nil, 0, err
		}
		var rec record
		if json.Unmarshal(bytes.TrimSpace(line), &rec) != nil {
			return h, good, nil // unreadable: the journal ends before it
		}
		h.add(rec)
		good += int64(len(line))
	}
}

func (h *history) add(rec record) {
	switch rec.K {
	case "run":
		h.run, h.open, h.ended = rec.Run, true, nil
		h.current, h.skips = nil, nil
	case "page":
		if rec.Page == nil {
			return
		}
		if _, ok := h.latest[rec.Page.URL]; !ok {
			h.order = append(h.order, rec.Page.URL)
		}
		h.latest[rec.Page.URL] = *rec.Page
		h.current = append(h.current, *rec.Page)
	case "skip":
		if rec.Skip != nil {
			h.skips = append(h.skips, *rec.Skip)
		}
	case "end":
		h.open = !rec.Complete
		h.ended = &rec
	}
}

// append writes one record; page records are fsynced, so a kill loses at
// most the requests in flight.
func (j *journal) append(rec record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("crawl: journal record: %w", err)
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("crawl: journal %s: %w", j.f.Name(), err)
	}
	if rec.K == "skip" {
		return nil
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("crawl: journal %s: %w", j.f.Name(), err)
	}
	return nil
}

func (j *journal) close() error { return j.f.Close() }

// bodyPath is where a body with this hash lives.
func bodyPath(dir, hash string) string {
	if len(hash) < 2 {
		return ""
	}
	return filepath.Join(dir, stateDir, bodiesDir, hash[:2], hash)
}

// body is what saveBody learnt while streaming.
type body struct {
	hash   string
	size   int64
	head   []byte
	tooBig bool
}

// saveBody streams r into a temporary file, at most max bytes, and renames
// it to its hash once complete and synced. A body over max is dropped
// without reading past max+1 bytes.
func (j *journal) saveBody(r io.Reader, max int64) (body, error) {
	tmp, err := os.CreateTemp(filepath.Join(j.dir, tempDir), "body-*")
	if err != nil {
		return body{}, fmt.Errorf("crawl: temporary body: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	defer tmp.Close()
	sum := sha256.New()
	head := &headBuffer{}
	n, err := io.Copy(io.MultiWriter(tmp, sum, head), io.LimitReader(r, max+1))
	b := body{size: n, head: head.b}
	if err != nil {
		return b, fmt.Errorf("crawl: reading body: %w", err)
	}
	if n > max {
		b.tooBig = true
		return b, nil
	}
	b.hash = hex.EncodeToString(sum.Sum(nil))
	if err := tmp.Sync(); err != nil {
		return b, fmt.Errorf("crawl: temporary body: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return b, fmt.Errorf("crawl: temporary body: %w", err)
	}
	final := bodyPath(filepath.Dir(j.dir), b.hash)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return b, fmt.Errorf("crawl: body directory: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return b, fmt.Errorf("crawl: body %s: %w", final, err)
	}
	syncDir(filepath.Dir(final))
	return b, nil
}

// syncDir makes a rename durable where the system allows syncing a
// directory; where it does not (Windows), the rename stands on its own.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// headBuffer keeps the first sniffLen bytes written to it.
type headBuffer struct{ b []byte }

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := sniffLen - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
