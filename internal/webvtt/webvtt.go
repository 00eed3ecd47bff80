package webvtt

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Valid reports whether data starts as a WebVTT file must: an optional
// byte-order mark, then "WEBVTT" followed by the end of the line, a space
// or a tab.
func Valid(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !bytes.HasPrefix(data, []byte("WEBVTT")) {
		return false
	}
	rest := data[len("WEBVTT"):]
	return len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' || rest[0] == ' ' || rest[0] == '\t'
}

// maxCues bounds the cues read: a few hours of captions.
const maxCues = 10000

// Text returns the text of each cue of a WebVTT file, in order, with its
// markup (voice spans, italics, timestamps) removed and its lines joined by
// a space. The header and NOTE, STYLE and REGION blocks are skipped. Bytes
// that are not WebVTT, or not UTF-8, give nothing.
func Text(data []byte) []string {
	if !Valid(data) || !utf8.Valid(data) {
		return nil
	}
	s := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
	var out []string
	for i, block := range strings.Split(s, "\n\n") {
		if i == 0 || len(out) >= maxCues {
			continue // the header block
		}
		if t := cueText(block); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// cueText is the text of one block: the lines after its timing line, or ""
// for a block that is not a cue.
func cueText(block string) string {
	lines := strings.Split(strings.Trim(block, "\n"), "\n")
	timing := -1
	for i, l := range lines {
		if strings.Contains(l, "-->") {
			timing = i
			break
		}
	}
	if timing < 0 || timing > 1 {
		return "" // NOTE, STYLE, REGION or junk
	}
	var parts []string
	for _, l := range lines[timing+1:] {
		if l = strings.TrimSpace(stripTags(l)); l != "" {
			parts = append(parts, l)
		}
	}
	return unescape(strings.Join(parts, " "))
}

// stripTags removes <…> spans: <v Anna>, <i>, </i>, <00:01.000>.
func stripTags(s string) string {
	var b strings.Builder
	for {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:lt])
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 {
			return b.String()
		}
		s = s[lt+gt+1:]
	}
}

// unescape decodes the character references WebVTT defines.
var unescape = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&lrm;", "\u200e", "&rlm;", "\u200f", "&nbsp;", "\u00a0").Replace
