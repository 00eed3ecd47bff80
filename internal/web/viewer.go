package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// The page viewer shows an attachment that was published with images of its
// pages (content.Attachment.Pages) one page at a time, inside the app: the
// Linux desktop window has no PDF viewer at all, and a kiosk must never
// leave the app for a browser's. The page's text stands beside its image,
// for screen readers, speech and anyone who would rather read text. It
// works without scripts (the page is a server-side parameter, the neighbours
// are links); viewer.js adds zoom to 400 %, keys and swipes. In the
// high-contrast themes the image is drawn in the theme's two colours
// (35-viewer.css).

// viewerAnchor is the viewer's id: page links end in it, so a new page
// opens scrolled to the image, and the script then focuses it.
const viewerAnchor = "bk-viewer"

// viewerView is the viewer partial's view.
type viewerView struct {
	L       *Layout
	Title   string // the document's title, for the image's description
	Page    int    // the page shown, from 1
	Count   int    // pages in all
	Image   string // the page image's URL
	Width   int
	Height  int
	Base    string // the viewer's own address, without a page
	Prev    string // the previous page's link; "" on the first
	Next    string // the next page's link; "" on the last
	Text    string // the page's text (or, without page texts, the file's)
	Whole   bool   // Text is the whole file's text: the file has no text per page
	Cut     bool   // Text is the start of a longer text
	OCR     bool   // the text was recognised automatically from the images
	NoText  string // why there is no text, in the UI language
	Options []int  // the page numbers the "go to page" list offers
}

// viewerPageParam reads ?strona=N for a document of count pages: 1 when
// absent, a 400 for anything but a whole number from 1, and the last page
// for a number past it (an old link after an update that shortened the
// document lands on its end, as the search's pages do).
func viewerPageParam(r *http.Request, count int) (int, error) {
	page, err := pageParamUpTo(r, maxPageNumber)
	if err != nil {
		return 0, err
	}
	return min(page, count), nil
}

// viewerPagePath is the viewer of attachment sum of node page at page k.
func viewerPagePath(base string, k int) string {
	return base + "?strona=" + strconv.Itoa(k) + "#" + viewerAnchor
}

// pageImageURL is where a page image is served: by hash, as every stored
// file, named so its type is known from the name (serveAttachment).
func pageImageURL(p content.PageImage, k int) string {
	ext := ".png"
	if strings.HasPrefix(p.Type, "image/jpeg") {
		ext = ".jpg"
	}
	return "/pliki/" + p.SHA256 + "/strona-" + strconv.Itoa(k) + ext
}

// viewer builds the viewer of page k of attachment a, published on the
// page whose in-app address is base; text is the attachment page's reading
// of the file, used when the attachment has no text per page.
func (h *handler) viewer(rd *store.Reader, lay *Layout, a content.Attachment, base string, k int, whole attachmentPage) *viewerView {
	p := a.Pages[k-1]
	v := &viewerView{L: lay, Title: whole.Title, Page: k, Count: len(a.Pages), Image: pageImageURL(p, k),
		Width: p.Width, Height: p.Height, Base: base}
	if k > 1 {
		v.Prev = viewerPagePath(base, k-1)
	}
	if k < v.Count {
		v.Next = viewerPagePath(base, k+1)
	}
	v.Options = pageOptions(k, v.Count)
	if a.Text == nil {
		v.Text, v.Cut, v.Whole, v.NoText = whole.Text, whole.Cut, true, whole.NoText
		return v
	}
	v.OCR = a.Text.Method == content.TextOCR
	text, ok := h.publishedText(rd, *a.Text)
	if !ok {
		v.NoText = lay.T("attpage.missing")
		return v
	}
	page, _ := content.PageText(text, k)
	v.Text, v.Cut = clipShown(strings.TrimSpace(page))
	if v.Text == "" {
		v.NoText = lay.T("viewer.noText")
	}
	return v
}

// maxPageOptions bounds the "go to page" list: a long document offers the
// pages around the current one, its first and its last.
const maxPageOptions = 200

// pageOptions are the pages the "go to page" list offers.
func pageOptions(k, count int) []int {
	from, to := 1, count
	if count > maxPageOptions {
		from = max(1, min(k-maxPageOptions/2, count-maxPageOptions+1))
		to = from + maxPageOptions - 1
	}
	var out []int
	if from > 1 {
		out = append(out, 1)
	}
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	if to < count {
		out = append(out, count)
	}
	return out
}

// maxPublishedText bounds the published text read for one page: far more
// than any document's text (the publisher bounds it, attachment.MaxText),
// so a hostile bundle cannot make every page view copy a huge blob.
const maxPublishedText = 8 << 20

// publishedText reads an attachment's published text blob as UTF-8, or
// reports it missing or too large.
func (h *handler) publishedText(rd *store.Reader, t content.AttachmentText) (string, bool) {
	if t.Size > maxPublishedText {
		h.log.Warn("web_attachment_text_too_large", "sha256", t.SHA256, "size", t.Size)
		return "", false
	}
	var text string
	err := rd.Blob(t.SHA256, func(data []byte) error {
		text = string(data)
		return nil
	})
	if err != nil {
		h.log.Warn("web_attachment_text_missing", "sha256", t.SHA256, "err", err)
		return "", false
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	return strings.TrimPrefix(text, "\uFEFF"), true
}
