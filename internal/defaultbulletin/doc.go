// Package defaultbulletin embeds the default bulletin: the Chojnów BIP of the
// reference page, built from the source tree in source/ into a signed bundle
// by "go generate" and compiled into the binary, so a new installation shows
// a real bulletin before any bundle is imported. The source tree is embedded
// too: a binary built without "go generate" (a plain "go build" or "go
// install" of a clean clone) builds the same bundle in memory when it is
// first asked for it, so it works all the same.
//
// The bundle is signed with a key made afresh at each generate (or run-time
// build) and thrown away: only the public half is kept, so the key can sign
// nothing else and the store trusts it for this publisher only.
//
// The source tree holds a sample scanned resolution as its text
// (NAME.skan.txt): the build renders it into a scanned-looking PDF
// (internal/samplescan) and, like "bundle build", makes every attachment's
// text and page images (internal/docprep: pdftoppm, tesseract). Without
// those programs it warns, to the generate's output or, in the build from
// the embedded source, to the log, and publishes the scan without them.
//
// It may import the standard library, internal/attachment, internal/bundle,
// internal/content, internal/docprep, internal/samplescan, internal/source
// and github.com/google/uuid.
package defaultbulletin
