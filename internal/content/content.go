package content

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// Kind says what a node is.
type Kind string

// The kinds of node.
const (
	KindSection Kind = "section" // a heading in the menu; may have a body and children
	KindArticle Kind = "article" // a page of information
	KindLink    Kind = "link"    // an external address, never content of ours
)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	return k == KindSection || k == KindArticle || k == KindLink
}

// ChangeKind says what a change register entry did to its node.
type ChangeKind string

// The kinds of change, as on real BIP change registers
// (nowa pozycja / modyfikacja / usunięcie).
const (
	ChangeCreated  ChangeKind = "created"
	ChangeModified ChangeKind = "modified"
	ChangeDeleted  ChangeKind = "deleted"
)

// Valid reports whether k is one of the known change kinds.
func (k ChangeKind) Valid() bool {
	return k == ChangeCreated || k == ChangeModified || k == ChangeDeleted
}

// Site is the bulletin as a whole: who owns it and how its menu is grouped.
type Site struct {
	Name          string    `json:"name"`                    // e.g. "Biuletyn Informacji Publicznej Miasta Chojnów"
	Owner         string    `json:"owner"`                   // e.g. "Miasto Chojnów"
	LiveURL       string    `json:"live_url,omitempty"`      // the official, live BIP address
	Logo          *Blob     `json:"logo,omitempty"`          // the owner's logo (coat of arms), if any
	Editorial     Editorial `json:"editorial"`               // redakcja
	Instructions  string    `json:"instructions,omitempty"`  // sanitised HTML: how to use the bulletin
	Accessibility string    `json:"accessibility,omitempty"` // sanitised HTML: deklaracja dostępności; empty means the app's default
	// EasyToRead is sanitised HTML: information about the body in
	// easy-to-read Polish (tekst łatwy do czytania, ETR); empty when the
	// publisher gives none.
	EasyToRead string `json:"easy_to_read,omitempty"`
	// SignLanguage is the same information as a video in Polish Sign
	// Language (PJM) with its captions; nil when the publisher gives none.
	SignLanguage *SignVideo `json:"sign_language,omitempty"`
	Groups       []Group    `json:"groups"` // the subject menu, in order
}

// Editorial is the bulletin's editorial office (redakcja), required by the BIP regulation.
type Editorial struct {
	Office  string   `json:"office,omitempty"`  // name of the office
	Address string   `json:"address,omitempty"` // postal address, may hold several lines
	Phone   string   `json:"phone,omitempty"`
	Email   string   `json:"email,omitempty"`
	Editors []Person `json:"editors,omitempty"`
}

// Person is one named editor.
type Person struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Group is a heading of the subject menu ("URZĄD MIEJSKI", "INNE", …) with its
// top-level nodes in menu order.
type Group struct {
	Title string      `json:"title"`
	Nodes []uuid.UUID `json:"nodes"`
}

// Node is one entry of the menu tree: a section, an article or an external link.
type Node struct {
	ID          uuid.UUID    `json:"id"`
	Parent      uuid.UUID    `json:"parent"` // uuid.Nil for a top-level node
	Path        string       `json:"path"`   // slash-separated source path without extension, e.g. "inne/jednostki/mops"
	Kind        Kind         `json:"kind"`
	Title       string       `json:"title"`
	Order       int          `json:"order"`
	URL         string       `json:"url,omitempty"`  // target of a link node
	Body        string       `json:"body,omitempty"` // sanitised HTML
	Meta        Meta         `json:"meta"`
	Attachments []Attachment `json:"attachments,omitempty"`
	History     []Change     `json:"history,omitempty"` // oldest first
}

// Meta is the metadata block (metryczka) that art. 8 ust. 6 of the act on
// access to public information requires under every published item.
type Meta struct {
	Publisher   string    `json:"publisher,omitempty"`   // Podmiot udostępniający
	Author      string    `json:"author,omitempty"`      // Osoba, która wytworzyła informację
	Responsible string    `json:"responsible,omitempty"` // Osoba, która odpowiada za treść
	EnteredBy   string    `json:"entered_by,omitempty"`  // Osoba, która wprowadzała dane
	Created     time.Time `json:"created,omitzero"`      // Data wytworzenia informacji
	Published   time.Time `json:"published,omitzero"`    // Data udostępnienia informacji
	Updated     time.Time `json:"updated,omitzero"`      // Data ostatniej aktualizacji
	Visits      int64     `json:"visits,omitempty"`      // Ilość odwiedzin, as published
	SourceURL   string    `json:"source_url,omitempty"`  // the page on the live BIP
}

// Blob names stored bytes by their SHA-256; the bytes live once in a bundle or store.
type Blob struct {
	SHA256 string `json:"sha256"` // lowercase hex
	Size   int64  `json:"size"`
	Type   string `json:"type"` // MIME type
}

// Attachment is a file published with a node.
type Attachment struct {
	Blob
	Title string `json:"title"`
	Name  string `json:"name"` // file name offered on download
	// Text is the file's text, made by the publisher when the bundle was
	// built (the reader never parses office formats or runs OCR itself);
	// nil when the publisher's tools found none.
	Text *AttachmentText `json:"text,omitempty"`
	// Pages are images of the document's pages, in order, made when the
	// bundle was built; empty for files that have no pages to show.
	Pages []PageImage `json:"pages,omitempty"`
}

// TextMethod says how an attachment's text was obtained, so the reader can
// mark text that a machine recognised from an image.
type TextMethod string

// The ways an attachment's text is obtained.
const (
	TextLayer  TextMethod = "layer"  // the file's own text (a PDF text layer, a plain-text file)
	TextOffice TextMethod = "office" // read from an office document (DOC, DOCX, ODT, RTF, XLS, XLSX, ODS)
	TextOCR    TextMethod = "ocr"    // recognised automatically from page images
)

// AttachmentText is a UTF-8 text/plain blob holding an attachment's text.
// Pages are separated by a form feed (U+000C), so the text of page k (from
// 1) is the k-th form-feed-separated segment; text without pages (an office
// document) has one segment.
type AttachmentText struct {
	Blob
	Method TextMethod `json:"method"`
}

// PageImage is a picture of one page of an attachment (image/png or
// image/jpeg), with its size in pixels.
type PageImage struct {
	Blob
	Width  int `json:"width"`
	Height int `json:"height"`
}

// Change is one entry of a node's change register.
type Change struct {
	At           time.Time  `json:"at"`
	By           string     `json:"by,omitempty"`
	Kind         ChangeKind `json:"kind"`
	Summary      string     `json:"summary,omitempty"`
	PreviousBody string     `json:"previous_body,omitempty"` // sanitised HTML before this change, where published
}

// LastChange returns the time of the node's latest update or change entry,
// used to sort "recently changed" lists.
func (n Node) LastChange() time.Time {
	last := n.Meta.Updated
	for _, c := range n.History {
		if c.At.After(last) {
			last = c.At
		}
	}
	return last
}

// nodeNamespace roots the UUIDv5 ids of nodes whose source gives no id.
// It must never change: re-exports of the same tree keep their ids through it.
var nodeNamespace = uuid.MustParse("5b0c4f33-2a0e-4b5e-9c52-3f1d2b7a9e10")

// NodeID returns the deterministic UUIDv5 for a node at the given source path,
// so that a tree exported twice gives its pages the same ids.
func NodeID(path string) uuid.UUID {
	return uuid.NewSHA1(nodeNamespace, []byte(strings.Trim(path, "/")))
}

// Edition identifies one published export of a bulletin: who published it and
// where it stands in that publisher's sequence.
type Edition struct {
	PublisherID  uuid.UUID `json:"publisher_id"`
	Publisher    string    `json:"publisher"`
	Sequence     uint64    `json:"sequence"`
	BaseSequence uint64    `json:"base_sequence,omitempty"` // non-zero for a delta bundle
	Created      time.Time `json:"created"`
}
