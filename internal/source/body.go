package source

import (
	"bytes"
	"html"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"bipkiosk/internal/sanitize"
)

// newMarkdown returns the one Markdown dialect of source trees: CommonMark
// with GitHub tables, strikethrough, task lists and autolinks; typographer
// off, so the published text keeps its own quotes and dashes. Raw HTML is
// passed through because CMS exports mix it in; sanitize.HTML then keeps
// only what the bulletin's policy allows. Each worker has its own instance.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
}

// render turns a Markdown or HTML body into sanitised HTML. Readable text
// the policy removes is a warning of d at line (where the body starts):
// published text must never vanish without a word.
func render(md goldmark.Markdown, body []byte, isHTML bool, d *diag, line int) string {
	var in string
	if isHTML {
		in = string(htmlBody(body))
	} else {
		var buf bytes.Buffer
		buf.Grow(len(body) + len(body)/4)
		if err := md.Convert(body, &buf); err != nil {
			// Convert fails only when its writer does, and a bytes.Buffer does not.
			panic("source: markdown: " + err.Error())
		}
		in = buf.String()
	}
	out, rm := sanitize.HTMLChecked(in)
	switch {
	case rm.Chars == 0:
	case rm.Element != "":
		d.warn(line+tagLine(body, rm.Element), "the HTML policy removed %d characters of text, starting inside <%[2]s> with %[3]q; a reader never sees what is inside <%[2]s>: close it where it should end, or take the text out of it",
			rm.Chars, rm.Element, rm.Sample)
	default:
		d.warn(line, "the HTML policy removed %d characters of text; check the body's markup", rm.Chars)
	}
	return out
}

// tagLine returns how many lines into body the first <name tag is, or 0:
// the tag is usually the one that took the text with it, and a warning at
// its line is one an editor can jump to.
func tagLine(body []byte, name string) int {
	for i := 0; i < len(body); i++ {
		if body[i] == '<' && len(body)-i > len(name) && bytes.EqualFold(body[i+1:i+1+len(name)], []byte(name)) {
			return bytes.Count(body[:i], []byte("\n"))
		}
	}
	return 0
}

var (
	bodyOpenRE  = regexp.MustCompile(`(?i)<body[^>]*>`)
	bodyCloseRE = regexp.MustCompile(`(?i)</body\s*>`)
	h1RE        = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1\s*>`)
	titleRE     = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title\s*>`)
	tagRE       = regexp.MustCompile(`<[^>]*>`)
)

// htmlBody keeps what is between <body> and </body> of a whole saved HTML
// document, so its <head> does not leak into the article.
func htmlBody(b []byte) []byte {
	loc := bodyOpenRE.FindIndex(b)
	if loc == nil {
		return b
	}
	b = b[loc[1]:]
	if end := bodyCloseRE.FindIndex(b); end != nil {
		b = b[:end[0]]
	}
	return b
}

// headingTitle takes a title from a page without front matter: the first
// "# heading" of Markdown or the <h1> (else <title>) of HTML. The heading is
// cut from the body so the article does not show its title twice.
func headingTitle(body []byte, isHTML bool) (string, []byte) {
	if isHTML {
		if loc := h1RE.FindSubmatchIndex(body); loc != nil {
			t := plainText(body[loc[2]:loc[3]])
			rest := append(append([]byte{}, body[:loc[0]]...), body[loc[1]:]...)
			return t, rest
		}
		if m := titleRE.FindSubmatch(body); m != nil {
			return plainText(m[1]), body
		}
		return "", body
	}
	off := 0
	for off < len(body) {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body) - off
		}
		line := bytes.TrimSpace(body[off : off+end])
		next := min(off+end+1, len(body))
		if len(line) == 0 {
			off = next
			continue
		}
		if bytes.HasPrefix(line, []byte("# ")) {
			t := oneLine(strings.TrimRight(string(line[2:]), "# "))
			return t, append(append([]byte{}, body[:off]...), body[next:]...)
		}
		return "", body
	}
	return "", body
}

func plainText(b []byte) string {
	return oneLine(html.UnescapeString(tagRE.ReplaceAllString(string(b), " ")))
}

// nameTitle makes a title from a file or folder name:
// "zakres-kompetencji.md" → "Zakres kompetencji".
func nameTitle(name string) string {
	name = strings.TrimSuffix(name, path.Ext(name))
	t := oneLine(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	r, n := utf8.DecodeRuneInString(t)
	if n == 0 {
		return t
	}
	return string(unicode.ToUpper(r)) + t[n:]
}
