package store

import "errors"

// ErrEmpty reports that no bulletin has been installed yet.
var ErrEmpty = errors.New("store: no bulletin installed")

// ErrNotFound reports that a node, blob, setting or key is not in the store.
var ErrNotFound = errors.New("store: not found")

// ErrDowngrade reports an import whose sequence is lower than the installed one.
var ErrDowngrade = errors.New("store: bundle is older than the installed bulletin")

// ErrAlreadyInstalled reports an import whose sequence equals the installed one.
var ErrAlreadyInstalled = errors.New("store: bundle is already installed")

// ErrOtherPublisher reports an import from a publisher other than the installed
// one without ImportOptions.ReplacePublisher.
var ErrOtherPublisher = errors.New("store: bundle is from a different publisher than the installed bulletin")

// ErrDeltaUnsupported reports a delta Source (non-zero base sequence) that does
// not implement Delta, so it cannot say which nodes it removes.
var ErrDeltaUnsupported = errors.New("store: delta source cannot say which nodes it removes")

// ErrDeltaBase reports a delta whose base is not the installed generation (or
// does not match it); its message names the full bundle to import instead.
var ErrDeltaBase = errors.New("store: delta bundle does not apply to the installed bulletin")

// ErrKeyChanged reports a key hand-over whose old key is no longer the key
// pinned for the publisher when the import ends (someone trusted another key
// meanwhile); nothing is installed.
var ErrKeyChanged = errors.New("store: the publisher's trusted key changed during the import")

// ErrSchema reports a store written by a newer version of bipkiosk.
var ErrSchema = errors.New("store: data written by a newer version of bipkiosk")

// ErrIncomplete reports an import whose source does not hold everything its nodes
// refer to (a parent, a group node, an attachment's bytes).
var ErrIncomplete = errors.New("store: bulletin is incomplete")

// ErrNothingToRollBack reports a Rollback when no earlier complete generation is kept.
var ErrNothingToRollBack = errors.New("store: nothing to roll back to")

// ErrLocked reports a data directory that another process (a running reader)
// has open: Badger lets one process at a time use it.
var ErrLocked = errors.New("store: data directory is in use by another process")
