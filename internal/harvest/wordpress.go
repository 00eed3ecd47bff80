package harvest

// WordPress reads bulletins built on WordPress with a BIP theme: the
// subject menu is a WordPress nav menu, the article an "entry", and the
// metryczka, attachments and change history blocks of the BIP plugin.
// (The REST API — wp-json — can later come in through Seeds and Parse.)
var WordPress Adapter = Markup{
	ID:    "wordpress",
	Marks: []string{`content="WordPress`, "/wp-content/", "/wp-includes/"},
	Hints: Hints{
		Menu:    AnyOf(ByID("menu-menu-przedmiotowe"), ByID("menu-przedmiotowe"), ByClass("bip-menu-przedmiotowe")),
		Main:    ByClass("entry-content"),
		Title:   ByClass("entry-title"),
		Meta:    AnyOf(ByClass("bip-metryczka"), ByClass("entry-meta")),
		Crumbs:  AnyOf(ByClass("breadcrumbs"), ByID("breadcrumbs")),
		Files:   ByClass("bip-zalaczniki"),
		History: ByClass("bip-historia"),
		Chrome:  AnyOf(ByClass("site-header"), ByClass("site-footer"), ByID("cookie-notice"), ByClass("widget-area")),
	},
}
