package update

import (
	"errors"
	"fmt"
)

// The kinds of failure, for callers to test with errors.Is. The returned
// error's message is a whole sentence naming the address and what to do;
// it names no command-line flag: a command adds its own hints by kind.
var (
	// ErrAddress means the update address is not a usable http(s) address.
	ErrAddress = errors.New("update: not a usable address")
	// ErrNotFeed means an address taken for an update feed (a .json) did
	// not answer with one. It matches ErrFeed too.
	ErrNotFeed = fmt.Errorf("%w: not an update feed", ErrFeed)
	// ErrDeltaOnly means the address serves a delta bundle on another base
	// than the installed edition: only a feed or a full bundle can bring
	// such an installation forward.
	ErrDeltaOnly = errors.New("update: the address serves a delta on another edition")

	// ErrStatus means the server answered with a status other than 2xx or 304.
	ErrStatus = errors.New("update: server refused the request")
	// ErrTooLarge means a download is larger than the size limit.
	ErrTooLarge = errors.New("update: download too large")
	// ErrStalled means no bytes arrived for the stall timeout.
	ErrStalled = errors.New("update: download stalled")
	// ErrTooSlow means a download took longer than its size allows at the
	// least rate (Options.MinRate), or longer than Options.MaxDuration.
	ErrTooSlow = errors.New("update: download too slow")
	// ErrEncoding means the server sent a file with a content coding (gzip,
	// br, …) although it was asked for the file's own bytes. A download that
	// stopped because the disk is full wraps store.ErrDiskFull instead.
	ErrEncoding = errors.New("update: download has a content coding")
	// ErrFeed means the update feed is not one this version understands.
	ErrFeed = errors.New("update: bad update feed")
	// ErrMismatch means a downloaded bundle differs in size or SHA-256 from
	// what the feed lists: the publisher is most likely uploading, so the
	// check fails and is tried again; the feed is not remembered.
	ErrMismatch = errors.New("update: bundle does not match the feed")
	// ErrDamaged means a download is not whole: shorter or longer than the
	// server announced, or not a complete zip archive (a cut transfer, a
	// tail of zeros after a power loss). It is fetched again, never judged.
	ErrDamaged = errors.New("update: download damaged")
	// ErrRefusedBefore means the address still serves the bundle that was
	// refused at an earlier check, so it was not downloaded again.
	ErrRefusedBefore = errors.New("update: bundle was refused before")
)

// kindError reads as its own sentence while matching a sentinel above.
type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// LimitError is a download that passed its size limit. Inside the package
// the limit may be the operator's or a feed's listed size; a LimitError that
// Check returns is always over the operator's limit (Options.MaxBytes), and
// matches ErrTooLarge.
type LimitError struct {
	URL     string // the bundle's address (in a feed, the bundle's, not the feed's)
	Size    int64  // the stated size, or with AtLeast the bytes received
	AtLeast bool
	Max     int64
}

func (e *LimitError) Error() string {
	if e.AtLeast {
		return fmt.Sprintf("%s: is more than %d bytes, the limit", e.URL, e.Max)
	}
	return fmt.Sprintf("%s: is %d bytes, over the limit of %d", e.URL, e.Size, e.Max)
}

func (e *LimitError) Unwrap() error { return ErrTooLarge }
