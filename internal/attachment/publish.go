package attachment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // page images rendered as JPEG are measured
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Publishing: the machine that builds a bundle makes, once, the text and
// page images every reader shows, so that no reader parses office formats
// or runs OCR. PDFs are rendered by pdftoppm and recognised by tesseract,
// each run as a separate program within PageTimeout a page, on a temporary
// copy.

// PageTimeout bounds the work of a program on one page (rendering it, or
// recognising it): minutes of a stuck program, not the seconds a page
// takes on a busy machine.
const PageTimeout = time.Minute

// Method says how an attachment's published text was obtained.
type Method string

// The methods, as the bundle records them (content.TextMethod).
const (
	MethodLayer  Method = "layer"  // the file's own text: a PDF text layer, a text file
	MethodOffice Method = "office" // read from an office document
	MethodOCR    Method = "ocr"    // recognised automatically from page images
)

// PageBreak separates the text of one page from the next in published text.
const PageBreak = '\f'

// Defaults of PublishOptions.
const (
	DefaultOCRLanguages = "pol+ukr+eng"
	// DefaultPageDPI renders an A4 page 1240 × 1754 pixels: letters of
	// 10 pt are 20 pixels high, readable at twice the zoom.
	DefaultPageDPI = 150
	// DefaultMaxPageSide keeps a large page (A3, a plan) to the pixels of
	// an A4 page at about 170 dpi.
	DefaultMaxPageSide = 2000
	// DefaultMaxPageBytes: a text page in grey PNG is 100–300 KB; a scan
	// is re-rendered as JPEG when its PNG is larger than this.
	DefaultMaxPageBytes = 1 << 20
	DefaultMaxPages     = 300 // pages of one file rendered and recognised
	// OCRDPI is the resolution pages are rendered at for tesseract, which
	// reads best with letters 20–40 pixels high.
	OCRDPI = 300
	// minLayerLetters is the fewest letters a page's text layer needs not
	// to be recognised again from its image (a scan with a stamp or page
	// number in text).
	minLayerLetters = 24
	// MaxCarriedText bounds a published text: MaxText of text and a page
	// break per page.
	MaxCarriedText = MaxText + maxPDFPages
)

// PublishOptions says what the publishing machine makes of each attachment.
type PublishOptions struct {
	OCR          bool   // recognise pages without a text layer with tesseract
	OCRLanguages string // tesseract's languages; empty is DefaultOCRLanguages
	PageDPI      int    // render PDF pages at this resolution; 0 renders none
	MaxPageSide  int    // longest side of a page image, pixels; 0 is DefaultMaxPageSide
	MaxPageBytes int64  // largest page image; 0 is DefaultMaxPageBytes
	MaxPages     int    // pages of one file rendered or recognised; 0 is DefaultMaxPages
}

func (o PublishOptions) withDefaults() PublishOptions {
	if o.OCRLanguages == "" {
		o.OCRLanguages = DefaultOCRLanguages
	}
	if o.MaxPageSide <= 0 {
		o.MaxPageSide = DefaultMaxPageSide
	}
	if o.MaxPageBytes <= 0 {
		o.MaxPageBytes = DefaultMaxPageBytes
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	return o
}

// PageImage is one rendered page: PNG or JPEG bytes and their size in pixels.
type PageImage struct {
	Data          []byte
	Type          string // "image/png" or "image/jpeg"
	Width, Height int
}

// Published is what the publishing machine makes of one attachment.
type Published struct {
	// Text is the attachment's text; a PDF's pages are separated by
	// PageBreak, so page k's text is the k-th segment.
	Text   Text
	Method Method // how Text was obtained, when it has text
	Pages  []PageImage
}

// ErrPageTooLarge reports a page whose image stays over MaxPageBytes even
// as JPEG: the file is published without page images.
var ErrPageTooLarge = errors.New("attachment: page image too large")

// Publish makes an attachment's text and, for a PDF, its page images and
// the recognised text of pages without a text layer. Every problem (a
// missing program as a *ToolMissingError, a failing one wrapping ErrTool)
// is returned for the caller to warn about; what could be made is still
// returned, and a file without text or pages is still published.
func Publish(ctx context.Context, mime, name string, data []byte, opts PublishOptions) (Published, []error) {
	if textKind(mime, name) != PDFLayer {
		t, err := PublishText(ctx, mime, name, data)
		p := Published{Text: t, Method: MethodLayer}
		if k := textKind(mime, name); k == Office || k == ToolText {
			p.Method = MethodOffice
		}
		if err != nil {
			return p, []error{err}
		}
		return p, nil
	}
	return publishPDF(ctx, data, opts.withDefaults())
}

// publishPDF reads the text layer page by page, renders the pages, and
// recognises the pages whose layer has (almost) no letters.
func publishPDF(ctx context.Context, data []byte, o PublishOptions) (Published, []error) {
	texts, cut := safePDFPages(data)
	p := Published{Method: MethodLayer}
	if len(texts) == 0 && len(data) <= MaxPDFFile {
		// No page our reader can find (a damaged file, a password, not a
		// PDF at all): no program would find more, and the text is
		// Extract's, as a reader would read it.
		p.Text = Extract("application/pdf", "", data)
		return p, nil
	}
	var errs []error
	if o.PageDPI > 0 {
		pages, err := renderPages(ctx, data, o)
		if err != nil {
			errs = append(errs, err)
		}
		p.Pages = pages
	}
	if o.OCR && needsOCR(texts) {
		ocr, err := recognise(ctx, data, texts, o)
		if err != nil {
			errs = append(errs, err)
		}
		for i, t := range ocr {
			if t == "" {
				continue
			}
			for len(texts) <= i {
				texts = append(texts, "")
			}
			texts[i] = t
			p.Method = MethodOCR
		}
	}
	p.Text = pageText(texts, cut)
	if p.Text.Status != HasText && len(data) > MaxPDFFile {
		p.Text.Status = TooLarge
	}
	return p, errs
}

// safePDFPages is pdfPages for a file of any size: a panic, or a file over
// MaxPDFFile, gives no pages (the pages are then found by rendering).
func safePDFPages(data []byte) (texts []string, cut bool) {
	if len(data) > MaxPDFFile || !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return nil, false
	}
	defer func() {
		if recover() != nil {
			texts, cut = nil, false
		}
	}()
	return pdfPages(data)
}

// needsOCR reports a file with no page tree read or a page with too few
// letters in its text layer.
func needsOCR(texts []string) bool {
	return len(texts) == 0 || slices.ContainsFunc(texts, func(t string) bool { return !hasLayer(t) })
}

func hasLayer(t string) bool {
	n := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			if n++; n >= minLayerLetters {
				return true
			}
		}
	}
	return false
}

// pageText joins pages' text with PageBreak, at most MaxText bytes of
// text (every page break is kept, so pages still number right).
func pageText(texts []string, cut bool) Text {
	var b strings.Builder
	n := 0
	for i, t := range texts {
		if i > 0 {
			b.WriteRune(PageBreak)
		}
		t = cleanText(t)
		if room := MaxText - n; len(t) > room {
			cut = true
			for room > 0 && !utf8.RuneStart(t[room]) {
				room--
			}
			t = t[:max(room, 0)]
		}
		n += len(t)
		b.WriteString(t)
	}
	return withText(b.String(), cut, NoTextLayer)
}

// CarriedText reads a published text blob as a bundle carries it: UTF-8,
// at most MaxCarriedText bytes, page breaks kept; anything else is
// NotUTF8 or TooLarge, and the reader falls back to Extract.
func CarriedText(data []byte) Text {
	if len(data) > MaxCarriedText {
		return Text{Status: TooLarge}
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return Text{Status: NotUTF8}
	}
	pages := strings.Split(string(data), string(PageBreak))
	for i, p := range pages {
		pages[i] = cleanText(p)
	}
	return withText(strings.Join(pages, string(PageBreak)), false, Empty)
}

// PageTexts splits published text into its pages' texts (one for text
// without pages).
func PageTexts(text string) []string { return strings.Split(text, string(PageBreak)) }

// PageAt returns the page (from 1) on which the byte at offset of a
// published text stands: the search and the viewer open a hit's page.
func PageAt(text string, offset int) int {
	offset = min(max(offset, 0), len(text))
	return 1 + strings.Count(text[:offset], string(PageBreak))
}

// pdfTool finds a program of poppler-utils or tesseract-ocr.
func pdfTool(name, pkg, purpose string) (string, error) {
	bin, err := exec.LookPath(name)
	if err != nil {
		return "", &ToolMissingError{Type: "PDF", Purpose: purpose, Tool: name, Package: pkg}
	}
	return bin, nil
}

// renderChunk is how many pages one run of pdftoppm renders, so one run
// is bounded by PageTimeout times the pages.
const renderChunk = 8

// renderPages renders every page (up to MaxPages) as a grey image within
// the size bounds; on any failure the file gets no page images at all, so
// that pages never number wrong.
func renderPages(ctx context.Context, data []byte, o PublishOptions) ([]PageImage, error) {
	bin, err := pdfTool("pdftoppm", "poppler-utils", "making page images of PDFs")
	if err != nil {
		return nil, err
	}
	dir, src, err := tempPDF(data)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var pages []PageImage
	for first := 1; first <= o.MaxPages; first += renderChunk {
		last := min(first+renderChunk-1, o.MaxPages)
		files, err := pdftoppm(ctx, bin, src, dir, first, last, "-png", "-r", strconv.Itoa(o.PageDPI))
		if err != nil {
			return nil, err
		}
		for i, f := range files {
			pg, err := boundPage(ctx, bin, src, dir, first+i, f, o)
			if err != nil {
				return nil, err
			}
			pages = append(pages, pg)
		}
		if len(files) < last-first+1 {
			break // the last page
		}
	}
	return pages, nil
}

// boundPage takes a rendered page, rendering it again smaller when it is
// over MaxPageSide pixels and as JPEG when it is over MaxPageBytes.
func boundPage(ctx context.Context, bin, src, dir string, page int, file string, o PublishOptions) (PageImage, error) {
	pg, err := readPage(file, "image/png")
	if err != nil {
		return PageImage{}, err
	}
	scale := []string{"-r", strconv.Itoa(o.PageDPI)}
	if max(pg.Width, pg.Height) > o.MaxPageSide {
		scale = []string{"-scale-to", strconv.Itoa(o.MaxPageSide)}
		if pg, err = renderOne(ctx, bin, src, dir, page, "image/png", append([]string{"-png"}, scale...)); err != nil {
			return PageImage{}, err
		}
	}
	if int64(len(pg.Data)) > o.MaxPageBytes {
		args := append([]string{"-jpeg", "-jpegopt", "quality=70"}, scale...)
		if pg, err = renderOne(ctx, bin, src, dir, page, "image/jpeg", args); err != nil {
			return PageImage{}, err
		}
	}
	if int64(len(pg.Data)) > o.MaxPageBytes {
		return PageImage{}, fmt.Errorf("%w: page %d is %d bytes as JPEG, over %d; the file is published without page images", ErrPageTooLarge, page, len(pg.Data), o.MaxPageBytes)
	}
	return pg, nil
}

func renderOne(ctx context.Context, bin, src, dir string, page int, typ string, args []string) (PageImage, error) {
	files, err := pdftoppm(ctx, bin, src, dir, page, page, args...)
	if err != nil {
		return PageImage{}, err
	}
	if len(files) != 1 {
		return PageImage{}, fmt.Errorf("%w: pdftoppm rendered %d images of page %d", ErrTool, len(files), page)
	}
	return readPage(files[0], typ)
}

// readPage reads a rendered image and its size, and removes the file.
func readPage(file, typ string) (PageImage, error) {
	data, err := os.ReadFile(file)
	os.Remove(file)
	if err != nil {
		return PageImage{}, err
	}
	if typ == "image/png" {
		return greyPNG(data)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return PageImage{}, fmt.Errorf("%w: pdftoppm wrote an image that cannot be read: %w", ErrTool, err)
	}
	return PageImage{Data: data, Type: typ, Width: cfg.Width, Height: cfg.Height}, nil
}

// greys are the 16 levels of grey of a page image: enough for smooth
// letters at any zoom, and a PNG of them (4 bits a pixel) is about a
// quarter of pdftoppm's, which writes RGB even when asked for grey.
var greys = func() color.Palette {
	p := make(color.Palette, 16)
	for i := range p {
		p[i] = color.Gray{Y: uint8(i * 17)}
	}
	return p
}()

// greyAt is the grey of a pixel, read directly from the image types
// pdftoppm's PNGs decode to.
func greyAt(img image.Image, x, y int) uint8 {
	switch m := img.(type) {
	case *image.RGBA:
		p := m.Pix[m.PixOffset(x, y):]
		return uint8((19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16)
	case *image.Gray:
		return m.Pix[m.PixOffset(x, y)]
	}
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
}

// greyPNG re-encodes a rendered page as a 16-grey PNG.
func greyPNG(data []byte) (PageImage, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return PageImage{}, fmt.Errorf("%w: pdftoppm wrote an image that cannot be read: %w", ErrTool, err)
	}
	b := img.Bounds()
	out := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), greys)
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Pix[i] = (greyAt(img, x, y) + 8) / 17
			i++
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		return PageImage{}, err
	}
	return PageImage{Data: buf.Bytes(), Type: "image/png", Width: b.Dx(), Height: b.Dy()}, nil
}

// tempPDF writes data to a new temporary folder, as in.pdf.
func tempPDF(data []byte) (dir, src string, err error) {
	dir, err = os.MkdirTemp("", "bipkiosk-pages-*")
	if err != nil {
		return "", "", err
	}
	src = filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(src, data, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", "", err
	}
	return dir, src, nil
}

// pdftoppm renders pages first to last in grey and returns the files it
// wrote, in page order; a first page beyond the end is no error.
func pdftoppm(ctx context.Context, bin, src, dir string, first, last int, args ...string) ([]string, error) {
	sub, err := os.MkdirTemp(dir, "r")
	if err != nil {
		return nil, err
	}
	prefix := filepath.Join(sub, "p")
	all := append([]string{"-gray", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last)}, args...)
	if _, err := runOut(ctx, time.Duration(last-first+1)*PageTimeout, bin, nil, append(all, src, prefix)...); err != nil {
		if first > 1 && strings.Contains(err.Error(), "Wrong page range") {
			return nil, nil
		}
		return nil, fmt.Errorf("%w: pdftoppm: %w", ErrTool, err)
	}
	files, _ := filepath.Glob(prefix + "-*")
	slices.SortFunc(files, func(a, b string) int { return pageNumber(a) - pageNumber(b) })
	return files, nil
}

// pageNumber reads the page number pdftoppm puts in a file name (p-07.png).
func pageNumber(file string) int {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	n, _ := strconv.Atoi(base[strings.LastIndexByte(base, '-')+1:])
	return n
}

// runOut runs a program within timeout and returns at most maxToolOutput
// bytes of what it prints, its error output in the error.
func runOut(ctx context.Context, timeout time.Duration, bin string, env []string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	stdout := &capped{max: maxToolOutput}
	stderr := &capped{max: 512}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.b.String()); msg != "" {
			err = fmt.Errorf("%w (%s)", err, msg)
		}
		return nil, err
	}
	return stdout.b.Bytes(), nil
}
