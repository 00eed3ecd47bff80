package attachment

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// recognise renders the pages whose text layer has too few letters (every
// page, up to MaxPages, when the layer could not be read) at OCRDPI and
// runs tesseract on each. It returns the recognised text by page index,
// empty for pages it did not recognise.
func recognise(ctx context.Context, data []byte, layer []string, o PublishOptions) ([]string, error) {
	tess, err := pdfTool("tesseract", "tesseract-ocr", "recognising the text of scanned PDFs")
	if err != nil {
		return nil, err
	}
	ppm, err := pdfTool("pdftoppm", "poppler-utils", "recognising the text of scanned PDFs")
	if err != nil {
		return nil, err
	}
	dir, src, err := tempPDF(data)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	limit := o.MaxPages
	if len(layer) > 0 {
		limit = min(limit, len(layer))
	}
	var out []string
	for page := 1; page <= limit; page++ {
		if page <= len(layer) && hasLayer(layer[page-1]) {
			out = append(out, "")
			continue
		}
		// PGM, not PNG: compressing a noisy scan costs more than recognising it.
		files, err := pdftoppm(ctx, ppm, src, dir, page, page, "-r", strconv.Itoa(OCRDPI))
		if err != nil {
			return out, err
		}
		if len(files) == 0 {
			break // past the last page of a file whose pages were not counted
		}
		text, err := ocrImage(ctx, tess, files[0], o.OCRLanguages)
		os.Remove(files[0])
		if err != nil {
			return out, fmt.Errorf("%w: tesseract on page %d: %w", ErrTool, page, err)
		}
		out = append(out, text)
	}
	return out, nil
}

// ocrImage runs tesseract on one page image and corrects what it read.
// One thread per run: the builder runs several files at once.
func ocrImage(ctx context.Context, tess, file, langs string) (string, error) {
	out, err := runOut(ctx, PageTimeout, tess, []string{"OMP_THREAD_LIMIT=1"}, file, "stdout", "-l", langs, "--psm", "3")
	if err != nil {
		return "", err
	}
	return CorrectOCR(strings.ToValidUTF8(string(out), "\uFFFD")), nil
}

// ocrFixes are the corrections of what tesseract misreads in Polish legal
// texts, applied in order. Each is narrow: a legal text never writes a
// dollar before a number, so "$ 5" is "§ 5", but "S" and "8" are letters
// and digits too and are read as a paragraph sign only where a paragraph
// number stands (at the start of a line, before a number and a full stop).
var ocrFixes = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`\$\$`), "§§"},
	{regexp.MustCompile(`\$\s*(\d)`), "§ $1"},
	{regexp.MustCompile(`(?m)^([ \t]*)(?:S|&|\$)\s?(\d+[a-z]?\.)`), "$1§ $2"},
	// "8 1. Określa": an eight for the sign, before a paragraph's number and a
	// capital. The space is required: "81. Zarząd" is item 81 of a list.
	{regexp.MustCompile(`(?m)^([ \t]*)8\s(\d+[a-z]?\.\s+\p{Lu})`), "$1§ $2"},
	{regexp.MustCompile(`§(\d)`), "§ $1"},
	{regexp.MustCompile(`,,`), "„"},
	{regexp.MustCompile(`''`), "”"},
	{regexp.MustCompile(`ﬁ`), "fi"},
	{regexp.MustCompile(`ﬂ`), "fl"},
	// "Dz.U." and "Dz. U" as the Journal of Laws is written.
	{regexp.MustCompile(`\bDz\.\s?U\.?\s`), "Dz. U. "},
}

// CorrectOCR is the correction pass over recognised text for the signs
// legal texts use (§, „”, numbered points), and the end of tesseract's
// output (its closing form feed) trimmed.
func CorrectOCR(s string) string {
	s = strings.TrimRight(s, "\f\n ")
	for _, f := range ocrFixes {
		s = f.re.ReplaceAllString(s, f.repl)
	}
	s = oneAsEll.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasSuffix(m, "/") {
			return m // "Nr I/1/2024": a first session's resolution, in Roman numerals
		}
		g := oneAsEll.FindStringSubmatch(m)
		return g[1] + g[2] + " 1" + g[3]
	})
	return romanNumber.ReplaceAllStringFunc(s, func(m string) string { return romanFix.Replace(m) })
}

// oneAsEll is "ust. l", "pkt l", "art. l": a one read as an ell (or I, or
// a bar) where a number stands. A slash after it is kept in the match so
// that a Roman numeral before one is left alone.
var oneAsEll = regexp.MustCompile(`(^|[\s(])(ust\.|pkt|art\.|poz\.|Nr|nr|§)\s?[lI|](\d*)\b/?`)

// romanNumber is a resolution's number in Roman numerals ("nr XII/85/2025"),
// which tesseract may read with Cyrillic letters (ХП) or digits (X11).
var romanNumber = regexp.MustCompile(`\b[Nn]r\s+[XIVLCХІПУl1]*[XVLCХІПУ][XIVLCХІПУl1]*/`)

var romanFix = strings.NewReplacer("Х", "X", "І", "I", "П", "II", "У", "V", "l", "I", "1", "I")
