package harvest

// GovHost reads bulletins in the markup of the state's free BIP hosting:
// the subject menu is a block of headed lists, the trail an ordered
// list, the metryczka a definition list under the article.
var GovHost Adapter = Markup{
	ID:    "govhost",
	Marks: []string{`class="bip-subject`, `name="generator" content="BIP hosting`},
	Hints: Hints{
		Menu:    ByID("menu-przedmiotowe"),
		Main:    ByClass("article-content"),
		Title:   ByClass("article-title"),
		Meta:    ByClass("metryczka"),
		Crumbs:  ByClass("breadcrumb"),
		Files:   ByClass("files"),
		History: ByClass("article-history"),
		Chrome:  AnyOf(ByClass("subject-header"), ByClass("subject-footer"), ByClass("a11y-tools")),
	},
}
