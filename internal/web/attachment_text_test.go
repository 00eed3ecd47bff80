package web

import (
	"strings"
	"testing"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// TestSearchAndPageAgreeOnText checks that search finds a file by its text
// exactly when the file's page shows that text: both through the handler,
// the index built by a real import. Each file's bytes hold a word found
// nowhere else in the bulletin.
func TestSearchAndPageAgreeOnText(t *testing.T) {
	huge := append(testPDF("Wykaz qxfoxtrot"), "%"+strings.Repeat("x", attachment.MaxPDFFile)+"\n"...)
	files := []struct {
		name, typ, word string
		data            []byte
		hasText         bool
	}{
		{"regulamin.pdf", "application/pdf", "qxalfa", testPDF("Regulamin qxalfa"), true},
		{"skan.pdf", "application/pdf", "qxbravo", append(testPDF(), "% qxbravo\n"...), false},
		{"cennik.txt", "text/plain; charset=utf-8", "qxcharlie", []byte("Cennik qxcharlie\n"), true},
		{"wykaz.csv", "text/csv", "qxdelta", []byte("lp;qxdelta\n1;Zofia\n"), true},
		{"umowa.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "qxecho",
			[]byte("PK\x03\x04 qxecho"), false},
		{"pusty.txt", "text/plain; charset=utf-8", "qxempty", []byte(" \r\n"), false},
		{"wielki.pdf", "application/pdf", "qxfoxtrot", huge, false},
		{"stary.txt", "text/plain; charset=utf-8", "qxgolf", []byte("Op\xb3ata qxgolf\n"), false},
		{"strona.html", "text/html; charset=utf-8", "qxhotel", []byte("<p>qxhotel</p>"), false},
		{"plik", "application/octet-stream", "qxindia", testPDF("Plik qxindia"), false},
		{"opis.md", "text/markdown; charset=utf-8", "qxjuliet", []byte("# Opis qxjuliet\n"), true},
	}
	src := testBulletin()
	var atts []content.Attachment
	for i, f := range files {
		src.Blobs[sha(f.data)] = f.data
		atts = append(atts, content.Attachment{Blob: content.Blob{SHA256: sha(f.data), Size: int64(len(f.data)), Type: f.typ},
			Name: f.name, Title: "Plik numer " + string(rune('A'+i))})
	}
	for i := range src.Nodes {
		if src.Nodes[i].ID == idZlobek {
			src.Nodes[i].Attachments = atts
		}
	}
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, src, store.ImportOptions{Indexers: []store.Indexer{search.NewIndexer(nil)}})
	h := newTestHandler(t, Deps{Store: st, Kiosk: true})
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			page := attachmentPagePath(idZlobek, sha(f.data))
			shown := strings.Contains(get(h, page).Body.String(), `class="bk-attachment__text"`)
			found := strings.Contains(get(h, "/api/search?rodzaj=zalacznik&q="+f.word).Body.String(), page)
			if shown != found {
				t.Errorf("page shows text: %v; search finds the file by its text: %v; want both the same", shown, found)
			}
			if shown != f.hasText {
				t.Errorf("page shows text: %v, want %v", shown, f.hasText)
			}
		})
	}
}
