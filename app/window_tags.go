//go:build !dev && !production && !bindings

package app

// windowBuilt reports whether this binary holds Wails' window code. Wails
// compiles its window only with one of the tags dev, production or bindings
// (docs/desktop.md); without them its Run can only fail, so Desktop.run
// returns ErrNoWindow instead of calling it.
const windowBuilt = false
