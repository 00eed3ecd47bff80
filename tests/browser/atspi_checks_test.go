package browser

import (
	"slices"
	"strings"
	"testing"

	"bipkiosk/internal/i18n"
)

// TestScreenReaderChecks proves the AT-SPI page checks can fail: on a
// results page as WebKitGTK exposes it they find nothing, and each breakage
// a screen-reader user would meet is reported. It needs no display and runs
// under -short.
func TestScreenReaderChecks(t *testing.T) {
	tr := i18n.New(i18n.Polish)
	want := pageWant{h1: tr.T("search.title"), h1Locale: "pl", query: mopsQuery}
	tests := []struct {
		name  string
		spoil func(d *a11yDoc)
		want  string // a problem holding this text; "" for none
	}{
		{name: "clean page", spoil: func(*a11yDoc) {}},
		{name: "a second heading of level 1", want: "headings of level 1",
			spoil: func(d *a11yDoc) { d.node("heading", mopsTitle).Attrs["level"] = "1" }},
		{name: "a heading skips a level", want: "skips a level",
			spoil: func(d *a11yDoc) { d.node("heading", mopsTitle).Attrs["level"] = "3" }},
		{name: "menu button without aria-expanded", want: "not expandable",
			spoil: func(d *a11yDoc) {
				d.node("push button", tr.T("menu.toggle", "Kontrole")).States = []string{"focusable"}
			}},
		{name: "menu button says expanded", want: "expanded true, want false",
			spoil: func(d *a11yDoc) {
				b := d.node("push button", tr.T("menu.toggle", "Kontrole"))
				b.States = append(b.States, "expanded")
			}},
		{name: "a link without a name", want: "a link has no name",
			spoil: func(d *a11yDoc) { d.node("link", mopsTitle).Name = "" }},
		{name: "the count is not live", want: "live regions with text in main",
			spoil: func(d *a11yDoc) { n := d.node("status bar", ""); delete(n.Attrs, "live"); delete(n.Attrs, "xml-roles") }},
		{name: "the count interrupts", want: "want polite",
			spoil: func(d *a11yDoc) { d.node("status bar", "").Attrs["live"] = "assertive" }},
		{name: "the count is wrong", want: "results count",
			spoil: func(d *a11yDoc) { d.node("status bar", "").Text = tr.N("search.found", 7, mopsQuery) }},
		{name: "no main landmark", want: "landmark main",
			spoil: func(d *a11yDoc) { i, _ := d.landmark("main", ""); d.Nodes[i].Attrs["xml-roles"] = "region" }},
		{name: "unnamed navigation", want: "navigation landmark named",
			spoil: func(d *a11yDoc) { d.node("landmark", tr.T("layout.topNav")).Name = "" }},
		{name: "chosen language not marked", want: "settings bar: link \"Polski\"",
			spoil: func(d *a11yDoc) { delete(d.node("link", "Polski").Attrs, "current") }},
		{name: "language name in the wrong voice", want: "read in locale",
			spoil: func(d *a11yDoc) { d.node("link", "Українська").Locale = "pl" }},
		{name: "tools folded but their contents exposed", want: "the header's tools expanded false",
			spoil: func(d *a11yDoc) {
				for i := range d.Nodes {
					if d.Nodes[i].Attrs["tag"] == "details" {
						d.Nodes[i].States = []string{"expandable"}
					}
				}
			}},
		{name: "the logo's file read from inside", want: "an image file's inside",
			spoil: func(d *a11yDoc) {
				logo := a11yNode{Role: "image", Name: "Miasto Chojnów", Depth: 2, Attrs: map[string]string{"tag": "svg", "xml-roles": "img"}}
				d.Nodes = slices.Insert(d.Nodes, 3, logo)
			}},
		{name: "wrong title", want: "title",
			spoil: func(d *a11yDoc) { d.Title = "bipkiosk" }},
		{name: "no skip link first", want: "first object",
			spoil: func(d *a11yDoc) { d.Nodes = d.Nodes[1:] }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := resultsDoc(tr)
			tt.spoil(&d)
			got := checkScreenReaderPage(d, want, tr)
			if tt.want == "" {
				if len(got) > 0 {
					t.Errorf("got problems %q, want none", got)
				}
				return
			}
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, tt.want) }) {
				t.Errorf("got problems %q, want one about %q", got, tt.want)
			}
		})
	}
}

// node is the first node with this role and name, for a test to change.
func (d *a11yDoc) node(role, name string) *a11yNode {
	for i := range d.Nodes {
		if d.Nodes[i].Role == role && d.Nodes[i].Name == name {
			return &d.Nodes[i]
		}
	}
	panic("no " + role + " " + name)
}

// resultsDoc is a results page in Polish as WebKitGTK exposes it (shortened
// from a real snapshot of the window).
func resultsDoc(tr i18n.Translator) a11yDoc {
	type n = a11yNode
	attrs := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	landmark := func(depth int, role, name string) n {
		return n{Role: "landmark", Name: name, Depth: depth, Attrs: attrs("xml-roles", role)}
	}
	link := func(depth int, name, locale string, kv ...string) n {
		return n{Role: "link", Name: name, Depth: depth, Locale: locale, States: []string{"focusable"}, Attrs: attrs(kv...)}
	}
	heading := func(depth, level int, name, locale string) n {
		return n{Role: "heading", Name: name, Depth: depth, Locale: locale, Attrs: attrs("level", string(rune('0'+level)))}
	}
	return a11yDoc{
		Active: true,
		Title:  tr.T("search.title") + " – Miasto Chojnów – " + tr.T("layout.titleSuffix"),
		Nodes: []a11yNode{
			link(0, tr.T("layout.skip"), "pl"),
			landmark(0, "banner", ""),
			link(1, "Miasto Chojnów – "+tr.T("layout.home"), "pl"),
			{Role: "unknown", Depth: 1, States: []string{"expandable", "expanded"}, Attrs: attrs("tag", "details")},
			link(2, "A – "+tr.T("settings.textN", "100"), "pl", "current", "true"),
			link(2, "A++ – "+tr.T("settings.textN", "200"), "pl"),
			link(2, tr.T("settings.lowvision")+" – "+tr.T("settings.off"), "pl"),
			link(2, "Polski", "pl", "current", "true"),
			link(2, "Українська", "uk"),
			landmark(2, "navigation", tr.T("layout.topNav")),
			link(3, tr.T("nav.settings"), "pl"),
			landmark(2, "search", ""),
			{Role: "combo box", Name: tr.T("search.label"), Depth: 3, Attrs: attrs()},
			{Role: "push button", Name: tr.T("search.button"), Depth: 3, Attrs: attrs()},
			landmark(0, "main", ""),
			heading(1, 1, tr.T("search.title"), "pl"),
			{Role: "status bar", Depth: 1, Text: tr.N("search.found", 1, mopsQuery), Attrs: attrs("live", "polite", "xml-roles", "status")},
			heading(3, 2, mopsTitle, "pl"),
			link(4, mopsTitle, "pl"),
			landmark(0, "navigation", tr.T("menu.title")),
			heading(1, 2, tr.T("menu.title"), "pl"),
			{Role: "push button", Name: tr.T("menu.toggle", "Kontrole"), Depth: 3, States: []string{"expandable", "focusable"}, Attrs: attrs()},
			link(3, "Kontrole", "pl"),
			landmark(0, "contentinfo", ""),
		},
	}
}
