package bundle

import (
	"fmt"
	"mime"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/sanitize"
)

// refs is what checking a site or node needs to know about the rest of the
// bundle: which files it holds (and their sizes) and which nodes.
type refs struct {
	blob func(sha string) (size int64, ok bool)
	node func(id uuid.UUID) bool
	// inBase says that a file the bundle does not hold may be in the base of
	// a delta: its size is then checked by the importer, not here.
	inBase bool
	// version is the bundle's format version: text and pages of
	// attachments are only in version 2.
	version int
}

// Bounds of an attachment's published text and page images; a reader
// refuses a bundle over them (docs/bundle-format.md).
const (
	MaxTextBlob  = 1 << 20  // bytes of an attachment's text
	MaxPageBlob  = 16 << 20 // bytes of one page image
	MaxPages     = 16384    // page images of one attachment
	MaxPageSide  = 16384    // pixels of a page image's side
	textBlobType = "text/plain"
)

// checkSite checks what the rest of bipkiosk relies on in a site: text
// fields within content's limits, a name, references that resolve, and addresses it may render as links.
func checkSite(s content.Site, r refs) error {
	if err := s.CheckLengths(); err != nil {
		return fail(ErrLimit, "site.json: %w", err)
	}
	if strings.TrimSpace(s.Name) == "" {
		return fail(ErrCorrupt, "site.json has no name")
	}
	if s.LiveURL != "" && !webURL(s.LiveURL) {
		return fail(ErrUnsafe, "site.json: live_url %q is not an http or https address", s.LiveURL)
	}
	if s.Logo != nil {
		if err := checkBlob(*s.Logo, r); err != nil {
			return fail(ErrCorrupt, "site.json: logo: %w", err)
		}
	}
	if v := s.SignLanguage; v != nil {
		if err := v.Check(); err != nil {
			return fail(ErrCorrupt, "site.json: sign_language: %w", err)
		}
		for _, b := range []content.Blob{v.Video, v.Captions} {
			if err := checkBlob(b, r); err != nil {
				return fail(ErrCorrupt, "site.json: sign_language: %w", err)
			}
		}
	}
	for _, g := range s.Groups {
		for _, id := range g.Nodes {
			if !r.node(id) {
				return fail(ErrCorrupt, "site.json: group %q lists node %s, which the bundle does not hold or removes", g.Title, id)
			}
		}
	}
	return nil
}

// checkNode checks one node the same way on writing and on reading, so a
// bundle we write is one we accept. A text field over content's limits (a
// 120 KB title would go whole into every page's menu and to the printer)
// refuses the bundle.
func checkNode(n content.Node, r refs) error {
	if n.ID == uuid.Nil {
		return fail(ErrCorrupt, "a node has no id")
	}
	// Before the other checks, whose messages quote the title.
	if err := n.CheckLengths(); err != nil {
		return fail(ErrLimit, "node %s: %w", n.ID, err)
	}
	if !n.Kind.Valid() {
		return fail(ErrCorrupt, "node %s has kind %q; want section, article or link", n.ID, n.Kind)
	}
	if strings.TrimSpace(n.Title) == "" {
		return fail(ErrCorrupt, "node %s has no title", n.ID)
	}
	if n.Parent != uuid.Nil && (n.Parent == n.ID || !r.node(n.Parent)) {
		return fail(ErrCorrupt, "node %s (%q) has parent %s, which the bundle does not hold or removes", n.ID, n.Title, n.Parent)
	}
	if n.Kind == content.KindLink && !linkURL(n.URL) {
		return fail(ErrUnsafe, "link node %s (%q) has address %q; want an http, https, mailto or tel address", n.ID, n.Title, n.URL)
	}
	if n.Meta.SourceURL != "" && !webURL(n.Meta.SourceURL) {
		return fail(ErrUnsafe, "node %s (%q): source_url %q is not an http or https address", n.ID, n.Title, n.Meta.SourceURL)
	}
	for _, a := range n.Attachments {
		if err := checkBlob(a.Blob, r); err != nil {
			return fail(ErrCorrupt, "node %s (%q): attachment %q: %w", n.ID, n.Title, a.Name, err)
		}
		if !fileName(a.Name) {
			return fail(ErrUnsafe, "node %s (%q): attachment name %q is not a plain file name", n.ID, n.Title, a.Name)
		}
		if err := checkPublished(a, r); err != nil {
			return fail(ErrCorrupt, "node %s (%q): attachment %q: %w", n.ID, n.Title, a.Name, err)
		}
	}
	for _, c := range n.History {
		if !c.Kind.Valid() {
			return fail(ErrCorrupt, "node %s (%q): change at %s has kind %q; want created, modified or deleted", n.ID, n.Title, c.At.Format("2006-01-02"), c.Kind)
		}
	}
	return nil
}

// checkPublished checks an attachment's text and page images: only in
// version 2, of the allowed types, within the bounds, each a file of the
// bundle (or its base) like the attachment itself.
func checkPublished(a content.Attachment, r refs) error {
	if a.Text == nil && len(a.Pages) == 0 {
		return nil
	}
	if r.version < Version {
		return fail(ErrFormat, "has text or page images, which format version %d does not have", r.version)
	}
	if t := a.Text; t != nil {
		if err := checkTyped(t.Blob, r, MaxTextBlob, textBlobType); err != nil {
			return fmt.Errorf("text: %w", err)
		}
		if t.Method != content.TextLayer && t.Method != content.TextOffice && t.Method != content.TextOCR {
			return fail(ErrCorrupt, "text has method %q; want layer, office or ocr", t.Method)
		}
	}
	if len(a.Pages) > MaxPages {
		return fail(ErrLimit, "has %d page images; the limit is %d", len(a.Pages), MaxPages)
	}
	for i, p := range a.Pages {
		if err := checkTyped(p.Blob, r, MaxPageBlob, "image/png", "image/jpeg"); err != nil {
			return fmt.Errorf("page %d: %w", i+1, err)
		}
		if p.Width <= 0 || p.Height <= 0 || p.Width > MaxPageSide || p.Height > MaxPageSide {
			return fail(ErrCorrupt, "page %d is %d × %d pixels; want 1 to %d each way", i+1, p.Width, p.Height, MaxPageSide)
		}
	}
	return nil
}

// checkTyped checks a blob of a published text or page: a file of the
// bundle, at most max bytes, of one of the types (parameters aside).
func checkTyped(b content.Blob, r refs, max int64, types ...string) error {
	if err := checkBlob(b, r); err != nil {
		return err
	}
	if b.Size > max {
		return fail(ErrLimit, "file %s is %d bytes; the limit is %d", b.SHA256, b.Size, max)
	}
	t, _, _ := mime.ParseMediaType(b.Type)
	if !slices.Contains(types, t) {
		return fail(ErrUnsafe, "file %s has type %q; want %s", b.SHA256, b.Type, strings.Join(types, " or "))
	}
	return nil
}

func checkBlob(b content.Blob, r refs) error {
	if !isSHA256(b.SHA256) {
		return fail(ErrCorrupt, "sha256 %q is not 64 lowercase hex digits", b.SHA256)
	}
	size, ok := r.blob(b.SHA256)
	switch {
	case !ok && r.inBase:
	case !ok:
		return fail(ErrCorrupt, "file %s is not in the bundle", b.SHA256)
	case size != b.Size:
		return fail(ErrCorrupt, "file %s is said to be %d bytes but is %d", b.SHA256, b.Size, size)
	}
	if b.Type != "" {
		if _, _, err := mime.ParseMediaType(b.Type); err != nil {
			return fail(ErrCorrupt, "file %s has type %q, which is not a MIME type", b.SHA256, b.Type)
		}
	}
	return nil
}

// sanitizeSite and sanitizeNode pass every HTML field through the one policy.
func sanitizeSite(s *content.Site) {
	s.Instructions = sanitize.HTML(s.Instructions)
	s.Accessibility = sanitize.HTML(s.Accessibility)
	s.EasyToRead = sanitize.HTML(s.EasyToRead)
}

func sanitizeNode(n *content.Node) {
	n.Body = sanitize.HTML(n.Body)
	for i := range n.History {
		n.History[i].PreviousBody = sanitize.HTML(n.History[i].PreviousBody)
	}
}

// webURL reports whether s is an absolute http or https address with a host.
func webURL(s string) bool {
	u, ok := parseURL(s)
	return ok && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// linkURL reports whether s may be the target of a link node.
func linkURL(s string) bool {
	if webURL(s) {
		return true
	}
	u, ok := parseURL(s)
	return ok && (u.Scheme == "mailto" || u.Scheme == "tel") && u.Opaque != ""
}

// parseURL parses s, refusing whitespace and control characters, which
// browsers strip and so let "java\tscript:" through a naive scheme check.
func parseURL(s string) (*url.URL, bool) {
	if strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || unicode.IsControl(r) }) >= 0 {
		return nil, false
	}
	u, err := url.Parse(s)
	return u, err == nil
}

// fileName reports whether s can be offered as a download name as it is.
func fileName(s string) bool {
	if s == "" || s == "." || s == ".." || strings.ContainsAny(s, `/\`) {
		return false
	}
	// Format characters such as U+202E (right-to-left override) would let
	// "faktura\u202Efdp.exe" show as "fakturaexe.pdf".
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) < 0
}
