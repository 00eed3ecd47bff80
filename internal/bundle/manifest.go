package bundle

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// The format this package writes and reads. Version 2 adds to version 1
// only an attachment's published text and page images (text and pages in
// a node's attachments); a bundle without them is written as version 1,
// which readers before version 2 open too.
const (
	FormatName = "bipkiosk-bundle"
	Version    = 2
	// VersionWithoutPages is the version of a bundle none of whose
	// attachments has text or pages.
	VersionWithoutPages = 1
)

// The fixed entry names of a bundle.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.sig"
	SiteName      = "site.json"
	nodesDir      = "nodes/"
	filesDir      = "files/"
	// maxSignatureBytes bounds manifest.sig: 88 characters of base64 and a
	// newline are all it ever needs.
	maxSignatureBytes = 1 << 10
)

// Manifest is manifest.json: what the bundle is, who signed it, and the
// SHA-256 and size of every other entry.
type Manifest struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Publisher Publisher `json:"publisher"`
	Sequence  uint64    `json:"sequence"`
	// BaseSequence is 0 for a full bundle. A delta bundle names the sequence
	// of the full edition it applies to and carries only what changed since.
	BaseSequence uint64    `json:"base_sequence"`
	Created      time.Time `json:"created"`
	Entries      []Entry   `json:"entries"`
	// Removed lists, in a delta only, the nodes of the base that the new
	// edition no longer has, in ascending id order.
	Removed []uuid.UUID `json:"removed,omitempty"`
	// KeyRotation, when present, is the old key's signed hand-over to the key
	// that signed this manifest (see rotation.go).
	KeyRotation *KeyRotation `json:"key_rotation,omitempty"`
}

// Entry is one file of the bundle as the manifest lists it.
type Entry struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"` // lowercase hex of the uncompressed bytes
	Size   int64  `json:"size"`   // uncompressed bytes
}

// entryKind says what a manifest path names.
type entryKind int

const (
	kindOther entryKind = iota
	kindSite
	kindNode
	kindFile
)

// classify returns the kind of path, and for a node its id. A node's file
// name must be the canonical (lowercase, hyphenated) form of its UUID and a
// file's name its lowercase SHA-256, so that one thing has exactly one name.
func classify(path string) (entryKind, uuid.UUID) {
	switch {
	case path == SiteName:
		return kindSite, uuid.Nil
	case strings.HasPrefix(path, nodesDir) && strings.HasSuffix(path, ".json"):
		s := strings.TrimSuffix(strings.TrimPrefix(path, nodesDir), ".json")
		id, err := uuid.Parse(s)
		if err != nil || id.String() != s || id == uuid.Nil {
			return kindOther, uuid.Nil
		}
		return kindNode, id
	case strings.HasPrefix(path, filesDir) && isSHA256(path[len(filesDir):]):
		return kindFile, uuid.Nil
	}
	return kindOther, uuid.Nil
}

func nodePath(id uuid.UUID) string { return nodesDir + id.String() + ".json" }
func filePath(sha string) string   { return filesDir + sha }

// isSHA256 reports whether s is 64 lowercase hex digits.
func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
