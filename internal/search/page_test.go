package search

import (
	"strings"
	"testing"

	"bipkiosk/internal/content"
	"bipkiosk/internal/storetest"
)

// TestResultPage checks that a result inside a file with page images names
// the page of the first word found: in the head of the text the index
// keeps, and beyond it, where the whole published text is read.
func TestResultPage(t *testing.T) {
	filler := strings.Repeat("Treść strony bez szukanych słów. ", 200) // ≈ 7 KiB, past the kept head
	pages := []string{"Uchwała o opłatach " + filler, "Opłata za wyżywienie wynosi 12 zł. " + filler, filler, "Podpis przewodniczącego rady."}
	text := strings.Join(pages, "\f")
	scan := []byte("%PDF-1.4 scan without a text layer")
	b := newBulletin(relevancePages)
	b.attach("jednostki/zlobek", "Uchwała (skan)", "uchwala.pdf", "application/pdf", scan)
	b.Blobs[storetest.SHA256([]byte(text))] = []byte(text)
	for i := range b.Nodes {
		if b.Nodes[i].Path != "jednostki/zlobek" {
			continue
		}
		a := &b.Nodes[i].Attachments[0]
		a.Text = &content.AttachmentText{Blob: content.Blob{SHA256: storetest.SHA256([]byte(text)), Size: int64(len(text)), Type: "text/plain; charset=utf-8"}, Method: content.TextOCR}
		for k := range pages {
			img := []byte("page image " + string(rune('1'+k)))
			b.Blobs[storetest.SHA256(img)] = img
			a.Pages = append(a.Pages, content.PageImage{Blob: content.Blob{SHA256: storetest.SHA256(img), Size: int64(len(img)), Type: "image/png"}})
		}
	}
	st := openIndexed(t, b)
	s := NewSearcher()
	tests := []struct {
		query string
		page  int
	}{
		{"wyżywienie", 2},       // in the kept head
		{"przewodniczącego", 4}, // only in the whole text
		{"uchwała skan", 1},     // the title
	}
	for _, tt := range tests {
		res := search(t, st, s, Query{Text: tt.query, Kind: KindAttachment})
		if len(res.Results) == 0 || res.Results[0].Attachment == nil {
			t.Errorf("%q: got no attachment result, want the scan (found through its published text)", tt.query)
			continue
		}
		if got := res.Results[0].Page; got != tt.page {
			t.Errorf("%q: got page %d, want %d", tt.query, got, tt.page)
		}
	}
	// A file without page images has no page.
	res := search(t, st, s, Query{Text: "plan dochodów", Kind: KindAttachment})
	for _, r := range res.Results {
		if r.Page != 0 {
			t.Errorf("a file without page images: got page %d, want 0", r.Page)
		}
	}
}
