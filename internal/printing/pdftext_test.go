package printing

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The project's extractor (internal/search/pdf.go) reads strings shown with
// simple encodings; the text this package writes is in an embedded TrueType
// font shown by glyph number (Identity-H), readable only through the font's
// ToUnicode map. pdfText reads it back that way, to check what was printed.

var (
	streamRE  = regexp.MustCompile(`(?s)<<([^>]*(?:>[^>][^>]*)*)>>\s*stream\r?\n(.*?)endstream`)
	bfrangeRE = regexp.MustCompile(`<([0-9A-Fa-f]{4})><([0-9A-Fa-f]{4})><([0-9A-Fa-f]{4,8})>`)
	tjRE      = regexp.MustCompile(`\[<([0-9A-Fa-f]*)>\] TJ`)
)

// pdfText returns the text of every line of the PDF, one per line.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	var streams [][]byte
	for _, m := range streamRE.FindAllSubmatch(data, -1) {
		body := m[2]
		if bytes.Contains(m[1], []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(body))
			if err != nil {
				continue
			}
			body, _ = io.ReadAll(zr)
		}
		streams = append(streams, body)
	}
	glyphs := map[uint64]rune{}
	for _, s := range streams {
		if !bytes.Contains(s, []byte("beginbfrange")) {
			continue
		}
		for _, m := range bfrangeRE.FindAllSubmatch(s, -1) {
			lo, _ := strconv.ParseUint(string(m[1]), 16, 32)
			hi, _ := strconv.ParseUint(string(m[2]), 16, 32)
			u, _ := strconv.ParseUint(string(m[3]), 16, 32)
			for g := lo; g <= hi; g++ {
				r := rune(u + g - lo)
				// Both fonts are the Go family with one glyph order; a clash
				// would make this reading wrong, so it fails the test.
				if old, ok := glyphs[g]; ok && old != r {
					t.Fatalf("glyph %d maps to %q and %q in two fonts", g, old, r)
				}
				glyphs[g] = r
			}
		}
	}
	var out strings.Builder
	for _, s := range streams {
		for _, m := range tjRE.FindAllSubmatch(s, -1) {
			hex := string(m[1])
			for i := 0; i+4 <= len(hex); i += 4 {
				g, _ := strconv.ParseUint(hex[i:i+4], 16, 32)
				r, ok := glyphs[g]
				if !ok {
					r = '\uFFFD'
				}
				out.WriteRune(r)
			}
			out.WriteByte('\n')
		}
	}
	return out.String()
}
