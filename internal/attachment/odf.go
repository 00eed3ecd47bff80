package attachment

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// odfSkipped are OpenDocument elements whose content is not the text a
// reader sees: comments, tracked deletions, footnote numbers, form and
// drawing descriptions, and declarations.
var odfSkipped = map[string]bool{
	"annotation": true, "tracked-changes": true, "note-citation": true, "sequence-decls": true,
	"forms": true, "desc": true, "title": true, "named-expressions": true, "database-ranges": true,
}

// odfText reads an ODT or ODS (content.xml): paragraphs, headings, lists
// and tables; sheet names before a spreadsheet's tables.
func odfText(data []byte, sheets bool) Text {
	p, err := openOffice(data)
	if err != nil {
		return Text{Status: Unsupported}
	}
	r := &odfReader{flow: flow{out: &docText{}}, sheets: sheets}
	found := p.walk("content.xml", func(tok xml.Token, depth int) bool {
		start, isStart := tok.(xml.StartElement)
		if r.sk.skip(tok, depth, isStart && odfSkipped[start.Name.Local]) {
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.start(t)
		case xml.EndElement:
			r.end(t.Name.Local)
		case xml.CharData:
			if r.inPara > 0 { // white space in the XML is a space on the page
				r.write(strings.Map(xmlSpace, string(t)))
			}
		}
		return !r.out.full()
	})
	if !found {
		return Text{Status: Unsupported}
	}
	return r.finish()
}

// odfReader is the state of reading content.xml.
type odfReader struct {
	flow
	sheets     bool
	sk         skipper
	rowRepeat  []int // number-rows-repeated of the open rows
	cellRepeat []int // number-columns-repeated of the open cells
	inPara     int   // open text:p and text:h: text outside them is layout white space
}

func (r *odfReader) start(e xml.StartElement) {
	switch e.Name.Local {
	case "p", "h":
		r.inPara++
	case "s":
		n, err := strconv.Atoi(attr(e, "c"))
		if err != nil || n < 1 {
			n = 1
		}
		r.write(strings.Repeat(" ", min(n, maxRepeat)))
	case "tab":
		r.write("\t")
	case "line-break":
		r.write("\n")
	case "table":
		if r.sheets && len(r.tables) == 0 {
			r.out.para(attr(e, "name"))
		}
		r.startTable()
	case "table-row":
		r.startRow()
		r.rowRepeat = append(r.rowRepeat, repeatCount(attr(e, "number-rows-repeated")))
	case "table-cell", "covered-table-cell":
		r.startCell()
		r.cellRepeat = append(r.cellRepeat, repeatCount(attr(e, "number-columns-repeated")))
	}
}

func (r *odfReader) end(local string) {
	switch local {
	case "p", "h":
		r.inPara = max(r.inPara-1, 0)
		r.endPara()
	case "table-cell", "covered-table-cell":
		r.endCellN(pop(&r.cellRepeat))
	case "table-row":
		r.endRowN(pop(&r.rowRepeat))
	case "table":
		r.endTable()
	}
}

// xmlSpace maps the white space of XML text to a space.
func xmlSpace(r rune) rune {
	if r == '\n' || r == '\r' || r == '\t' {
		return ' '
	}
	return r
}

// repeatCount reads a number-…-repeated attribute, 1 when absent.
func repeatCount(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

func pop(s *[]int) int {
	if len(*s) == 0 {
		return 1
	}
	n := (*s)[len(*s)-1]
	*s = (*s)[:len(*s)-1]
	return n
}
