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

// render turns a Markdown or HTML body into sanitised HTML.
func render(md goldmark.Markdown, body []byte, isHTML bool) string {
	if isHTML {
		return sanitize.HTML(string(htmlBody(body)))
	}
	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/4)
	if err := md.Convert(body, &buf); err != nil {
		// Convert fails only when its writer does, and a bytes.Buffer does not.
		panic("source: markdown: " + err.Error())
	}
	return sanitize.HTML(buf.String())
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
