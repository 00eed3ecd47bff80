// Package source reads a bulletin source tree — site.yaml plus folders of
// Markdown and HTML pages with YAML front matter — into the content model, so
// that "bipkiosk bundle build" can sign it into a bundle.
//
// Real municipal data is messy, so the reader separates what it can repair
// (warnings: odd characters, unknown keys, dates it cannot read) from what
// would publish something wrong (errors naming the file and line: broken YAML,
// a page without a title, a missing attachment, a duplicate id). All errors
// of a tree are reported together so that one run shows everything to fix.
//
// The format is documented in docs/source-format.md.
//
// It may import the standard library, internal/attachment, internal/content,
// internal/parallel, internal/sanitize, internal/webvtt, github.com/yuin/goldmark,
// go.yaml.in/yaml/v3, github.com/google/uuid and golang.org/x/text (Polish
// collation and the Windows-1250 decoder). It knows nothing of bundles,
// Badger or HTTP serving.
package source
