package printing

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Document is one article as it is printed. Every label is already in the
// reader's language and every value formatted; Render only lays it out.
type Document struct {
	Title      string
	Owner      string   // the bulletin's owner, at the top of every page
	Body       string   // the article's sanitised HTML
	MetaTitle  string   // the heading of the metadata block ("Metryczka")
	Meta       []Field  // the metadata lines, in order
	FilesTitle string   // the heading of the attachment list
	Files      []string // the attachments, one line each
	Notes      []string // closing lines: the live address, when it was printed
	Footer     string   // at the foot of every page, before the page number
	PageLabel  string   // e.g. "strona %d"
	Created    time.Time
}

// Field is one line of the metadata block.
type Field struct {
	Label, Value string
}

// ErrRender reports a document that could not be laid out.
var ErrRender = errors.New("printing: render PDF")

// Page geometry in points (A4).
const (
	margin     = 56.0 // 2 cm
	headerGap  = 28.0
	footerGap  = 30.0
	bodySize   = 11.0
	smallSize  = 8.5
	lineFactor = 1.4
	indentStep = 18.0
)

// headingSizes are the point sizes of h1–h6 in the body; the title is larger.
var headingSizes = [7]float64{0, 16, 14, 12.5, 11.5, 11, 11}

// Render writes d as a PDF to w.
func Render(w io.Writer, d Document) error {
	l, err := newLayout(d)
	if err != nil {
		return err
	}
	l.text(d.Title, fontBold, 20, 0, "")
	l.space(6)
	for _, b := range blocks(d.Body) {
		l.block(b)
	}
	if len(d.Files) > 0 {
		l.heading(d.FilesTitle, 14)
		for _, f := range d.Files {
			l.text(f, fontRegular, bodySize, 1, "•")
		}
	}
	if len(d.Meta) > 0 {
		l.heading(d.MetaTitle, 14)
		for _, f := range d.Meta {
			l.keepLines(3)
			l.text(f.Label, fontBold, 10, 0, "")
			l.text(f.Value, fontRegular, bodySize, 1, "")
			l.space(2)
		}
	}
	if len(d.Notes) > 0 {
		l.space(10)
		l.rule()
		for _, n := range d.Notes {
			l.text(n, fontRegular, 9.5, 0, "")
		}
	}
	if l.err != nil {
		return fmt.Errorf("%w %q: %v", ErrRender, d.Title, l.err)
	}
	if _, err := l.pdf.WriteTo(w); err != nil {
		return fmt.Errorf("%w %q: write: %w", ErrRender, d.Title, err)
	}
	return nil
}

const (
	fontRegular = "regular"
	fontBold    = "bold"
)

// layout puts lines on pages top to bottom and starts a new page when one
// is full. The first error stops all drawing and is reported by Render.
type layout struct {
	pdf  *gopdf.GoPdf
	doc  Document
	w, h float64
	y    float64
	page int
	err  error
}

func newLayout(d Document) (*layout, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{Title: d.Title, Author: d.Owner, Creator: "bipkiosk", Producer: "bipkiosk", CreationDate: d.Created})
	for name, data := range map[string][]byte{fontRegular: goregular.TTF, fontBold: gobold.TTF} {
		if err := pdf.AddTTFFontData(name, data); err != nil {
			return nil, fmt.Errorf("%w: load the %s font: %w", ErrRender, name, err)
		}
	}
	l := &layout{pdf: pdf, doc: d, w: gopdf.PageSizeA4.W, h: gopdf.PageSizeA4.H}
	l.newPage()
	return l, nil
}

// newPage starts a page with the owner at the top and the footer at the foot.
func (l *layout) newPage() {
	l.pdf.AddPage()
	l.page++
	l.setFont(fontRegular, smallSize)
	l.pdf.SetTextColor(64, 64, 64)
	l.draw(margin, margin-headerGap+smallSize, l.doc.Owner)
	foot := l.doc.Footer
	if l.doc.PageLabel != "" {
		foot = strings.TrimSpace(foot + " · " + fmt.Sprintf(l.doc.PageLabel, l.page))
	}
	l.draw(margin, l.h-margin+footerGap-smallSize, foot)
	l.pdf.SetTextColor(0, 0, 0)
	l.y = margin
}

func (l *layout) setFont(name string, size float64) {
	if l.err == nil {
		l.err = l.pdf.SetFont(name, "", size)
	}
}

// draw puts one line of text with its top at y.
func (l *layout) draw(x, y float64, s string) {
	if l.err != nil || s == "" {
		return
	}
	l.pdf.SetXY(x, y)
	l.err = l.pdf.Cell(nil, printable(s))
}

// space moves down by pt points.
func (l *layout) space(pt float64) { l.y += pt }

// keepLines starts a new page unless n body lines still fit.
func (l *layout) keepLines(n int) {
	if l.y+float64(n)*bodySize*lineFactor > l.h-margin {
		l.newPage()
	}
}

func (l *layout) heading(s string, size float64) {
	l.space(size * 0.6)
	l.keepLines(3)
	l.text(s, fontBold, size, 0, "")
	l.space(2)
}

func (l *layout) rule() {
	if l.err != nil {
		return
	}
	l.pdf.SetLineWidth(0.5)
	l.pdf.Line(margin, l.y, l.w-margin, l.y)
	l.space(6)
}

func (l *layout) block(b block) {
	switch b.kind {
	case blockHeading:
		l.heading(b.text, headingSizes[min(max(b.level, 1), 6)])
	case blockRule:
		l.space(4)
		l.rule()
	default:
		font := fontRegular
		if b.bold {
			font = fontBold
		}
		l.text(b.text, font, bodySize, b.indent, b.prefix)
		l.space(bodySize * 0.5)
	}
}

// text wraps s to the width left after indent levels of indentation, hangs
// prefix (a list marker) in front of the first line, and lays the lines out.
func (l *layout) text(s, font string, size float64, indent int, prefix string) {
	l.setFont(font, size)
	if l.err != nil {
		return
	}
	x := margin + float64(indent)*indentStep
	if prefix != "" {
		x += l.width(prefix + " ")
	}
	lineH := size * lineFactor
	for i, line := range l.wrap(s, l.w-margin-x) {
		if l.y+lineH > l.h-margin {
			l.newPage()
			l.setFont(font, size)
		}
		if i == 0 && prefix != "" {
			l.draw(x-l.width(prefix+" "), l.y, prefix)
		}
		l.draw(x, l.y, line)
		l.y += lineH
	}
}

func (l *layout) width(s string) float64 {
	w, err := l.pdf.MeasureTextWidth(printable(s))
	if err != nil && l.err == nil {
		l.err = err
	}
	return w
}

// wrap breaks s into lines no wider than max at spaces, and inside words
// longer than a line (addresses); "\n" forces a break.
func (l *layout) wrap(s string, max float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if l.width(try) <= max {
				line = try
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			line = word
			for l.width(line) > max && utf8.RuneCountInString(line) > 1 {
				cut := l.fit(line, max)
				out = append(out, line[:cut])
				line = line[cut:]
			}
		}
		out = append(out, line)
	}
	return out
}

// fit returns how many bytes of s, cut at a rune boundary, fit in max; at least one rune.
func (l *layout) fit(s string, max float64) int {
	cut := 0
	for i, r := range s {
		if i > 0 && l.width(s[:i+utf8.RuneLen(r)]) > max {
			break
		}
		cut = i + utf8.RuneLen(r)
	}
	return cut
}

// printable replaces characters the Go fonts lack, which gopdf would drop
// silently, with ones they have.
var printable = strings.NewReplacer(
	"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u00ad", "", "\u200b", "",
	"\u2010", "-", "\u2011", "-", "\u2212", "-",
	"\u02bc", "\u2019", // the Ukrainian apostrophe (модифікатор), as the typographic one
).Replace
