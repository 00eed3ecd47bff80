package attachment

import (
	"bytes"
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Status says whether an attachment has text and, if not, why.
type Status uint8

// The answers of Extract. Every one but HasText means "no text": the search
// index keeps none, and the attachment page says why.
const (
	HasText     Status = iota
	Unsupported        // the app reads no text of the file's type, or of this file of it (an office file it cannot open)
	NoTextLayer        // a PDF with no text the reader can get: a scan, a password, fonts without a Unicode map, not a PDF at all
	NotUTF8            // a text file in an encoding other than UTF-8, or binary bytes
	Empty              // a text file with nothing but white space
	TooLarge           // a PDF larger than MaxPDFFile, an office file larger than MaxOfficeFile
	// TimedOut is Reader's answer when the reading was given up. It says
	// how busy the computer was, not what the file holds; Extract never
	// gives it.
	TimedOut
	// ToolMissing is PublishText's answer for a DOC or XLS when the
	// program that reads it (catdoc) is not installed.
	ToolMissing
)

var statusNames = [...]string{"has text", "unsupported type", "no text layer", "not UTF-8", "empty", "too large", "timed out",
	"unsupported (install catdoc on the publishing machine)"}

// String names the status in logs and test failures.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown status"
}

const (
	// MaxText bounds the text of one attachment: both the text a PDF's
	// reading keeps and the bytes of a text file read.
	MaxText = maxPDFText
	// MaxPDFFile is the largest PDF whose text is read: a PDF's text needs
	// the whole file in memory, and larger ones among BIP attachments are
	// nearly all scans, without a text layer.
	MaxPDFFile = 16 << 20
)

// Text is what text an attachment has.
type Text struct {
	Status Status
	// Text is the text when Status is HasText: valid UTF-8, lines ending in
	// "\n", no control characters but tab, at most MaxText bytes.
	Text string
	Cut  bool // Text is the start of a longer text
}

// Extract answers what text the attachment with MIME type mime (as its
// bundle records it), file name name and bytes data has. It is the one rule:
// the search index keeps the text of exactly the files for which it says
// HasText, and the attachment page shows it. data is only read, and not kept.
func Extract(mime, name string, data []byte) Text {
	switch textKind(mime, name) {
	case PDFLayer:
		return pdfLayer(data)
	case PlainText:
		return plainText(data)
	case Office:
		return officeText(typeOf(mime, name).Label, data)
	}
	return Text{Status: Unsupported}
}

// officeText reads an office document with the reader of its type. A file
// it cannot open (not a zip, no main part, encrypted) is Unsupported, which
// the attachment page words as "a file of this type cannot be shown". A
// panic in a reader is such a file, never a crashed import or kiosk.
func officeText(label string, data []byte) (out Text) {
	if len(data) > MaxOfficeFile {
		return Text{Status: TooLarge}
	}
	defer func() {
		if recover() != nil {
			out = Text{Status: Unsupported}
		}
	}()
	switch label {
	case "DOCX":
		return docxText(data)
	case "XLSX":
		return xlsxText(data)
	case "ODT":
		return odfText(data, false)
	case "ODS":
		return odfText(data, true)
	case "RTF":
		return rtfText(data)
	}
	return Text{Status: Unsupported}
}

// pdfLayer reads a PDF's text layer. A panic in the reader is an unreadable
// file, never a crashed import or kiosk.
func pdfLayer(data []byte) (out Text) {
	if len(data) > MaxPDFFile {
		return Text{Status: TooLarge}
	}
	defer func() {
		if recover() != nil {
			out = Text{Status: NoTextLayer}
		}
	}()
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return Text{Status: NoTextLayer}
	}
	text, cut := readPDF(data)
	return withText(cleanText(text), cut, NoTextLayer)
}

// utf8BOM starts many text files saved on Windows; it is not text.
var utf8BOM = []byte("\xef\xbb\xbf")

// plainText reads a text file: valid UTF-8 only (text in another encoding
// would be mojibake on the page and wrong words in the index), at most
// MaxText bytes of it.
func plainText(data []byte) Text {
	cut := len(data) > MaxText
	if cut {
		end := MaxText
		for end > MaxText-utf8.UTFMax && !utf8.RuneStart(data[end]) {
			end--
		}
		data = data[:end]
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return Text{Status: NotUTF8}
	}
	return withText(cleanText(string(data)), cut, Empty)
}

// withText is text found, or the status none when it is only white space.
func withText(text string, cut bool, none Status) Text {
	if strings.TrimSpace(text) == "" {
		return Text{Status: none}
	}
	return Text{Status: HasText, Text: text, Cut: cut}
}

// cleanText ends lines with "\n" alone and blanks other control
// characters, which mean nothing on a page or in an index.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\r':
			return '\n'
		case c == '\n' || c == '\t':
			return c
		case c < 0x20 || c == 0x7f:
			return ' '
		}
		return c
	}, s)
}

// Defaults of a Reader made by NewReader(0, 0).
const (
	DefaultParallel = 2               // PDFs and office files read at once
	DefaultTimeout  = 3 * time.Second // per file
)

// Reader reads attachments' text for someone waiting (a page): at most a
// few PDFs or office files at once, each within a time limit. Make one per program, with
// NewReader, and share it among handlers; it is safe for concurrent use.
type Reader struct {
	slots   chan struct{}
	timeout time.Duration
}

// NewReader returns a Reader that reads at most parallel files at once, each
// for at most timeout; zero or less takes DefaultParallel or DefaultTimeout.
func NewReader(parallel int, timeout time.Duration) *Reader {
	if parallel <= 0 {
		parallel = DefaultParallel
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Reader{slots: make(chan struct{}, parallel), timeout: timeout}
}

// Text is Extract within the Reader's bounds: when ctx ends or the time
// limit passes first, it gives up with TimedOut. A PDF or office file is
// read on a copy of data, so data may be reused as soon as Text returns;
// the copy holds its slot until the reading ends, even after Text gave up
// waiting.
func (r *Reader) Text(ctx context.Context, mime, name string, data []byte) Text {
	switch k := textKind(mime, name); {
	case k == PDFLayer && len(data) <= MaxPDFFile, k == Office && len(data) <= MaxOfficeFile:
	default:
		return Extract(mime, name, data)
	}
	if ctx.Err() != nil {
		return Text{Status: TimedOut} // no one waits for it: start no work
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return Text{Status: TimedOut}
	}
	done := make(chan Text, 1)
	own := bytes.Clone(data)
	go func() {
		defer func() { <-r.slots }()
		done <- Extract(mime, name, own)
	}()
	select {
	case t := <-done:
		return t
	case <-ctx.Done():
		return Text{Status: TimedOut}
	}
}
