package search

import (
	"bytes"
	"compress/zlib"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PDF text extraction, small on purpose: it reads the text layer of the
// content streams most office software writes (uncompressed or
// FlateDecode-compressed, text shown with Tj, TJ, ' and ") and ignores
// everything else. It never fails: a PDF it cannot read gives less text.
// Fonts with custom encodings (Identity-H without a decodable string) give
// nothing useful; docs/search.md says why no library is used.

// Limits that keep a hostile or huge PDF cheap.
const (
	maxPDFText     = 256 << 10 // text kept per attachment
	maxPDFInflated = 8 << 20   // inflated bytes per stream
	maxPDFStreams  = 4096
)

// pdfText returns the text layer of a PDF, at most maxPDFText bytes.
func pdfText(data []byte) string {
	var out strings.Builder
	for n := 0; n < maxPDFStreams && out.Len() < maxPDFText; n++ {
		i := bytes.Index(data, []byte("stream"))
		if i < 0 {
			break
		}
		dict := data[max(0, bytes.LastIndex(data[:i], []byte("<<"))):i]
		body := data[i+len("stream"):]
		body = bytes.TrimPrefix(body, []byte("\r"))
		body = bytes.TrimPrefix(body, []byte("\n"))
		end := bytes.Index(body, []byte("endstream"))
		if end < 0 {
			break
		}
		raw := body[:end]
		data = body[end+len("endstream"):]
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			raw = inflate(raw)
		} else if bytes.Contains(dict, []byte("/Filter")) {
			continue // images and other filters carry no text layer
		}
		streamText(&out, raw)
	}
	s := out.String()
	if len(s) > maxPDFText {
		s = s[:maxPDFText]
	}
	return strings.ToValidUTF8(s, " ")
}

// inflate decompresses a FlateDecode stream, keeping what it could read.
func inflate(raw []byte) []byte {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	defer zr.Close()
	out, _ := io.ReadAll(io.LimitReader(zr, maxPDFInflated))
	return out
}

// streamText appends the strings shown by text operators in a content
// stream. A stream with no text operators that is itself readable UTF-8
// text (as some simple generators write) is taken as it is.
func streamText(out *strings.Builder, s []byte) {
	found := false
	var pending []string // strings since the last operator
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '(':
			str, n := literalString(s[i:])
			pending = append(pending, str)
			i += n
		case c == '<' && i+1 < len(s) && s[i+1] != '<':
			str, n := hexString(s[i:])
			pending = append(pending, str)
			i += n
		case c == '%':
			for i < len(s) && s[i] != '\n' && s[i] != '\r' {
				i++
			}
		case isRegular(c):
			j := i
			for j < len(s) && isRegular(s[j]) {
				j++
			}
			op := string(s[i:j])
			if n, err := strconv.ParseFloat(op, 64); err == nil {
				// An operand, or a kerning inside a TJ array, where a wide
				// negative one stands for the space between words.
				if n < -180 && len(pending) > 0 {
					pending = append(pending, " ")
				}
				i = j
				continue
			}
			switch op {
			case "Tj", "TJ", "'", "\"":
				found = true
				for _, p := range pending {
					out.WriteString(p)
				}
				out.WriteByte(' ')
			case "ET", "Td", "TD", "T*", "Tm":
				out.WriteByte(' ')
			}
			pending = pending[:0]
			i = j
		default:
			i++
		}
	}
	if !found && utf8.Valid(s) && mostlyText(s) {
		out.Write(s)
		out.WriteByte(' ')
	}
}

// isRegular reports a byte that is part of an operator or a name, not a
// delimiter or white space.
func isRegular(c byte) bool {
	return c > ' ' && strings.IndexByte("()<>[]{}/%", c) < 0 && c < 0x7f
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

// literalString decodes a PDF (…) string starting at s[0] and returns it
// with the bytes it took. Bytes are read as PDFDocEncoding / WinAnsi, which
// agree with Latin-1 for letters; UTF-16 strings (with a BOM) are decoded.
func literalString(s []byte) (string, int) {
	var b []byte
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
				return decodePDFString(b), i + 1
			}
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; e {
			case 'n', 'r', 't', 'b', 'f':
				c = ' '
			case '0', '1', '2', '3', '4', '5', '6', '7':
				v := 0
				for k := 0; k < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; k++ {
					v = v*8 + int(s[i]-'0')
					i++
				}
				i--
				c = byte(v)
			case '\n', '\r':
				continue
			default:
				c = e
			}
		}
		b = append(b, c)
	}
	return decodePDFString(b), i
}

// hexString decodes a PDF <…> string starting at s[0].
func hexString(s []byte) (string, int) {
	end := bytes.IndexByte(s, '>')
	if end < 0 {
		return "", len(s)
	}
	var b []byte
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
	return decodePDFString(b), end + 1
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

// decodePDFString turns string bytes into text: UTF-16BE with a BOM, else
// UTF-8 when valid and non-ASCII, else Latin-1.
func decodePDFString(b []byte) string {
	if len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff {
		var r []rune
		for i := 2; i+1 < len(b); i += 2 {
			r = append(r, rune(b[i])<<8|rune(b[i+1]))
		}
		return string(r)
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
