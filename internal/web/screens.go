package web

import (
	"net/url"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// ScreenPaths returns one example path of every screen for the bulletin r
// reads, each answering 200: the browser suite runs axe-core on each of them.
// Screens that need a node (article, section, print, change register, a
// change, an attachment's page) are included only when the bulletin has one
// to show.
func ScreenPaths(r *store.Reader) []string {
	paths := []string{"/", "/mapa", "/rejestr", "/statystyki", "/pliki", "/instrukcja",
		"/redakcja", "/dostepnosc", "/ustawienia", "/szukaj", "/szukaj?q=pomoc+spoleczna",
		"/zewnetrzny?u=" + url.QueryEscape("https://www.gov.pl/bip")}
	site, err := r.Site()
	if err != nil {
		return paths
	}
	if site.EasyToRead != "" {
		paths = append(paths, easyToReadPath)
	}
	if site.SignLanguage != nil {
		paths = append(paths, signLanguagePath)
	}
	var article, section, changed uuid.UUID
	change := -1
	file := ""
	walk(r, site, func(n store.NodeSummary) bool {
		switch {
		case n.Kind == content.KindSection && section == uuid.Nil:
			section = n.ID
		case n.Kind == content.KindArticle && article == uuid.Nil:
			article = n.ID
		}
		if n.Kind != content.KindLink && (change < 0 || file == "") {
			if node, err := r.Node(n.ID); err == nil {
				for i, c := range node.History {
					if c.PreviousBody != "" && change < 0 {
						changed, change = n.ID, i
						break
					}
				}
				if len(node.Attachments) > 0 && file == "" {
					file = attachmentPagePath(n.ID, node.Attachments[0].SHA256)
				}
			}
		}
		return article == uuid.Nil || section == uuid.Nil || change < 0 || file == ""
	})
	for _, id := range []uuid.UUID{section, article} {
		if id != uuid.Nil {
			p := nodePath(id)
			paths = append(paths, p, printPath(id), nodeChangesPath(id))
		}
	}
	paths = append(paths, menuScreenPath(uuid.Nil))
	if article != uuid.Nil {
		paths = append(paths, menuScreenPath(article))
	}
	if change >= 0 {
		paths = append(paths, changePath(changed, itoa(change)))
	}
	if file != "" {
		paths = append(paths, file)
	}
	return paths
}

// ErrorPaths returns example paths of the error screens: a 404 and a 400.
func ErrorPaths() []string {
	return []string{"/nie-ma-takiej-strony", nodePath(uuid.Nil), "/rejestr?od=wczoraj"}
}

// walkLimit bounds ScreenPaths' search for examples in a huge bulletin.
const walkLimit = 5000

// walk visits nodes breadth-first from the menu's groups while fn returns true.
func walk(r *store.Reader, site content.Site, fn func(store.NodeSummary) bool) {
	var queue []store.NodeSummary
	for _, g := range topGroups(r, site) {
		queue = append(queue, g.nodes...)
	}
	for i := 0; i < len(queue) && i < walkLimit; i++ {
		if !fn(queue[i]) {
			return
		}
		if queue[i].HasChildren {
			kids, _ := r.Children(queue[i].ID)
			queue = append(queue, kids...)
		}
	}
}

func itoa(n int) string { return formatCount(int64(n)) }
