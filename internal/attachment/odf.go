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
	out := &docText{}
	f := &flow{out: out}
	var sk skipper
	var repeats []int // number-rows-repeated of the open rows
	var cellRepeat []int
	inPara := 0 // open text:p and text:h: text outside them is layout white space
	found := p.walk("content.xml", func(tok xml.Token, depth int) bool {
		start, isStart := tok.(xml.StartElement)
		if sk.skip(tok, depth, isStart && odfSkipped[start.Name.Local]) {
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p", "h":
				inPara++
			case "s":
				n, err := strconv.Atoi(attr(t, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				f.write(strings.Repeat(" ", min(n, maxRepeat)))
			case "tab":
				f.write("\t")
			case "line-break":
				f.write("\n")
			case "table":
				if sheets && len(f.tables) == 0 {
					out.para(attr(t, "name"))
				}
				f.startTable()
			case "table-row":
				f.startRow()
				repeats = append(repeats, repeatCount(attr(t, "number-rows-repeated")))
			case "table-cell", "covered-table-cell":
				f.startCell()
				cellRepeat = append(cellRepeat, repeatCount(attr(t, "number-columns-repeated")))
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p", "h":
				inPara = max(inPara-1, 0)
				f.endPara()
			case "table-cell", "covered-table-cell":
				f.endCellN(pop(&cellRepeat))
			case "table-row":
				f.endRowN(pop(&repeats))
			case "table":
				f.endTable()
			}
		case xml.CharData:
			if inPara > 0 { // white space in the XML is a space on the page
				f.write(strings.Map(func(r rune) rune {
					if r == '\n' || r == '\r' || r == '\t' {
						return ' '
					}
					return r
				}, string(t)))
			}
		}
		return !out.full()
	})
	if !found {
		return Text{Status: Unsupported}
	}
	f.endPara()
	for len(f.tables) > 0 {
		f.endTable()
	}
	return out.result()
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
