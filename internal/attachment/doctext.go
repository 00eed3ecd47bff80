package attachment

import (
	"strings"
	"unicode/utf8"
)

// The text of office documents keeps their paragraphs and tables in plain
// text, so that the search index, the attachment page and speech all take
// one string (see docs/documents.md):
//
//   - a paragraph is a line; a line break inside it starts a new line;
//   - a table row is a line whose cells are separated by tabs, trailing
//     empty cells left out; a blank line goes before and after a table;
//   - a spreadsheet's sheet is its name on a line, then its table.
//
// Blocks reads that shape back for a page that shows tables as tables.

// Block is a paragraph or a table of an attachment's text, as Blocks reads it.
type Block struct {
	Lines []string   // a paragraph's lines; nil for a table
	Rows  [][]string // a table's rows of cells; nil for a paragraph
}

// Blocks splits a Text's text into paragraphs and tables: lines with a tab
// are rows of a table, the lines between blank lines a paragraph.
func Blocks(text string) []Block {
	var out []Block
	var cur *Block
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		isRow := strings.Contains(line, "\t")
		switch {
		case strings.TrimSpace(line) == "":
			cur = nil
			continue
		case cur == nil || (cur.Rows != nil) != isRow:
			out = append(out, Block{})
			cur = &out[len(out)-1]
		}
		if isRow {
			cur.Rows = append(cur.Rows, strings.Split(line, "\t"))
		} else {
			cur.Lines = append(cur.Lines, line)
		}
	}
	return out
}

// docText writes a document's paragraphs and tables in the shape above,
// at most MaxText bytes of them.
type docText struct {
	b   strings.Builder
	cut bool
}

func (d *docText) full() bool { return d.b.Len() >= MaxText }

// para writes a paragraph; an empty one leaves no line.
func (d *docText) para(s string) {
	s = strings.TrimRight(s, " \t\n")
	if strings.TrimSpace(s) != "" {
		d.write(s + "\n")
	}
}

// table writes rows of cells, skipping empty rows and trailing empty cells.
func (d *docText) table(rows [][]string) {
	var lines []string
	total := 0 // bytes of the lines: repeated rows and cells must not outgrow the text
	for _, r := range rows {
		if total > MaxText-d.b.Len() {
			d.cut = true
			break
		}
		cells := make([]string, len(r))
		for i, c := range r {
			if total > MaxText {
				break
			}
			cells[i] = cellText(c)
			total += len(cells[i]) + 1
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			continue
		}
		if len(cells) == 1 {
			cells = append(cells, "") // a one-cell row still reads as a row
		}
		lines = append(lines, strings.Join(cells, "\t"))
	}
	if len(lines) == 0 {
		return
	}
	if s := d.b.String(); s != "" && !strings.HasSuffix(s, "\n\n") {
		d.write("\n")
	}
	for _, l := range lines {
		d.write(l + "\n")
	}
	d.write("\n")
}

// cellText is a cell's text on one line.
func cellText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (d *docText) write(s string) {
	if d.full() {
		d.cut = true
		return
	}
	if room := MaxText - d.b.Len(); len(s) > room {
		d.cut = true
		for room > 0 && !utf8.RuneStart(s[room]) {
			room--
		}
		s = s[:room]
	}
	d.b.WriteString(s)
}

// result is the text written, as Extract answers.
func (d *docText) result() Text {
	return withText(cleanText(strings.ToValidUTF8(d.b.String(), " ")), d.cut, Empty)
}

// flow turns the events of a word processor's XML (paragraphs, tables,
// rows, cells) into docText. A table inside a table cell is read as the
// cell's text.
type flow struct {
	out    *docText
	text   strings.Builder // the paragraph being read
	tables []*tableBuf     // open tables, innermost last
}

type tableBuf struct {
	rows   [][]string
	row    []string
	cell   strings.Builder
	inCell bool
}

// write adds text to the paragraph being read.
func (f *flow) write(s string) {
	if f.text.Len() < MaxText {
		f.text.WriteString(s)
	}
}

// endPara ends a paragraph: into the open cell, else into the text.
func (f *flow) endPara() {
	s := f.text.String()
	f.text.Reset()
	if t := f.inner(); t != nil && t.inCell {
		if t.cell.Len() > 0 {
			t.cell.WriteByte(' ')
		}
		if t.cell.Len() < MaxText {
			t.cell.WriteString(s)
		}
		return
	}
	f.out.para(s)
}

// finish ends what is open and returns the text.
func (f *flow) finish() Text {
	f.endPara()
	for len(f.tables) > 0 {
		f.endTable()
	}
	return f.out.result()
}

func (f *flow) inner() *tableBuf {
	if len(f.tables) == 0 {
		return nil
	}
	return f.tables[len(f.tables)-1]
}

func (f *flow) startTable() {
	f.endPara()
	if len(f.tables) < maxXMLDepth {
		f.tables = append(f.tables, &tableBuf{})
	}
}

func (f *flow) endTable() {
	t := f.inner()
	if t == nil {
		return
	}
	f.endRow()
	f.tables = f.tables[:len(f.tables)-1]
	if len(f.tables) == 0 {
		f.out.table(t.rows)
		return
	}
	for _, r := range t.rows { // a nested table becomes its cell's text
		f.write(strings.Join(r, " ") + " ")
	}
	f.endPara()
}

func (f *flow) startRow() {
	if t := f.inner(); t != nil {
		f.endRow()
		t.row = []string{}
	}
}

// endRow ends the open row, repeated n times in all (spreadsheets repeat rows).
func (f *flow) endRow() { f.endRowN(1) }

func (f *flow) endRowN(n int) {
	t := f.inner()
	if t == nil || t.row == nil {
		return
	}
	f.endCell()
	for range min(n, maxRepeat) {
		if len(t.rows) < maxTableRows {
			t.rows = append(t.rows, t.row)
		}
	}
	t.row = nil
}

func (f *flow) startCell() {
	t := f.inner()
	if t == nil {
		return
	}
	if t.row == nil {
		t.row = []string{}
	}
	f.endCell()
	t.inCell = true
}

func (f *flow) endCell() { f.endCellN(1) }

// endCellN ends the open cell, repeated n times in all.
func (f *flow) endCellN(n int) {
	t := f.inner()
	if t == nil || !t.inCell {
		return
	}
	if f.text.Len() > 0 {
		f.endPara()
	}
	t.inCell = false
	for range min(n, maxRepeat) {
		if len(t.row) < maxTableColumns {
			t.row = append(t.row, t.cell.String())
		}
	}
	t.cell.Reset()
}
