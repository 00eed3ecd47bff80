package attachment

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	// Polish letters are two bytes: a cut at MaxText falls inside one.
	atBoundary := append(bytes.Repeat([]byte("a"), MaxText-1), []byte("żółw")...)
	const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	tests := []struct {
		name, mime, file string
		data             []byte
		want             Text
	}{
		{name: "plain", mime: "text/plain", file: "a.txt", data: []byte("ala\nma kota"), want: Text{Text: "ala\nma kota"}},
		{name: "CRLF and CR", mime: "text/plain; charset=utf-8", file: "a", data: []byte("a\r\nb\rc"), want: Text{Text: "a\nb\nc"}},
		{name: "BOM", file: "a.TXT", data: []byte("\xef\xbb\xbfzażółć"), want: Text{Text: "zażółć"}},
		{name: "control characters blanked, tab kept", file: "a.txt", data: []byte("a\x1bb\tc\x7f"), want: Text{Text: "a b\tc "}},
		{name: "CSV", mime: "text/csv", file: "a.csv", data: []byte("lp;imię\n1;Zofia\n"), want: Text{Text: "lp;imię\n1;Zofia\n"}},
		{name: "CSV by its other name", mime: "application/csv", file: "wykaz", data: []byte("a;b"), want: Text{Text: "a;b"}},
		{name: "Markdown", mime: "text/markdown; charset=utf-8", file: "a.md", data: []byte("# Tytuł"), want: Text{Text: "# Tytuł"}},
		{name: "Latin-2", mime: "text/plain", file: "a.txt", data: []byte("Op\xb3ata"), want: Text{Status: NotUTF8}},
		{name: "NUL: a binary file", file: "a.txt", data: []byte("abc\x00def"), want: Text{Status: NotUTF8}},
		{name: "white space only", file: "a.txt", data: []byte(" \n\r\n"), want: Text{Status: Empty}},
		{name: "no bytes", file: "a.txt", want: Text{Status: Empty}},
		{name: "cut inside a letter", file: "a.txt", data: atBoundary, want: Text{Text: strings.Repeat("a", MaxText-1), Cut: true}},
		{name: "PDF text layer", mime: "application/pdf", file: "r.pdf", data: textPDF, want: Text{Text: "Regulamin zlobka\nZasady"}},
		{name: "PDF by name", file: "R.PDF", data: textPDF, want: Text{Text: "Regulamin zlobka\nZasady"}},
		{name: "scanned PDF", mime: "application/pdf", file: "skan.pdf", data: scanPDF, want: Text{Status: NoTextLayer}},
		{name: "not a PDF", mime: "application/pdf", file: "a.pdf", data: []byte("BT (abc) Tj ET"), want: Text{Status: NoTextLayer}},
		{name: "PDF too large", mime: "application/pdf", file: "a.pdf", data: hugePDF, want: Text{Status: TooLarge}},
		{name: "Word 2007 that is not a zip", mime: docx, file: "umowa.docx", data: []byte("PK\x03\x04 abc"), want: Text{Status: Unsupported}},
		{name: "Word 97 needs a tool", mime: "application/msword", file: "umowa.doc", data: []byte("\xd0\xcf\x11\xe0"), want: Text{Status: Unsupported}},
		{name: "HTML", mime: "text/html; charset=utf-8", file: "a.html", data: []byte("<p>abc</p>"), want: Text{Status: Unsupported}},
		{name: "unknown text type", mime: "text/calendar", file: "a.ics", data: []byte("BEGIN:VCALENDAR"), want: Text{Status: Unsupported}},
		{name: "the recorded type wins over the name", mime: "application/msword", file: "a.pdf", data: textPDF, want: Text{Status: Unsupported}},
		{name: "no type, no extension", file: "plik", data: textPDF, want: Text{Status: Unsupported}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.mime, tt.file, tt.data)
			if got != tt.want {
				t.Errorf("Extract(%q, %q): got {%v %.40q… cut %v}, want {%v %.40q… cut %v}",
					tt.mime, tt.file, got.Status, got.Text, got.Cut, tt.want.Status, tt.want.Text, tt.want.Cut)
			}
		})
	}
}

// TestExtractPDFCut checks that a PDF's text longer than MaxText says so.
func TestExtractPDFCut(t *testing.T) {
	var content strings.Builder
	content.WriteString("BT /F1 12 Tf 72 712 Td ")
	for content.Len() < 2*MaxText {
		content.WriteString("(Regulamin rekrutacji do zlobka) Tj T* ")
	}
	content.WriteString("ET")
	long := onePage("<< /Font << /F1 5 0 R >> >>", content.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	got := Extract("application/pdf", "a.pdf", long)
	if got.Status != HasText || !got.Cut || len(got.Text) > MaxText {
		t.Errorf("got {%v, %d bytes, cut %v}, want text of at most %d bytes, cut", got.Status, len(got.Text), got.Cut, MaxText)
	}
	if got := Extract("application/pdf", "a.pdf", textPDF); got.Cut {
		t.Error("a short PDF: got cut, want whole")
	}
}

func TestReaderAgreesWithExtract(t *testing.T) {
	r := NewReader(0, 0)
	for _, f := range []struct {
		mime, name string
		data       []byte
	}{
		{"application/pdf", "a.pdf", textPDF},
		{"application/pdf", "a.pdf", scanPDF},
		{"application/pdf", "a.pdf", hugePDF},
		{"text/plain", "a.txt", []byte("zażółć")},
		{"", "a.docx", []byte("PK")},
	} {
		if got, want := r.Text(context.Background(), f.mime, f.name, f.data), Extract(f.mime, f.name, f.data); got != want {
			t.Errorf("%s: Reader.Text gives %v, Extract %v", f.name, got.Status, want.Status)
		}
	}
}

func TestReaderGivesUp(t *testing.T) {
	r := NewReader(2, 0)
	// Every slot taken: the read must give up when its context ends, not wait.
	for range cap(r.slots) {
		r.slots <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := r.Text(ctx, "application/pdf", "a.pdf", textPDF); got.Status != TimedOut {
		t.Errorf("PDF with no slot and an ended context: got %v, want %v", got.Status, TimedOut)
	}
	// A text file needs no slot.
	if got := r.Text(ctx, "text/plain", "a.txt", []byte("abc")); got.Status != HasText {
		t.Errorf("text file with every slot taken: got %v, want %v", got.Status, HasText)
	}
}

// TestReaderSlotsAreItsOwn checks that two Readers do not share their bound.
func TestReaderSlotsAreItsOwn(t *testing.T) {
	busy, free := NewReader(1, 0), NewReader(1, 0)
	busy.slots <- struct{}{}
	if got := free.Text(context.Background(), "application/pdf", "a.pdf", textPDF); got.Status != HasText {
		t.Errorf("a Reader while another is full: got %v, want %v", got.Status, HasText)
	}
}
