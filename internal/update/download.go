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

// partState is kept beside a partial download so a later attempt can resume it.
type partState struct {
	URL string `json:"url"`
	validators
}

// fetcher downloads one address at a time into dir.
type fetcher struct {
	client *http.Client
	dir    string
	stall  time.Duration // give up when no byte arrives for this long
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
			err = fmt.Errorf("%s: server answered a range request it was not sent: check --update-url", rawURL)
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

// attempt makes one request. It reports done when the file is complete (or
// the server answered 304), restart when the partial file had to be dropped
// and the request should be made again from the start.
func (f *fetcher) attempt(ctx context.Context, rawURL string, cond validators, part, state string, offset int64, resume string, maxBytes int64, res *fetched) (done, restart bool, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	timer := time.AfterFunc(f.stall, func() { cancel(ErrStalled) })
	defer timer.Stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return false, false, fmt.Errorf("%s: not a usable address: %w: check --update-url", rawURL, err)
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
	resp, err := f.client.Do(req)
	if err != nil {
		return false, false, f.netError(ctx, rawURL, err)
	}
	defer resp.Body.Close()
	val := validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified && !cond.empty():
		// The partial file, if any, was of a version we no longer want.
		os.Remove(part)
		os.Remove(state)
		res.notModified, res.val = true, cond
		return true, false, nil
	case resp.StatusCode == http.StatusPartialContent && resume != "":
		start, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			dropPart(part, state)
			return false, true, nil
		}
		if total > maxBytes {
			dropPart(part, state)
			return false, false, tooLarge(rawURL, total, maxBytes)
		}
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable && resume != "":
		dropPart(part, state)
		return false, true, nil
	case resp.StatusCode == http.StatusOK:
		offset = 0 // the server ignored the range, or the version changed: start again
		if resp.ContentLength > maxBytes {
			dropPart(part, state)
			return false, false, tooLarge(rawURL, resp.ContentLength, maxBytes)
		}
	default:
		return false, false, &kindError{ErrStatus, fmt.Errorf("%s: server answered %s: check --update-url", rawURL, statusText(resp))}
	}
	res.val = val
	if err := writeState(state, partState{URL: rawURL, validators: val}); err != nil {
		return false, false, err
	}
	n, err := f.copyTo(part, offset, &stallReader{r: resp.Body, timer: timer, d: f.stall}, maxBytes)
	res.received += n
	if errors.Is(err, ErrTooLarge) {
		dropPart(part, state)
		return false, false, tooLarge(rawURL, offset+n, maxBytes)
	}
	if err != nil {
		// The partial file and its validators stay for the next attempt.
		return false, false, f.netError(ctx, rawURL, err)
	}
	return true, false, nil
}

// copyTo writes r into path from offset (truncating there) and returns the
// bytes copied; ErrTooLarge if the file would pass maxBytes.
func (f *fetcher) copyTo(path string, offset int64, r io.Reader, maxBytes int64) (int64, error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return 0, fmt.Errorf("update: %w", err)
	}
	if err := file.Truncate(offset); err != nil {
		file.Close()
		return 0, fmt.Errorf("update: %w", err)
	}
	if _, err := file.Seek(offset, io.SeekStart); err != nil {
		file.Close()
		return 0, fmt.Errorf("update: %w", err)
	}
	n, err := io.Copy(file, io.LimitReader(r, maxBytes-offset+1))
	if err == nil && offset+n > maxBytes {
		err = ErrTooLarge
	}
	if err == nil {
		err = file.Sync()
	}
	if cerr := file.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return n, err
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

// baseName is the last segment of the address's path when it is a plain
// file name, else "bundle.zip".
func baseName(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "bundle.zip"
	}
	name := path.Base(u.Path)
	if name == "" || name == "." || name == "/" || name == ".." {
		return "bundle.zip"
	}
	for _, r := range name {
		if !(r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "bundle.zip"
		}
	}
	return name
}

// netError names the address and the cause of a failed transfer.
func (f *fetcher) netError(ctx context.Context, rawURL string, err error) error {
	if errors.Is(context.Cause(ctx), ErrStalled) {
		return &kindError{ErrStalled, fmt.Errorf("%s: no data arrived for %s; will try again", rawURL, f.stall)}
	}
	return fmt.Errorf("%s: download failed: %w; will try again", rawURL, err)
}

func tooLarge(rawURL string, n, max int64) error {
	return &kindError{ErrTooLarge, fmt.Errorf("%s: is %d bytes or more, over the limit of %d: check --update-url or raise --max-total-bytes", rawURL, n, max)}
}

// statusText is "404 Not Found", whatever the server wrote after the code.
func statusText(resp *http.Response) string {
	return fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
}

// resumePoint returns the size of a partial download of rawURL and the
// validator to resume it with, or 0 and "" when it cannot be resumed.
func resumePoint(part, state, rawURL string) (int64, string) {
	fi, err := os.Stat(part)
	if err != nil || fi.Size() == 0 {
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
	return fi.Size(), s.ifRange()
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
func contentRange(h string) (start, total int64, ok bool) {
	rest, found := strings.CutPrefix(h, "bytes ")
	if !found {
		return 0, 0, false
	}
	span, size, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	first, _, found := strings.Cut(span, "-")
	if !found {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	if size == "*" {
		return start, -1, true
	}
	total, err = strconv.ParseInt(size, 10, 64)
	return start, total, err == nil
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
