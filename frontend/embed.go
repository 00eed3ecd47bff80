// Package frontend embeds the reader's templates, stylesheets, scripts, icons
// and fonts, so the one binary carries its whole user interface.
//
// It holds files only: internal/web parses the templates and serves the assets.
// Stylesheets live one per component in static/css (BEM classes with the bk-
// prefix), in the cascade order static/css/order.txt lists; scripts in
// static/js only enhance pages that work without them.
// The Atkinson Hyperlegible font files in static/fonts are placed there by a
// build step and are not committed; without them the CSS falls back to system
// fonts.
//
// It may import only the standard library.
package frontend

import "embed"

// Templates holds the HTML templates: layout.html, partials/*.html and pages/*.html.
//
//go:embed templates
var Templates embed.FS

// Static holds the assets served under /static: css, js, icons and fonts.
//
//go:embed static
var Static embed.FS
