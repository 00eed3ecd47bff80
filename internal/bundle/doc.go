// Package bundle is bundle format v2 (reading v1 too): the Ed25519-signed zip in which a
// publisher ships a whole bulletin (site, nodes and attachment bytes), or a
// delta on an earlier one, to bipkiosk; v2 adds attachments' published text
// and page images. It generates and reads publisher
// keys, signs hand-overs from an old key to a new one, writes bundles
// reproducibly, compares two bundles, and opens them as untrusted input: the
// signature, every entry name, size and limit are checked before any content
// is read, and every entry's SHA-256 and size are checked while it is read.
//
// The format is specified in docs/bundle-format.md; this package is one
// implementation of it, not the definition.
//
// It may import the standard library, internal/content, internal/parallel,
// internal/sanitize (bodies are sanitised again on read: a bundle's producer
// is never trusted) and github.com/google/uuid. It knows nothing of Badger or
// HTTP.
package bundle
