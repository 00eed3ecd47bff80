package crawl

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
)

// sniffLen is how many leading bytes the sniffer looks at.
const sniffLen = 512

// sniff names what the leading bytes are: http.DetectContentType, plus the
// magic numbers it lacks that public offices publish (old Word and Excel).
func sniff(head []byte) string {
	if bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return "application/x-ole-storage"
	}
	t := http.DetectContentType(head)
	if strings.HasPrefix(t, "text/xml") && looksLikeHTML(head) {
		return "text/html; charset=utf-8"
	}
	return t
}

// looksLikeHTML finds an <html element in XHTML that starts with <?xml.
func looksLikeHTML(head []byte) bool {
	return bytes.Contains(bytes.ToLower(head), []byte("<html"))
}

// isHTML decides whether links may be searched for in a body: the bytes
// must be text and either sniff as HTML or be text declared as HTML. A PDF
// declared text/html is not HTML; HTML declared octet-stream is.
func isHTML(declared, sniffed string) bool {
	st, _, _ := mime.ParseMediaType(sniffed)
	switch st {
	case "text/html":
		return true
	case "text/plain", "text/xml":
		return declared == "text/html" || declared == "application/xhtml+xml"
	}
	return false
}

// mediaType splits a Content-Type header into media type and charset.
func mediaType(header string) (string, string) {
	if header == "" {
		return "", ""
	}
	t, params, err := mime.ParseMediaType(header)
	if err != nil {
		t, _, _ = strings.Cut(header, ";")
		return strings.ToLower(strings.TrimSpace(t)), ""
	}
	return t, params["charset"]
}
