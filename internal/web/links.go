package web

import (
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strings"
)

// ExtLink is an external address as a page renders it: the href to use (the
// address itself only in a browser that is not a kiosk, else the
// external-link page) and the text.
type ExtLink struct {
	Href template.URL // checked here: our own page, or an address validExternal accepts
	Text string
	URL  string // the address itself, written out
	Note string // "(link zewnętrzny)" in the UI language
}

// externalPage returns the in-app page for an external address.
func externalPage(u string) string { return "/zewnetrzny?u=" + url.QueryEscape(u) }

// Ext returns how to link to the external address u with the given text (the
// address itself when text is empty).
func (l *Layout) Ext(u, text string) ExtLink {
	if text == "" {
		text = u
	}
	e := ExtLink{Href: template.URL(externalPage(u)), Text: text, URL: u, Note: l.T("layout.external")}
	if l.PlainExternal() && validExternal(u) {
		// html/template would turn a tel: address into "#ZgotmplZ"; the
		// scheme is already on our short list.
		e.Href = template.URL(u)
	}
	return e
}

// isExternal reports whether href leaves the application: any address with a
// scheme (http, https, mailto, tel, …) or a network path ("//host").
func isExternal(href string) bool {
	if strings.HasPrefix(href, "//") {
		return true
	}
	u, err := url.Parse(href)
	return err == nil && u.Scheme != ""
}

// anchorOpen finds the opening tags of links in sanitised bodies, which always
// quote attributes with double quotes.
var anchorOpen = regexp.MustCompile(`<a\s[^>]*?href="([^"]*)"[^>]*>`)

// Body prepares a sanitised body for this page: external links are marked
// visibly and for screen readers, and outside a plain browser they go through
// the external-link page so the window is never navigated away.
func (l *Layout) Body(body string) template.HTML {
	note := `<span class="bk-external__note"> ` + html.EscapeString(l.T("layout.external")) + `</span>`
	var b strings.Builder
	rest := body
	for {
		loc := anchorOpen.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		href := html.UnescapeString(rest[loc[2]:loc[3]])
		if !isExternal(href) {
			b.WriteString(rest[:loc[1]])
			rest = rest[loc[1]:]
			continue
		}
		b.WriteString(rest[:loc[2]])
		if l.PlainExternal() {
			b.WriteString(rest[loc[2]:loc[3]])
		} else {
			b.WriteString(html.EscapeString(externalPage(href)))
		}
		b.WriteString(rest[loc[3]:loc[1]])
		rest = rest[loc[1]:]
		end := strings.Index(rest, "</a>")
		if end < 0 {
			break
		}
		b.WriteString(rest[:end])
		b.WriteString(note)
		b.WriteString("</a>")
		rest = rest[end+len("</a>"):]
	}
	b.WriteString(rest)
	return template.HTML(b.String()) // sanitised at import; only our own markup added
}
