package search

import (
	"testing"

	"bipkiosk/internal/content"
	"bipkiosk/internal/storetest"
)

// TestCarriedTextIndexed: the text a bundle carries for an attachment is
// what the index finds it by (a scan has no text of its own), and a file
// without carried text is still read for its own.
func TestCarriedTextIndexed(t *testing.T) {
	b := newBulletin([]page{{path: "uchwaly/2025", title: "Uchwały 2025", body: "Uchwały rady"}})
	b.attach("uchwaly/2025", "Skan uchwały", "skan.pdf", "application/pdf", []byte("%PDF-1.4 a scan without text"))
	b.attach("uchwaly/2025", "Protokół", "protokol.pdf", "application/pdf", flatePDF("protokół obrad sesji"))
	text := []byte("strona pierwsza\fdotacja celowa na żłobek")
	sha := storetest.SHA256(text)
	b.Blobs[sha] = text
	a := &b.Nodes[len(b.Nodes)-1].Attachments[0]
	a.Text = &content.AttachmentText{Blob: content.Blob{SHA256: sha, Size: int64(len(text)), Type: "text/plain; charset=utf-8"}, Method: content.TextOCR}
	st := openIndexed(t, &b.Source)
	s := NewSearcher()
	for _, q := range []string{"dotacja żłobek", "protokół obrad"} {
		res := search(t, st, s, Query{Text: q})
		if len(res.Results) == 0 || res.Results[0].Kind != KindAttachment {
			t.Errorf("%q: got %+v, want the attachment first", q, res.Results)
		}
	}
}
