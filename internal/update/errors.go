package update

import "errors"

// The kinds of failure, for callers to test with errors.Is. The returned
// error's message is a whole sentence naming the address and what to do.
var (
	// ErrStatus means the server answered with a status other than 2xx or 304.
	ErrStatus = errors.New("update: server refused the request")
	// ErrTooLarge means a download is larger than the size limit.
	ErrTooLarge = errors.New("update: download too large")
	// ErrStalled means no bytes arrived for the stall timeout.
	ErrStalled = errors.New("update: download stalled")
	// ErrFeed means the update feed is not one this version understands.
	ErrFeed = errors.New("update: bad update feed")
	// ErrMismatch means a downloaded bundle differs from what the feed lists.
	ErrMismatch = errors.New("update: bundle does not match the feed")
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
