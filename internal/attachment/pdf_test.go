package attachment

import (
	"bytes"
	"compress/zlib"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"bipkiosk/internal/samplescan"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

var update = flag.Bool("update", false, "rewrite the PDF fixtures in testdata/pdf")

func TestPDFText(t *testing.T) {
	pdf := func(dict, stream string) []byte {
		return []byte("%PDF-1.4\n1 0 obj\n<< " + dict + " >>\nstream\n" + stream + "\nendstream\nendobj\n%%EOF\n")
	}
	tests := []struct {
		name string
		data []byte
		want []string
		not  []string
	}{
		{"uncompressed Tj", pdf("/Length 40", "BT /F1 12 Tf (Uchwala budzetowa) Tj ET"), []string{"Uchwala budzetowa"}, nil},
		{"flate TJ array", pdf("/Length 99 /Filter /FlateDecode", deflate("BT [(Plan) -250 (doch) 10 (od\\363w)] TJ ET")), []string{"Plan", "dochodów"}, nil},
		{"escapes and nesting", pdf("", `BT (a \(b\) c\\d) Tj ET`), []string{`a (b) c\d`}, nil},
		{"hex string", pdf("", "BT <5A 61 6C> Tj ET"), []string{"Zal"}, nil},
		{"utf-16 string", pdf("", "BT <FEFF017B0142006F> Tj ET"), []string{"Żło"}, nil},
		{"utf-16 surrogate pair", pdf("", "BT <FEFFD835DC00> Tj ET"), []string{"𝐀"}, nil},
		{"operators are not text", pdf("", "BT /F1 12 Tf 72 712 Td (tekst) Tj ET"), []string{"tekst"}, []string{"Tf", "712"}},
		{"image stream skipped", pdf("/Filter /DCTDecode", "\xff\xd8\xff binary"), nil, []string{"binary"}},
		{"plain text stream", pdf("/Length 20", "Zarządzenie Burmistrza w sprawie budżetu"), []string{"Zarządzenie Burmistrza"}, nil},
		{"damaged flate", pdf("/Filter /FlateDecode", "not zlib at all"), nil, []string{"zlib"}},
		{"truncated", []byte("%PDF-1.4\nstream\nBT (abc) Tj"), nil, nil},
		{"inline image skipped", onePage("<< >>", "BI /W 2 /H 2 /BPC 8 /CS /G ID (nie) EI BT (tak) Tj ET"), []string{"tak"}, []string{"nie"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pdfText(tt.data)
			checkContains(t, got, tt.want, tt.not)
		})
	}
}

// The CMaps and fonts of the hand-built PDFs below: code → text, in the
// shapes Word, LibreOffice and gopdf write.
var (
	// cmapPL is a two-byte map for Identity-H: bfchar, bfrange with one
	// destination, bfrange with an array, and a surrogate pair.
	cmapPL = cmapStream("<0000><FFFF>", `4 beginbfchar
<0003> <0020>
<0010> <005A>
<0011> <0061>
<0012> <D835DC00>
endbfchar
2 beginbfrange
<0020> <0022> <017A>
<0030> <0033> [<00F3> <0142> <0107> <0066006C>]
endbfrange`)
	// cmapUK maps the same codes as cmapPL to other letters, as two
	// subset fonts on one page do.
	cmapUK = cmapStream("<0000><FFFF>", `3 beginbfchar
<0010> <0490>
<0011> <0430>
<0003> <0020>
endbfchar`)
	// cmapOneByte is a subset font with one-byte codes, as LibreOffice writes.
	cmapOneByte = cmapStream("<00><FF>", `1 beginbfrange
<01> <05> [<017C> <00F3> <0142> <0074> <0079>]
endbfrange`)
	// cmapMixed has one-byte codes below 0x80 and two-byte codes above.
	cmapMixed = cmapStream("<00><7F>\n<8000><FFFF>", `2 beginbfchar
<41> <0041>
<8001> <017C>
endbfchar`)
	type0 = func(toUnicode int) string {
		return fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Calibri /Encoding /Identity-H /DescendantFonts [] /ToUnicode %d 0 R >>", toUnicode)
	}
	trueType = func(toUnicode int) string {
		return fmt.Sprintf("<< /Type /Font /Subtype /TrueType /BaseFont /BAAAAA+LiberationSerif /FirstChar 0 /LastChar 5 /ToUnicode %d 0 R >>", toUnicode)
	}
)

// TestPDFTextFonts reads strings through the fonts' ToUnicode maps.
func TestPDFTextFonts(t *testing.T) {
	f1 := "<< /Font << /F1 5 0 R >> >>"
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"identity-h bfchar and bfrange", onePage(f1, "BT /F1 12 Tf <0010 0011 0020 0030 0031 0032 0003 0022 0021 0012> Tj ET", type0(6), cmapPL),
			"Zaźółć żŻ𝐀"},
		{"bfrange array with a ligature", onePage(f1, "BT /F1 12 Tf <00110033> Tj ET", type0(6), cmapPL), "afl"},
		{"literal string of two-byte codes", onePage(f1, `BT /F1 12 Tf (\000\020\000\021\000\040) Tj ET`, type0(6), cmapPL), "Zaź"},
		{"unmapped glyph", onePage(f1, "BT /F1 12 Tf <00100999> Tj ET", type0(6), cmapPL), "Z\uFFFD"},
		{"odd byte of a two-byte string", onePage(f1, "BT /F1 12 Tf <001000> Tj ET", type0(6), cmapPL), "Z\uFFFD"},
		{"one-byte subset font", onePage(f1, `BT /F1 12 Tf (\001\002\003\004\005) Tj ET`, trueType(6), cmapOneByte), "żółty"},
		{"one-byte font falls back to Latin-1", onePage(f1, `BT /F1 12 Tf (\001Ab\363) Tj ET`, trueType(6), cmapOneByte), "żAbó"},
		{"mixed codespace", onePage(f1, "BT /F1 12 Tf <41 8001 41> Tj ET", type0NoIdentity(6), cmapMixed), "AżA"},
		{"two fonts with one glyph order", onePage("<< /Font << /F1 5 0 R /F2 7 0 R >> >>",
			"BT /F1 12 Tf <00100011> Tj /F2 12 Tf <00100011> Tj ET", type0(6), cmapPL, type0(8), cmapUK), "ZaҐа"},
		{"composite font without a map", onePage(f1, "BT /F1 12 Tf <00100011> Tj ET",
			"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H >>"), ""},
		{"UCS-2 encoding without a map", onePage(f1, "BT /F1 12 Tf <017C00F3> Tj ET",
			"<< /Type /Font /Subtype /Type0 /Encoding /UniGB-UCS2-H >>"), "żó"},
		{"unknown font name", onePage(f1, "BT /F9 12 Tf (abc) Tj ET", type0(6), cmapPL), "abc"},
		{"font through an indirect dictionary", onePage("<< /Font 7 0 R >>", "BT /F1 12 Tf <0010> Tj ET",
			type0(6), cmapPL, "<< /F1 5 0 R >>"), "Z"},
		{"resources inherited from the page tree", inheritedPDF(), "Zaź"},
		{"form XObject", onePage("<< /XObject << /Fm1 5 0 R >> >>", "q /Fm1 Do Q",
			stream("/Type /XObject /Subtype /Form /Resources << /Font << /F1 6 0 R >> >>", "BT /F1 9 Tf <0010 0011> Tj ET"), type0(7), cmapPL),
			"Za"},
		{"self-drawing form stops", onePage("<< /XObject << /Fm1 5 0 R >> >>", "/Fm1 Do",
			stream("/Subtype /Form /Resources << /XObject << /Fm1 5 0 R >> >>", "BT (x) Tj ET /Fm1 Do")), strings.Repeat("x\n", maxPDFForms-1) + "x"},
		{"font in a compressed object stream", objStmPDF(), "Zaź"},
		{"pages in tree order", twoPagePDF(), "pierwsza\ndruga"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pdfText(tt.data); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPDFTextWords checks where words and lines break.
func TestPDFTextWords(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"TJ gap is a space", "BT [(Plan)-250(doch)-12(od\\363w)] TJ ET", "Plan dochodów"},
		{"kerning joins", "BT [(W)80(ydatki)] TJ ET", "Wydatki"},
		{"Td down is a new line", "BT 72 700 Td (Ala) Tj 0 -14 Td (ma kota) Tj ET", "Ala\nma kota"},
		{"Td across is a space", "BT 72 700 Td (Ala) Tj 40 0 Td (ma) Tj ET", "Ala ma"},
		{"T* is a new line", "BT 14 TL (Ala) Tj T* (kota) Tj ET", "Ala\nkota"},
		{"TD sets the leading", "BT 0 -14 TD (Ala) Tj T* (ma) Tj ' ET", "Ala\nma"},
		{"' and \" are new lines", "BT 14 TL (Ala) Tj (ma) ' 0 0 (kota) \" ET", "Ala\nma\nkota"},
		{"Tm on the same line is a space", "BT 1 0 0 1 72 700 Tm (Ala) Tj 1 0 0 1 100 700 Tm (ma) Tj ET", "Ala ma"},
		{"Tm on the next line", "BT 1 0 0 1 72 700 Tm (Ala) Tj 1 0 0 1 72 686 Tm (ma) Tj ET", "Ala\nma"},
		{"scaled Tm moves in text space", "BT 12 0 0 12 72 700 Tm (Ala) Tj 0 -1.2 Td (ma) Tj ET", "Ala\nma"},
		{"text blocks on one line", "BT 72 700 Td (Burmistrz) Tj ET BT 140 700 Td (Miasta) Tj ET", "Burmistrz Miasta"},
		{"text blocks on two lines", "BT 72 700 Td (Burmistrz) Tj ET BT 72 686 Td (Miasta) Tj ET", "Burmistrz\nMiasta"},
		{"a word in two strings joins", "BT (Zam) Tj (\\363wienie) Tj ET", "Zamówienie"},
		{"moves without text leave nothing", "BT 0 -14 Td 0 -14 Td ET BT (a) Tj ET", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pdfText(onePage("<< >>", tt.content)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPDFTextErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"not a PDF", []byte("PK\x03\x04 a zip file")},
		{"empty", nil},
		{"no text layer", onePage("<< >>", "q 100 0 0 100 0 0 cm /Im1 Do Q")},
		{"composite font without a map", onePage("<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf <0010> Tj ET",
			"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H >>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PDFText(tt.data)
			if !errors.Is(err, ErrPDF) {
				t.Errorf("got %q, %v; want an error wrapping ErrPDF", got, err)
			}
		})
	}
}

func TestParseCMap(t *testing.T) {
	tests := []struct {
		name   string
		cmap   string
		budget int
		code   []byte
		want   string // "" for no mapping
	}{
		{"bfchar", "1 beginbfchar <0041> <017B> endbfchar", 10, []byte{0, 0x41}, "Ż"},
		{"bfrange counts up", "1 beginbfrange <0041> <0043> <0104> endbfrange", 10, []byte{0, 0x43}, "Ć"},
		{"bfrange array", "1 beginbfrange <01> <02> [<0105> <0107>] endbfrange", 10, []byte{2}, "ć"},
		{"array shorter than the range", "1 beginbfrange <01> <09> [<0105>] endbfrange", 10, []byte{9}, ""},
		{"surrogate pair", "1 beginbfchar <01> <D83DDCC4> endbfchar", 10, []byte{1}, "📄"},
		{"lone surrogate", "1 beginbfchar <01> <D83D> endbfchar", 10, []byte{1}, "\uFFFD"},
		{"one-byte destination", "1 beginbfchar <01> <41> endbfchar", 10, []byte{1}, "A"},
		{"control character is a space", "1 beginbfchar <01> <0009> endbfchar", 10, []byte{1}, " "},
		{"lengths must agree", "1 beginbfrange <01> <0002> <0041> endbfrange", 10, []byte{1}, ""},
		{"five-byte codes ignored", "1 beginbfchar <0102030405> <0041> endbfchar", 10, []byte{1, 2, 3, 4, 5}, ""},
		{"budget spent", "1 beginbfrange <0000> <FFFF> <0041> endbfrange", 100, []byte{0, 0x80}, ""},
		{"budget covers the start", "1 beginbfrange <0000> <FFFF> <0041> endbfrange", 100, []byte{0, 0x19}, "Z"},
		{"glyph name destination ignored", "1 beginbfchar <01> /space endbfchar", 10, []byte{1}, ""},
		{"unterminated", "1 beginbfchar <01> <0041", 10, []byte{1}, "A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			budget := tt.budget
			c := parseCMap([]byte(tt.cmap), &budget)
			if got := c.codes[cmapKey(len(tt.code), bigEndian(tt.code))]; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if budget < 0 {
				t.Errorf("got budget %d, want it never below 0", budget)
			}
		})
	}
}

// pdfFixtures are the files in testdata/pdf, with what builds them (go test
// -run TestPDFFixtures -update rewrites them) and lines their text must have.
var pdfFixtures = []struct {
	file  string
	build func(testing.TB) []byte
	lines []string
}{
	{"gopdf-letters.pdf", gopdfLetters, []string{
		"Zażółć gęślą jaźń", "ZAŻÓŁĆ GĘŚLĄ JAŹŃ",
		"Щастям б'єш жук їх глицю в фон й ґедзь пріч.", "ЩАСТЯМ Б'ЄШ ЖУК ЇХ ГЛИЦЮ В ФОН Й ҐЕДЗЬ ПРІЧ.",
		"Uchwała nr 12/2025 — 5 zł „cytat”", "Burmistrz Miasta Żuromina",
	}},
	{"gopdf-3-pages.pdf", gopdfPages, []string{"strona 1 z 3", "strona 2 z 3", "strona 3 z 3",
		"Akapit 1: " + polishLine(1), "Akapit 120: " + polishLine(120)}},
	{"office-shapes.pdf", officeShapes, []string{"Zaźółć żŻ", "żółty Żuromin", "Wykaz dokumentów", "Plan dochodów"}},
}

// TestPDFFixtures reads each fixture and the same document freshly built,
// so that both a stored file and the current gopdf are checked.
func TestPDFFixtures(t *testing.T) {
	for _, f := range pdfFixtures {
		t.Run(f.file, func(t *testing.T) {
			path := filepath.Join("testdata", "pdf", f.file)
			built := f.build(t)
			if *update {
				if err := os.WriteFile(path, built, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			stored, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v; run go test -run TestPDFFixtures -update", err)
			}
			for _, data := range [][]byte{stored, built} {
				text, err := PDFText(data)
				if err != nil {
					t.Fatal(err)
				}
				lines := map[string]bool{}
				for _, l := range strings.Split(text, "\n") {
					lines[l] = true
				}
				for _, want := range f.lines {
					if !lines[want] {
						t.Errorf("got text without the line %q:\n%.600s", want, text)
					}
				}
				if strings.ContainsRune(text, '\uFFFD') {
					t.Errorf("got glyphs without a character:\n%s", text)
				}
			}
		})
	}
}

// BenchmarkPDFText times extraction from each fixture.
func BenchmarkPDFText(b *testing.B) {
	for _, f := range pdfFixtures {
		data := f.build(b)
		b.Run(f.file, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				pdfText(data)
			}
		})
	}
}

func FuzzPDFText(f *testing.F) {
	f.Add([]byte("%PDF-1.4\nstream\nBT (abc) Tj ET\nendstream"))
	f.Add([]byte("stream\n<FEFF00\nendstream stream ((((\\"))
	f.Add(onePage("<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf <0010 0011 0020 0030> Tj [<0012> -300 <0031>] TJ ET", type0(6), cmapPL))
	f.Add(onePage("<< /Font << /F1 5 0 R >> >>", `BT /F1 12 Tf (\001\002\003) Tj ET`, trueType(6), cmapOneByte))
	f.Add(onePage("<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf <41 8001 41> Tj ET", type0NoIdentity(6), cmapMixed))
	f.Add(objStmPDF())
	f.Add(inheritedPDF())
	if files, _ := filepath.Glob(filepath.Join("testdata", "pdf", "*.pdf")); len(files) > 0 {
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil && len(data) < 64<<10 {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got := pdfText(data); len(got) > maxPDFText {
			t.Errorf("got %d bytes, want at most %d", len(got), maxPDFText)
		}
		budget := 1 << 12
		parseCMap(data, &budget)
		pages, _ := pdfPages(data) // the publishing machine's reading, page by page
		if pt := pageText(pages, false); len(pt.Text) > MaxCarriedText || !utf8.ValidString(pt.Text) {
			t.Errorf("published text of %d bytes (valid UTF-8: %v), want at most %d", len(pt.Text), utf8.ValidString(pt.Text), MaxCarriedText)
		}
		_ = CarriedText(data)
	})
}

// handPDF writes a well-formed PDF from object bodies, object n being
// objs[n-1] and object 1 the catalog; an empty body is a free number.
func handPDF(objs ...string) []byte { return samplescan.AssemblePDF(objs...) }

// onePage is a one-page PDF: objects 1–4 are the catalog, the page tree,
// the page and its content; more objects follow from 5.
func onePage(resources, content string, more ...string) []byte {
	return handPDF(append([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + " /Contents 4 0 R >>",
		flateStream("", content),
	}, more...)...)
}

func inheritedPDF() []byte {
	return handPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		stream("", "BT /F1 12 Tf <001000110020> Tj ET"), type0(6), cmapPL)
}

// twoPagePDF lists its pages in the tree in the opposite order to their
// object numbers.
func twoPagePDF() []byte {
	return handPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [5 0 R 3 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		stream("", "BT (druga) Tj ET"),
		"<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
		stream("", "BT (pierwsza) Tj ET"))
}

// objStmPDF keeps the page tree and the font in a compressed object
// stream, as Word does; objects 2, 3 and 5 are only there.
func objStmPDF() []byte {
	objs := []string{
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		type0(6),
	}
	var head, body strings.Builder
	for i, n := range []int{2, 3, 5} {
		fmt.Fprintf(&head, "%d %d ", n, body.Len())
		body.WriteString(objs[i] + "\n")
	}
	return handPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", "",
		stream("", "BT /F1 12 Tf <001000110020> Tj ET"),
		"",
		cmapPL,
		flateStream(fmt.Sprintf("/Type /ObjStm /N 3 /First %d", head.Len()), head.String()+body.String()))
}

func type0NoIdentity(toUnicode int) string {
	return fmt.Sprintf("<< /Type /Font /Subtype /Type0 /Encoding /Custom-H /ToUnicode %d 0 R >>", toUnicode)
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

func flateStream(dict, data string) string {
	return stream(dict+" /Filter /FlateDecode", deflate(data))
}

func deflate(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// cmapStream is a ToUnicode CMap stream as office software writes it.
func cmapStream(spaces, mappings string) string {
	n := strings.Count(spaces, "\n") + 1
	return stream("", "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"+
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"+
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"+
		fmt.Sprintf("%d begincodespacerange\n%s\nendcodespacerange\n", n, spaces)+
		mappings+"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
}

// officeShapes puts the shapes of office PDFs in one file: a composite
// font and a one-byte subset font on one page, a header in a form XObject,
// a simple font read as Latin-1, and words set apart by TJ gaps.
func officeShapes(testing.TB) []byte {
	content := `BT /F1 11 Tf 1 0 0 1 72 760 Tm <0010 0011 0020 0030 0031 0032 0003 0022 0021> Tj
/F2 11 Tf 1 0 0 1 72 746 Tm (\001\002\003\004\005) Tj /F1 11 Tf [-333 <0021>] TJ /F3 11 Tf (uromin) Tj
1 0 0 1 72 732 Tm [(Plan)-250(doch)-10(od\363w)] TJ ET /Fm1 Do`
	return onePage("<< /Font << /F1 5 0 R /F2 7 0 R /F3 9 0 R >> /XObject << /Fm1 10 0 R >> >>", content,
		type0(6), cmapPL, trueType(8), cmapOneByte,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		flateStream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F3 9 0 R >> >>",
			"BT /F3 9 Tf 72 800 Td (Wykaz dokument\363w) Tj ET"))
}

// gopdfLine is one line of a gopdf fixture; one without a font starts a
// new page, and "|" in text puts the rest in bold on the same line.
type gopdfLine struct {
	font string
	size float64
	text string
}

// gopdfDoc lays out lines with gopdf in the Go fonts, as internal/printing does.
func gopdfDoc(t testing.TB, lines []gopdfLine) []byte {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	for _, f := range []struct {
		name string
		ttf  []byte
	}{{"regular", goregular.TTF}, {"bold", gobold.TTF}, {"italic", goitalic.TTF}, {"mono", gomono.TTF}} {
		if err := pdf.AddTTFFontData(f.name, f.ttf); err != nil {
			t.Fatal(err)
		}
	}
	pdf.AddPage()
	y := 56.0
	for _, l := range lines {
		if l.font == "" {
			pdf.AddPage()
			y = 56
			continue
		}
		x := 56.0
		for i, part := range strings.Split(l.text, "|") {
			font := l.font
			if i > 0 {
				font = "bold"
			}
			if err := pdf.SetFont(font, "", l.size); err != nil {
				t.Fatal(err)
			}
			pdf.SetXY(x, y)
			if err := pdf.Cell(nil, part); err != nil {
				t.Fatal(err)
			}
			w, _ := pdf.MeasureTextWidth(part + " ")
			x += w
		}
		y += 16
	}
	var b bytes.Buffer
	if _, err := pdf.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gopdfLetters(t testing.TB) []byte {
	return gopdfDoc(t, []gopdfLine{
		{"regular", 12, "Zażółć gęślą jaźń"},
		{"bold", 14, "ZAŻÓŁĆ GĘŚLĄ JAŹŃ"},
		{"italic", 12, "Щастям б'єш жук їх глицю в фон й ґедзь пріч."},
		{"regular", 12, "ЩАСТЯМ Б'ЄШ ЖУК ЇХ ГЛИЦЮ В ФОН Й ҐЕДЗЬ ПРІЧ."},
		{"mono", 10, "Uchwała nr 12/2025 — 5 zł „cytat”"},
		{"regular", 11, "Burmistrz|Miasta Żuromina"},
	})
}

// gopdfPages is three pages of numbered paragraphs with a footer each.
func gopdfPages(t testing.TB) []byte {
	var lines []gopdfLine
	for page := 1; page <= 3; page++ {
		if page > 1 {
			lines = append(lines, gopdfLine{})
		}
		for i := (page-1)*40 + 1; i <= page*40; i++ {
			font := "regular"
			if i%10 == 1 {
				font = "bold"
			}
			lines = append(lines, gopdfLine{font, 10, fmt.Sprintf("Akapit %d: %s", i, polishLine(i))})
		}
		lines = append(lines, gopdfLine{"italic", 8, fmt.Sprintf("strona %d z 3", page)})
	}
	return gopdfDoc(t, lines)
}

// polishLine is the i-th line of the multi-page fixture.
func polishLine(i int) string {
	words := strings.Fields("uchwała budżetowa gminy źródła dochodów wydatki bieżące inwestycje świadczenia " +
		"pomoc społeczna oświata drogi gminne gospodarka odpadami ochrona środowiska kultura")
	var b []string
	for k := range 8 {
		b = append(b, words[(i*7+k*3)%len(words)])
	}
	return strings.Join(b, " ")
}
