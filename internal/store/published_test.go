package store

import (
	"testing"

	"bipkiosk/internal/content"
)

// TestPublishedBlobsKept: an attachment's published text and page images
// are blobs of the generation like the file itself, kept while it is.
func TestPublishedBlobsKept(t *testing.T) {
	s, _ := openTest(t, Options{KeepGenerations: 1})
	with := func(seq uint64) *testSource {
		src := bulletin(seq, "skan")
		textSHA, text := blob("strona 1\fstrona 2", "")
		pageSHA, page := blob("\x89PNG strona", "")
		src.blobs[textSHA], src.blobs[pageSHA] = []byte("strona 1\fstrona 2"), []byte("\x89PNG strona")
		a := &src.nodes[1].Attachments[0]
		a.Text = &content.AttachmentText{Blob: text.Blob, Method: content.TextOCR}
		a.Text.Type = "text/plain; charset=utf-8"
		a.Pages = []content.PageImage{{Blob: page.Blob, Width: 10, Height: 14}}
		a.Pages[0].Type = "image/png"
		return src
	}
	mustImport(t, s, with(1))
	mustImport(t, s, with(2)) // sweeps generation 1
	textSHA, _ := blob("strona 1\fstrona 2", "")
	pageSHA, _ := blob("\x89PNG strona", "")
	for name, sha := range map[string]string{"text": textSHA, "page": pageSHA} {
		if !hasBlobHex(t, s, sha) {
			t.Errorf("%s blob gone from the current generation", name)
		}
	}
}
