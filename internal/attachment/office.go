package attachment

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Office documents of today (DOCX, XLSX, ODT, ODS) are zip files of XML
// parts; they are read here with archive/zip and encoding/xml, streaming,
// within the bounds below, so that a zip bomb or a hostile XML costs no
// more than a large honest file.
const (
	// MaxOfficeFile is the largest office file (zip or RTF) whose text is read.
	MaxOfficeFile = 32 << 20
	maxZipEntries = 1 << 14   // entries in an office file's zip directory
	maxZipPart    = 64 << 20  // uncompressed bytes read of one XML part
	maxZipTotal   = 128 << 20 // uncompressed bytes read of one file
	maxXMLDepth   = 256       // nesting of XML elements read
	// Bounds of tables: spreadsheets may say a row or cell repeats a
	// million times, or number a cell XFD1048576.
	maxRepeat       = 64
	maxTableRows    = 1 << 16
	maxTableColumns = 256
	maxSheets       = 256
	maxSharedStrs   = 1 << 20
)

// errOffice is a file that is not the office document its type says.
var errOffice = errors.New("attachment: not a readable office file")

// officePkg is an office file's zip with the bytes left to read of it.
type officePkg struct {
	files  map[string]*zip.File
	budget int
}

func openOffice(data []byte) (*officePkg, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(z.File) > maxZipEntries {
		return nil, errOffice
	}
	p := &officePkg{files: map[string]*zip.File{}, budget: maxZipTotal}
	for _, f := range z.File {
		p.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	return p, nil
}

// walk reads the XML part name, calling fn with each token and the depth
// of elements open around it, until fn returns false, the XML ends or
// breaks, or it nests deeper than maxXMLDepth. It reports whether the part
// was there.
func (p *officePkg) walk(name string, fn func(tok xml.Token, depth int) bool) bool {
	f, ok := p.files[strings.TrimPrefix(name, "/")]
	if !ok || p.budget <= 0 {
		return false
	}
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: int64(min(maxZipPart, p.budget))}
	defer func() { p.budget -= int(int64(min(maxZipPart, p.budget)) - lr.N) }()
	walkXML(lr, fn)
	return true
}

// walkXML is walk on any reader.
func walkXML(r io.Reader, fn func(tok xml.Token, depth int) bool) {
	dec := xml.NewDecoder(r)
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if _, ok := tok.(xml.EndElement); ok {
			depth--
		}
		if !fn(tok, depth) {
			return
		}
		if _, ok := tok.(xml.StartElement); ok {
			if depth++; depth > maxXMLDepth {
				return
			}
		}
	}
}

// attr returns the value of the attribute with the local name local.
func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// skipper skips the content of elements: skip(tok) reports whether tok is
// inside (or is) an element being skipped.
type skipper struct{ depth int } // depth of the skipped element + 1, or 0

func (s *skipper) skip(tok xml.Token, depth int, skipped bool) bool {
	if s.depth > 0 {
		if _, ok := tok.(xml.EndElement); ok && depth == s.depth-1 {
			s.depth = 0
		}
		return true
	}
	if _, ok := tok.(xml.StartElement); ok && skipped {
		s.depth = depth + 1
		return true
	}
	return false
}

// docxSkipped are the WordprocessingML elements whose content is not
// text: properties (tab stops are w:tab too), field codes, deleted text,
// and the fallback copy of content given twice.
var docxSkipped = map[string]bool{
	"pPr": true, "rPr": true, "tblPr": true, "trPr": true, "tcPr": true, "sectPr": true, "tblGrid": true,
	"instrText": true, "delText": true, "fldData": true, "Fallback": true, "del": true,
}

// docxText reads a DOCX's main part, word/document.xml.
func docxText(data []byte) Text {
	p, err := openOffice(data)
	if err != nil {
		return Text{Status: Unsupported}
	}
	r := &docxReader{flow: flow{out: &docText{}}}
	found := p.walk("word/document.xml", func(tok xml.Token, depth int) bool {
		start, isStart := tok.(xml.StartElement)
		if r.sk.skip(tok, depth, isStart && docxSkipped[start.Name.Local]) {
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.start(t.Name.Local)
		case xml.EndElement:
			r.end(t.Name.Local)
		case xml.CharData:
			if r.inT {
				r.write(string(t))
			}
		}
		return !r.out.full()
	})
	if !found {
		return Text{Status: Unsupported}
	}
	return r.finish()
}

// docxReader is the state of reading word/document.xml.
type docxReader struct {
	flow
	sk  skipper
	inT bool // inside w:t, the only element whose characters are text
}

func (r *docxReader) start(local string) {
	switch local {
	case "t":
		r.inT = true
	case "tab", "ptab":
		r.write("\t")
	case "br", "cr":
		r.write("\n")
	case "noBreakHyphen":
		r.write("-")
	case "tbl":
		r.startTable()
	case "tr":
		r.startRow()
	case "tc":
		r.startCell()
	}
}

func (r *docxReader) end(local string) {
	switch local {
	case "t":
		r.inT = false
	case "p":
		r.endPara()
	case "tc":
		r.endCell()
	case "tr":
		r.endRow()
	case "tbl":
		r.endTable()
	}
}

// xlsxText reads an XLSX's visible sheets in order, each as its name and a table.
func xlsxText(data []byte) Text {
	p, err := openOffice(data)
	if err != nil {
		return Text{Status: Unsupported}
	}
	strs := p.sharedStrings()
	out := &docText{}
	sheets := p.xlsxSheets()
	if len(sheets) == 0 {
		return Text{Status: Unsupported}
	}
	for _, s := range sheets {
		rows := p.xlsxRows(s.part, strs)
		if len(rows) > 0 {
			out.para(s.name)
			out.table(rows)
		}
		if out.full() {
			break
		}
	}
	return out.result()
}

type xlsxSheet struct{ name, part string }

// xlsxSheets lists the visible sheets from xl/workbook.xml and its
// relationships; without them, the sheet parts in number order.
func (p *officePkg) xlsxSheets() []xlsxSheet {
	targets := map[string]string{}
	p.walk("xl/_rels/workbook.xml.rels", func(tok xml.Token, _ int) bool {
		if e, ok := tok.(xml.StartElement); ok && e.Name.Local == "Relationship" {
			target := attr(e, "Target")
			if !strings.HasPrefix(target, "/") {
				target = path.Join("xl", target)
			}
			targets[attr(e, "Id")] = target
		}
		return len(targets) < maxZipEntries
	})
	var out []xlsxSheet
	p.walk("xl/workbook.xml", func(tok xml.Token, _ int) bool {
		e, ok := tok.(xml.StartElement)
		if !ok || e.Name.Local != "sheet" || attr(e, "state") == "hidden" || attr(e, "state") == "veryHidden" {
			return true
		}
		if part, ok := targets[attr(e, "id")]; ok {
			out = append(out, xlsxSheet{attr(e, "name"), part})
		}
		return len(out) < maxSheets
	})
	if len(out) > 0 {
		return out
	}
	for name := range p.files {
		if strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml") && len(out) < maxSheets {
			out = append(out, xlsxSheet{"", name})
		}
	}
	slices.SortFunc(out, func(a, b xlsxSheet) int {
		return sheetNumber(a.part) - sheetNumber(b.part)
	})
	return out
}

func sheetNumber(part string) int {
	n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(part, "xl/worksheets/sheet"), ".xml"))
	return n
}

// sharedStrings reads xl/sharedStrings.xml: the text of each string item,
// its rich-text runs joined, its phonetic guides left out.
func (p *officePkg) sharedStrings() []string {
	var out []string
	var cur strings.Builder
	var sk skipper
	inT := false
	p.walk("xl/sharedStrings.xml", func(tok xml.Token, depth int) bool {
		start, isStart := tok.(xml.StartElement)
		if sk.skip(tok, depth, isStart && start.Name.Local == "rPh") {
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			inT = t.Name.Local == "t"
			if t.Name.Local == "si" {
				cur.Reset()
			}
		case xml.EndElement:
			inT = false
			if t.Name.Local == "si" {
				out = append(out, cur.String())
			}
		case xml.CharData:
			if inT && cur.Len() < MaxText {
				cur.Write(t)
			}
		}
		return len(out) < maxSharedStrs
	})
	return out
}

// xlsxRows reads a worksheet's cells into rows, each cell in the column
// its reference names.
func (p *officePkg) xlsxRows(part string, strs []string) [][]string {
	var rows [][]string
	var row []string
	var cellType, value string
	col, inValue := 0, false
	p.walk(part, func(tok xml.Token, _ int) bool {
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row = []string{}
			case "c":
				cellType, value = attr(t, "t"), ""
				if c, ok := columnOf(attr(t, "r")); ok {
					col = c
				} else {
					col = len(row)
				}
			case "v", "t":
				inValue = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "c":
				if col < maxTableColumns && row != nil {
					for len(row) <= col {
						row = append(row, "")
					}
					row[col] = xlsxValue(cellType, value, strs)
				}
			case "row":
				if len(rows) < maxTableRows && row != nil {
					rows = append(rows, row)
				}
				row = nil
			}
		case xml.CharData:
			if inValue && len(value) < MaxText {
				value += string(t)
			}
		}
		return true
	})
	return rows
}

// xlsxValue is the text a cell shows, numbers as stored (dates are day numbers).
func xlsxValue(typ, v string, strs []string) string {
	switch typ {
	case "s":
		if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i >= 0 && i < len(strs) {
			return strs[i]
		}
		return ""
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	}
	return v
}

// columnOf reads the column of a cell reference: "C7" is 2.
func columnOf(ref string) (int, bool) {
	col, n := 0, 0
	for n < len(ref) && n < 4 && ref[n] >= 'A' && ref[n] <= 'Z' {
		col = col*26 + int(ref[n]-'A'+1)
		n++
	}
	return col - 1, n > 0
}
