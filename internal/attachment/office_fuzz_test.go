package attachment

import (
	"testing"
	"unicode/utf8"
)

// checkBounded fails unless t is within what Extract promises.
func checkBounded(t *testing.T, got Text) {
	t.Helper()
	if len(got.Text) > MaxText || !utf8.ValidString(got.Text) {
		t.Errorf("got %d bytes, valid UTF-8 %v; want at most %d of valid UTF-8", len(got.Text), utf8.ValidString(got.Text), MaxText)
	}
	if got.Status != HasText && got.Text != "" {
		t.Errorf("got status %v with text", got.Status)
	}
}

func FuzzRTFText(f *testing.F) {
	f.Add([]byte(`{\rtf1\ansi\ansicpg1250{\fonttbl{\f1\fcharset238 Arial;}}\f1 Uchwa\'b3a \u380?\par}`))
	f.Add([]byte(`{\rtf1 \trowd\cellx100\pard\intbl a\cell b\cell\row\pard c\par}`))
	f.Add([]byte(`{\rtf1 {\*\objdata \bin9999 }{{{{{\u-10179?\u-8704?}}}}`))
	f.Add([]byte(`{\rtf1\uc2 \u322\'b3\'b3x\u-1 \'zz\`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkBounded(t, Extract(mimeRTF, "", data))
	})
}

// FuzzOfficeXML puts the fuzzed bytes in the XML part each office reader
// reads, and also reads them as a zip of their own.
func FuzzOfficeXML(f *testing.F) {
	f.Add([]byte(`<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t><w:tab/></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`))
	f.Add([]byte(`<office:document-content><table:table table:name="A"><table:table-row table:number-rows-repeated="99999"><table:table-cell table:number-columns-repeated="99999"><text:p>x<text:s text:c="999"/></text:p></table:table-cell></table:table-row></table:table></office:document-content>`))
	f.Add([]byte(`<worksheet><sheetData><row><c r="XFD1" t="s"><v>0</v></c><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`))
	f.Add(zipOf(f, "word/document.xml", "<w:p><w:t>a</w:t></w:p>"))
	f.Fuzz(func(t *testing.T, part []byte) {
		for _, doc := range []struct {
			mime  string
			parts []string
		}{
			{mimeDOCX, []string{"word/document.xml", string(part)}},
			{mimeODT, []string{"content.xml", string(part)}},
			{mimeODS, []string{"content.xml", string(part)}},
			{mimeXLSX, []string{"xl/worksheets/sheet1.xml", string(part), "xl/sharedStrings.xml", string(part)}},
		} {
			checkBounded(t, Extract(doc.mime, "", zipOf(t, doc.parts...)))
			checkBounded(t, Extract(doc.mime, "", part))
		}
	})
}
