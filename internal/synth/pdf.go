package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"bipkiosk/internal/samplescan"
)

// Layout of a text PDF page: A4 in points, 11-point Helvetica, 14 points
// between lines, an inch of margin, and lines short enough for Helvetica's
// widest Polish filler words to stay inside the right margin.
const (
	textPageW, textPageH = 595, 842
	textFontSize         = 11
	textLeading          = 14
	textMargin           = 72
	textLineChars        = 80
	textPageLines        = (textPageH - 2*textMargin) / textLeading
)

// textPDF makes a real PDF of 2–3 pages of Polish filler text (diacritics
// folded to ASCII, which Helvetica's WinAnsi encoding can show), with a
// text layer a PDF reader and pdftoppm read.
func (s blobSpec) textPDF() []byte {
	pages := s.pages(textLineChars, textPageLines)
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
	var kids strings.Builder
	for _, lines := range pages {
		var c strings.Builder
		fmt.Fprintf(&c, "BT /F1 %d Tf %d TL %d %d Td", textFontSize, textLeading, textMargin, textPageH-textMargin)
		for _, l := range lines {
			c.WriteString("\n(" + pdfString(l) + ") Tj T*")
		}
		c.WriteString("\nET")
		page := len(objs) + 1
		fmt.Fprintf(&kids, "%d 0 R ", page)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", textPageW, textPageH, page+1),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", c.Len(), c.String()))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(pages))
	return samplescan.AssemblePDF(objs...)
}

// scanPDF makes the same pages as textPDF drawn as a scan: images only, no
// text layer, clean enough (150 dpi, little noise) for OCR to read.
func (s blobSpec) scanPDF() []byte {
	pages := s.pages(scanLineChars, scanPageLines)
	b, err := samplescan.PDF(pages, samplescan.Options{DPI: 150, Noise: 3, Quality: 50, Seed: s.seed})
	if err != nil {
		panic("synth: scan: " + err.Error()) // the Go font is built in: drawing it cannot fail
	}
	return b
}

// A scanned page is typed double-spaced in 12-point type (samplescan's
// layout): fewer, shorter lines.
const scanLineChars, scanPageLines = 70, 26

// pages lays out a running head, the document's title and 2–3 pages of filler text in lines
// of at most width bytes, perPage to a page, the last page filled from a
// half to full; the same spec gives the same lines.
func (s blobSpec) pages(width, perPage int) [][]string {
	rng := rand.New(rand.NewPCG(s.seed, 11))
	text := pool()
	off := rng.IntN(len(text) / 2)
	off += strings.IndexByte(text[off:], '\n') + 1 // start at a paragraph
	n := 2 + rng.IntN(2)
	var pages [][]string
	for p := range n {
		want := perPage
		if p == n-1 {
			want = perPage/2 + rng.IntN(perPage/2+1)
		}
		// A running head, as office documents have, makes every page
		// differ: the filler alone repeats, and equal pages are stored once.
		lines := []string{fmt.Sprintf("Zalacznik do dokumentu nr %d, strona %d z %d", s.seed&(1<<20-1)+1, p+1, n), ""}
		if p == 0 {
			lines = append(lines, wrap(foldASCII(s.title), width)...)
			lines = append(lines, "")
		}
		for len(lines) < want {
			end := strings.IndexByte(text[off:], '\n')
			if end < 0 {
				off, end = 0, strings.IndexByte(text, '\n')
			}
			for _, l := range wrap(foldASCII(text[off:off+end]), width) {
				if len(lines) < want {
					lines = append(lines, l)
				}
			}
			off += end + 1
		}
		pages = append(pages, lines)
	}
	return pages
}

// foldPolish maps Polish letters and typographic quotes to ASCII.
var foldPolish = strings.NewReplacer(
	"ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
	"Ą", "A", "Ć", "C", "Ę", "E", "Ł", "L", "Ń", "N", "Ó", "O", "Ś", "S", "Ź", "Z", "Ż", "Z",
	"„", "\"", "”", "\"", "–", "-", "—", "-", "§", "par.")

// foldASCII folds Polish text to printable ASCII; anything else left is a space.
func foldASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 {
			return ' '
		}
		return r
	}, foldPolish.Replace(s))
}

// wrap breaks text at spaces into lines of at most width bytes (a longer
// word stands alone).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// pdfString escapes text for a PDF literal string.
func pdfString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}
