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
// It may import the standard library, internal/bundle, internal/content,
// internal/source and github.com/google/uuid.
package defaultbulletin
