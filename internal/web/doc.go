// Package web is the reader's one http.Handler: the route table, one handler
// per screen, typed view models, the display settings and the responses. The
// same handler serves the Wails desktop window and the HTTP server, so every
// page is plain server-rendered HTML with root-relative links and no trailing
// slash, works without JavaScript, never redirects, and in the desktop shell
// never sets a cookie or renders an external address as a plain link.
//
// Each response reads inside one store.Read, so it sees exactly one generation.
// A page's view model is plain data filled inside that read: the Layout
// carries the frame (shell, kiosk, asset URLs, print mode, the footer's
// update line) as values and a translator, and no template reads the store.
// A page declares its status and cache policy (a page value: revalidated by
// an ETag tied to its URL, fresh, or no-store), and writeHTML writes exactly
// that. The route table (routes.go) marks the screens that end a kiosk's
// operator session, and paths.go builds every link to a routed path. A
// panicking request is logged (web_panic) and answered 500 in both shells;
// /healthz tells a service manager whether a bulletin can be read.
//
// With a speech engine (Deps.Speech) the article, attachment and results
// pages show the read-aloud player: the page's sentences are marked after
// the template runs (internal/readaloud) and /mowa answers their audio, a
// whole page's, and the talking kiosk's short phrases (speech.go,
// speech_page.go, docs/speech.md).
//
// The package never writes content; it writes only display settings (desktop
// shell), this terminal's visit counts and, from its background warm-up
// (warm.go), never from a request, the node fragments of each generation:
// a node page's parts and the whole page in the default language, which
// answers later visits with only the visitor's parts filled in
// (snapshot.go).
//
// It may import the standard library, internal/attachment, internal/content,
// internal/store, internal/search, internal/printing, internal/i18n,
// internal/kiosk, internal/speech, internal/readaloud, internal/webvtt,
// internal/parallel (the warm-up's batches on every core), frontend,
// github.com/google/uuid and rsc.io/qr (QR codes of live addresses).
package web
