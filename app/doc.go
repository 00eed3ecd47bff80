// Package app wires bipkiosk together: the command line, configuration,
// logging, the web server and the desktop window. It holds no domain logic:
// every command parses its flags, calls one or two domain packages and
// reports the result.
//
// It may import every internal package, the standard library,
// github.com/wailsapp/wails/v2, github.com/google/uuid and golang.org/x/term.
// Nothing imports it but main.
package app
