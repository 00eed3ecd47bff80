package attachment

import (
	"path"
	"strings"
)

// TextKind says how the app reads the text of a type of file.
type TextKind uint8

// The ways of reading text.
const (
	NoText    TextKind = iota // the app reads no text of the type (Word, images, archives, HTML, …)
	PDFLayer                  // the text layer of a PDF (see PDFText)
	PlainText                 // a UTF-8 text file (plain text, CSV, Markdown), taken as it is
	Office                    // an office document the app reads itself: DOCX, ODT, XLSX, ODS, RTF
	// ToolText is an old binary office format (DOC, XLS) whose text only
	// an external program reads, on the machine that builds bundles (see
	// PublishText); the reader itself finds none.
	ToolText
)

// Type is one type of file that bulletins publish.
type Type struct {
	Label string   // the type as people see it: "PDF", "DOCX"
	MIME  string   // the MIME type a bundle records for the type's files
	Exts  []string // file name extensions, lower case with the dot
	// Serve is the Content-Type the reader serves the type's files with;
	// empty serves them as bytes to download (application/octet-stream),
	// so that published HTML, SVG or scripts never run in the app's origin.
	Serve  string
	Inline bool // a browser may show the file itself instead of saving it
	Text   TextKind
}

// OctetStream is the MIME type of bytes of no known type.
const OctetStream = "application/octet-stream"

// types is the one table of file types. A fixed table, not
// mime.TypeByExtension: the system's tables differ between the machines
// that build bundles, and bundles must not. Where two types share a MIME
// type, the first one names it.
var types = []Type{
	{Label: "PDF", MIME: "application/pdf", Exts: []string{".pdf"}, Serve: "application/pdf", Inline: true, Text: PDFLayer},
	{Label: "TXT", MIME: "text/plain; charset=utf-8", Exts: []string{".txt"}, Serve: "text/plain; charset=utf-8", Inline: true, Text: PlainText},
	{Label: "CSV", MIME: "text/csv", Exts: []string{".csv"}, Serve: "text/csv; charset=utf-8", Text: PlainText},
	{Label: "CSV", MIME: "application/csv", Text: PlainText}, // another name some programs give CSV
	{Label: "MD", MIME: "text/markdown; charset=utf-8", Exts: []string{".md"}, Text: PlainText},
	{Label: "JPG", MIME: "image/jpeg", Exts: []string{".jpg", ".jpeg"}, Serve: "image/jpeg", Inline: true},
	{Label: "PNG", MIME: "image/png", Exts: []string{".png"}, Serve: "image/png", Inline: true},
	{Label: "GIF", MIME: "image/gif", Exts: []string{".gif"}, Serve: "image/gif", Inline: true},
	{Label: "WEBP", MIME: "image/webp", Exts: []string{".webp"}, Serve: "image/webp", Inline: true},
	{Label: "SVG", MIME: "image/svg+xml", Exts: []string{".svg"}},
	{Label: "TIFF", MIME: "image/tiff", Exts: []string{".tif", ".tiff"}},
	{Label: "DOC", MIME: "application/msword", Exts: []string{".doc"}, Serve: "application/msword", Text: ToolText},
	{Label: "DOCX", MIME: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Exts: []string{".docx"},
		Serve: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Text: Office},
	{Label: "XLS", MIME: "application/vnd.ms-excel", Exts: []string{".xls"}, Serve: "application/vnd.ms-excel", Text: ToolText},
	{Label: "XLSX", MIME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Exts: []string{".xlsx"},
		Serve: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Text: Office},
	{Label: "PPT", MIME: "application/vnd.ms-powerpoint", Exts: []string{".ppt"}, Serve: "application/vnd.ms-powerpoint"},
	{Label: "PPTX", MIME: "application/vnd.openxmlformats-officedocument.presentationml.presentation", Exts: []string{".pptx"},
		Serve: "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	{Label: "ODT", MIME: "application/vnd.oasis.opendocument.text", Exts: []string{".odt"}, Serve: "application/vnd.oasis.opendocument.text", Text: Office},
	{Label: "ODS", MIME: "application/vnd.oasis.opendocument.spreadsheet", Exts: []string{".ods"}, Serve: "application/vnd.oasis.opendocument.spreadsheet", Text: Office},
	{Label: "ODP", MIME: "application/vnd.oasis.opendocument.presentation", Exts: []string{".odp"}, Serve: "application/vnd.oasis.opendocument.presentation"},
	{Label: "RTF", MIME: "application/rtf", Exts: []string{".rtf"}, Serve: "application/rtf", Text: Office},
	{Label: "XML", MIME: "application/xml", Exts: []string{".xml"}, Serve: "application/xml"},
	{Label: "XADES", MIME: "application/xml", Exts: []string{".xades"}},
	{Label: "GML", MIME: "application/gml+xml", Exts: []string{".gml"}},
	{Label: "ASICE", MIME: "application/vnd.etsi.asic-e+zip", Exts: []string{".asice"}},
	{Label: "ZIP", MIME: "application/zip", Exts: []string{".zip"}, Serve: "application/zip"},
	{Label: "7Z", MIME: "application/x-7z-compressed", Exts: []string{".7z"}, Serve: "application/x-7z-compressed"},
	{Label: "RAR", MIME: "application/vnd.rar", Exts: []string{".rar"}},
	{Label: "HTML", MIME: "text/html; charset=utf-8", Exts: []string{".html", ".htm"}},
	{Label: "MP3", MIME: "audio/mpeg", Exts: []string{".mp3"}},
	{Label: "MP4", MIME: "video/mp4", Exts: []string{".mp4"}},
}

// Types returns a copy of the table of file types.
func Types() []Type {
	out := make([]Type, len(types))
	for i, t := range types {
		out[i] = t.copy()
	}
	return out
}

// copy is t with its own slice of extensions, so no caller changes the table.
func (t Type) copy() Type {
	t.Exts = append([]string(nil), t.Exts...)
	return t
}

// ByExt returns the type of a file named name, by its extension in any case.
func ByExt(name string) (Type, bool) { return found(byExt(name)) }

// ByMIME returns the type of a MIME type, parameters such as the charset
// and case aside.
func ByMIME(mime string) (Type, bool) { return found(byMIME(mime)) }

// Of returns the type of an attachment: by the MIME type its bundle
// records, else by its name's extension. The recorded type comes first:
// the bundle builder set it from the name, checked against the content.
func Of(mime, name string) (Type, bool) { return found(typeOf(mime, name)) }

// Label names a file's type for people: "PDF", "DOCX", …; for a type not
// in the table, the extension in capitals, else the MIME type, else "?".
func Label(mime, name string) string {
	if t := typeOf(mime, name); t != nil {
		return t.Label
	}
	if ext := strings.TrimPrefix(path.Ext(name), "."); ext != "" {
		return strings.ToUpper(ext)
	}
	if mime != "" {
		return mime
	}
	return "?"
}

// MayHaveText reports whether the app reads the text of files of this type;
// whether a given file has any, only Extract can say. Types only a
// publishing machine's tools read (ToolText) are not among them.
func MayHaveText(mime, name string) bool {
	k := textKind(mime, name)
	return k != NoText && k != ToolText
}

func found(t *Type) (Type, bool) {
	if t == nil {
		return Type{}, false
	}
	return t.copy(), true
}

// textKind is how the text of an attachment is read.
func textKind(mime, name string) TextKind {
	if t := typeOf(mime, name); t != nil {
		return t.Text
	}
	return NoText
}

func typeOf(mime, name string) *Type {
	if t := byMIME(mime); t != nil {
		return t
	}
	return byExt(name)
}

func byExt(name string) *Type {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/")))
	if ext == "" {
		return nil
	}
	for i := range types {
		for _, e := range types[i].Exts {
			if e == ext {
				return &types[i]
			}
		}
	}
	return nil
}

func byMIME(mime string) *Type {
	base := baseMIME(mime)
	if base == "" {
		return nil
	}
	for i := range types {
		if baseMIME(types[i].MIME) == base {
			return &types[i]
		}
	}
	return nil
}

func baseMIME(mime string) string {
	base, _, _ := strings.Cut(mime, ";")
	return strings.ToLower(strings.TrimSpace(base))
}
