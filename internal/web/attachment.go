package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// attachmentTable is the attachments partial's view.
type attachmentTable struct {
	L           *Layout
	CaptionID   string
	Caption     string
	WithSection bool
	Items       []attachmentView
}

// attachmentView is one file as the tables show it.
type attachmentView struct {
	Title, Name, Href, Type, Size string
	Section, SectionHref          string
	Page                          string // the in-app page that shows the file (attachmentPagePath)
	MayHaveText                   bool   // the app reads text of the file's type (attachment.MayHaveText)
}

func (l *Layout) attachmentTable(id, caption string, withSection bool) attachmentTable {
	return attachmentTable{L: l, CaptionID: id, Caption: caption, WithSection: withSection}
}

func (l *Layout) attachmentView(a content.Attachment, section store.NodeSummary) attachmentView {
	title := a.Title
	if title == "" {
		title = a.Name
	}
	return attachmentView{
		Title: title, Name: a.Name, Href: attachmentURL(a),
		Type: attachment.Label(a.Type, a.Name), Size: l.Size(a.Size),
		Section: section.Title, SectionHref: nodePath(section.ID),
		Page:        attachmentPagePath(section.ID, a.SHA256),
		MayHaveText: a.Text != nil || attachment.MayHaveText(a.Type, a.Name),
	}
}

// attachmentURL is where an attachment is served: by content hash, with the
// file name last so a browser saves it under that name.
func attachmentURL(a content.Attachment) string {
	name := a.Name
	if name == "" {
		name = "plik"
	}
	return "/pliki/" + a.SHA256 + "/" + url.PathEscape(name)
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// serveAttachment serves an attachment's bytes from the store.
func (h *handler) serveAttachment(w http.ResponseWriter, r *http.Request) {
	sum, name := r.PathValue("sha256"), path.Base(r.PathValue("name"))
	if !sha256Hex.MatchString(sum) {
		h.showNotFound(w, r)
		return
	}
	// By the name alone, as the browser will: a type without Serve (HTML,
	// SVG, anything unknown) is bytes to download, never run in the app's origin.
	t, _ := attachment.ByExt(name)
	ctype := t.Serve
	if ctype == "" {
		ctype, t.Inline = attachment.OctetStream, false
	}
	h.serveBlob(w, r, sum, ctype, contentDisposition(t.Inline, name))
}

// serveBlob writes stored bytes with headers that stop a browser guessing
// their type. The bytes never change under a hash, so they are cached long.
func (h *handler) serveBlob(w http.ResponseWriter, r *http.Request, sum, ctype, disposition string) {
	err := h.store.Read(func(rd *store.Reader) error {
		return rd.Blob(sum, func(data []byte) error {
			hd := w.Header()
			hd.Set("Content-Type", ctype)
			hd.Set("X-Content-Type-Options", "nosniff")
			hd.Set("Cache-Control", "public, max-age=31536000, immutable")
			hd.Set("ETag", `"`+sum+`"`)
			if disposition != "" {
				hd.Set("Content-Disposition", disposition)
			}
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
			return nil
		})
	})
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrEmpty):
		h.showNotFound(w, r)
	case err != nil:
		h.serverError(w, r, h.settingsFor(r), err)
	}
}

// contentDisposition builds a header per RFC 6266: an ASCII fallback name and
// the real name in RFC 5987 encoding, so Polish letters survive and no quote,
// backslash or control character can break the header.
func contentDisposition(inline bool, name string) string {
	kind := "attachment"
	if inline {
		kind = "inline"
	}
	var ascii strings.Builder
	for _, c := range name {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '%' || c == ';' {
			ascii.WriteByte('_')
			continue
		}
		ascii.WriteRune(c)
	}
	return kind + `; filename="` + ascii.String() + `"; filename*=UTF-8''` + rfc5987(name)
}

func rfc5987(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
	}
	return b.String()
}

// serveLogo serves the owner's logo named by the site data.
func (h *handler) serveLogo(w http.ResponseWriter, r *http.Request) {
	var logo *content.Blob
	err := h.store.Read(func(rd *store.Reader) error {
		site, err := rd.Site()
		logo = site.Logo
		return err
	})
	if err != nil || logo == nil || !sha256Hex.MatchString(logo.SHA256) {
		h.showNotFound(w, r)
		return
	}
	ctype := logo.Type
	switch ctype {
	case "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml":
	default:
		ctype = "application/octet-stream"
	}
	if ctype == "image/svg+xml" {
		// An SVG shown as a document could run script; as an <img> it cannot.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	}
	h.serveBlob(w, r, logo.SHA256, ctype, "")
}
