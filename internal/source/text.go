package source

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

var utf8BOM = []byte("\ufeff")

// decodeText turns a file's bytes into UTF-8 text with "\n" line ends,
// warning about what it had to repair. Old Polish CMS exports are often
// Windows-1250; a file with stray bad bytes in otherwise good UTF-8 gets
// U+FFFD in their place instead.
func decodeText(b []byte, d *diag) []byte {
	b = bytes.TrimPrefix(b, utf8BOM)
	if !utf8.Valid(b) {
		line := lineOf(b, firstInvalid(b))
		if looksWindows1250(b) {
			if dec, err := charmap.Windows1250.NewDecoder().Bytes(b); err == nil {
				d.warn(line, "file is not UTF-8; read it as Windows-1250 — save it as UTF-8 to be sure")
				b = dec
			}
		}
		if !utf8.Valid(b) {
			d.warn(line, "invalid UTF-8 replaced by U+FFFD (\ufffd); save the file as UTF-8")
			b = bytes.ToValidUTF8(b, []byte("\ufffd"))
		}
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	if at := mojibake(b); at >= 0 {
		d.warn(lineOf(b, at), "text looks double-encoded (like %q for \"ą\"); it was saved in the wrong encoding — fix the source text", "Ä…")
	}
	return b
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// looksWindows1250 reports whether invalid byte sequences outnumber valid
// multi-byte characters: then the file was never UTF-8 at all.
func looksWindows1250(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return invalid > valid
}

// lineOf returns the 1-based line of byte offset at.
func lineOf(b []byte, at int) int {
	if at < 0 || at > len(b) {
		return 0
	}
	return bytes.Count(b[:at], []byte("\n")) + 1
}

// mojibakeMarks are Polish letters whose UTF-8 bytes were read as
// Windows-1250 or Latin-1 and saved again as UTF-8.
var mojibakeMarks = [][]byte{
	[]byte("Ä…"), []byte("Ä™"), []byte("Ä‡"), []byte("Ĺ‚"), []byte("Ĺ„"), []byte("Ăł"),
	[]byte("Ĺ›"), []byte("Ĺş"), []byte("Ĺź"), []byte("Å‚"), []byte("Ã³"), []byte("Å›"),
	[]byte("Å¼"), []byte("Å„"),
}

// mojibake returns the offset of the first double-encoded letter, or -1.
func mojibake(b []byte) int {
	for i := 0; i < len(b); i++ {
		if c := b[i]; c != 0xC3 && c != 0xC4 {
			continue
		}
		for _, m := range mojibakeMarks {
			if bytes.HasPrefix(b[i:], m) {
				return i
			}
		}
	}
	return -1
}
