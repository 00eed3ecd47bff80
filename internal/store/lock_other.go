//go:build !unix

package store

// dirInUse cannot tell without Badger here; Badger's own refusal becomes
// ErrLocked in Open.
func dirInUse(string) bool { return false }
