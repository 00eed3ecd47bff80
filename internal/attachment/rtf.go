package attachment

import (
	"bytes"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// RTF is read by a small reader of its own: groups, control words,
// \uN escapes and \'hh bytes in the declared code page (the document's
// \ansicpg, or a font's \fcharset, as Polish Word files say cp1250), with
// every destination that is not body text skipped: font and colour
// tables, style sheets, pictures, objects, headers, footnotes and all
// \* destinations. Tables (\intbl, \cell, \row) are kept as tables.

const maxRTFDepth = 256 // nesting of groups read; deeper ones are skipped

// rtfSkipped are the destinations whose text is not the body's.
var rtfSkipped = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true, "objdata": true,
	"header": true, "headerl": true, "headerr": true, "headerf": true, "footer": true, "footerl": true,
	"footerr": true, "footerf": true, "footnote": true, "listtable": true, "listoverridetable": true,
	"revtbl": true, "rsidtbl": true, "generator": true, "xmlnstbl": true, "themedata": true,
	"colorschememapping": true, "datastore": true, "latentstyles": true, "fldinst": true, "filetbl": true,
	"pgdsctbl": true, "nonshppict": true, "template": true, "userprops": true, "docvar": true,
}

// rtfSymbols are control words that stand for a character.
var rtfSymbols = map[string]string{
	"line": "\n", "tab": "\t", "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘", "rquote": "’",
	"ldblquote": "“", "rdblquote": "”", "emspace": " ", "enspace": " ", "qmspace": " ",
}

// rtfCharsets are the code pages of \fcharset values.
var rtfCharsets = map[int]int{77: 10000, 161: 1253, 162: 1254, 186: 1257, 204: 1251, 238: 1250}

// codePages are the single-byte code pages read.
var codePages = map[int]*charmap.Charmap{
	437: charmap.CodePage437, 850: charmap.CodePage850, 852: charmap.CodePage852, 866: charmap.CodePage866,
	1250: charmap.Windows1250, 1251: charmap.Windows1251, 1252: charmap.Windows1252, 1253: charmap.Windows1253,
	1254: charmap.Windows1254, 1257: charmap.Windows1257, 10000: charmap.Macintosh,
}

type rtfGroup struct {
	skip    bool
	fontTbl bool // inside the font table: font numbers and charsets are read
	uc      int  // characters that stand in for a \uN
	font    int
}

type rtfReader struct {
	s       []byte
	i       int
	stack   []rtfGroup
	f       *flow
	out     *docText
	ansi    int         // the document's code page
	fonts   map[int]int // font number → code page
	defFont int
	tblFont int  // the font being defined in the font table
	toSkip  int  // characters left to skip after a \uN
	hi      rune // a high surrogate waiting for its pair
	intbl   bool // the paragraph is in a table
}

// rtfText reads the text of an RTF file.
func rtfText(data []byte) Text {
	head := bytes.TrimLeft(data[:min(len(data), 64)], " \t\r\n\xef\xbb\xbf")
	if !bytes.HasPrefix(head, []byte(`{\rtf`)) {
		return Text{Status: Unsupported}
	}
	out := &docText{}
	r := &rtfReader{s: data, f: &flow{out: out}, out: out, ansi: 1252, fonts: map[int]int{}, stack: []rtfGroup{{uc: 1}}}
	r.run()
	return r.f.finish()
}

func (r *rtfReader) top() *rtfGroup { return &r.stack[len(r.stack)-1] }

// run reads the whole input once; every step consumes at least one byte.
func (r *rtfReader) run() {
	for r.i < len(r.s) && !r.out.full() {
		c := r.s[r.i]
		r.i++
		switch c {
		case '{':
			g := *r.top()
			if len(r.stack) >= maxRTFDepth {
				g.skip = true
			}
			r.stack = append(r.stack, g)
			r.toSkip = 0
		case '}':
			if len(r.stack) > 1 {
				r.stack = r.stack[:len(r.stack)-1]
			}
			r.toSkip = 0
		case '\\':
			r.control()
		case '\r', '\n':
		default:
			r.byteChar(c)
		}
	}
}

// control reads what follows a backslash.
func (r *rtfReader) control() {
	if r.i >= len(r.s) {
		return
	}
	c := r.s[r.i]
	if !isLetter(c) {
		r.i++
		r.symbol(c)
		return
	}
	start := r.i
	for r.i < len(r.s) && isLetter(r.s[r.i]) && r.i-start < 32 {
		r.i++
	}
	word := string(r.s[start:r.i])
	num, _ := r.number()
	if r.i < len(r.s) && r.s[r.i] == ' ' {
		r.i++
	}
	r.word(word, num)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// number reads a control word's parameter: an optional minus and up to ten digits.
func (r *rtfReader) number() (int, bool) {
	neg := r.i < len(r.s) && r.s[r.i] == '-'
	if neg {
		r.i++
	}
	n, digits := 0, 0
	for r.i < len(r.s) && r.s[r.i] >= '0' && r.s[r.i] <= '9' && digits < 10 {
		n = n*10 + int(r.s[r.i]-'0')
		r.i++
		digits++
	}
	if neg {
		n = -n
	}
	return n, digits > 0
}

// symbol carries out a control symbol: a backslash and one other byte.
func (r *rtfReader) symbol(c byte) {
	switch c {
	case '\'':
		if r.i+2 <= len(r.s) {
			h, ok1 := hexVal(r.s[r.i])
			l, ok2 := hexVal(r.s[r.i+1])
			r.i += 2
			if ok1 && ok2 {
				r.byteChar(h<<4 | l)
			}
		}
	case '*':
		r.top().skip = true
	case '{', '}', '\\':
		r.char(string(c))
	case '~':
		r.char(" ")
	case '_':
		r.char("-")
	case '\n', '\r':
		r.word("par", 0)
	}
}

// word carries out a control word.
func (r *rtfReader) word(w string, n int) {
	g := r.top()
	if rtfSkipped[w] {
		g.skip = true
		g.fontTbl = w == "fonttbl"
	}
	switch w {
	case "ansicpg":
		r.ansi = n
	case "deff":
		r.defFont = n
	case "f":
		if g.fontTbl {
			r.tblFont = n
		} else {
			g.font = n
		}
	case "fcharset":
		if cp, ok := rtfCharsets[n]; ok && g.fontTbl {
			r.fonts[r.tblFont] = cp
		}
	case "cpg":
		if g.fontTbl {
			r.fonts[r.tblFont] = n
		}
	case "uc":
		g.uc = max(n, 0)
	case "u":
		r.unicode(n)
		return
	case "bin":
		r.i += min(max(n, 0), len(r.s)-r.i) // binary data
		return
	case "pard":
		r.intbl = false
	case "intbl":
		r.intbl = true
	case "par", "sect", "page":
		if r.textAllowed() {
			r.inTable()
			r.f.endPara()
		}
	case "cell", "nestcell":
		if r.textAllowed() {
			r.inTable()
			r.f.endCell()
		}
	case "row", "nestrow":
		if !g.skip {
			r.f.endRow()
		}
	}
	if s, ok := rtfSymbols[w]; ok {
		r.char(s)
	} else if r.toSkip > 0 && w != "u" {
		r.toSkip-- // a control word may stand in for a \uN
	}
}

// unicode writes the character of a \uN and skips the stand-ins after it.
func (r *rtfReader) unicode(n int) {
	if n < 0 {
		n += 65536
	}
	c := rune(n)
	switch {
	case utf16.IsSurrogate(c) && c < 0xdc00:
		r.hi = c
	case utf16.IsSurrogate(c) && r.hi != 0:
		r.char(string(utf16.DecodeRune(r.hi, c)))
		r.hi = 0
	case !utf16.IsSurrogate(c):
		r.char(string(c))
	}
	r.toSkip = r.top().uc
}

// byteChar writes a byte of text in the code page of the current font.
func (r *rtfReader) byteChar(b byte) {
	if r.toSkip > 0 {
		r.toSkip--
		return
	}
	cp, ok := r.fonts[r.top().font]
	if !ok {
		cp = r.ansi
	}
	if b < 0x80 {
		r.char(string(rune(b)))
		return
	}
	if m, ok := codePages[cp]; ok {
		r.char(string(m.DecodeByte(b)))
	} else {
		r.char(string(charmap.Windows1252.DecodeByte(b)))
	}
}

// textAllowed reports whether text here is body text.
func (r *rtfReader) textAllowed() bool { return !r.top().skip }

// char writes body text.
func (r *rtfReader) char(s string) {
	if r.toSkip > 0 {
		r.toSkip--
		return
	}
	if !r.textAllowed() {
		return
	}
	r.inTable()
	r.f.write(s)
}

// inTable opens or closes a table as the paragraph is in one or not.
func (r *rtfReader) inTable() {
	t := r.f.inner()
	switch {
	case r.intbl && t == nil:
		r.f.startTable()
		r.f.startRow()
		r.f.startCell()
	case r.intbl && !t.inCell:
		r.f.startCell()
	case !r.intbl && t != nil:
		r.f.endTable()
	}
}
