//go:build bindings

package app

import (
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
)

// bindingsOnly is true in the binary the Wails CLI builds with the tag
// "bindings" and runs during "wails build" and "wails dev" only to write the
// JavaScript bindings of bound Go methods. The reader binds none, so Main
// writes them at once and returns: it never opens a store (the builder's own
// data directory) nor a window (the builder may have no display).
const bindingsOnly = true

// writeBindings lets Wails write its (empty) bindings into frontend/wailsjs.
func writeBindings() error {
	return wails.Run(&options.App{Title: "bipkiosk"})
}
