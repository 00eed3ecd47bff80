//go:build !bindings

package app

// bindingsOnly is false in every binary but the Wails CLI's bindings step
// (see bindings_wails.go).
const bindingsOnly = false

func writeBindings() error { return nil }
