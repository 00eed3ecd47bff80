// Package web is the reader's one http.Handler: the route table, one handler
// per screen, typed view models, the display settings and the responses. The
// same handler serves the Wails desktop window and the HTTP server, so every
// page is plain server-rendered HTML with root-relative links and no trailing
// slash, works without JavaScript, never redirects, and in the desktop shell
// never sets a cookie or renders an external address as a plain link.
//
// Each response reads inside one store.Read, so it sees exactly one generation.
// The package never writes content; it writes only display settings (desktop
// shell) and this terminal's visit counts.
//
// It may import the standard library, internal/attachment, internal/content,
// internal/store, internal/search, internal/printing, internal/i18n,
// internal/kiosk, frontend, github.com/google/uuid and rsc.io/qr (QR codes of live addresses).
package web
