package attachment

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// minRecall is the share of pdftotext's words our reader must find in
// every test PDF (docs/documents.md reports the figures).
const minRecall = 0.98

// recallDocs are the PDFs whose words are compared with pdftotext's.
func recallDocs(t testing.TB) map[string][]byte {
	docs := map[string][]byte{
		"chromium-kerned": chromiumPDF("Uchwała nr XII/85/2025 Rady Miasta Żuromin", "z dnia 5 paździer|nika 2025 r. w spra|wie",
			"ogłosze^ń^ publicznych_i wy|datków bie|żących", "W|y|d|a|t|k|i maj|ątkowe"),
	}
	if printed := chromiumPrinted(t); printed != nil {
		docs["chromium-printed"] = printed
		docs["chromium-printed "+encryptions[6].name] = qpdf(t, printed, encryptions[6].args...)
	}
	for _, f := range pdfFixtures {
		if f.file == "office-shapes.pdf" {
			continue // hand-built fonts without glyph widths, where pdftotext guesses spaces
		}
		plain := f.build(t)
		docs[strings.TrimSuffix(f.file, ".pdf")] = plain
		for _, e := range []int{1, 3, 6} { // RC4 128, AES-128, AES-256 R6
			docs[strings.TrimSuffix(f.file, ".pdf")+" "+encryptions[e].name] = qpdf(t, plain, encryptions[e].args...)
		}
	}
	return docs
}

// TestPDFWordRecall compares our words with pdftotext's on each test PDF.
func TestPDFWordRecall(t *testing.T) {
	bin := needTool(t, "pdftotext")
	for name, data := range recallDocs(t) {
		t.Run(name, func(t *testing.T) {
			want := pdftotext(t, bin, data)
			got := pdfText(data)
			r, n := recall(words(got), words(want))
			t.Logf("recall %.3f of %d words", r, n)
			if n == 0 || r < minRecall {
				t.Errorf("recall %.3f of %d words, want at least %.2f\nours: %.300q\npdftotext: %.300q", r, n, minRecall, got, want)
			}
		})
	}
}

func pdftotext(t *testing.T, bin string, data []byte) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-q", "-enc", "UTF-8", src, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// words splits text into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// recall is the share of want's words (counted with repeats) found in got.
func recall(got, want []string) (float64, int) {
	have := map[string]int{}
	for _, w := range got {
		have[w]++
	}
	found := 0
	for _, w := range want {
		if have[w] > 0 {
			have[w]--
			found++
		}
	}
	if len(want) == 0 {
		return 0, 0
	}
	return float64(found) / float64(len(want)), len(want)
}
