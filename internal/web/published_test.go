package web

import (
	"net/http"
	"testing"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// TestAttachmentPageCarriedText: the page shows the text the bundle
// carries (a scan's recognised text, marked as such; a DOC's text, which
// the reader cannot read itself), its pages a blank line apart.
func TestAttachmentPageCarriedText(t *testing.T) {
	scan, doc := []byte("%PDF-1.4 a scan"), []byte("\xd0\xcf\x11\xe0 a Word 97 file")
	scanText, docText := []byte("§ 1. Określa się zasady\f§ 2. Dotacja"), []byte("Umowa najmu lokalu\n")
	src := attachmentBulletin()
	for _, b := range [][]byte{scan, doc, scanText, docText} {
		src.Blobs[sha(b)] = b
	}
	text := func(data []byte, m content.TextMethod) *content.AttachmentText {
		return &content.AttachmentText{Blob: content.Blob{SHA256: sha(data), Size: int64(len(data)), Type: "text/plain; charset=utf-8"}, Method: m}
	}
	for i := range src.Nodes {
		if src.Nodes[i].ID == idZlobek {
			src.Nodes[i].Attachments = append(src.Nodes[i].Attachments,
				content.Attachment{Blob: content.Blob{SHA256: sha(scan), Size: int64(len(scan)), Type: "application/pdf"},
					Name: "skan.pdf", Title: "Uchwała (skan)", Text: text(scanText, content.TextOCR)},
				content.Attachment{Blob: content.Blob{SHA256: sha(doc), Size: int64(len(doc)), Type: "application/msword"},
					Name: "umowa.doc", Title: "Umowa", Text: text(docText, content.TextOffice)})
		}
	}
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, src, store.ImportOptions{})
	h := newTestHandler(t, Deps{Store: st, Kiosk: true})
	tests := []struct {
		name      string
		file      []byte
		want, not []string
	}{
		{"recognised scan", scan, []string{"rozpoznany automatycznie", ">§ 1. Określa się zasady\n\n§ 2. Dotacja</div>"}, []string{"\f", "nie da się odczytać"}},
		{"DOC", doc, []string{">Umowa najmu lokalu</div>"}, []string{"rozpoznany automatycznie", "nie można tutaj wyświetlić"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := attachmentPagePath(idZlobek, sha(tt.file))
			rec := get(h, p)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: status %d", p, rec.Code)
			}
			checkPage(t, p, rec.Body.String())
			checkContains(t, p, rec.Body.String(), tt.want, tt.not)
		})
	}
}
