// Package defaultbulletin embeds the default bulletin: the Chojnów BIP of the
// reference page, built from the source tree in source/ into a signed bundle
// by "go generate" and compiled into the binary, so a new installation shows
// a real bulletin before any bundle is imported.
//
// The bundle is signed with a key made afresh at each generate and thrown
// away: only the public half is embedded, so the key can sign nothing else
// and the store trusts it for this publisher only.
//
// It may import the standard library, internal/bundle and
// github.com/google/uuid. Its generator (gen/) also reads the source tree.
package defaultbulletin
