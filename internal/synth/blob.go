package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"

	"bipkiosk/internal/content"
)

// blobKind is the kind of synthetic file.
type blobKind uint8

const (
	blobPDF blobKind = iota
	blobCSV
	blobPNG
	blobTextPDF // a real PDF with a text layer (Options.RealPDFs)
	blobScanPDF // a real PDF of scanned pages (Options.ScannedEvery)
)

// blobSpec is everything needed to make a synthetic file again, so the
// bytes need not stay in memory between Generate and the opener's callers.
type blobSpec struct {
	kind  blobKind
	seed  uint64
	size  int
	title string
}

var blobTypes = [...]string{blobPDF: "application/pdf", blobCSV: "text/csv", blobPNG: "image/png",
	blobTextPDF: "application/pdf", blobScanPDF: "application/pdf"}

// pool is Polish filler text shared by every synthetic PDF: copying slices
// of it is what makes gigabytes of attachments cheap to produce.
var pool = sync.OnceValue(func() string {
	f := &filler{rng: rand.New(rand.NewPCG(1, 2)), t: &towns[0], year: 2020}
	var b strings.Builder
	for b.Len() < 64<<10 {
		b.WriteString(f.paragraph())
		b.WriteByte('\n')
	}
	return b.String()
})

// bytes makes the file. The same spec always gives the same bytes.
func (s blobSpec) bytes() []byte {
	switch s.kind {
	case blobCSV:
		return s.csv()
	case blobPNG:
		return logoPNG(s.seed)
	case blobTextPDF:
		return s.textPDF()
	case blobScanPDF:
		return s.scanPDF()
	}
	return s.pdf()
}

// pdf makes a file that starts and ends like a PDF (type sniffers agree)
// and carries Polish text in between.
func (s blobSpec) pdf() []byte {
	head := "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Title (" + asciiOnly(s.title) + ") >>\nendobj\n2 0 obj\n<< /Length " +
		strconv.Itoa(s.size) + " >>\nstream\n"
	tail := "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
	out := make([]byte, 0, max(s.size, len(head)+len(tail)))
	out = append(out, head...)
	text := pool()
	off := int(s.seed % uint64(len(text)))
	for len(out) < s.size-len(tail) {
		chunk := text[off:min(len(text), off+s.size-len(tail)-len(out))]
		out = append(out, chunk...)
		off = 0
	}
	return append(out, tail...)
}

// csv makes a budget table of about size bytes.
func (s blobSpec) csv() []byte {
	rng := rand.New(rand.NewPCG(s.seed, 7))
	var b bytes.Buffer
	b.Grow(s.size + 128)
	b.WriteString("Dział;Rozdział;Paragraf;Nazwa;Plan;Wykonanie\n")
	for b.Len() < s.size {
		it := budgetItems[rng.IntN(len(budgetItems))]
		plan := 1000 + rng.IntN(5_000_000)
		b.WriteString(it[0] + ";" + it[0] + strconv.Itoa(10+rng.IntN(90)) + ";" + strconv.Itoa(4000+rng.IntN(400)) + ";" + it[1] + ";" +
			money(plan) + ";" + money(plan*(50+rng.IntN(50))/100) + "\n")
	}
	return b.Bytes()
}

func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 || r == '(' || r == ')' || r == '\\' {
			return '_'
		}
		return r
	}, s)
}

// logoPNG draws a small two-colour shield: enough to be a real image.
func logoPNG(seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 3))
	field := color.RGBA{uint8(rng.IntN(200)), uint8(rng.IntN(200)), uint8(55 + rng.IntN(200)), 255}
	charge := color.RGBA{240, 200, 40, 255}
	const w, h = 48, 56
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			// The shield narrows towards its point in the lower third.
			inset := 0
			if y > h*2/3 {
				inset = (y - h*2/3) * w / 2 / (h / 3)
			}
			switch {
			case x < inset || x >= w-inset:
				continue
			case (x-w/2)*(x-w/2)+(y-h/3)*(y-h/3) < 100:
				img.Set(x, y, charge)
			default:
				img.Set(x, y, field)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("synth: png: " + err.Error()) // encoding to memory cannot fail
	}
	return b.Bytes()
}

// register makes the file of spec once, to learn its hash and size.
func (g *gen) register(s blobSpec) content.Blob {
	b := s.bytes()
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	g.blobs[h] = s
	return content.Blob{SHA256: h, Size: int64(len(b)), Type: blobTypes[s.kind]}
}
