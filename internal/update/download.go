package update

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bipkiosk/internal/store"
)

// validators are what a server said about the version of a resource it sent:
// sent back, they let it answer 304 Not Modified or resume a transfer.
type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

func (v validators) empty() bool { return v.ETag == "" && v.LastModified == "" }

// ifRange is the validator a resumed request may carry in If-Range: a strong
// ETag, else the Last-Modified date; "" when the partial file cannot be
// resumed safely (RFC 9110, 13.1.5: a weak ETag is not allowed there).
func (v validators) ifRange() string {
	if v.ETag != "" && !strings.HasPrefix(v.ETag, "W/") {
		return v.ETag
	}
	return v.LastModified
}

// partState is kept beside a partial download so a later attempt can resume
// it. Size is how many bytes of the partial file were synced to disk before
// the state was written: after a power loss the file may be longer, with a
// tail of zeros, and only Size bytes of it are trusted.
type partState struct {
	URL   string `json:"url"`
	Owner string `json:"owner"` // the update address (bundle or feed) this download serves
	Size  int64  `json:"size"`
	validators
}

// syncEvery is how many bytes are written between syncs of a partial file
// (and updates of its state): what a power loss can cost a resumed transfer.
const syncEvery = 8 << 20

// staleAfter is the age after which anything in the downloads folder is
// removed: a partial file no one resumed for a day is not worth its space.
const staleAfter = 24 * time.Hour

// minFreeBytes is the room a download always leaves on the disk of the
// downloads folder, as an import leaves on the store's: the same disk
// usually holds the store, and the import that follows needs room too.
const minFreeBytes = 128 << 20

// deadlineBase is the time every download is allowed on top of its size at
// the least rate: for the connection, the headers and a small file.
const deadlineBase = 2 * time.Minute

// fetcher downloads one address at a time into dir for the update address owner.
type fetcher struct {
	client  *http.Client
	dir     string
	owner   string
	stall   time.Duration // give up when no byte arrives for this long
	minRate int64         // bytes per second a download must average, see deadline
	maxTime time.Duration // longest any download may take
	free    func(dir string) (int64, error)
	now     func() time.Time
	agent   string // the User-Agent header; "" leaves Go's default
}

// deadline is how long a transfer of n bytes may take: deadlineBase plus n
// bytes at minRate, at most maxTime. A server that drips a byte now and
// then passes the stall timeout but not this.
func (f *fetcher) deadline(n int64) time.Duration {
	secs := max(n, 0) / f.minRate
	if secs >= int64(f.maxTime/time.Second) {
		return f.maxTime
	}
	return min(f.maxTime, deadlineBase+time.Duration(secs)*time.Second)
}

// room returns an error wrapping store.ErrDiskFull when the downloads
// folder's disk has less than need bytes plus minFreeBytes free. A disk
// that cannot say is not stopped, as in the store's guard.
func (f *fetcher) room(rawURL string, need int64) error {
	free, err := f.free(f.dir)
	if err != nil || free-minFreeBytes >= need {
		return nil
	}
	if need > 0 {
		return &kindError{store.ErrDiskFull, fmt.Errorf("%s: needs %d more bytes in %s and a download leaves %d bytes free, but only %d are: free some disk space; will try again",
			rawURL, need, f.dir, int64(minFreeBytes), free)}
	}
	return &kindError{store.ErrDiskFull, fmt.Errorf("%s: download stopped: %s has %d bytes free and a download leaves %d: free some disk space; will try again",
		rawURL, f.dir, free, int64(minFreeBytes))}
}

// fetched is the result of one fetch.
type fetched struct {
	path        string // the complete file; "" when notModified
	notModified bool
	val         validators // of the version fetched, to send next time
	received    int64      // bytes that came over the network in this call
}

// fetch gets rawURL into a file of f.dir. With cond it asks the server to
// answer 304 when its version still matches; a partial file left by an
// earlier attempt is resumed when its validator allows it, and started again
// cleanly when the server ignores the range or the version has changed.
func (f *fetcher) fetch(ctx context.Context, rawURL string, cond validators, maxBytes int64) (fetched, error) {
	if err := os.MkdirAll(f.dir, 0o700); err != nil {
		return fetched{}, fmt.Errorf("update: create downloads folder %s: %w", f.dir, err)
	}
	name := fileKey(rawURL)
	part := filepath.Join(f.dir, name+".part")
	state := filepath.Join(f.dir, name+".json")
	var res fetched
	for attempt := 0; ; attempt++ {
		offset, resume := resumePoint(part, state, rawURL)
		if attempt > 0 {
			offset, resume = 0, ""
		}
		done, restart, err := f.attempt(ctx, rawURL, cond, part, state, offset, resume, maxBytes, &res)
		if restart && attempt == 0 {
			continue
		}
		if err == nil && !done {
			err = &kindError{ErrStatus, fmt.Errorf("%s: server answered a range request it was not sent", rawURL)}
		}
		if err != nil {
			return res, err
		}
		os.Remove(state)
		if !res.notModified {
			res.path, err = ready(f.dir, name, part, rawURL)
		}
		return res, err
	}
}

// forget removes what is kept of rawURL's download, so the next fetch
// starts from byte 0.
func (f *fetcher) forget(rawURL string) {
	name := fileKey(rawURL)
	dropPart(filepath.Join(f.dir, name+".part"), filepath.Join(f.dir, name+".json"))
}

// attempt makes one request. It reports done when the file is complete (or
// the server answered 304), restart when the partial file had to be dropped
// and the request should be made again from the start.
func (f *fetcher) attempt(ctx context.Context, rawURL string, cond validators, part, state string, offset int64, resume string, maxBytes int64, res *fetched) (done, restart bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(f.stall, func() { cancel(ErrStalled) })
	defer timer.Stop()
	req, err := newRequest(ctx, rawURL, cond, offset, resume)
	if err != nil {
		return false, false, err
	}
	if f.agent != "" {
		req.Header.Set("User-Agent", f.agent)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return false, false, f.netError(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	val := validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	total := int64(-1) // the whole file's size, when the server says it
	switch {
	case resp.StatusCode == http.StatusNotModified && !cond.empty():
		// The partial file, if any, was of a version we no longer want.
		dropPart(part, state)
		res.notModified, res.val = true, cond
		return true, false, nil
	case resp.StatusCode == http.StatusPartialContent && resume != "":
		// Only the rest of the file, to its last byte, completes it: a
		// range that starts elsewhere, stops short or has no stated total
		// would leave a file that merely looks complete.
		start, end, size, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset || size < 0 || end != size-1 {
			dropPart(part, state)
			return false, true, nil
		}
		if size > maxBytes {
			dropPart(part, state)
			return false, false, &LimitError{URL: rawURL, Size: size, Max: maxBytes}
		}
		total = size
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && resume != "":
		dropPart(part, state)
		return false, true, nil
	case resp.StatusCode == http.StatusOK:
		offset = 0 // the server ignored the range, or the version changed: start again
		if resp.ContentLength > maxBytes {
			dropPart(part, state)
			return false, false, &LimitError{URL: rawURL, Size: resp.ContentLength, Max: maxBytes}
		}
		total = resp.ContentLength
	default:
		return false, false, &kindError{ErrStatus, fmt.Errorf("%s: server answered %s", rawURL, statusText(resp))}
	}
	if ce := resp.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		// Inflated, a few megabytes could fill the disk; kept, they are not the file.
		dropPart(part, state)
		return false, false, &kindError{ErrEncoding, fmt.Errorf("%s: server sent the file with Content-Encoding %q although it was asked for the file as it is: the server must send bundles and feeds uncompressed; will try again", rawURL, ce)}
	}
	res.val = val
	st := partState{URL: rawURL, Owner: f.owner, Size: offset, validators: val}
	limit := maxBytes
	if total >= 0 {
		limit = total
	}
	if err := f.room(rawURL, max(total-offset, 0)); err != nil {
		dropPart(part, state)
		return false, false, err
	}
	allowed := f.deadline(limit - offset)
	slow := time.AfterFunc(allowed, func() { cancel(ErrTooSlow) })
	defer slow.Stop()
	n, err := copyTo(part, offset, &stallReader{r: resp.Body, timer: timer, d: f.stall}, limit, func() error {
		return f.room(rawURL, 0)
	}, func(size int64) error {
		st.Size = size
		return writeState(state, st)
	})
	res.received += n
	// Only a file whose server gave a validator and its whole size can be
	// resumed (If-Range, and a Content-Range that reaches its end).
	resumable := val.ifRange() != "" && total >= 0
	if err := f.finish(ctx, rawURL, part, state, err, offset+n, total, limit, allowed, resumable); err != nil {
		return false, false, err
	}
	return true, false, nil
}

// finish says how a transfer that left got bytes in part ended (err is
// copyTo's; total is the announced size, -1 when none; limit the most it
// could take) and removes the partial file unless it can be resumed and the
// transfer was merely cut: a partial file no check can resume is left for no one.
func (f *fetcher) finish(ctx context.Context, rawURL, part, state string, err error, got, total, limit int64, allowed time.Duration, resumable bool) error {
	keep := resumable
	var out error
	switch {
	case errors.Is(err, store.ErrDiskFull):
		keep, out = false, err
	case errors.Is(err, ErrTooLarge) && total >= 0:
		keep, out = false, &kindError{ErrDamaged, fmt.Errorf("%s: server sent more than the %d bytes it announced; will try again", rawURL, total)}
	case errors.Is(err, ErrTooLarge):
		keep, out = false, &LimitError{URL: rawURL, Size: got, AtLeast: true, Max: limit}
	case err != nil && errors.Is(context.Cause(ctx), ErrTooSlow):
		out = &kindError{ErrTooSlow, fmt.Errorf("%s: download took longer than the %s allowed for its size (%d of %d bytes had arrived); will try again",
			rawURL, allowed, got, limit)}
	case err != nil:
		out = f.netError(ctx, rawURL, err)
	case total >= 0 && got != total:
		out = fmt.Errorf("%s: download ended after %d of %d bytes; will try again", rawURL, got, total)
	default:
		return nil
	}
	if !keep {
		dropPart(part, state)
	}
	return out
}

// newRequest is the GET of rawURL: conditional on cond, and with resume
// (an If-Range validator) for the rest of the file from offset.
func newRequest(ctx context.Context, rawURL string, cond validators, offset int64, resume string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, &kindError{ErrAddress, fmt.Errorf("%s: not a usable address: %w", rawURL, err)}
	}
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	if resume != "" {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", offset))
		req.Header.Set("If-Range", resume)
	}
	// Set by hand, this also stops the transport from inflating gzip by
	// itself: the size limit and the announced size count the file's bytes.
	req.Header.Set("Accept-Encoding", "identity")
	return req, nil
}

// copyTo writes r into path from offset (truncating there) and returns the
// bytes copied; ErrTooLarge if the file would pass limit. Before every
// syncEvery bytes it asks room whether the disk may take them. Every
// syncEvery bytes, and at the end whatever happened, it syncs the file and
// then calls synced with the file's size, so a state written there never
// claims bytes that a power loss could still take away.
func copyTo(path string, offset int64, r io.Reader, limit int64, room func() error, synced func(size int64) error) (int64, error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return 0, fmt.Errorf("update: %w", err)
	}
	defer file.Close()
	if err := file.Truncate(offset); err != nil {
		return 0, fmt.Errorf("update: %w", err)
	}
	if _, err := file.Seek(offset, io.SeekStart); err != nil {
		return 0, fmt.Errorf("update: %w", err)
	}
	if err := syncState(file, offset, synced); err != nil {
		return 0, err
	}
	var n int64
	r = io.LimitReader(r, limit-offset+1)
	for err == nil {
		if err = room(); err != nil {
			break
		}
		var m int64
		m, err = io.CopyN(file, r, syncEvery)
		n += m
		if err == io.EOF {
			err = nil
			break
		}
		if err == nil {
			err = syncState(file, offset+n, synced)
		}
	}
	if err == nil && offset+n > limit {
		return n, ErrTooLarge
	}
	if serr := syncState(file, offset+n, synced); err == nil {
		err = serr
	}
	if cerr := file.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("update: %w", cerr)
	}
	return n, err
}

// syncState syncs file and then records that size bytes of it are on disk.
func syncState(file *os.File, size int64, synced func(int64) error) error {
	if err := file.Sync(); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return synced(size)
}

// ready moves a complete download to a folder of its own under its own
// file name, so that the verifier's messages name "bulletin.zip" rather than
// a partial file's hash. discard removes it again.
func ready(dir, key, part, rawURL string) (string, error) {
	folder := filepath.Join(dir, key)
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return "", fmt.Errorf("update: %w", err)
	}
	path := filepath.Join(folder, baseName(rawURL))
	if err := os.Rename(part, path); err != nil {
		return "", fmt.Errorf("update: %w", err)
	}
	return path, nil
}

// discard removes a downloaded file and its folder.
func discard(path string) {
	os.Remove(path)
	os.Remove(filepath.Dir(path))
}

// maxBaseName is the longest file name taken from an address; a longer one
// could pass the file system's limit of 255 bytes and fail the download.
const maxBaseName = 100

// baseName is the last segment of the address's path when it is a plain,
// short file name, else "bundle.zip".
func baseName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "bundle.zip"
	}
	name := path.Base(u.Path)
	if name == "" || name == "." || name == "/" || name == ".." || len(name) > maxBaseName {
		return "bundle.zip"
	}
	for _, r := range name {
		if !(r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "bundle.zip"
		}
	}
	return name
}

// sweep removes from the downloads folder what no check of f.owner will
// use: partial files and their states kept for another update address (or
// with no state to resume them by), the folder of f.owner's own finished
// download (left by a crash: sweep runs when no check is under way), and
// anything older than staleAfter. Errors are ignored: a file that stays is
// tried again at the next sweep.
func (f *fetcher) sweep() {
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		return
	}
	own := fileKey(f.owner)
	for _, e := range entries {
		p := filepath.Join(f.dir, e.Name())
		info, err := e.Info()
		stale := err == nil && f.now().Sub(info.ModTime()) > staleAfter
		key, ext, _ := strings.Cut(e.Name(), ".")
		switch {
		case stale || (e.IsDir() && key == own):
			os.RemoveAll(p)
		case !e.IsDir() && (ext == "part" || ext == "json") && f.stateOwner(key) != f.owner:
			os.Remove(p)
		}
	}
}

// stateOwner returns the update address a partial download of key was kept
// for, "" when its state is missing or unreadable.
func (f *fetcher) stateOwner(key string) string {
	data, err := os.ReadFile(filepath.Join(f.dir, key+".json"))
	if err != nil {
		return ""
	}
	var s partState
	if json.Unmarshal(data, &s) != nil {
		return ""
	}
	return s.Owner
}

// netError names the address and the cause of a failed transfer.
func (f *fetcher) netError(ctx context.Context, rawURL string, err error) error {
	if errors.Is(context.Cause(ctx), ErrStalled) {
		return &kindError{ErrStalled, fmt.Errorf("%s: no data arrived for %s; will try again", rawURL, f.stall)}
	}
	return fmt.Errorf("%s: download failed: %w; will try again", rawURL, err)
}

// statusText is "404 Not Found", whatever the server wrote after the code.
func statusText(resp *http.Response) string {
	return fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
}

// resumePoint returns how much of a partial download of rawURL can be kept
// (the bytes its state says were synced) and the validator to resume it
// with, or 0 and "" when it cannot be resumed.
func resumePoint(part, state, rawURL string) (int64, string) {
	fi, err := os.Stat(part)
	if err != nil {
		return 0, ""
	}
	data, err := os.ReadFile(state)
	if err != nil {
		return 0, ""
	}
	var s partState
	if json.Unmarshal(data, &s) != nil || s.URL != rawURL || s.ifRange() == "" {
		return 0, ""
	}
	size := min(fi.Size(), s.Size)
	if size <= 0 {
		return 0, ""
	}
	return size, s.ifRange()
}

func writeState(path string, s partState) error {
	data, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	return nil
}

func dropPart(part, state string) {
	os.Remove(part)
	os.Remove(state)
}

// fileKey names the files of one address in the downloads folder.
func fileKey(rawURL string) string {
	sum := sha256.Sum256([]byte(rawURL))
	return hex.EncodeToString(sum[:8])
}

// contentRange parses "bytes START-END/TOTAL"; total is -1 when given as "*".
func contentRange(h string) (start, end, total int64, ok bool) {
	rest, found := strings.CutPrefix(h, "bytes ")
	if !found {
		return 0, 0, 0, false
	}
	span, size, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, 0, false
	}
	first, last, found := strings.Cut(span, "-")
	if !found {
		return 0, 0, 0, false
	}
	start, err1 := strconv.ParseInt(first, 10, 64)
	end, err2 := strconv.ParseInt(last, 10, 64)
	if err1 != nil || err2 != nil || start < 0 || end < start {
		return 0, 0, 0, false
	}
	if size == "*" {
		return start, end, -1, true
	}
	total, err := strconv.ParseInt(size, 10, 64)
	if err != nil || total <= end {
		return 0, 0, 0, false
	}
	return start, end, total, true
}

// stallReader pushes the stall deadline back whenever bytes arrive.
type stallReader struct {
	r     io.Reader
	timer *time.Timer
	d     time.Duration
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.timer.Reset(s.d)
	}
	return n, err
}
