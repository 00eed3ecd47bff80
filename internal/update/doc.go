// Package update keeps an installation current from a publisher's web
// address: it downloads a bundle (or follows an update feed, index.json, to a
// chain of delta bundles) with conditional and resumable HTTP requests into a
// downloads folder outside the store, verifies it, hands it to an installer,
// and remembers what it saw so an unchanged bundle is not fetched again.
// Poller runs those checks in the background with back-off on failure.
// DirWatcher does the same for a folder (a USB stick) instead of an address:
// it copies the newest acceptable bundle there into the downloads folder,
// verifies it and installs it.
//
// The bundle and the feed are untrusted until verified: the feed only routes
// (it is unsigned), and every bundle it names is checked against its listed
// size and SHA-256 and then opened with the publisher's pinned key. A
// download that is not whole (cut short, not a zip, not what the feed lists)
// is a failed transfer, fetched again; only a whole bundle that fails
// verification is refused, and that verdict is remembered.
//
// It may import the standard library, internal/bundle, internal/store and github.com/google/uuid. It
// knows nothing of the command line or of the web handler; app wires it.
package update
