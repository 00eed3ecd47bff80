package bundle

import (
	"errors"
	"fmt"
)

// The kinds of failure, for callers to test with errors.Is. The message of a
// returned error is a whole sentence of its own; these texts do not appear in it.
var (
	// ErrUntrusted means the bundle's publisher has no trusted key. A Trust
	// function returns an error wrapping it for a publisher it does not know.
	ErrUntrusted = errors.New("bundle: publisher not trusted")
	// ErrSignature means manifest.sig is missing, malformed or does not verify.
	ErrSignature = errors.New("bundle: bad signature")
	// ErrCorrupt means content does not match the manifest (hash, size,
	// missing entry) or is not valid JSON.
	ErrCorrupt = errors.New("bundle: corrupt")
	// ErrUnsafe means an entry that must never be accepted: a bad path, a
	// symlink or directory, a duplicate, an entry the manifest does not list,
	// or an address with a forbidden scheme.
	ErrUnsafe = errors.New("bundle: unsafe content")
	// ErrLimit means the bundle is larger than the reader's Limits allow.
	ErrLimit = errors.New("bundle: over a limit")
	// ErrFormat means the file is not a bundle this version understands: not
	// a zip, another format or version, an unsupported compression method.
	ErrFormat = errors.New("bundle: unknown format")
	// ErrSequence means a bundle cannot be written with the sequence asked
	// for: 0, or not greater than its base's.
	ErrSequence = errors.New("bundle: bad sequence")
	// ErrSameKey means a key rotation was asked for from a key to itself.
	ErrSameKey = errors.New("bundle: key rotation to the same key")
)

// kindError is an error whose message is complete in itself but which also
// matches one of the sentinels above, so a refusal reads as one sentence
// ("bundle.zip: publisher … is not trusted; run …") while callers can still
// tell the kinds apart.
type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// fail builds an error of the given kind; format may wrap a cause with %w.
func fail(kind error, format string, args ...any) error {
	return &kindError{kind: kind, err: fmt.Errorf(format, args...)}
}
