package update

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/store"
)

// DefaultDirEvery is how often a watched folder is looked at: often enough
// that a USB stick's bundle installs while the operator waits, rarely enough
// that an idle kiosk does nothing noticeable.
const DefaultDirEvery = 5 * time.Second

// retryFailedAfter is the wait before a bundle whose copy or install failed
// (a stick pulled out mid-read, a full disk) is tried again.
const retryFailedAfter = time.Minute

// DirOptions configures a DirWatcher.
type DirOptions struct {
	// Dir is the watched folder, such as a mounted USB stick; a missing
	// folder (no stick) is not an error.
	Dir string
	// Downloads is where a bundle is copied before it is verified, so a
	// stick pulled out mid-read cannot change what is installed. It must not
	// be the store's own folder.
	Downloads string
	Store     *store.Store
	// Trust and Limits are those of bundle.Open, as for Options.
	Trust  func(bundle.Publisher) (ed25519.PublicKey, error)
	Limits bundle.Limits
	// Install verifies the bundle file at path and imports it.
	Install func(ctx context.Context, path string) (store.Generation, error)
	Every   time.Duration // between looks; 0 means DefaultDirEvery
	Logger  *slog.Logger  // nil discards logs
}

// DirWatcher installs signed bundles put into a folder: at each look it
// picks the newest acceptable bundle there (a higher sequence of the
// installed publisher, trusted, applicable), copies it into the downloads
// folder, verifies it and installs it, with the guarantees of an update
// from an address. Each file (by name, size and modification time) is judged
// once: a refused file is not tried again until it changes.
type DirWatcher struct {
	opts   DirOptions
	log    *slog.Logger
	now    func() time.Time
	judged map[dirFile]dirVerdict
	copies map[dirFile]string // copies made during the current look
}

// dirFile identifies a file in the folder; a new copy of the file with the
// same name is another file.
type dirFile struct {
	name  string
	size  int64
	mtime time.Time
}

// dirVerdict is what a look found out about one file.
type dirVerdict struct {
	refused   bool // cannot be installed: never tried again
	publisher uuid.UUID
	sequence  uint64
	base      uint64    // non-zero for a delta bundle
	done      bool      // installed, or tried and not newer
	failedAt  time.Time // the last copy or install that failed; tried again after retryFailedAfter
}

// NewDirWatcher checks opts and returns a DirWatcher.
func NewDirWatcher(opts DirOptions) (*DirWatcher, error) {
	if opts.Dir == "" || opts.Downloads == "" || opts.Store == nil || opts.Trust == nil || opts.Install == nil {
		return nil, errors.New("update: DirOptions need Dir, Downloads, Store, Trust and Install")
	}
	if opts.Every <= 0 {
		opts.Every = DefaultDirEvery
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &DirWatcher{opts: opts, log: log, now: time.Now, judged: map[dirFile]dirVerdict{}, copies: map[dirFile]string{}}, nil
}

// Run looks at the folder every Every until ctx ends, recording every look
// that judged a bundle in the store, for the footer and the operator screen.
// It returns after any import under way has stopped.
func (w *DirWatcher) Run(ctx context.Context) {
	for {
		for _, c := range w.Check(ctx) {
			if ctx.Err() != nil {
				return
			}
			if err := w.opts.Store.RecordUpdateCheck(c); err != nil {
				w.log.Warn("update_check_not_recorded", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.opts.Every):
		}
	}
}

// Check looks at the folder once and returns a record of each bundle it
// judged: files refused at verification, and the install of the newest
// acceptable one. It returns none when the folder is missing or has nothing
// new, so an idle folder writes nothing.
func (w *DirWatcher) Check(ctx context.Context) []store.UpdateCheck {
	files := w.list()
	defer func() {
		for f, path := range w.copies {
			discard(path)
			delete(w.copies, f)
		}
	}()
	var checks []store.UpdateCheck
	for _, f := range files {
		if v, ok := w.judged[f]; ok && (v.refused || v.sequence != 0 || w.waiting(v)) {
			continue
		}
		if c, ok := w.verify(f); ok {
			checks = append(checks, c)
		}
	}
	if c, ok := w.installNewest(ctx, files); ok {
		checks = append(checks, c)
	}
	return checks
}

// waiting reports a failed file whose retry is not yet due.
func (w *DirWatcher) waiting(v dirVerdict) bool {
	return !v.failedAt.IsZero() && w.now().Sub(v.failedAt) < retryFailedAfter
}

// list returns the bundle files (*.zip) in the folder.
func (w *DirWatcher) list() []dirFile {
	entries, err := os.ReadDir(w.opts.Dir)
	if err != nil {
		return nil // no stick, or not yet mounted
	}
	var files []dirFile
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.EqualFold(filepath.Ext(e.Name()), ".zip") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, dirFile{name: e.Name(), size: info.Size(), mtime: info.ModTime()})
	}
	return files
}

// verify copies f and checks its signature, remembering its edition or why
// it is refused; a refusal is returned as a record.
func (w *DirWatcher) verify(f dirFile) (store.UpdateCheck, bool) {
	path, err := w.copy(f)
	if err != nil {
		return w.failed(f, 0, err), true
	}
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: w.opts.Trust, Limits: w.opts.Limits})
	if err != nil {
		if !refusal(err) {
			return w.failed(f, 0, err), true
		}
		w.judged[f] = dirVerdict{refused: true}
		return w.record(f, store.UpdateRefused, 0, atURL(err, path, w.where(f))), true
	}
	ed := b.Edition()
	b.Close()
	w.judged[f] = dirVerdict{publisher: ed.PublisherID, sequence: ed.Sequence, base: ed.BaseSequence}
	return store.UpdateCheck{}, false
}

// installNewest installs the newest acceptable verified bundle among files.
func (w *DirWatcher) installNewest(ctx context.Context, files []dirFile) (store.UpdateCheck, bool) {
	f, v, ok := w.newest(files)
	if !ok {
		return store.UpdateCheck{}, false
	}
	if w.opts.Store.RolledBack(v.publisher, v.sequence) {
		v.refused = true
		w.judged[f] = v
		return w.record(f, store.UpdateRefused, v.sequence, fmt.Errorf(
			"%s: sequence %d was rolled back on this terminal, so it is not installed again: bring a newer one, or install it on purpose with \"bipkiosk import\"",
			w.where(f), v.sequence)), true
	}
	path, err := w.copy(f)
	if err != nil {
		return w.failed(f, v.sequence, err), true
	}
	gen, err := w.opts.Install(ctx, path)
	switch {
	case err == nil:
		v.done, v.failedAt = true, time.Time{}
		w.judged[f] = v
		w.log.Info("update_dir_installed", "file", w.where(f), "sequence", gen.Edition.Sequence)
		return w.record(f, store.UpdateInstalled, gen.Edition.Sequence, nil), true
	case errors.Is(err, store.ErrAlreadyInstalled), errors.Is(err, store.ErrDowngrade):
		v.done = true
		w.judged[f] = v
		return store.UpdateCheck{}, false
	case refusal(err) && ctx.Err() == nil:
		v.refused = true
		w.judged[f] = v
		return w.record(f, store.UpdateRefused, v.sequence, atURL(err, path, w.where(f))), true
	default:
		return w.failed(f, v.sequence, atURL(err, path, w.where(f))), true
	}
}

// newest is the verified file to install: the installed publisher's highest
// sequence above the installed one, a delta only on the installed sequence,
// and of equal sequences the delta (smaller to import). With no bulletin,
// or the embedded sample, installed, any trusted publisher's full bundle.
func (w *DirWatcher) newest(files []dirFile) (dirFile, dirVerdict, bool) {
	cur, err := w.opts.Store.Current()
	var best dirFile
	var bestV dirVerdict
	found := false
	for _, f := range files {
		v, ok := w.judged[f]
		if !ok || v.refused || v.done || v.sequence == 0 || w.waiting(v) {
			continue
		}
		if err == nil && v.publisher == cur.Edition.PublisherID {
			if v.sequence <= cur.Edition.Sequence || (v.base != 0 && v.base != cur.Edition.Sequence) {
				continue
			}
		} else if v.base != 0 {
			continue
		}
		if !found || better(f, v, best, bestV) {
			best, bestV, found = f, v, true
		}
	}
	return best, bestV, found
}

// better orders candidates: the higher sequence; of equal ones the delta,
// then the later name, so the choice does not depend on the listing order.
func better(f dirFile, v dirVerdict, than dirFile, thanV dirVerdict) bool {
	if v.sequence != thanV.sequence {
		return v.sequence > thanV.sequence
	}
	if (v.base != 0) != (thanV.base != 0) {
		return v.base != 0
	}
	return f.name > than.name
}

// copy copies f into a folder of its own in the downloads folder, keeping
// its name (the verifier's messages start with it). A file that changes
// while it is read (a stick pulled out, a copy still being written) fails.
func (w *DirWatcher) copy(f dirFile) (string, error) {
	if path, ok := w.copies[f]; ok {
		return path, nil
	}
	src, err := os.Open(filepath.Join(w.opts.Dir, f.name))
	if err != nil {
		return "", fmt.Errorf("%s: cannot read it: %w; will try again", w.where(f), err)
	}
	defer src.Close()
	if err := os.MkdirAll(w.opts.Downloads, 0o700); err != nil {
		return "", fmt.Errorf("update: downloads folder: %w", err)
	}
	dir, err := os.MkdirTemp(w.opts.Downloads, "dir-")
	if err != nil {
		return "", fmt.Errorf("update: downloads folder: %w", err)
	}
	path := filepath.Join(dir, f.name)
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		var n int64
		n, err = io.Copy(dst, src)
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err == nil && n != f.size {
			err = fmt.Errorf("read %d bytes, the folder listed %d", n, f.size)
		}
	}
	if err == nil {
		if info, serr := src.Stat(); serr != nil || info.Size() != f.size || !info.ModTime().Equal(f.mtime) {
			err = errors.New("the file changed while it was read")
		}
	}
	if err != nil {
		discard(path)
		return "", &kindError{ErrDamaged, fmt.Errorf("%s: copy failed: %w; will try again", w.where(f), err)}
	}
	w.copies[f] = path
	return path, nil
}

// failed remembers a copy or install that may work later, and records it.
func (w *DirWatcher) failed(f dirFile, sequence uint64, err error) store.UpdateCheck {
	v := w.judged[f]
	v.failedAt = w.now()
	w.judged[f] = v
	return w.record(f, store.UpdateFailed, sequence, err)
}

// record is the store's record of one judged file, logged as well.
func (w *DirWatcher) record(f dirFile, result store.UpdateResult, sequence uint64, err error) store.UpdateCheck {
	c := store.UpdateCheck{URL: w.where(f), At: w.now().UTC(), Result: result, Sequence: sequence}
	attrs := []any{"file", c.URL, "result", string(result), "sequence", sequence}
	if err != nil {
		c.Error = err.Error()
		w.log.Warn("update_dir_checked", append(attrs, "err", err)...)
	} else {
		w.log.Info("update_dir_checked", attrs...)
	}
	return c
}

// where names a file for the operator: its path in the watched folder.
func (w *DirWatcher) where(f dirFile) string { return filepath.Join(w.opts.Dir, f.name) }
