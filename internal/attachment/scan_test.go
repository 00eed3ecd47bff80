package attachment

import (
	"testing"

	"bipkiosk/internal/samplescan"
)

// Scans are made in the test by internal/samplescan, as a scanner would
// make them from a printed page: the text drawn at 200 dpi in the Go font
// on a grey background, turned by a little skew, with noise,
// JPEG-compressed and wrapped as the only image of each page of a PDF (no
// text layer).

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
	pdf, err := samplescan.PDF(pages, samplescan.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}
