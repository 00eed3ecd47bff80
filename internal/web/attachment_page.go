package web

import (
	"context"
	"html/template"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// The attachment page shows a file inside the app: what it is, its text
// where the app can read it, and the live address where a visitor gets the
// file on their own phone. A kiosk links every attachment here and never to
// the raw file, which a browser would show in its PDF viewer or download
// page: no kiosk bar, no idle reset, nothing for the next visitor but the
// last one's document.

// maxShownText bounds the text shown: about sixty printed pages, more
// than anyone reads standing.
const maxShownText = 128 << 10

// attachmentPage is the view of the in-app attachment page.
type attachmentPage struct {
	*Layout
	Node      uuid.UUID
	NodeTitle string
	Name      string
	Type      string
	Size      string
	Download  string // the raw file; empty in a kiosk
	Text      string // the file's text, whole or its start
	Cut       bool   // Text is the start of a longer text
	NoText    string // why there is no text, in the UI language
	Hint      string // what to do instead
	Live      string // the file's page on the live BIP, or the BIP itself
	LiveLink  ExtLink
	QR        template.HTML // kiosk only; empty when the address cannot be encoded
	OCR       bool          // the text was recognised automatically from page images
	Viewer    *viewerView   // the page viewer, for a file published with page images
}

// fileLinks is how a table of attachments links one file.
type fileLinks struct {
	Href     string // the title's link: the raw file, or in a kiosk the in-app page
	TextHref string // outside a kiosk: the in-app page, for files with text to show
}

// FileLinks returns the links of one row of an attachments table: in a
// kiosk only the in-app page, elsewhere the file itself as before and, for
// a type whose text the app reads (PDF, text, CSV), a link to read it in the page.
func (l *Layout) FileLinks(v attachmentView) fileLinks {
	if l.Kiosk() {
		return fileLinks{Href: v.Page}
	}
	out := fileLinks{Href: v.Href}
	if v.MayHaveText {
		out.TextHref = v.Page
	}
	return out
}

// showAttachmentPage is GET /p/{id}/zalacznik/{sha256}.
func (h *handler) showAttachmentPage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	sum := r.PathValue("sha256")
	if !ok || !sha256Hex.MatchString(sum) {
		h.showNotFound(w, r)
		return
	}
	h.render(w, r, "attachment", func(rd *store.Reader, lay *Layout) (any, error) {
		n, err := h.loadNode(rd, lay, id)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(n.Attachments, func(a content.Attachment) bool { return a.SHA256 == sum })
		if i < 0 {
			return nil, errNotFound()
		}
		k, err := viewerPageParam(r, len(n.Attachments[i].Pages))
		if err != nil {
			return nil, err
		}
		return h.attachmentPage(r.Context(), rd, lay, n, n.Attachments[i], k), nil
	})
}

// serveFile is GET /pliki/{sha256}/{name}. In a kiosk a visitor who
// navigates to a file (a link in an article's text, a search result) gets
// the in-app page instead; images in articles, which are not navigations,
// still get their bytes. Elsewhere it serves the file as always.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request) {
	if !h.kiosk {
		h.serveAttachment(w, r)
		return
	}
	// One URL, two answers: a cache must not give the image bytes to a
	// navigation.
	w.Header().Add("Vary", "Sec-Fetch-Mode, Accept")
	if !isNavigation(r) {
		h.serveAttachment(w, r)
		return
	}
	sum, name := r.PathValue("sha256"), path.Base(r.PathValue("name"))
	if !sha256Hex.MatchString(sum) {
		h.showNotFound(w, r)
		return
	}
	h.render(w, r, "attachment", func(rd *store.Reader, lay *Layout) (any, error) {
		owner, a, err := findAttachment(rd, sum, name)
		if err != nil {
			return nil, err
		}
		n, err := h.loadNode(rd, lay, owner)
		if err != nil {
			return nil, err
		}
		return h.attachmentPage(r.Context(), rd, lay, n, a, 1), nil
	})
}

// isNavigation reports a request for a page to show, not for a part of one:
// Sec-Fetch-Mode where the browser sends it, else an Accept that asks for HTML.
func isNavigation(r *http.Request) bool {
	if m := r.Header.Get("Sec-Fetch-Mode"); m != "" {
		return m == "navigate"
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// findAttachment finds a node publishing the file sum, preferring the one
// that names it name. It reads every attachment of the bulletin, which is
// fine for the rare link that does not say its node.
func findAttachment(rd *store.Reader, sum, name string) (uuid.UUID, content.Attachment, error) {
	entries, _, err := rd.Attachments(0, 0)
	if err != nil {
		return uuid.Nil, content.Attachment{}, err
	}
	found := -1
	for i, e := range entries {
		if e.Attachment.SHA256 != sum {
			continue
		}
		if found < 0 || e.Attachment.Name == name {
			found = i
		}
		if e.Attachment.Name == name {
			break
		}
	}
	if found < 0 {
		return uuid.Nil, content.Attachment{}, errNotFound()
	}
	return entries[found].Node.ID, entries[found].Attachment, nil
}

// attachmentPage builds the page of attachment a of node n, whose layout
// loadNode has set; for a file with page images, the viewer at page k.
func (h *handler) attachmentPage(ctx context.Context, rd *store.Reader, lay *Layout, n content.Node, a content.Attachment, k int) attachmentPage {
	title := a.Title
	if title == "" {
		title = a.Name
	}
	lay.crumbToCurrent(nodePath(n.ID), title)
	lay.Crumbs[len(lay.Crumbs)-1].Polish = true
	lay.Title = title
	p := attachmentPage{Layout: lay, Node: n.ID, NodeTitle: n.Title, Name: a.Name,
		Type: attachment.Label(a.Type, a.Name), Size: lay.Size(a.Size)}
	if !h.kiosk {
		p.Download = attachmentURL(a)
	}
	if p.Live = liveAddress(lay.Site, n); p.Live != "" {
		p.LiveLink = lay.Ext(p.Live, "")
		if h.kiosk {
			p.QR = h.qrCode(lay, p.Live)
		}
	}
	if len(a.Pages) > 0 && a.Text != nil {
		// The viewer shows the text page by page: no need to read it whole.
		p.Viewer = h.viewer(rd, lay, a, attachmentPagePath(n.ID, a.SHA256), min(max(k, 1), len(a.Pages)), p)
		return p
	}
	// Text the publisher made (office files, OCR) comes first; else the
	// app reads what it can of the file itself.
	var note string
	if a.Text != nil {
		p.Text, p.Cut, note = h.publishedWhole(rd, *a.Text)
		p.OCR = a.Text.Method == content.TextOCR
	} else {
		p.Text, p.Cut, note = h.readText(ctx, rd, a)
	}
	if note == noTextNotes[attachment.TimedOut] {
		lay.transient = true // the next visitor may well get the text
	}
	if note != "" {
		p.NoText = lay.T(note)
		if note == "attpage.unsupported" {
			p.NoText = lay.T(note, p.Type)
		}
		switch {
		case p.QR != "":
			p.Hint = lay.T("attpage.hintQR")
		case p.Download != "":
			p.Hint = lay.T("attpage.hintDownload")
		}
	}
	if len(a.Pages) > 0 {
		p.Viewer = h.viewer(rd, lay, a, attachmentPagePath(n.ID, a.SHA256), min(max(k, 1), len(a.Pages)), p)
	}
	return p
}

// publishedWhole is the whole published text of a file, its pages
// separated by a blank line, for the text page; or the i18n key of why
// there is none.
func (h *handler) publishedWhole(rd *store.Reader, t content.AttachmentText) (text string, cut bool, note string) {
	text, ok := h.publishedText(rd, t)
	if !ok {
		return "", false, "attpage.missing"
	}
	text = strings.TrimSpace(strings.ReplaceAll(text, "\f", "\n\n"))
	if text == "" {
		return "", false, noTextNotes[attachment.Empty]
	}
	text, cut = clipShown(text)
	return text, cut, ""
}

// liveAddress is where the file is on the live BIP: the node's page there,
// else the bulletin's home; empty when the bundle names neither.
func liveAddress(site content.Site, n content.Node) string {
	for _, u := range []string{n.Meta.SourceURL, site.LiveURL} {
		if validExternal(u) && (strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")) {
			return u
		}
	}
	return ""
}

// noTextNotes are the i18n keys that say why an attachment shows no text.
var noTextNotes = map[attachment.Status]string{
	attachment.Unsupported: "attpage.unsupported",
	attachment.NoTextLayer: "attpage.noPDFText",
	attachment.NotUTF8:     "attpage.notUTF8",
	attachment.Empty:       "attpage.empty",
	attachment.TooLarge:    "attpage.tooBig",
	attachment.TimedOut:    "attpage.slow",
}

// readText returns the text of attachment a to show, whether it was cut, or
// the i18n key of why there is none. attachment.Extract decides, as it
// does for the search index, so the two never disagree.
func (h *handler) readText(ctx context.Context, rd *store.Reader, a content.Attachment) (text string, cut bool, note string) {
	if text, ok := h.carriedText(rd, a); ok {
		text, cut = clipShown(text)
		return text, cut, ""
	}
	if !attachment.MayHaveText(a.Type, a.Name) {
		return "", false, noTextNotes[attachment.Unsupported]
	}
	var t attachment.Text
	err := rd.Blob(a.SHA256, func(data []byte) error {
		t = h.attText.Text(ctx, a.Type, a.Name, data)
		return nil
	})
	if err != nil {
		h.log.Warn("web_attachment_missing", "sha256", a.SHA256, "err", err)
		return "", false, "attpage.missing"
	}
	if t.Status == attachment.TimedOut {
		h.log.Warn("web_attachment_text_slow", "sha256", a.SHA256, "size", a.Size)
	}
	if t.Status != attachment.HasText {
		return "", false, noTextNotes[t.Status]
	}
	text, cut = clipShown(t.Text)
	return text, cut || t.Cut, ""
}

// carriedText is the text the bundle carries for a, made when it was
// published, with its pages one blank line apart; false when there is none
// (a bundle of format 1) or it cannot be read, and the file is read instead.
func (h *handler) carriedText(rd *store.Reader, a content.Attachment) (string, bool) {
	if a.Text == nil {
		return "", false
	}
	var t attachment.Text
	if err := rd.Blob(a.Text.SHA256, func(data []byte) error { t = attachment.CarriedText(data); return nil }); err != nil {
		h.log.Warn("web_attachment_text_missing", "sha256", a.Text.SHA256, "err", err)
		return "", false
	}
	if t.Status != attachment.HasText {
		return "", false
	}
	return strings.ReplaceAll(t.Text, string(attachment.PageBreak), "\n\n"), true
}

// clipShown cuts text to at most maxShownText bytes, at a letter's start,
// and says whether it did.
func clipShown(text string) (string, bool) {
	if len(text) <= maxShownText {
		return text, false
	}
	end := maxShownText
	for end > 0 && !utf8.RuneStart(text[end]) {
		end--
	}
	return text[:end], true
}
