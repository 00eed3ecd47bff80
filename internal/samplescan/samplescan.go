package samplescan

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// A4 in PDF points.
const pageW, pageH = 595, 842

// Defaults of Options.
const (
	DefaultDPI     = 200
	DefaultNoise   = 14 // standard deviation of the noise, in grey levels
	DefaultQuality = 80 // JPEG quality
	// DefaultSkew turns the page, in degrees, as a page laid a little
	// askew on the glass.
	DefaultSkew = 0.7
	// PageBreak, alone on a line of Wrap's text, starts a new page.
	PageBreak = "---"
)

// Options says how the scanner scans; the zero value of a field is its default.
type Options struct {
	DPI     int
	Noise   float64
	Quality int
	Skew    float64
	// Seed makes the noise: the same seed gives the same bytes.
	Seed uint64
}

func (o Options) withDefaults() Options {
	if o.DPI <= 0 {
		o.DPI = DefaultDPI
	}
	if o.Noise <= 0 {
		o.Noise = DefaultNoise
	}
	if o.Quality <= 0 {
		o.Quality = DefaultQuality
	}
	if o.Skew == 0 {
		o.Skew = DefaultSkew
	}
	return o
}

// fontSize is the text's size in points, as a typed resolution has it.
const fontSize = 12

// face returns the Go font at fontSize for dpi.
func face(dpi int) (font.Face, error) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("samplescan: %w", err)
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: fontSize, DPI: float64(dpi), Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("samplescan: %w", err)
	}
	return fc, nil
}

// geometry of a page at dpi: the first line's baseline, the left margin,
// the widest line and the lines a page holds.
type geometry struct{ dpi, top, left, width, lines int }

func pageGeometry(dpi int) geometry {
	w, h := pageW*dpi/72, pageH*dpi/72
	g := geometry{dpi: dpi, top: h / 10, left: w / 10, width: w * 8 / 10}
	for g.baseline(g.lines) <= h*9/10 {
		g.lines++
	}
	return g
}

// baseline of line i (from 0): lines are a third of an inch apart (24 pt,
// a typed page's double spacing).
func (g geometry) baseline(i int) int { return g.top + i*g.dpi/3 }

// PDF returns a PDF with one scanned image per page of lines; each line is
// drawn as it is, one under another.
func PDF(pages [][]string, o Options) ([]byte, error) {
	o = o.withDefaults()
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""} // 2 is filled in below
	var kids strings.Builder
	for i, lines := range pages {
		img, err := Image(lines, o.DPI)
		if err != nil {
			return nil, err
		}
		img = Degrade(img, o.Noise, o.Skew, o.Seed+uint64(i))
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, img, &jpeg.Options{Quality: o.Quality}); err != nil {
			return nil, fmt.Errorf("samplescan: %w", err)
		}
		page, content, im := len(objs)+1, len(objs)+2, len(objs)+3
		fmt.Fprintf(&kids, "%d 0 R ", page)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>", pageW, pageH, im, content),
			stream("", fmt.Sprintf("q %d 0 0 %d 0 0 cm /Im1 Do Q", pageW, pageH)),
			stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
				img.Bounds().Dx(), img.Bounds().Dy()), jb.String()))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(pages))
	return AssemblePDF(objs...), nil
}

// Image draws lines of 12-point text on a white A4 page at dpi.
func Image(lines []string, dpi int) (*image.Gray, error) {
	fc, err := face(dpi)
	if err != nil {
		return nil, err
	}
	g := pageGeometry(dpi)
	page := image.NewGray(image.Rect(0, 0, pageW*dpi/72, pageH*dpi/72))
	for i := range page.Pix {
		page.Pix[i] = 255
	}
	d := font.Drawer{Dst: page, Src: image.NewUniform(color.Gray{Y: 20}), Face: fc}
	for i, l := range lines {
		d.Dot = fixed.P(g.left, g.baseline(i))
		d.DrawString(l)
	}
	return page, nil
}

// Degrade turns a clean page into a scan of it: turned by skew degrees, on
// a grey background, with Gaussian noise of the given deviation.
func Degrade(src *image.Gray, noise, skew float64, seed uint64) *image.Gray {
	r := rand.New(rand.NewPCG(seed, 7))
	b := src.Bounds()
	out := image.NewGray(b)
	sin, cos := math.Sincos(radians(skew))
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	for y := range b.Dy() {
		for x := range b.Dx() {
			sx := cos*(float64(x)-cx) + sin*(float64(y)-cy) + cx
			sy := -sin*(float64(x)-cx) + cos*(float64(y)-cy) + cy
			v := 255.0
			if px, py := int(sx), int(sy); px >= 0 && py >= 0 && px < b.Dx() && py < b.Dy() {
				v = float64(src.GrayAt(px, py).Y)
			}
			v = v*0.8 + 30 + r.NormFloat64()*noise // paper 234, ink 46
			out.SetGray(x, y, color.Gray{Y: uint8(min(max(v, 0), 255))})
		}
	}
	return out
}

// radians turns degrees into radians; the default angle is the constant
// itself, exact to the last bit, so the scans the OCR figures of
// docs/documents.md were measured on are made again byte for byte.
func radians(deg float64) float64 {
	if deg == DefaultSkew {
		return DefaultSkew * math.Pi / 180
	}
	return deg * math.Pi / 180
}

// Wrap lays text out in pages of lines as PDF draws them at dpi: each line
// of text is a paragraph broken at spaces to fit the page's width, an empty
// line is kept as a gap, a line holding only PageBreak starts a new page,
// and a full page goes on to the next.
func Wrap(text string, dpi int) ([][]string, error) {
	fc, err := face(max(dpi, 1))
	if err != nil {
		return nil, err
	}
	g := pageGeometry(max(dpi, 1))
	pages := [][]string{nil}
	add := func(l string) {
		if len(pages[len(pages)-1]) == g.lines {
			pages = append(pages, nil)
		}
		pages[len(pages)-1] = append(pages[len(pages)-1], l)
	}
	for _, para := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if strings.TrimSpace(para) == PageBreak {
			pages = append(pages, nil)
			continue
		}
		for _, l := range breakLine(fc, strings.TrimRight(para, " \t\r"), g.width) {
			add(l)
		}
	}
	return pages, nil
}

// breakLine breaks a paragraph at spaces into lines no wider than width
// pixels; a word wider than the line stands alone.
func breakLine(fc font.Face, para string, width int) []string {
	words := strings.Fields(para)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	line := words[0]
	for _, w := range words[1:] {
		if font.MeasureString(fc, line+" "+w).Ceil() > width {
			lines = append(lines, line)
			line = w
			continue
		}
		line += " " + w
	}
	return append(lines, line)
}

// AssemblePDF joins numbered object bodies (object n is objs[n-1], object 1
// the catalog) into a PDF with its cross-reference table; an empty body is a
// free object number. Tests use it to write PDFs by hand.
func AssemblePDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		if o == "" {
			continue
		}
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		if off == 0 {
			b.WriteString("0000000000 65535 f \n")
			continue
		}
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}
