// Package synth generates realistic Polish municipal bulletins of any size —
// resolutions, announcements, tenders, job offers and budget items in a
// menu several levels deep, with full BIP metadata, change histories and
// attachments — for benchmarks and load tests.
//
// The same Options (seed included) always give the same bulletin, both as
// content values (Generate) and as a source tree on disk (WriteTree).
//
// It may import the standard library, internal/content, internal/samplescan
// (real PDF attachments, text and scanned) and github.com/google/uuid. It
// knows nothing of files other than the tree it writes, nor of bundles,
// Badger or HTTP.
package synth
