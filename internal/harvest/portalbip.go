package harvest

import "strings"

// PortalBIP reads bulletins of the common hosted "portal" BIP system: the
// content in div#tresc, the metryczka as "Label: value" lines, and the
// site-wide change register served as JSON from /api/rejestr.json (the
// page fills it in by script, so the crawler must be told of it: Seeds).
var PortalBIP Adapter = Markup{
	ID:    "portalbip",
	Marks: []string{`name="generator" content="PortalBIP`},
	Hints: Hints{
		Menu:   ByID("menu-przedmiotowe"),
		Main:   ByID("tresc"),
		Title:  ByClass("tytul"),
		Meta:   ByClass("metryka"),
		Crumbs: ByID("sciezka"),
		Files:  ByClass("zalaczniki"),
		Chrome: AnyOf(ByID("naglowek"), ByID("stopka"), ByID("narzedzia")),
	},
	SeedFor: func(start string) []string {
		return []string{strings.TrimSuffix(start, "/") + "/api/rejestr.json"}
	},
}
