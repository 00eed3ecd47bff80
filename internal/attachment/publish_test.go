package attachment

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
)

// maxCER is the character error rate OCR may make on each generated scan
// (docs/documents.md reports the figures).
const maxCER = 0.03

var pdfOpts = PublishOptions{OCR: true, PageDPI: DefaultPageDPI}

// TestPublishOCR recognises the generated scans and compares the text of
// each page with what was drawn.
func TestPublishOCR(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: OCR takes seconds a page; scripts/test runs it")
	}
	needTool(t, "tesseract")
	needTool(t, "pdftoppm")
	scan := syntheticScan(t, scanPages, 1)
	for name, data := range map[string][]byte{"scan": scan, "scan, RC4 128-bit (R3)": qpdf(t, scan, encryptions[1].args...)} {
		t.Run(name, func(t *testing.T) {
			p, errs := Publish(context.Background(), "application/pdf", "skan.pdf", data, pdfOpts)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if p.Method != MethodOCR || p.Text.Status != HasText {
				t.Fatalf("method %q, status %v, want ocr with text", p.Method, p.Text.Status)
			}
			got := PageTexts(p.Text.Text)
			if len(got) != len(scanPages) || len(p.Pages) != len(scanPages) {
				t.Fatalf("%d pages of text and %d images, want %d", len(got), len(p.Pages), len(scanPages))
			}
			for i, lines := range scanPages {
				cer := charErrorRate(got[i], strings.Join(lines, "\n"))
				t.Logf("page %d: CER %.4f", i+1, cer)
				if cer > maxCER {
					t.Errorf("page %d: CER %.4f, want at most %.2f\ngot:  %q\nwant: %q", i+1, cer, maxCER, got[i], strings.Join(lines, "\n"))
				}
			}
			if !strings.Contains(got[0], "§ 1. Określa") {
				t.Errorf("page 1 has no \"§ 1. Określa\": %q", got[0])
			}
		})
	}
}

// TestPublishPDFPages reads text PDFs page by page and renders each page,
// within the bounds, and finds pdftotext's words (encrypted files too).
func TestPublishPDFPages(t *testing.T) {
	needTool(t, "pdftoppm")
	bin := needTool(t, "pdftotext")
	for name, data := range recallDocs(t) {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && (strings.Contains(name, " R3 ") || strings.Contains(name, " R4 ")) {
				t.Skip("-short: the R6 files stand for the encrypted ones")
			}
			p, errs := Publish(context.Background(), "application/pdf", "a.pdf", data, pdfOpts)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if p.Method != MethodLayer {
				t.Errorf("method %q, want layer", p.Method)
			}
			want := pdftotext(t, bin, data)
			if n, m := len(PageTexts(p.Text.Text)), strings.Count(want, "\f"); n != m || len(p.Pages) != m {
				t.Errorf("%d pages of text, %d images; pdftotext has %d pages", n, len(p.Pages), m)
			}
			r, n := recall(words(p.Text.Text), words(want))
			t.Logf("recall %.3f of %d words", r, n)
			if r < minRecall {
				t.Errorf("recall %.3f, want at least %.2f", r, minRecall)
			}
			for i, pg := range p.Pages {
				cfg, format, err := image.DecodeConfig(bytes.NewReader(pg.Data))
				if err != nil || "image/"+format != pg.Type || cfg.Width != pg.Width || cfg.Height != pg.Height {
					t.Errorf("page %d: %s %d×%d, decoded %s %d×%d (%v)", i+1, pg.Type, pg.Width, pg.Height, format, cfg.Width, cfg.Height, err)
				}
				if img, err := png.Decode(bytes.NewReader(pg.Data)); err != nil || len(img.(*image.Paletted).Palette) > 16 {
					t.Errorf("page %d is not a PNG of 16 greys (%v)", i+1, err)
				}
				if max(pg.Width, pg.Height) > DefaultMaxPageSide || len(pg.Data) > DefaultMaxPageBytes {
					t.Errorf("page %d: %d×%d, %d bytes: over the bounds", i+1, pg.Width, pg.Height, len(pg.Data))
				}
			}
		})
	}
}

// TestPublishPageBounds renders pages smaller than their resolution asks
// when they are over the side bound, as JPEG when over the byte bound, and
// gives a file no page images when a page stays over it.
func TestPublishPageBounds(t *testing.T) {
	needTool(t, "pdftoppm")
	scan := syntheticScan(t, scanPages[1:], 2)
	tests := []struct {
		name     string
		opts     PublishOptions
		wantType string
		wantErr  error
	}{
		{"side", PublishOptions{PageDPI: 150, MaxPageSide: 600}, "image/png", nil},
		{"bytes", PublishOptions{PageDPI: 150, MaxPageBytes: 500 << 10}, "image/jpeg", nil},
		{"too large", PublishOptions{PageDPI: 150, MaxPageBytes: 2000}, "", ErrPageTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, errs := Publish(context.Background(), "application/pdf", "s.pdf", scan, tt.opts)
			if tt.wantErr != nil {
				if len(errs) != 1 || !errors.Is(errs[0], tt.wantErr) || len(p.Pages) != 0 {
					t.Fatalf("errors %v, %d pages; want %v and none", errs, len(p.Pages), tt.wantErr)
				}
				return
			}
			if len(errs) > 0 || len(p.Pages) != 1 {
				t.Fatalf("errors %v, %d pages", errs, len(p.Pages))
			}
			pg := p.Pages[0]
			o := tt.opts.withDefaults()
			if pg.Type != tt.wantType || max(pg.Width, pg.Height) > o.MaxPageSide || int64(len(pg.Data)) > o.MaxPageBytes {
				t.Errorf("%s %d×%d %d bytes, want %s within %d px and %d bytes", pg.Type, pg.Width, pg.Height, len(pg.Data), tt.wantType, o.MaxPageSide, o.MaxPageBytes)
			}
		})
	}
}

// TestPublishToolMissing builds without pdftoppm and tesseract: the text
// layer is still read, and the errors name the packages to install.
func TestPublishToolMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	p, errs := Publish(context.Background(), "application/pdf", "a.pdf", gopdfLetters(t), pdfOpts)
	if p.Text.Status != HasText || len(p.Pages) != 0 {
		t.Fatalf("status %v, %d pages", p.Text.Status, len(p.Pages))
	}
	var missing *ToolMissingError
	if len(errs) != 1 || !errors.As(errs[0], &missing) || missing.Package != "poppler-utils" {
		t.Fatalf("errors %v, want one naming poppler-utils", errs)
	}
	_, errs = Publish(context.Background(), "application/pdf", "a.pdf", scanPDF, pdfOpts)
	if len(errs) != 2 || !errors.As(errs[1], &missing) || missing.Package != "tesseract-ocr" {
		t.Fatalf("errors %v, want the second naming tesseract-ocr", errs)
	}
}

// TestPublishOffice gives office documents method office, text files layer.
func TestPublishOffice(t *testing.T) {
	tests := []struct {
		mime, name string
		data       []byte
		want       Method
	}{
		{"text/plain; charset=utf-8", "a.txt", []byte("Zażółć\n"), MethodLayer},
		{"application/rtf", "a.rtf", []byte(`{\rtf1\ansi Regulamin\par}`), MethodOffice},
	}
	for _, tt := range tests {
		p, errs := Publish(context.Background(), tt.mime, tt.name, tt.data, pdfOpts)
		if len(errs) > 0 || p.Text.Status != HasText || p.Method != tt.want || len(p.Pages) != 0 {
			t.Errorf("%s: %v, %v, %q, %d pages; want text by %q", tt.name, errs, p.Text.Status, p.Method, len(p.Pages), tt.want)
		}
	}
}

func TestCorrectOCR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"$ 1. Określa się", "§ 1. Określa się"},
		{"zgodnie z $5 ust. l", "zgodnie z § 5 ust. 1"},
		{"S 2. Dotacja", "§ 2. Dotacja"},
		{"  & 3. Wykonanie", "  § 3. Wykonanie"},
		{"§4. Uchwała", "§ 4. Uchwała"},
		{"$$ 1-3", "§§ 1-3"},
		{"art. l pkt l)", "art. 1 pkt 1)"},
		{",,cytat''", "„cytat”"},
		{"(Dz.U. z 2024", "(Dz. U. z 2024"},
		{"Szkoła 8 klas", "Szkoła 8 klas"}, // an S or 8 that is a word stays
		{"SS 12", "SS 12"},
		{"8 1. Określa", "§ 1. Określa"},
		{"81. Zarząd dróg", "81. Zarząd dróg"}, // item 81 of a list
		{"Uchwała Nr I/1/2024", "Uchwała Nr I/1/2024"},
		{"pkt l, ust. I", "pkt 1, ust. 1"},
		{"8 marca 1990 r.", "8 marca 1990 r."},
		{"Uchwała nr ХП/85/2025", "Uchwała nr XII/85/2025"},
		{"Uchwała nr X11/85/2025", "Uchwała nr XII/85/2025"},
		{"Uchwała nr 12/85/2025", "Uchwała nr 12/85/2025"},
		{"tekst\n\f", "tekst"},
	}
	for _, tt := range tests {
		if got := CorrectOCR(tt.in); got != tt.want {
			t.Errorf("CorrectOCR(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCarriedText(t *testing.T) {
	tests := []struct {
		in     string
		status Status
		text   string
	}{
		{"strona 1\fstrona 2\r\n", HasText, "strona 1\fstrona 2\n"},
		{"\f\f", Empty, ""},
		{"a\x00b", NotUTF8, ""},
		{"\xff", NotUTF8, ""},
		{strings.Repeat("a", MaxCarriedText+1), TooLarge, ""},
	}
	for _, tt := range tests {
		got := CarriedText([]byte(tt.in))
		if got.Status != tt.status || got.Text != tt.text {
			t.Errorf("CarriedText(%.20q) = %v %q, want %v %q", tt.in, got.Status, got.Text, tt.status, tt.text)
		}
	}
}

func TestPageAt(t *testing.T) {
	text := "jeden\fdwa\f\fcztery"
	for _, tt := range []struct{ offset, want int }{{0, 1}, {5, 1}, {6, 2}, {10, 3}, {11, 4}, {99, 4}, {-1, 1}} {
		if got := PageAt(text, tt.offset); got != tt.want {
			t.Errorf("PageAt(%d) = %d, want %d", tt.offset, got, tt.want)
		}
	}
}

// charErrorRate is the edit distance between got and want, in letters,
// over want's length, white space runs counted as one space.
func charErrorRate(got, want string) float64 {
	g, w := []rune(strings.Join(strings.Fields(got), " ")), []rune(strings.Join(strings.Fields(want), " "))
	prev := make([]int, len(w)+1)
	cur := make([]int, len(w)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(g); i++ {
		cur[0] = i
		for j := 1; j <= len(w); j++ {
			cost := 1
			if g[i-1] == w[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(w)]) / float64(max(len(w), 1))
}

// BenchmarkPublishPage is the publishing cost of one page: rendering a
// text page, and rendering and recognising a scanned one.
func BenchmarkPublishPage(b *testing.B) {
	needTool(b, "pdftoppm")
	text := gopdfPages(b)
	b.Run("render text page", func(b *testing.B) {
		for b.Loop() {
			Publish(context.Background(), "application/pdf", "a.pdf", text, PublishOptions{PageDPI: DefaultPageDPI})
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/3, "ms/page")
	})
	needTool(b, "tesseract")
	scan := syntheticScan(b, scanPages[:1], 3)
	b.Run("render and OCR scanned page", func(b *testing.B) {
		for b.Loop() {
			Publish(context.Background(), "application/pdf", "s.pdf", scan, pdfOpts)
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
	})
}

// TestPublishWithoutPages: a file whose pages the reader cannot find gets
// the text Extract gives it, and no program is run on it.
func TestPublishWithoutPages(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // a run program would be a warning
	streams := []byte("%PDF-1.4\n1 0 obj\n<< /Length 30 >>\nstream\nUchwała budżetowa gminy Żuromin\nendstream\nendobj\n%%EOF\n")
	for name, data := range map[string][]byte{"stream text": streams, "not a PDF": []byte("<html>")} {
		p, errs := Publish(context.Background(), "application/pdf", "a.pdf", data, pdfOpts)
		want := Extract("application/pdf", "a.pdf", data)
		if len(errs) > 0 || p.Text != want || len(p.Pages) != 0 {
			t.Errorf("%s: %v, %+v, %d pages; want no errors and %+v", name, errs, p.Text, len(p.Pages), want)
		}
	}
}
