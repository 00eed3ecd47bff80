package attachment

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// The office documents of the tests are written here, part by part, in
// the shapes Word, Excel and LibreOffice save.

// zipOf writes a zip of the named parts, in the order given.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := z.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const (
	wNS   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`
	odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"`
)

// docx is a Word document whose body is body (WordprocessingML).
func docx(t testing.TB, body string) []byte {
	return zipOf(t, "[Content_Types].xml", `<Types/>`,
		"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document `+wNS+`><w:body>`+body+`<w:sectPr/></w:body></w:document>`)
}

// wp is a Word paragraph of runs of text.
func wp(runs ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`)
	for _, r := range runs {
		fmt.Fprintf(&b, `<w:r><w:rPr><w:b/></w:rPr>%s</w:r>`, r)
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

func wt(s string) string { return `<w:t xml:space="preserve">` + s + `</w:t>` }

// wtbl is a Word table of rows of cells, each cell one paragraph.
func wtbl(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid>`)
	for _, r := range rows {
		b.WriteString(`<w:tr>`)
		for _, c := range r {
			b.WriteString(`<w:tc><w:tcPr/>` + wp(wt(c)) + `</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

// odt is an OpenDocument text whose body is body.
func odt(t testing.TB, body string) []byte {
	return zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text",
		"content.xml", `<?xml version="1.0" encoding="UTF-8"?><office:document-content `+odfNS+`><office:body><office:text>`+body+`</office:text></office:body></office:document-content>`)
}

// ods is an OpenDocument spreadsheet of named sheets in table:table XML.
func ods(t testing.TB, sheets string) []byte {
	return zipOf(t, "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
		"content.xml", `<?xml version="1.0" encoding="UTF-8"?><office:document-content `+odfNS+`><office:body><office:spreadsheet>`+sheets+`</office:spreadsheet></office:body></office:document-content>`)
}

// xlsx is an Excel workbook: sheets by name with their sheetData XML, and
// the shared strings.
func xlsx(t testing.TB, shared []string, sheets ...string) []byte {
	var wb, rels, sst strings.Builder
	parts := []string{"[Content_Types].xml", "<Types/>"}
	for i := 0; i+1 < len(sheets); i += 2 {
		n := i/2 + 1
		state := ""
		name := sheets[i]
		if strings.HasPrefix(name, "hidden:") {
			name, state = strings.TrimPrefix(name, "hidden:"), ` state="hidden"`
		}
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, name, n, state, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		parts = append(parts, fmt.Sprintf("xl/worksheets/sheet%d.xml", n),
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+sheets[i+1]+`</sheetData></worksheet>`)
	}
	for _, s := range shared {
		sst.WriteString(`<si>` + s + `</si>`)
	}
	return zipOf(t, append(parts,
		"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`+wb.String()+`</sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels.String()+`</Relationships>`,
		"xl/sharedStrings.xml", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+sst.String()+`</sst>`)...)
}

const (
	mimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	mimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	mimeODT  = "application/vnd.oasis.opendocument.text"
	mimeODS  = "application/vnd.oasis.opendocument.spreadsheet"
	mimeRTF  = "application/rtf"
)

func TestOfficeText(t *testing.T) {
	tests := []struct {
		name, mime string
		data       []byte
		want       Text
	}{
		{"docx paragraphs, tab, break", mimeDOCX, docx(t, wp(wt("Uchwała nr 12/2025"))+wp(wt("Rada"), `<w:tab/>`, wt("Gminy"))+wp(wt("a"), `<w:br/>`, wt("b"))),
			Text{Text: "Uchwała nr 12/2025\nRada\tGminy\na\nb\n"}},
		{"docx table kept as a table", mimeDOCX, docx(t, wp(wt("Wykaz"))+wtbl([]string{"Lp.", "Nazwa"}, []string{"1", "Żłobek"})+wp(wt("Koniec"))),
			Text{Text: "Wykaz\n\nLp.\tNazwa\n1\tŻłobek\n\nKoniec\n"}},
		{"docx runs join into words", mimeDOCX, docx(t, wp(wt("paź"), wt("dziernik"))), Text{Text: "październik\n"}},
		{"docx deleted text, field codes and fallbacks left out", mimeDOCX, docx(t, wp(wt("tak"),
			`<w:del><w:r><w:delText>nie</w:delText></w:r></w:del>`, `<w:instrText>PAGE</w:instrText>`,
			`<mc:AlternateContent><mc:Choice><w:t>raz</w:t></mc:Choice><mc:Fallback><w:t>dwa</w:t></mc:Fallback></mc:AlternateContent>`)),
			Text{Text: "takraz\n"}},
		{"docx nested table is its cell's text", mimeDOCX, docx(t, `<w:tbl><w:tr><w:tc>`+wp(wt("A"))+wtbl([]string{"x", "y"})+`</w:tc><w:tc>`+wp(wt("B"))+`</w:tc></w:tr></w:tbl>`),
			Text{Text: "A x y\tB\n\n"}},
		{"docx without a document part", mimeDOCX, zipOf(t, "word/other.xml", "<a/>"), Text{Status: Unsupported}},
		{"docx that is not a zip", mimeDOCX, []byte("PK\x03\x04 abc"), Text{Status: Unsupported}},
		{"docx with no text", mimeDOCX, docx(t, wp()), Text{Status: Empty}},
		{"docx broken XML keeps what came before", mimeDOCX, zipOf(t, "word/document.xml", `<w:document `+wNS+`><w:body>`+wp(wt("przed"))+`<w:p><w:r><w:t>po`),
			Text{Text: "przed\npo\n"}},
		{"odt headings, spaces, lists, tables", mimeODT, odt(t, `<text:h text:outline-level="1">Regulamin</text:h>
<text:p>Ala<text:s text:c="2"/>ma<text:tab/>kota<text:line-break/>i psa</text:p>
<text:list><text:list-item><text:p>pierwszy</text:p></text:list-item><text:list-item><text:p>drugi</text:p></text:list-item></text:list>
<table:table table:name="Tabela1"><table:table-column/><table:table-row><table:table-cell><text:p>Lp.</text:p></table:table-cell><table:table-cell><text:p>Nazwa</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>1</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>Żłobek</text:p><text:p>nr 2</text:p></table:table-cell></table:table-row></table:table>
<text:p>Uwaga<office:annotation><text:p>komentarz</text:p></office:annotation> końcowa</text:p>`),
			Text{Text: "Regulamin\nAla  ma\tkota\ni psa\npierwszy\ndrugi\n\nLp.\tNazwa\n1\t\tŻłobek nr 2\n\nUwaga końcowa\n"}},
		{"ods sheets, repeated cells and rows", mimeODS, ods(t, `<table:table table:name="Dochody"><table:table-row><table:table-cell><text:p>Dział</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>Kwota</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16000"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell><text:p>010</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>
<table:table table:name="Pusty"><table:table-row><table:table-cell/></table:table-row></table:table>`),
			Text{Text: "Dochody\n\nDział\t\t\tKwota\n010\tx\tx\tx\n010\tx\tx\tx\n\nPusty\n"}},
		{"xlsx shared and inline strings, numbers, sheets", mimeXLSX, xlsx(t, []string{`<t>Lp.</t>`, `<r><t>Naz</t></r><r><t>wa</t></r><rPh><t>ナ</t></rPh>`, `<t>Żłobek</t>`},
			"Arkusz1", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="3"><c r="A3"><v>1.5</v></c><c r="C3" t="s"><v>2</v></c><c r="D3" t="inlineStr"><is><t>tak</t></is></c><c r="E3" t="b"><v>1</v></c><c r="F3"><f>SUM(A1)</f><v>7</v></c></row>`,
			"hidden:Ukryty", `<row r="1"><c r="A1" t="inlineStr"><is><t>sekret</t></is></c></row>`,
			"Drugi", `<row r="1"><c r="XFD1" t="inlineStr"><is><t>za daleko</t></is></c><c r="B1" t="s"><v>99</v></c><c r="A1" t="inlineStr"><is><t>tu</t></is></c></row>`),
			Text{Text: "Arkusz1\n\nLp.\tNazwa\n1.5\t\tŻłobek\ttak\tTRUE\t7\n\nDrugi\n\ntu\t\n\n"}},
		{"xlsx without a workbook reads the sheet parts", mimeXLSX, zipOf(t,
			"xl/worksheets/sheet2.xml", `<worksheet><sheetData><row><c t="inlineStr"><is><t>dwa</t></is></c></row></sheetData></worksheet>`,
			"xl/worksheets/sheet10.xml", `<worksheet><sheetData><row><c t="inlineStr"><is><t>dziesięć</t></is></c></row></sheetData></worksheet>`),
			Text{Text: "dwa\t\n\ndziesięć\t\n\n"}},
		{"rtf cp1250, unicode, destinations", mimeRTF, []byte(`{\rtf1\ansi\ansicpg1250\deff0{\fonttbl{\f0\fnil Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator Msftedit;}{\info{\title Tytuł}}` +
			"\n" + `\pard Uchwa\'b3a \u380\'bf\u243?\u322?ty\par {\pict\wmetafile8 0123abcd}Rada\tab Gminy\line nowa\par {\*\bkmkstart x}{\field{\*\fldinst PAGE}{\fldrslt 7}}\par}`),
			Text{Text: "Uchwała żółty\nRada\tGminy\nnowa\n7\n"}},
		{"rtf font charset 238 under cp1252", mimeRTF, []byte(`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\froman\fcharset0 Times;}{\f1\fswiss\fcharset238 Arial CE;}}\f0 caf\'e9 {\f1 \'9cwi\'ea\'e6}\par}`),
			Text{Text: "café święć\n"}},
		{"rtf table", mimeRTF, []byte(`{\rtf1\ansi\ansicpg1250 Wykaz\par\trowd\cellx1000\cellx2000\pard\intbl Lp.\cell Nazwa\cell\row\trowd\cellx1000\cellx2000\pard\intbl 1\cell \u379?\'b3obek\par nr 2\cell\row\pard Koniec\par}`),
			Text{Text: "Wykaz\n\nLp.\tNazwa\n1\tŻłobek nr 2\n\nKoniec\n"}},
		{"rtf escapes, surrogates, binary", mimeRTF, []byte(`{\rtf1 a\{b\}c\\d\~e\_f \u-10179?\u-8704?{\*\objdata \bin4 }}}}}g\par}`),
			Text{Text: "a{b}c\\d e-f 😀g\n"}},
		{"not rtf", mimeRTF, []byte("Uchwała"), Text{Status: Unsupported}},
		{"office file too large", mimeRTF, append([]byte(`{\rtf1 a`), make([]byte, MaxOfficeFile)...), Text{Status: TooLarge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.mime, "", tt.data)
			if got != tt.want {
				t.Errorf("got {%v %q cut %v}, want {%v %q cut %v}", got.Status, got.Text, got.Cut, tt.want.Status, tt.want.Text, tt.want.Cut)
			}
		})
	}
}

// TestOfficeRepeatsBounded checks that cells and rows a spreadsheet
// repeats cannot make more text than MaxText.
func TestOfficeRepeatsBounded(t *testing.T) {
	cell := `<table:table-cell table:number-columns-repeated="1000"><text:p>` + strings.Repeat("ab ", MaxText/3) + `</text:p></table:table-cell>`
	data := ods(t, `<table:table table:name="A"><table:table-row table:number-rows-repeated="1000">`+cell+`</table:table-row></table:table>`)
	got := Extract(mimeODS, "", data)
	if got.Status != HasText || !got.Cut || len(got.Text) > MaxText {
		t.Errorf("got {%v %d bytes cut %v}, want text cut at most %d bytes", got.Status, len(got.Text), got.Cut, MaxText)
	}
}

// BenchmarkOfficeText times each office reader on a document of a few
// pages: 200 paragraphs and a 200-row table, or a 1000-row sheet.
func BenchmarkOfficeText(b *testing.B) {
	var body, odtBody, rtf, rows strings.Builder
	var cells [][]string
	for i := range 200 {
		body.WriteString(wp(wt(polishLine(i))))
		fmt.Fprintf(&odtBody, "<text:p>%s</text:p>", polishLine(i))
		fmt.Fprintf(&rtf, `\pard %s\par `, polishLine(i))
		cells = append(cells, []string{fmt.Sprint(i), polishLine(i)})
	}
	for i := range 1000 {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c></row>`, i+1, i+1, i, i+1, polishLine(i))
	}
	docs := []struct {
		name, mime string
		data       []byte
	}{
		{"docx", mimeDOCX, docx(b, body.String()+wtbl(cells...))},
		{"odt", mimeODT, odt(b, odtBody.String())},
		{"xlsx", mimeXLSX, xlsx(b, nil, "Arkusz1", rows.String())},
		{"rtf", mimeRTF, []byte(`{\rtf1\ansi\ansicpg1250 ` + rtf.String() + `}`)},
	}
	for _, d := range docs {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(d.data)))
			for b.Loop() {
				if Extract(d.mime, "", d.data).Status != HasText {
					b.Fatal("no text")
				}
			}
		})
	}
}
