package attachment

import "strings"

// Files of the tests: PDFs with and without a text layer, built by hand.
var (
	textPDF = onePage("<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf 72 712 Td (Regulamin zlobka) Tj T* (Zasady) Tj ET",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	// scanPDF is a page that is one image, as a scanner writes it.
	scanPDF = onePage("<< /XObject << /Im1 5 0 R >> >>", "q 595 0 0 842 0 0 cm /Im1 Do Q",
		stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80"))
	// hugePDF has a text layer but is larger than MaxPDFFile.
	hugePDF = append(append([]byte{}, textPDF...), "%"+strings.Repeat("x", MaxPDFFile)+"\n"...)
)
