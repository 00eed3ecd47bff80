package attachment

import (
	"fmt"
	"strings"
	"testing"
)

// chromiumPDF lays out lines the way Chromium's PDF backend (Skia) prints
// a page: a flipped page matrix, composite Identity-H fonts with /W
// widths, and a new "Td" with a glyph run wherever a glyph is not where
// the font's advance puts it (kerning, a fallback font). In a line:
//   - "|" splits a word where kerning moves the next glyph (a Td back by
//     a twentieth of an em);
//   - "^" splits a word where the next glyphs come from a fallback font;
//   - " " is a space glyph, "_" a space left as a gap only (a Td past it).
func chromiumPDF(lines ...string) []byte {
	const size = 16.0
	glyphs := map[rune]int{}
	var cmap strings.Builder
	glyph := func(r rune) int {
		if g, ok := glyphs[r]; ok {
			return g
		}
		g := len(glyphs) + 1
		glyphs[r] = g
		fmt.Fprintf(&cmap, "<%04X> <%04X>\n", g, r)
		return g
	}
	width := func(r rune) float64 { // the same in both fonts: enough to test positions
		switch {
		case r == ' ':
			return 250
		case strings.ContainsRune("iljtf", r):
			return 280
		case r >= 'A' && r <= 'Z' || strings.ContainsRune("mwMW", r):
			return 720
		}
		return 520
	}
	var content strings.Builder
	content.WriteString("1 0 0 -1 0 842 cm\nq\n.75 0 0 .75 0 0 cm\n")
	for i, line := range lines {
		fmt.Fprintf(&content, "BT\n/F1 %g Tf\n1 0 0 -1 64 %d Tm\n", size, 80+i*24)
		font, run, moved := "F1", "", 0.0 // moved: the run's start from the last Td
		flush := func(next float64) {
			if run != "" {
				fmt.Fprintf(&content, "<%s> Tj\n", run)
			}
			if next != 0 {
				fmt.Fprintf(&content, "%.4f 0 Td\n", next)
			}
			run, moved = "", 0
		}
		for _, r := range line {
			switch r {
			case '|':
				flush(moved - 0.05*size)
				continue
			case '^':
				flush(moved)
				font = map[string]string{"F1": "F2", "F2": "F1"}[font]
				fmt.Fprintf(&content, "/%s %g Tf\n", font, size)
				continue
			case '_':
				flush(moved + width(' ')/1000*size)
				continue
			}
			run += fmt.Sprintf("%04X", glyph(r))
			moved += width(r) / 1000 * size
		}
		flush(0)
		content.WriteString("ET\n")
	}
	content.WriteString("Q\n")
	var w strings.Builder // both forms of /W: "c [w]" per glyph, and a "first last w" range
	for r, g := range glyphs {
		fmt.Fprintf(&w, "%d [%g] ", g, width(r))
	}
	fmt.Fprintf(&w, "%d %d 520", len(glyphs)+1, len(glyphs)+10)
	font := func(desc int) string {
		return fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAA+Arimo /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode 6 0 R >>", desc)
	}
	desc := "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAA+Arimo /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 0 /W [" + w.String() + "] >>"
	mapping := fmt.Sprintf("%d beginbfchar\n%sendbfchar", len(glyphs), cmap.String())
	return onePage("<< /Font << /F1 5 0 R /F2 8 0 R >> >>", content.String(),
		font(7), cmapStream("<0000><FFFF>", mapping), desc, font(7))
}

// TestPDFTextChromium checks that words printed from Chromium come out
// whole, and that its spaces, shown or left as gaps, stay.
func TestPDFTextChromium(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"kerned glyph runs join", []string{"paździer|nik"}, "październik"},
		{"many kerned runs", []string{"W|y|d|a|t|k|i b|ie|żą|ce"}, "Wydatki bieżące"},
		{"fallback font inside a word", []string{"ogłosze^ń^ publicznych"}, "ogłoszeń publicznych"},
		{"space glyphs stay", []string{"Rada Miasta"}, "Rada Miasta"},
		{"space as a gap stays", []string{"Rada_Miasta_Żuromin"}, "Rada Miasta Żuromin"},
		{"lines stay lines", []string{"Uchwała nr 12", "z dnia 5 paździer|nika"}, "Uchwała nr 12\nz dnia 5 października"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pdfText(chromiumPDF(tt.lines...)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPDFTextWidths checks where simple fonts' widths put the end of a
// string: a Td to that end joins, a Td a space further does not.
func TestPDFTextWidths(t *testing.T) {
	// Each code is 500 thousandths wide: "abc" at 10 points ends at 15.
	simple := "<< /Type /Font /Subtype /TrueType /FirstChar 97 /LastChar 99 /Widths [500 500 500] >>"
	// A Type3 font whose glyph space is 1/100 of text space: widths of 50 are 500 thousandths.
	type3 := "<< /Type /Font /Subtype /Type3 /FontMatrix [0.01 0 0 0.01 0 0] /FirstChar 97 /LastChar 99 /Widths [50 50 50] >>"
	tests := []struct {
		name, font, content, want string
	}{
		{"joined at the end", simple, "BT /F1 10 Tf 72 700 Td (abc) Tj 15 0 Td (cba) Tj ET", "abccba"},
		{"a space further", simple, "BT /F1 10 Tf 72 700 Td (abc) Tj 18 0 Td (cba) Tj ET", "abc cba"},
		{"character spacing counts", simple, "BT /F1 10 Tf 1 Tc 72 700 Td (abc) Tj 18 0 Td (cba) Tj ET", "abccba"},
		{"horizontal scaling counts", simple, "BT /F1 10 Tf 50 Tz 72 700 Td (abc) Tj 7.5 0 Td (cba) Tj ET", "abccba"},
		{"scaled page matrix", simple, "2 0 0 2 0 0 cm BT /F1 10 Tf 72 700 Td (abc) Tj 15 0 Td (cba) Tj ET", "abccba"},
		{"state restored after Q", simple, "q 2 0 0 2 0 0 cm Q BT /F1 10 Tf 72 700 Td (abc) Tj 15 0 Td (cba) Tj ET", "abccba"},
		{"Type3 font matrix", type3, "BT /F1 10 Tf 72 700 Td (abc) Tj 15 0 Td (cba) Tj ET", "abccba"},
		{"TJ kerning moves the end", simple, "BT /F1 10 Tf 72 700 Td [(ab) 100 (c)] TJ 14 0 Td (cba) Tj ET", "abccba"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pdfText(onePage("<< /Font << /F1 5 0 R >> >>", tt.content, tt.font)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
