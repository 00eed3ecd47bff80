package attachment

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Scans are made in the test, as a scanner would make them from a printed
// page: the text drawn at scanDPI in the Go font on a grey background,
// turned by a little skew, with noise, JPEG-compressed and wrapped as the
// only image of each page of a PDF (no text layer).

const scanDPI = 200

// scanPages are the texts of the generated scans: legal Polish with the
// signs the correction pass is for, and a Ukrainian notice.
var scanPages = [][]string{
	{
		"Uchwała nr XII/85/2025",
		"Rady Miasta Żuromin",
		"z dnia 5 października 2025 r.",
		"w sprawie zasad udzielania dotacji celowej",
		"Na podstawie art. 18 ust. 2 pkt 15 ustawy z dnia",
		"8 marca 1990 r. o samorządzie gminnym (Dz. U. z 2024 r.",
		"poz. 1465) Rada Miasta uchwala, co następuje:",
		"§ 1. Określa się zasady udzielania dotacji.",
		"§ 2. Dotacja wynosi do 5000 zł na jedno zadanie.",
		"§ 3. Wykonanie uchwały powierza się Burmistrzowi.",
		"§ 4. Uchwała wchodzi w życie po upływie 14 dni",
		"od dnia ogłoszenia w Dzienniku Urzędowym.",
	},
	{
		"Ogłoszenie o naborze wniosków",
		"Zażółć gęślą jaźń — źródła dochodów gminy",
		"Оголошення для громадян України:",
		"прийом заяв у понеділок і четвер",
		"Wnioski składa się w pokoju nr 12, piętro II.",
	},
}

// syntheticScan returns a PDF with one scanned image per page of text.
func syntheticScan(t testing.TB, pages [][]string, seed uint64) []byte {
	t.Helper()
	var objs []string
	kids := ""
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>", "") // 2 is filled in below
	for i, lines := range pages {
		img := scanImage(t, lines, seed+uint64(i))
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, img, &jpeg.Options{Quality: 80}); err != nil {
			t.Fatal(err)
		}
		page, content, im := len(objs)+1, len(objs)+2, len(objs)+3
		kids += fmt.Sprintf("%d 0 R ", page)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>", im, content),
			stream("", "q 595 0 0 842 0 0 cm /Im1 Do Q"),
			stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode",
				img.Bounds().Dx(), img.Bounds().Dy()), jb.String()))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, len(pages))
	return handPDF(objs...)
}

// scanImage draws lines of 12-point text on an A4 page at scanDPI.
func scanImage(t testing.TB, lines []string, seed uint64) *image.Gray {
	t.Helper()
	w, h := 595*scanDPI/72, 842*scanDPI/72
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: scanDPI, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	page := image.NewGray(image.Rect(0, 0, w, h))
	for i := range page.Pix {
		page.Pix[i] = 255
	}
	d := font.Drawer{Dst: page, Src: image.NewUniform(color.Gray{Y: 20}), Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(w/10, h/10+i*scanDPI/3)
		d.DrawString(l)
	}
	return degrade(page, seed)
}

// degrade turns a clean page into a scan of it: skewed by 0.7°, on a grey
// background, with Gaussian noise.
func degrade(src *image.Gray, seed uint64) *image.Gray {
	r := rand.New(rand.NewPCG(seed, 7))
	b := src.Bounds()
	out := image.NewGray(b)
	sin, cos := math.Sincos(0.7 * math.Pi / 180)
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	for y := range b.Dy() {
		for x := range b.Dx() {
			sx := cos*(float64(x)-cx) + sin*(float64(y)-cy) + cx
			sy := -sin*(float64(x)-cx) + cos*(float64(y)-cy) + cy
			v := 255.0
			if px, py := int(sx), int(sy); px >= 0 && py >= 0 && px < b.Dx() && py < b.Dy() {
				v = float64(src.GrayAt(px, py).Y)
			}
			v = v*0.8 + 30 + r.NormFloat64()*14 // paper 234, ink 46
			out.SetGray(x, y, color.Gray{Y: uint8(min(max(v, 0), 255))})
		}
	}
	return out
}
