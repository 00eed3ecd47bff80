//go:build !linux || !(dev || production) || bindings

package app

import "log/slog"

// openDisplay has nothing to prepare: Windows' WebView2 needs no display
// connection, and a binary without the window never opens one.
func openDisplay(*slog.Logger) error { return nil }
