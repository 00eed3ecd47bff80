package attachment

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"
	"unicode/utf16"
)

// biffRecord is one BIFF8 record: its type and its body.
func biffRecord(typ uint16, body []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, typ)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(body)))
	return append(b, body...)
}

// biffString is a BIFF8 string in UTF-16LE, with a length of lenBytes bytes.
func biffString(s string, lenBytes int) []byte {
	u := utf16.Encode([]rune(s))
	var b []byte
	if lenBytes == 1 {
		b = []byte{byte(len(u))}
	} else {
		b = binary.LittleEndian.AppendUint16(nil, uint16(len(u)))
	}
	b = append(b, 1) // UTF-16
	for _, c := range u {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

// xlsWorkbook is a BIFF8 workbook stream of one sheet named name whose
// rows of cells are shared strings.
func xlsWorkbook(name string, rows [][]string) []byte {
	bof := func(kind uint16) []byte {
		return biffRecord(0x0809, []byte{0, 6, byte(kind), byte(kind >> 8), 0, 0, 0xcc, 0x07, 0, 0, 0, 0, 6, 0, 0, 0})
	}
	var strs []string
	index := map[string]int{}
	for _, r := range rows {
		for _, c := range r {
			if _, ok := index[c]; !ok {
				index[c] = len(strs)
				strs = append(strs, c)
			}
		}
	}
	sst := binary.LittleEndian.AppendUint32(nil, uint32(len(strs)))
	sst = binary.LittleEndian.AppendUint32(sst, uint32(len(strs)))
	for _, s := range strs {
		sst = append(sst, biffString(s, 2)...)
	}
	codepage := biffRecord(0x0042, []byte{0xb0, 0x04}) // 1200: UTF-16
	sheetName := biffString(name, 1)
	boundLen := 4 + 6 + 2 + len(sheetName)
	globals := append(append(bof(5), codepage...), biffRecord(0x00fc, sst)...)
	sheetAt := len(globals) + boundLen + 4 // after BOUNDSHEET and EOF
	bound := binary.LittleEndian.AppendUint32(nil, uint32(sheetAt))
	bound = append(append(bound, 0, 0), sheetName...)
	globals = append(append(globals, biffRecord(0x0085, bound)...), biffRecord(0x000a, nil)...)
	sheet := bof(0x10)
	for r, row := range rows {
		for c, cell := range row {
			body := binary.LittleEndian.AppendUint16(nil, uint16(r))
			body = binary.LittleEndian.AppendUint16(body, uint16(c))
			body = binary.LittleEndian.AppendUint16(body, 0)
			body = binary.LittleEndian.AppendUint32(body, uint32(index[cell]))
			sheet = append(sheet, biffRecord(0x00fd, body)...)
		}
	}
	sheet = append(sheet, biffRecord(0x000a, nil)...)
	return append(globals, sheet...)
}

// oleFile wraps a stream named name in a Compound File (version 3,
// 512-byte sectors): sector 0 the FAT, sector 1 the directory, then the
// stream, padded to 4096 bytes so it lives in the FAT, not the mini stream.
func oleFile(name string, stream []byte) []byte {
	const sector = 512
	size := len(stream)
	if size < 4096 {
		stream = append(stream, make([]byte, 4096-size)...)
		size = 4096
	}
	n := (len(stream) + sector - 1) / sector
	stream = append(stream, make([]byte, n*sector-len(stream))...)
	le := binary.LittleEndian
	head := make([]byte, sector)
	copy(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	le.PutUint16(head[24:], 0x3e)
	le.PutUint16(head[26:], 3)
	le.PutUint16(head[28:], 0xfffe)
	le.PutUint16(head[30:], 9)
	le.PutUint16(head[32:], 6)
	le.PutUint32(head[44:], 1) // FAT sectors
	le.PutUint32(head[48:], 1) // first directory sector
	le.PutUint32(head[56:], 4096)
	le.PutUint32(head[60:], 0xfffffffe)
	le.PutUint32(head[68:], 0xfffffffe)
	for i := 76; i < sector; i += 4 {
		le.PutUint32(head[i:], 0xffffffff)
	}
	le.PutUint32(head[76:], 0) // the FAT is sector 0
	fat := make([]byte, sector)
	for i := range sector / 4 {
		le.PutUint32(fat[4*i:], 0xffffffff)
	}
	le.PutUint32(fat[0:], 0xfffffffd)
	le.PutUint32(fat[4:], 0xfffffffe)
	for i := range n {
		next := uint32(3 + i)
		if i == n-1 {
			next = 0xfffffffe
		}
		le.PutUint32(fat[4*(2+i):], next)
	}
	entry := func(name string, typ byte, child, start uint32, size int) []byte {
		e := make([]byte, 128)
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			le.PutUint16(e[2*i:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], 0xffffffff)
		le.PutUint32(e[72:], 0xffffffff)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], uint32(size))
		return e
	}
	dir := append(entry("Root Entry", 5, 1, 0xfffffffe, 0), entry(name, 2, 0xffffffff, 2, size)...)
	empty := entry("", 0, 0xffffffff, 0, 0)
	empty[67] = 0
	dir = append(append(dir, empty...), empty...)
	return bytes.Join([][]byte{head, fat, dir, stream}, nil)
}

// TestPublishTextXLS reads a generated XLS with the real xls2csv.
func TestPublishTextXLS(t *testing.T) {
	needTool(t, "xls2csv")
	data := oleFile("Workbook", xlsWorkbook("Arkusz1", [][]string{{"Lp.", "Nazwa"}, {"1", "Żłobek nr 2"}}))
	got, err := PublishText(context.Background(), "application/vnd.ms-excel", "wykaz.xls", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Lp.\tNazwa\n1\tŻłobek nr 2\n\n"; got != (Text{Text: want}) {
		t.Errorf("got {%v %q}, want %q", got.Status, got.Text, want)
	}
}

// wordDocument is a Word 97 WordDocument stream: a FIB whose text runs
// from fcMin to fcMac, in one-byte (cp1252) characters, "\r" ending
// paragraphs and "\a" ending table cells and rows.
func wordDocument(text string) []byte {
	ws := make([]byte, 0x400)
	binary.LittleEndian.PutUint16(ws[0:], 0xa5ec) // wIdent
	binary.LittleEndian.PutUint16(ws[2:], 0x00c1) // nFib: Word 97
	binary.LittleEndian.PutUint32(ws[0x18:], 0x400)
	binary.LittleEndian.PutUint32(ws[0x1c:], uint32(0x400+len(text)))
	return append(ws, text...)
}

// TestPublishTextDOC reads a generated DOC with the real catdoc.
func TestPublishTextDOC(t *testing.T) {
	needTool(t, "catdoc")
	data := oleFile("WordDocument", wordDocument("Uchwala nr 5 caf\xe9\rLp.\aNazwa\a\a1\aZlobek\a\aKoniec\r"))
	got, err := PublishText(context.Background(), "application/msword", "uchwala.doc", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Uchwala nr 5 café\n\nLp.\tNazwa\n1\tZlobek\n\nKoniec\n"; got != (Text{Text: want}) {
		t.Errorf("got {%v %q}, want %q", got.Status, got.Text, want)
	}
}
