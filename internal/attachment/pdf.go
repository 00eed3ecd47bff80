package attachment

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// PDF text extraction, small on purpose: it reads the text layer of the
// content streams most office software writes (uncompressed or
// FlateDecode-compressed, text shown with Tj, TJ, ' and ", also inside form
// XObjects) and ignores everything else. Strings are decoded with the
// current font's ToUnicode CMap when it has one, which is how Word,
// LibreOffice and gopdf write Polish text (composite Identity-H fonts, or
// subset fonts with one-byte codes); other fonts are read as UTF-16 with a
// BOM, UTF-8 or Latin-1. Pages are found through the page tree; a file
// without one (damaged, or not quite a PDF) is read stream by stream.
// Encrypted files are decrypted with the empty user password (crypt.go).
// It reads no LZW or ASCII85 streams, no glyph-name
// encodings and no scanned images; docs/search.md says why no library is
// used.

// ErrPDF reports a PDF whose text could not be read.
var ErrPDF = errors.New("attachment: read PDF text")

// Limits that keep a hostile or huge PDF cheap: every loop below is bounded
// by one of them or by the size of its input.
const (
	maxPDFText     = 256 << 10 // text kept per attachment
	maxPDFInflated = 8 << 20   // inflated bytes per stream
	maxPDFBudget   = 32 << 20  // inflated and interpreted bytes per file
	maxPDFStreams  = 4096      // streams read by the stream-by-stream scan
	maxPDFObjects  = 1 << 16   // objects indexed per file
	maxPDFPages    = 1 << 14
	maxPDFDepth    = 32      // nesting of arrays, dictionaries and the page tree
	maxPDFForms    = 8       // nesting of form XObjects
	maxPDFOperands = 64      // operands kept before an operator
	maxCMapCodes   = 1 << 18 // codes mapped by all ToUnicode CMaps of a file
	maxCMapDest    = 64      // bytes of one CMap destination string
)

// PDFText returns the text layer of a PDF: the strings its pages show, in
// page order, lines separated by "\n" and words by spaces, at most 256 KiB.
// It reads what it can of a damaged file and fails, with an error wrapping
// ErrPDF, only when data is not a PDF or holds no text it could read.
func PDFText(data []byte) (string, error) {
	if !bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")) {
		return "", fmt.Errorf("%w: the data has no %%PDF- header; pass the bytes of a PDF file", ErrPDF)
	}
	text := pdfText(data)
	if strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("%w: found no text layer (scanned pages, a password or fonts without a Unicode map); "+
			"such a file is found by its title only", ErrPDF)
	}
	return text, nil
}

// pdfText returns the text layer of a PDF, at most maxPDFText bytes. It
// never fails: a PDF it cannot read gives less text.
func pdfText(data []byte) string {
	text, _ := readPDF(data)
	return text
}

// readPDF returns the text layer of a PDF, at most maxPDFText bytes, and
// whether text was left out to keep within that bound.
func readPDF(data []byte) (text string, cut bool) {
	d := newPDFDoc(data)
	w := &textOut{}
	if d.locked {
		return "", false
	}
	if !d.readPages(w) && !d.encrypted { // a raw scan would read ciphertext
		d.readStreams(w)
	}
	return w.String(), w.cut
}

// pdfPages is the text layer page by page, for the publishing machine:
// one string per page of the page tree (empty for a page without text),
// none when the file has no page tree or needs a password; cut reports text left out to keep within maxPDFText.
func pdfPages(data []byte) (texts []string, cut bool) {
	d := newPDFDoc(data)
	if d.locked {
		return nil, false
	}
	w := &textOut{}
	for _, pg := range d.pages() {
		w.b.Reset()
		w.gap = 0
		if w.cut || d.budget <= 0 {
			texts = append(texts, "")
			continue
		}
		d.readPage(pg, w)
		w.budget += w.b.Len()
		texts = append(texts, w.String())
	}
	return texts, w.cut
}

// readPage writes the text of one page.
func (d *pdfDoc) readPage(pg pdfPage, w *textOut) bool {
	var content []byte
	for _, c := range d.contents(pg.dict["Contents"]) {
		content = append(append(content, c...), '\n') // one stream, as the spec joins them
	}
	if content == nil {
		return false
	}
	w.sep('\n')
	d.run(content, d.dict(pg.res), w, 0)
	return true
}

// Objects as the parser returns them: float64, bool, nil, []byte (a
// string), []any (an array) and the types below.
type (
	pdfName   string
	pdfRef    int // an indirect reference, by object number
	pdfDict   map[pdfName]any
	pdfOp     string // a keyword: an operator in a content stream
	pdfStream struct {
		dict pdfDict
		raw  []byte // as stored, before filters
	}
)

// pdfDoc is a PDF read into its objects, with the budgets that bound the
// work still to do on it.
type pdfDoc struct {
	data      []byte
	objs      map[int]any
	gens      map[int]int // generation numbers, which encryption keys use
	encrypted bool        // the file is encrypted: only its decrypted objects are read
	locked    bool        // encrypted with a password the reader does not have
	fonts     map[pdfRef]*pdfFont
	budget    int // bytes left to inflate and interpret
	codes     int // CMap codes left to map
}

func newPDFDoc(data []byte) *pdfDoc {
	d := &pdfDoc{data: data, objs: map[int]any{}, gens: map[int]int{}, fonts: map[pdfRef]*pdfFont{}, budget: maxPDFBudget, codes: maxCMapCodes}
	d.scanObjects()
	d.locked = !d.decrypt()
	d.expandObjectStreams()
	return d
}

// scanObjects indexes every "N G obj" in the file; a later definition of a
// number replaces an earlier one, as incremental updates intend. The xref
// table is not read: it is often wrong in damaged files, and a scan is
// as fast.
func (d *pdfDoc) scanObjects() {
	for i := 0; len(d.objs) < maxPDFObjects; {
		k := bytes.Index(d.data[i:], []byte("obj"))
		if k < 0 {
			return
		}
		k += i
		i = k + 3
		num, gen, ok := objectNumber(d.data, k)
		if !ok || i < len(d.data) && isRegular(d.data[i]) {
			continue
		}
		p := &pdfParser{s: d.data, i: i}
		d.objs[num] = p.indirect()
		d.gens[num] = gen
		// Never look back: a broken object that swallowed the rest of the
		// file costs one pass, not one pass per "obj" inside it.
		i = max(i, p.i)
	}
}

// objectNumber reads the "N G" before the "obj" at k.
func objectNumber(s []byte, k int) (num, gen int, ok bool) {
	j := k
	digits := func() (int, bool) {
		for j > 0 && isSpace(s[j-1]) {
			j--
		}
		end := j
		for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' && end-j < 10 {
			j--
		}
		n, err := strconv.Atoi(string(s[j:end]))
		return n, err == nil && j < end
	}
	gen, ok = digits()
	if !ok || j == k {
		return 0, 0, false
	}
	num, ok = digits()
	if !ok || j > 0 && isRegular(s[j-1]) {
		return 0, 0, false
	}
	return num, gen, true
}

// expandObjectStreams adds the objects stored inside object streams
// (PDF 1.5, as Word writes), where a number is not already defined in the
// file itself.
func (d *pdfDoc) expandObjectStreams() {
	var nums []int
	for n, v := range d.objs {
		if s, ok := v.(pdfStream); ok && s.dict["Type"] == pdfName("ObjStm") {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	for _, n := range nums {
		d.expandObjectStream(d.objs[n].(pdfStream))
	}
}

func (d *pdfDoc) expandObjectStream(s pdfStream) {
	data := d.streamData(s)
	first, _ := s.dict["First"].(float64)
	count, _ := s.dict["N"].(float64)
	if first < 0 || int(first) > len(data) || count < 0 {
		return
	}
	head := &pdfParser{s: data[:int(first)]}
	type entry struct{ num, off int }
	var entries []entry
	for range min(int(count), maxPDFObjects) {
		num, ok1 := head.object(0).(float64)
		off, ok2 := head.object(0).(float64)
		if !ok1 || !ok2 || off < 0 || int(first)+int(off) > len(data) {
			break
		}
		entries = append(entries, entry{int(num), int(first) + int(off)})
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.off - b.off })
	for i, e := range entries {
		end := len(data)
		if i+1 < len(entries) {
			end = entries[i+1].off // objects do not overlap: parsing stays linear
		}
		if _, ok := d.objs[e.num]; ok || len(d.objs) >= maxPDFObjects {
			continue
		}
		p := &pdfParser{s: data[:end], i: e.off}
		d.objs[e.num] = p.object(0)
	}
}

// resolve follows indirect references to the object they name.
func (d *pdfDoc) resolve(v any) any {
	for range 8 {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		v = d.objs[int(r)]
	}
	return nil
}

func (d *pdfDoc) dict(v any) pdfDict {
	m, _ := d.resolve(v).(pdfDict)
	if s, ok := d.resolve(v).(pdfStream); ok {
		m = s.dict
	}
	return m
}

// streamData returns a stream's bytes with its filters undone, or nil when
// a filter is not FlateDecode or the budget is spent.
func (d *pdfDoc) streamData(s pdfStream) []byte {
	var filters []any
	switch f := d.resolve(s.dict["Filter"]).(type) {
	case pdfName:
		filters = []any{f}
	case []any:
		filters = f
	}
	if parms := d.dict(s.dict["DecodeParms"]); parms != nil {
		if p, _ := parms["Predictor"].(float64); p > 1 {
			return nil // only image and xref streams use predictors
		}
	}
	data := s.raw
	for _, f := range filters {
		if f != pdfName("FlateDecode") && f != pdfName("Fl") {
			return nil
		}
		data = d.inflate(data)
	}
	return data
}

// inflate decompresses FlateDecode data, keeping what it could read.
func (d *pdfDoc) inflate(raw []byte) []byte {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	defer zr.Close()
	out, _ := io.ReadAll(io.LimitReader(zr, int64(min(maxPDFInflated, max(d.budget, 0)))))
	d.budget -= len(out)
	return out
}

// pdfPage is a page with the resources it inherits.
type pdfPage struct {
	dict pdfDict
	res  any
}

// readPages writes the text of every page, in order; it reports false when
// it found no page with contents, so the caller scans streams instead.
func (d *pdfDoc) readPages(w *textOut) bool {
	found := false
	for _, pg := range d.pages() {
		if !d.readPage(pg, w) {
			continue
		}
		found = true
		if w.full() || d.budget <= 0 {
			break
		}
	}
	return found
}

func (d *pdfDoc) contents(v any) [][]byte {
	var out [][]byte
	switch c := d.resolve(v).(type) {
	case pdfStream:
		out = append(out, d.streamData(c))
	case []any:
		for _, e := range c[:min(len(c), maxPDFStreams)] {
			if s, ok := d.resolve(e).(pdfStream); ok {
				out = append(out, d.streamData(s))
			}
		}
	}
	return out
}

// pages lists the pages through the catalog's page tree, or, when no
// catalog leads to any, every /Type /Page object in number order.
func (d *pdfDoc) pages() []pdfPage {
	var catalogs, loose []int
	for n, v := range d.objs {
		switch d.dict(v)["Type"] {
		case pdfName("Catalog"):
			catalogs = append(catalogs, n)
		case pdfName("Page"):
			loose = append(loose, n)
		}
	}
	slices.Sort(catalogs)
	for _, n := range slices.Backward(catalogs) {
		var out []pdfPage
		d.walk(d.dict(d.objs[n])["Pages"], nil, 0, map[pdfRef]bool{}, &out)
		if len(out) > 0 {
			return out
		}
	}
	slices.Sort(loose)
	var out []pdfPage
	for _, n := range loose[:min(len(loose), maxPDFPages)] {
		pg := d.dict(d.objs[n])
		out = append(out, pdfPage{pg, d.inherited(pg)})
	}
	return out
}

// walk appends the pages under a page-tree node.
func (d *pdfDoc) walk(v any, res any, depth int, seen map[pdfRef]bool, out *[]pdfPage) {
	if r, ok := v.(pdfRef); ok {
		if seen[r] {
			return // a cycle in a hostile tree
		}
		seen[r] = true
	}
	node := d.dict(v)
	if node == nil || depth > maxPDFDepth || len(*out) >= maxPDFPages {
		return
	}
	if r, ok := node["Resources"]; ok {
		res = r
	}
	kids, hasKids := d.resolve(node["Kids"]).([]any)
	if node["Type"] == pdfName("Page") || !hasKids {
		*out = append(*out, pdfPage{node, res})
		return
	}
	for _, k := range kids {
		d.walk(k, res, depth+1, seen, out)
	}
}

// inherited finds a loose page's resources, on it or up its /Parent chain.
func (d *pdfDoc) inherited(pg pdfDict) any {
	for range maxPDFDepth {
		if pg == nil {
			return nil
		}
		if r, ok := pg["Resources"]; ok {
			return r
		}
		pg = d.dict(pg["Parent"])
	}
	return nil
}

// readStreams is the reading for files without a usable page tree: every
// stream is taken as a content stream without fonts, and a stream with no
// text operators that is itself readable UTF-8 text (as some simple
// generators write) is taken as it is.
func (d *pdfDoc) readStreams(w *textOut) {
	data := d.data
	for n := 0; n < maxPDFStreams && !w.full() && d.budget > 0; n++ {
		i := bytes.Index(data, []byte("stream"))
		if i < 0 {
			return
		}
		head := data[max(0, bytes.LastIndex(data[:i], []byte("<<"))):i]
		body := data[i+len("stream"):]
		body = bytes.TrimPrefix(body, []byte("\r"))
		body = bytes.TrimPrefix(body, []byte("\n"))
		end := bytes.Index(body, []byte("endstream"))
		if end < 0 {
			return
		}
		data = body[end+len("endstream"):]
		raw := body[:end]
		// The dictionary is read as text: it may be cut or nested here.
		switch {
		case bytes.Contains(head, []byte("/FlateDecode")):
			raw = d.inflate(raw)
		case bytes.Contains(head, []byte("/Filter")):
			continue // images and other filters carry no text layer
		}
		w.sep('\n')
		if !d.run(raw, nil, w, 0) && utf8.Valid(raw) && mostlyText(raw) {
			w.text(string(raw))
		}
	}
}

// mostlyText reports bytes that read as prose: letters and spaces, few
// operators or binary.
func mostlyText(s []byte) bool {
	if len(s) == 0 {
		return false
	}
	letters := 0
	for _, r := range string(s) {
		if r == ' ' || r == '\n' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0xc0 {
			letters++
		}
	}
	return letters*10 >= utf8.RuneCount(s)*8
}

// textOut collects the text, writing a separator only between two pieces
// of text, so that moves without text between them leave no trace.
type textOut struct {
	b   strings.Builder
	gap byte // '\n' or ' ' to write before the next text, or 0
	cut bool // text was left out because the output was full
	// budget is text already written elsewhere that counts against
	// maxPDFText (earlier pages when read one by one).
	budget int
}

// sep asks for a separator before the next text; a new line wins over a space.
func (o *textOut) sep(c byte) {
	if o.gap != '\n' {
		o.gap = c
	}
}

func (o *textOut) text(s string) {
	if s == "" {
		return
	}
	if o.full() {
		o.cut = true
		return
	}
	if o.gap != 0 && o.b.Len() > 0 {
		o.b.WriteByte(o.gap)
	}
	o.gap = 0
	if room := maxPDFText - o.budget - o.b.Len(); len(s) > room {
		o.cut = true
		for room > 0 && !utf8.RuneStart(s[room]) {
			room--
		}
		s = s[:room]
	}
	o.b.WriteString(s)
}

func (o *textOut) full() bool { return o.budget+o.b.Len() >= maxPDFText }

func (o *textOut) String() string { return strings.ToValidUTF8(o.b.String(), " ") }

// textState is what a content stream's interpreter tracks to find words
// and lines: the font, the vertical position of the line matrix, and the
// horizontal positions where a string starts and where the last one
// ended, so that glyph runs placed one by one (as Chromium and Edge print
// them, with a Td before every kerned glyph) join into words.
type textState struct {
	d       *pdfDoc
	w       *textOut
	res     pdfDict
	depth   int
	font    *pdfFont
	y, dy   float64 // line matrix: vertical position, and scale of a text-space move
	leading float64
	lastY   float64
	moved   bool // the text position moved since the last string
	newLine bool // T*, ' or " asked for a new line
	shown   bool // a string was shown in this stream

	// Horizontal positions, in the space the text matrix maps to.
	x, lineX   float64 // text matrix and line matrix: horizontal origin
	a          float64 // text matrix: horizontal scale
	size       float64 // font size (Tf)
	tc, tw, th float64 // character spacing, word spacing, horizontal scaling
	ctm        [6]float64
	saved      [][6]float64 // q … Q
	endX       float64      // where the last string ended, on the device
	endSize    float64      // its font size, on the device
	endKnown   bool         // endX is known: the last string's font gave its widths
}

// run interprets a content stream with the given resources and reports
// whether it had text operators.
func (d *pdfDoc) run(content []byte, res pdfDict, w *textOut, depth int) bool {
	if d.budget <= 0 {
		return false
	}
	d.budget -= len(content)
	t := &textState{d: d, w: w, res: res, depth: depth, dy: 1, a: 1, th: 1, ctm: [6]float64{1, 0, 0, 1, 0, 0}}
	p := &pdfParser{s: content}
	var args []any
	found := false
	for p.i < len(p.s) && !w.full() {
		v := p.object(0)
		op, ok := v.(pdfOp)
		if !ok {
			if len(args) == maxPDFOperands {
				args = args[1:]
			}
			args = append(args, v)
			continue
		}
		switch op {
		case "BI":
			p.skipInlineImage()
		case "Tj", "TJ", "'", "\"":
			found = true
		}
		t.do(op, args)
		args = args[:0]
	}
	return found
}

// do carries out one operator.
func (t *textState) do(op pdfOp, args []any) {
	last := func(k int) any { // the k-th operand from the end
		if len(args) < k {
			return nil
		}
		return args[len(args)-k]
	}
	num := func(k int) float64 { f, _ := last(k).(float64); return f }
	switch op {
	case "BT":
		t.y, t.dy, t.moved = 0, 1, true
		t.x, t.lineX, t.a = 0, 0, 1
	case "Tm":
		t.y, t.dy, t.moved = num(1), num(3), true
		if t.dy == 0 {
			t.dy = 1
		}
		t.lineX, t.a = num(2), num(6)
		t.x = t.lineX
	case "Td", "TD":
		t.y += num(1) * t.dy
		t.lineX += num(2) * t.a
		t.x = t.lineX
		t.moved = true
		if op == "TD" {
			t.leading = -num(1)
		}
	case "TL":
		t.leading = num(1)
	case "T*", "'", "\"":
		t.y -= t.leading * t.dy
		t.x = t.lineX
		t.moved, t.newLine = true, true
	case "Tf":
		name, _ := last(2).(pdfName)
		t.font = t.d.fontNamed(t.res, name)
		t.size = num(1)
	case "Tc":
		t.tc = num(1)
	case "Tw":
		t.tw = num(1)
	case "Tz":
		t.th = num(1) / 100
	case "Do":
		name, _ := last(1).(pdfName)
		t.form(name)
	case "q", "Q", "cm":
		t.graphics(op, num)
	}
	if op == "\"" {
		t.tw, t.tc = num(3), num(2)
	}
	switch op {
	case "Tj", "'", "\"":
		s, _ := last(1).([]byte)
		t.begin()
		t.show(s)
	case "TJ":
		arr, _ := last(1).([]any)
		t.begin()
		for _, e := range arr {
			switch e := e.(type) {
			case []byte:
				t.show(e)
			case float64:
				t.x -= e / 1000 * t.size * t.th * t.a
				if e < -180 { // thousandths of an em: a word's gap, not kerning
					t.w.sep(' ')
				}
			}
		}
		t.end()
	}
}

// graphics keeps the current transformation matrix through q, Q and cm.
func (t *textState) graphics(op pdfOp, num func(int) float64) {
	switch op {
	case "q":
		if len(t.saved) < maxPDFDepth {
			t.saved = append(t.saved, t.ctm)
		}
	case "Q":
		if n := len(t.saved); n > 0 {
			t.ctm, t.saved = t.saved[n-1], t.saved[:n-1]
		}
	case "cm":
		m, c := [6]float64{num(6), num(5), num(4), num(3), num(2), num(1)}, t.ctm
		t.ctm = [6]float64{
			m[0]*c[0] + m[1]*c[2], m[0]*c[1] + m[1]*c[3],
			m[2]*c[0] + m[3]*c[2], m[2]*c[1] + m[3]*c[3],
			m[4]*c[0] + m[5]*c[2] + c[4], m[4]*c[1] + m[5]*c[3] + c[5],
		}
	}
}

// deviceX is the horizontal device position of the text matrix's origin.
func (t *textState) deviceX() float64 { return t.ctm[0]*t.x + t.ctm[2]*t.y + t.ctm[4] }

// show writes a string and moves past it.
func (t *textState) show(s []byte) {
	t.w.text(t.font.decode(s))
	adv, spaces := t.font.advance(s)
	t.x += (adv*t.size + float64(len(s))*t.tc + float64(spaces)*t.tw) * t.th * t.a
	if len(s) > 0 && t.font.hasWidths() {
		t.end()
	} else {
		t.endKnown = false
	}
}

// end records where the string shown last ended.
func (t *textState) end() {
	t.endX = t.deviceX()
	t.endSize = math.Abs(t.size * t.a * t.ctm[0])
	t.endKnown = t.font.hasWidths()
}

// begin puts the separator the moves since the last string call for: a
// new line when the line changed; a space when the text moved along the
// line, unless it moved to where the last string ended, give or take
// kerning (less than maxKernGap of the font size).
func (t *textState) begin() {
	switch {
	case t.shown && (t.newLine || math.Abs(t.y-t.lastY) > 1):
		t.w.sep('\n')
	case t.moved && !t.joins():
		t.w.sep(' ')
	}
	t.lastY, t.moved, t.newLine, t.shown = t.y, false, false, true
}

// maxKernGap is the largest gap between two glyph runs, in ems, that is
// still inside a word: kerning and rounding are hundredths of an em, a
// space a quarter.
const maxKernGap = 0.15

func (t *textState) joins() bool {
	if !t.shown || !t.endKnown || t.endSize == 0 {
		return false
	}
	gap := (t.deviceX() - t.endX) / t.endSize
	if t.ctm[0] < 0 || t.a < 0 {
		gap = -gap
	}
	return gap < maxKernGap && gap > -maxKernGap
}

// form runs a form XObject drawn with Do, in its own resources.
func (t *textState) form(name pdfName) {
	d := t.d
	s, ok := d.resolve(d.dict(t.res["XObject"])[name]).(pdfStream)
	if !ok || s.dict["Subtype"] != pdfName("Form") || t.depth >= maxPDFForms {
		return
	}
	res := d.dict(s.dict["Resources"])
	if res == nil {
		res = t.res
	}
	t.w.sep('\n')
	d.run(d.streamData(s), res, t.w, t.depth+1)
}

// pdfFont is what decoding a font's strings needs.
type pdfFont struct {
	cmap      *cmap // from /ToUnicode; nil when absent or unreadable
	composite bool  // Type0: codes are glyph or CID numbers, not characters
	identity  bool  // Identity-H or -V: every code is two bytes
	ucs2      bool  // a predefined CMap whose codes are UTF-16 (Uni…-UCS2-H, Uni…-UTF16-H)
	// Glyph widths by code, in thousandths of the font size, from
	// /Widths or a descendant font's /W; dw for codes not listed.
	widths map[uint32]float64
	dw     float64
	known  bool // the font gave its widths
}

// fontNamed returns the font a Tf operator names in the resources, or nil.
func (d *pdfDoc) fontNamed(res pdfDict, name pdfName) *pdfFont {
	v := d.dict(res["Font"])[name]
	r, isRef := v.(pdfRef)
	if f, ok := d.fonts[r]; ok && isRef {
		return f
	}
	dict := d.dict(v)
	if dict == nil {
		return nil
	}
	f := &pdfFont{composite: dict["Subtype"] == pdfName("Type0")}
	if enc, ok := d.resolve(dict["Encoding"]).(pdfName); ok && f.composite {
		f.identity = strings.HasPrefix(string(enc), "Identity-")
		f.ucs2 = strings.Contains(string(enc), "UCS2") || strings.Contains(string(enc), "UTF16")
	}
	if s, ok := d.resolve(dict["ToUnicode"]).(pdfStream); ok {
		f.cmap = parseCMap(d.streamData(s), &d.codes)
	}
	d.readWidths(f, dict)
	if isRef {
		d.fonts[r] = f
	}
	return f
}

// readWidths reads a font's glyph widths: /FirstChar and /Widths of a
// simple font, /DW and /W of a composite font's descendant, counting each
// width off the file's CMap budget.
func (d *pdfDoc) readWidths(f *pdfFont, dict pdfDict) {
	f.widths = map[uint32]float64{}
	num := func(v any) (float64, bool) { n, ok := d.resolve(v).(float64); return n, ok }
	if !f.composite {
		first, _ := num(dict["FirstChar"])
		ws, ok := d.resolve(dict["Widths"]).([]any)
		scale := 1.0 // a Type3 font's widths are in its own glyph space
		if m, isArr := d.resolve(dict["FontMatrix"]).([]any); isArr && len(m) > 0 && dict["Subtype"] == pdfName("Type3") {
			a, _ := num(m[0])
			scale = a * 1000
		}
		for i, w := range ws {
			if n, isNum := num(w); isNum && d.codes > 0 && first >= 0 {
				f.widths[uint32(first)+uint32(i)] = n * scale
				d.codes--
			}
		}
		f.known = ok && len(ws) > 0
		return
	}
	descs, _ := d.resolve(dict["DescendantFonts"]).([]any)
	if len(descs) == 0 {
		return
	}
	desc := d.dict(descs[0])
	f.dw, f.known = 1000, desc != nil
	if dw, ok := num(desc["DW"]); ok {
		f.dw = dw
	}
	w, _ := d.resolve(desc["W"]).([]any)
	for i := 0; i+1 < len(w) && d.codes > 0; {
		c, _ := num(w[i])
		if arr, ok := d.resolve(w[i+1]).([]any); ok { // c [w1 w2 …]
			for k, e := range arr {
				if n, ok := num(e); ok && d.codes > 0 {
					f.widths[uint32(c)+uint32(k)] = n
					d.codes--
				}
			}
			i += 2
			continue
		}
		if i+2 >= len(w) { // cfirst clast w
			break
		}
		last, _ := num(w[i+1])
		width, _ := num(w[i+2])
		for code := c; code <= last && code >= 0 && d.codes > 0; code++ {
			f.widths[uint32(code)] = width
			d.codes--
		}
		i += 3
	}
}

// hasWidths reports whether the font's glyph widths are known.
func (f *pdfFont) hasWidths() bool { return f != nil && f.known }

// advance returns the width of a shown string in thousandths of the font
// size, and its count of one-byte spaces (which word spacing widens).
func (f *pdfFont) advance(b []byte) (width float64, spaces int) {
	if !f.hasWidths() {
		return 0, 0
	}
	for i := 0; i < len(b); {
		n := 1
		switch {
		case f.composite && f.cmap != nil:
			n = f.codeLen(b[i:])
		case f.composite:
			n = min(2, len(b)-i)
		case b[i] == ' ':
			spaces++
		}
		w, ok := f.widths[bigEndian(b[i:i+n])]
		if !ok {
			w = f.dw
		}
		width += w / 1000
		i += n
	}
	return width, spaces
}

// decode turns a shown string into text with the font's encoding.
func (f *pdfFont) decode(b []byte) string {
	switch {
	case f == nil || !f.composite && f.cmap == nil:
		return decodePDFString(b)
	case f.cmap == nil && f.ucs2:
		return utf16BE(b)
	case f.cmap == nil:
		return "" // glyph numbers with no map to characters
	}
	var out strings.Builder
	for i := 0; i < len(b); {
		n := f.codeLen(b[i:])
		code := bigEndian(b[i : i+n])
		s, ok := f.cmap.codes[cmapKey(n, code)]
		switch {
		case ok:
			out.WriteString(s)
		case f.composite:
			out.WriteRune(utf8.RuneError) // a glyph the map leaves out
		default:
			out.WriteString(decodePDFString(b[i : i+n]))
		}
		i += n
	}
	return out.String()
}

// codeLen returns the length of the code at the start of b, at least one byte.
func (f *pdfFont) codeLen(b []byte) int {
	n := 1
	switch {
	case f.identity:
		n = 2
	case len(f.cmap.spaces) > 0:
		n = f.cmap.codeLen(b)
	case f.composite:
		n = 2
	}
	return min(n, len(b))
}

// cmap is a parsed ToUnicode CMap.
type cmap struct {
	spaces []codeSpace       // by code length
	codes  map[uint64]string // cmapKey(length, code) → text
}

// codeSpace is one codespace range: codes of n bytes from lo to hi.
type codeSpace struct {
	n      int
	lo, hi uint32
}

func cmapKey(n int, code uint32) uint64 { return uint64(n)<<32 | uint64(code) }

// codeLen finds the shortest codespace range that holds the code at the
// start of b; with none, the shortest length, as readers agree to.
func (c *cmap) codeLen(b []byte) int {
	for _, s := range c.spaces {
		if s.n <= len(b) {
			if code := bigEndian(b[:s.n]); code >= s.lo && code <= s.hi {
				return s.n
			}
		}
	}
	return c.spaces[0].n
}

// parseCMap reads the codespace ranges and the bfchar and bfrange mappings
// of a ToUnicode CMap, mapping at most *budget codes and counting them off.
func parseCMap(data []byte, budget *int) *cmap {
	c := &cmap{codes: map[uint64]string{}}
	p := &pdfParser{s: data}
	var block pdfOp // the begin… keyword of the block being read
	var args []any
	need := map[pdfOp]int{"begincodespacerange": 2, "beginbfchar": 2, "beginbfrange": 3}
	for p.i < len(p.s) {
		v := p.object(0)
		if op, ok := v.(pdfOp); ok {
			block, args = op, args[:0]
			continue
		}
		if need[block] == 0 {
			continue
		}
		if args = append(args, v); len(args) < need[block] {
			continue
		}
		switch block {
		case "begincodespacerange":
			c.addSpace(args[0], args[1])
		case "beginbfchar":
			c.addRange(args[0], args[0], args[1], budget)
		case "beginbfrange":
			c.addRange(args[0], args[1], args[2], budget)
		}
		args = args[:0]
	}
	slices.SortStableFunc(c.spaces, func(a, b codeSpace) int { return a.n - b.n })
	return c
}

func (c *cmap) addSpace(lo, hi any) {
	l, ok1 := lo.([]byte)
	h, ok2 := hi.([]byte)
	if ok1 && ok2 && len(l) == len(h) && len(l) >= 1 && len(l) <= 4 && len(c.spaces) < 64 {
		c.spaces = append(c.spaces, codeSpace{len(l), bigEndian(l), bigEndian(h)})
	}
}

// addRange maps the codes lo…hi: from one destination whose last UTF-16
// unit counts up with the code, or from an array of one destination per code.
func (c *cmap) addRange(lo, hi, dst any, budget *int) {
	l, ok1 := lo.([]byte)
	h, ok2 := hi.([]byte)
	if !ok1 || !ok2 || len(l) != len(h) || len(l) < 1 || len(l) > 4 {
		return
	}
	first, last := bigEndian(l), bigEndian(h)
	for code := first; code >= first && code <= last && *budget > 0; code++ {
		k := int(code - first)
		var s []byte
		switch d := dst.(type) {
		case []byte:
			s = bytes.Clone(d[:min(len(d), maxCMapDest)])
			if n := len(s); n >= 2 {
				u := (int(s[n-2])<<8 | int(s[n-1])) + k
				s[n-2], s[n-1] = byte(u>>8), byte(u)
			}
		case []any:
			if k < len(d) {
				s, _ = d[k].([]byte)
			}
		}
		if s != nil {
			c.codes[cmapKey(len(l), code)] = cmapText(s)
		}
		*budget--
		if code == math.MaxUint32 {
			break
		}
	}
}

// cmapText decodes a destination: UTF-16BE, surrogate pairs included;
// control characters become spaces.
func cmapText(b []byte) string {
	if len(b) == 1 {
		b = []byte{0, b[0]}
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == 0:
			return -1
		case r < ' ':
			return ' '
		}
		return r
	}, utf16BE(b[:min(len(b), maxCMapDest)]))
}

func utf16BE(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

func bigEndian(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

// pdfParser reads PDF objects from s, starting at i. Every call consumes
// at least one byte until the end, so loops over it terminate.
type pdfParser struct {
	s []byte
	i int
}

// pdfClass sorts bytes the way PDF's lexer does: white space, delimiters,
// and the regular bytes of operators, numbers and names.
var pdfClass = func() (c [256]byte) {
	for i := range c {
		c[i] = 'r'
	}
	for _, b := range []byte(" \n\r\t\f\x00") {
		c[b] = 's'
	}
	for _, b := range []byte("()<>[]{}/%") {
		c[b] = 'd'
	}
	return c
}()

func isSpace(c byte) bool { return pdfClass[c] == 's' }

// isRegular reports a byte that is part of an operator, number or name:
// not a delimiter or white space.
func isRegular(c byte) bool { return pdfClass[c] == 'r' }

func (p *pdfParser) skipSpace() {
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case isSpace(c):
			p.i++
		case c == '%':
			for p.i < len(p.s) && p.s[p.i] != '\n' && p.s[p.i] != '\r' {
				p.i++
			}
		default:
			return
		}
	}
}

// object reads one object; nested ones deeper than maxPDFDepth are read as
// their parts, which keeps the recursion bounded.
func (p *pdfParser) object(depth int) any {
	p.skipSpace()
	if p.i >= len(p.s) {
		return nil
	}
	c := p.s[p.i]
	switch {
	case c == '/':
		return p.name()
	case c == '(':
		b, n := literalString(p.s[p.i:])
		p.i += n
		return b
	case c == '<' && p.i+1 < len(p.s) && p.s[p.i+1] == '<':
		p.i += 2
		if depth >= maxPDFDepth {
			return nil
		}
		return p.dict(depth + 1)
	case c == '<':
		b, n := hexString(p.s[p.i:])
		p.i += n
		return b
	case c == '[':
		p.i++
		if depth >= maxPDFDepth {
			return nil
		}
		return p.array(depth + 1)
	case !isRegular(c): // a stray delimiter
		p.i++
		return pdfOp(c)
	}
	start := p.i
	for p.i < len(p.s) && isRegular(p.s[p.i]) {
		p.i++
	}
	tok := string(p.s[start:p.i])
	if strings.Trim(tok, "0123456789+-.") != "" {
		return pdfOp(tok)
	}
	n, err := strconv.ParseFloat(tok, 64)
	if err != nil {
		return pdfOp(tok)
	}
	if r, ok := p.ref(tok); ok {
		return r
	}
	return n
}

// ref reads the "G R" after an object number, if they follow.
func (p *pdfParser) ref(tok string) (pdfRef, bool) {
	num, err := strconv.Atoi(tok)
	if err != nil || num < 0 {
		return 0, false
	}
	save := p.i
	p.skipSpace()
	j := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	if p.i > j && p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == 'R' && (p.i+1 == len(p.s) || !isRegular(p.s[p.i+1])) {
			p.i++
			return pdfRef(num), true
		}
	}
	p.i = save
	return 0, false
}

func (p *pdfParser) name() pdfName {
	p.i++
	var b []byte
	for p.i < len(p.s) && isRegular(p.s[p.i]) {
		c := p.s[p.i]
		if c == '#' && p.i+2 < len(p.s) {
			if h, ok := hexVal(p.s[p.i+1]); ok {
				if l, ok := hexVal(p.s[p.i+2]); ok {
					c = h<<4 | l
					p.i += 2
				}
			}
		}
		b = append(b, c)
		p.i++
	}
	return pdfName(b)
}

// ends reports a keyword that closes an object, which an unclosed array or
// dictionary must not swallow.
func ends(v any) bool {
	op, ok := v.(pdfOp)
	return ok && (op == "endobj" || op == "stream" || op == "endstream" || op == "obj")
}

func (p *pdfParser) dict(depth int) pdfDict {
	d := pdfDict{}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return d
		}
		if p.s[p.i] == '>' {
			p.i = min(p.i+2, len(p.s))
			return d
		}
		save := p.i
		k := p.object(depth)
		if ends(k) {
			p.i = save
			return d
		}
		key, ok := k.(pdfName)
		if !ok {
			continue
		}
		save = p.i
		if v := p.object(depth); ends(v) {
			p.i = save
			return d
		} else {
			d[key] = v
		}
	}
}

func (p *pdfParser) array(depth int) []any {
	a := []any{}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return a
		}
		if p.s[p.i] == ']' {
			p.i++
			return a
		}
		save := p.i
		v := p.object(depth)
		if ends(v) {
			p.i = save
			return a
		}
		a = append(a, v)
	}
}

// indirect reads the object after "N G obj": a stream when "stream"
// follows its dictionary.
func (p *pdfParser) indirect() any {
	v := p.object(0)
	dict, ok := v.(pdfDict)
	if !ok {
		return v
	}
	p.skipSpace()
	if !bytes.HasPrefix(p.s[p.i:], []byte("stream")) {
		return v
	}
	start := p.i + len("stream")
	if bytes.HasPrefix(p.s[start:], []byte("\r\n")) {
		start += 2
	} else if start < len(p.s) && (p.s[start] == '\n' || p.s[start] == '\r') {
		start++
	}
	// Trust /Length when "endstream" is where it says; else look for it.
	if n, ok := dict["Length"].(float64); ok && n >= 0 && n <= float64(len(p.s)-start) {
		end := start + int(n)
		q := &pdfParser{s: p.s, i: end}
		q.skipSpace()
		if bytes.HasPrefix(p.s[q.i:], []byte("endstream")) {
			p.i = q.i + len("endstream")
			return pdfStream{dict, p.s[start:end]}
		}
	}
	end := bytes.Index(p.s[start:], []byte("endstream"))
	if end < 0 {
		p.i = len(p.s)
		return pdfStream{dict, p.s[start:]}
	}
	p.i = start + end + len("endstream")
	return pdfStream{dict, p.s[start : start+end]}
}

// skipInlineImage moves past an inline image's data, after "BI": its
// parameters up to "ID", then binary bytes up to "EI" between white space.
func (p *pdfParser) skipInlineImage() {
	for p.i < len(p.s) {
		if op, ok := p.object(0).(pdfOp); ok && op == "ID" {
			break
		}
	}
	for p.i++; p.i+2 <= len(p.s); p.i++ {
		if p.s[p.i] == 'E' && p.s[p.i+1] == 'I' && isSpace(p.s[p.i-1]) &&
			(p.i+2 == len(p.s) || !isRegular(p.s[p.i+2])) {
			p.i += 2
			return
		}
	}
	p.i = len(p.s)
}

// literalString reads a PDF (…) string starting at s[0] and returns its
// bytes with the number of bytes it took.
func literalString(s []byte) ([]byte, int) {
	b := []byte{}
	depth := 0
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(':
			depth++
			if depth == 1 {
				continue
			}
		case c == ')':
			depth--
			if depth == 0 {
				return b, i + 1
			}
		case c == '\\' && i+1 < len(s):
			i++
			var ok bool
			if c, ok = unescapeByte(s, &i); !ok {
				continue
			}
		}
		b = append(b, c)
	}
	return b, i
}

// unescapeByte reads the escape after a backslash at s[*i]; false for a line
// continuation, which stands for nothing.
func unescapeByte(s []byte, i *int) (byte, bool) {
	switch e := s[*i]; e {
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v := 0
		for k := 0; k < 3 && *i < len(s) && s[*i] >= '0' && s[*i] <= '7'; k++ {
			v = v*8 + int(s[*i]-'0')
			*i++
		}
		*i--
		return byte(v), true
	case '\r':
		if *i+1 < len(s) && s[*i+1] == '\n' {
			*i++
		}
		return 0, false
	case '\n':
		return 0, false
	default:
		return e, true
	}
}

// hexString reads a PDF <…> string starting at s[0].
func hexString(s []byte) ([]byte, int) {
	end := bytes.IndexByte(s, '>')
	if end < 0 {
		end = len(s)
	}
	b := []byte{}
	hi, half := byte(0), false
	for _, c := range s[1:end] {
		v, ok := hexVal(c)
		if !ok {
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		b = append(b, hi<<4)
	}
	return b, min(end+1, len(s))
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodePDFString turns the bytes of a string in a font without a Unicode
// map into text: UTF-16BE with a BOM, else UTF-8 when valid, else Latin-1
// (PDFDocEncoding and WinAnsi agree with it for letters).
func decodePDFString(b []byte) string {
	if len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff {
		return utf16BE(b[2:])
	}
	if utf8.Valid(b) {
		return string(b)
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
