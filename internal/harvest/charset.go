package harvest

import (
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Charset names the decoder a page was read with.
type Charset string

// The character sets Polish bulletins are served in.
const (
	UTF8        Charset = "utf-8"
	DoubleUTF8  Charset = "utf-8, double-encoded" // UTF-8 read as a one-byte charset and saved as UTF-8 again ("Å‚" for "ł")
	ISO88592    Charset = "iso-8859-2"
	Windows1250 Charset = "windows-1250"
)

var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_-]+)`)

// declaredCharset is what the header, else a <meta> tag, says; "" when nothing does.
func declaredCharset(contentType string, body []byte) Charset {
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		return normalCharset(params["charset"])
	}
	if m := metaCharsetRE.FindSubmatch(body[:min(len(body), 4096)]); m != nil {
		return normalCharset(string(m[1]))
	}
	return ""
}

func normalCharset(s string) Charset {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "utf-8", "utf8":
		return UTF8
	case "iso-8859-2", "iso8859-2", "latin2", "l2", "iso_8859-2":
		return ISO88592
	case "windows-1250", "cp1250", "x-cp1250":
		return Windows1250
	}
	return Charset(strings.ToLower(s))
}

// Decode returns the page's text in UTF-8 and the charset it was read
// with. The declaration is a hint, not the truth: bytes that are valid
// UTF-8 are read as UTF-8 whatever is declared (a Latin-2 page of Polish
// text is practically never valid UTF-8), and bytes that are not are read
// as whichever of ISO-8859-2 and Windows-1250 gives more Polish letters.
func Decode(body []byte, contentType string) (string, Charset) {
	body = trimBOM(body)
	if utf8.Valid(body) {
		if fixed, ok := undouble(string(body)); ok {
			return fixed, DoubleUTF8
		}
		return string(body), UTF8
	}
	declared := declaredCharset(contentType, body)
	iso, _ := charmap.ISO8859_2.NewDecoder().Bytes(body)
	win, _ := charmap.Windows1250.NewDecoder().Bytes(body)
	si, sw := polishScore(iso), polishScore(win)
	switch {
	case sw > si:
		return string(win), Windows1250
	case si > sw:
		return string(iso), ISO88592
	case declared == Windows1250:
		return string(win), Windows1250
	}
	return string(iso), ISO88592
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// polishScore counts Polish letters minus characters no Polish text has
// (C1 controls, the Czech and Slovak letters the two tables swap in).
func polishScore(b []byte) int {
	score := 0
	for _, r := range string(b) {
		switch {
		case strings.ContainsRune("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", r):
			score++
		case r >= 0x80 && r < 0xA0, strings.ContainsRune("šťžŠŤŽĽľ±¶ˇ", r):
			score -= 2
		}
	}
	return score
}

// undouble repairs text whose UTF-8 was once read as Latin-1 (a MySQL
// "latin1" column, the usual case), Windows-1252, Windows-1250 or
// ISO-8859-2 and written out as UTF-8 again; where that reading lost
// bytes (Windows-1250 has no 0x81, so "Ł" is gone) nothing is repaired. It only
// answers when the whole text turns back into valid UTF-8 with more Polish
// letters, so a page that is only partly garbled stays as it is.
func undouble(s string) (string, bool) {
	if !strings.ContainsAny(s, "ÄÅÃĹĂ") {
		return "", false
	}
	base := polishScore([]byte(s))
	for _, cm := range []*charmap.Charmap{charmap.ISO8859_1, charmap.Windows1252, charmap.Windows1250, charmap.ISO8859_2} {
		b, err := cm.NewEncoder().String(s)
		if err != nil || !utf8.ValidString(b) {
			continue
		}
		if polishScore([]byte(b)) > base+2 {
			return b, true
		}
	}
	return "", false
}
