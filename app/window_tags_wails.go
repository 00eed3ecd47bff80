//go:build dev || production || bindings

package app

// windowBuilt reports whether this binary holds Wails' window code: it does
// when built with one of Wails' tags (see window_tags.go).
const windowBuilt = true
