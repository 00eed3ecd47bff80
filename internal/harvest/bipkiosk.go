package harvest

import (
	"net/url"
	"regexp"
	"strings"
)

// BipKiosk reads a bulletin served by bipkiosk itself ("bipkiosk serve"):
// the subject menu is nav.bk-menu, the article's text div.bk-prose under
// its h1, the metryczka dl.bk-meta and the attachments a table. Only the
// reader's node pages (/p/<id>) and home are nodes: its print, change
// register, attachment-text, settings and search pages are views of them.
var BipKiosk Adapter = bipKiosk{Markup{
	ID:    "bipkiosk",
	Marks: []string{`class="bk-template`},
	Hints: Hints{
		Menu:   ByClass("bk-menu"),
		Main:   ByClass("bk-prose"),
		Title:  ByTag("h1"),
		Meta:   ByClass("bk-meta"),
		Crumbs: ByClass("bk-crumbs"),
		Files:  ByClass("bk-table-wrap"),
		Chrome: AnyOf(ByClass("bk-header"), ByClass("bk-actions"), ByClass("bk-skip-link"), ByClass("bk-footer"), ByClass("bk-visually-hidden")),
	},
}}

// bipKiosk is the reader's markup, with the pages that are no node left out.
type bipKiosk struct{ Markup }

// readerNode matches the address of one of the reader's node pages.
var readerNode = regexp.MustCompile(`^/p/[0-9a-f-]{36}$`)

// Parse reads node pages and home; every other page of the reader is no
// node, nor is the page a link node leads to first (the menu gives the
// link itself).
func (b bipKiosk) Parse(p Page, common Common) Parsed {
	u, err := url.Parse(p.URL)
	if err != nil || (u.Path != "/" && u.Path != "" && !readerNode.MatchString(u.Path)) || u.RawQuery != "" ||
		strings.Contains(string(p.Body), `class="bk-external__address`) {
		return Parsed{URL: p.URL}
	}
	out := b.Markup.Parse(p, common)
	out.SiteName = "" // "page – owner – BIP offline": the bulletin's name is home's h1
	if u.Path == "/" || u.Path == "" {
		out.SiteName = out.Title
	}
	if !strings.Contains(string(p.Body), `class="bk-prose`) {
		out.Body = "" // a section without text of its own: the rest is its listing
	}
	return out
}
