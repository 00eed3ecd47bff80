package harvest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readMenu reads and drops the subject menu: the hinted block, else the
// list that looks most like it. It returns the entries and the address of
// the entry marked current.
func readMenu(doc *html.Node, base string, hint Match, guess bool) ([]MenuItem, string) {
	el := find(doc, hint)
	if el == nil && guess {
		el = guessMenu(doc)
	}
	if el == nil {
		return nil, ""
	}
	var items []MenuItem
	if isList(el) {
		items = readList(el, base)
	} else {
		items = readBlock(el, base)
	}
	active := ""
	for _, n := range findAll(el, func(n *html.Node) bool { return n.Type == html.ElementNode && n.DataAtom == atom.Li }) {
		active = activeIn(n, base, active)
	}
	remove(el)
	return items, active
}

// activeIn returns the address of the deepest entry under li marked
// current, or found when there is none.
func activeIn(li *html.Node, base, found string) string {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && hasToken(strings.ToLower(attr(n, "class")), "active", "current", "selected", "aktywn", "wybran") {
			a := n
			if n.DataAtom != atom.A {
				a = firstLink(n)
			}
			if a != nil {
				if u := resolve(base, attr(a, "href")); u != "" {
					found = u
				}
			}
		}
		if n.Type == html.ElementNode && attr(n, "aria-current") != "" {
			if u := resolve(base, attr(n, "href")); u != "" {
				found = u
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(li)
	return found
}

func isList(n *html.Node) bool { return n.DataAtom == atom.Ul || n.DataAtom == atom.Ol }

// guessMenu picks the outermost list with the most links, preferring one
// called a subject menu ("przedmiotowe") or a menu at all.
func guessMenu(doc *html.Node) *html.Node {
	var best *html.Node
	bestScore := 0
	for _, ul := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && isList(n) }) {
		links := len(findAll(ul, ByTag("a")))
		if links < 2 {
			continue
		}
		score := links
		ctx := ""
		for n, up := ul, 0; n != nil && up < 4; n, up = n.Parent, up+1 {
			ctx += " " + classID(n)
		}
		if strings.Contains(ctx, "przedmiot") {
			score += 1000
		}
		if hasToken(ctx, "menu", "nav") {
			score += 200
		}
		if inMainContent(ul) {
			score -= 150 // a listing of articles, not the menu
		}
		if hasToken(ctx, "footer", "stopka", "podmiot", "top", "gora", "header") {
			score -= 40
		}
		if find(ul.FirstChild, func(n *html.Node) bool { return n.Type == html.ElementNode && isList(n) }) != nil {
			score += 20
		}
		if score > bestScore {
			best, bestScore = ul, score
		}
	}
	// A menu of headed lists: take the block that holds them all.
	if best != nil && best.Parent != nil && hasToken(classID(best.Parent), "menu", "przedmiot") &&
		len(findAll(best.Parent, func(n *html.Node) bool { return n.Type == html.ElementNode && isList(n) })) > 1 {
		return best.Parent
	}
	return best
}

// readBlock reads a menu block made of headings and lists: each heading
// starts a group of the lists after it.
func readBlock(el *html.Node, base string) []MenuItem {
	var out []MenuItem
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type != html.ElementNode:
			case isList(c):
				items := readList(c, base)
				if len(out) > 0 && out[len(out)-1].URL == "" {
					out[len(out)-1].Children = append(out[len(out)-1].Children, items...)
				} else {
					out = append(out, items...)
				}
			case firstLink(c) == nil && text(c) != "":
				out = append(out, MenuItem{Title: text(c)})
			default:
				walk(c)
			}
		}
	}
	walk(el)
	return out
}

// readList reads one list of entries and their sub-lists.
func readList(ul *html.Node, base string) []MenuItem {
	var out []MenuItem
	for li := ul.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.DataAtom != atom.Li {
			continue
		}
		sub := find(li, func(n *html.Node) bool { return n != li && n.Type == html.ElementNode && isList(n) })
		var item MenuItem
		if a := firstLinkOutside(li, sub); a != nil {
			item = MenuItem{Title: dropLinkNotice(text(a)), URL: resolve(base, attr(a, "href"))}
		} else {
			item.Title = textOutside(li, sub)
		}
		if sub != nil {
			item.Children = readList(sub, base)
		}
		if item.Title != "" || len(item.Children) > 0 {
			out = append(out, item)
		}
	}
	return out
}

// linkNotices are the words accessible sites add, often visually hidden,
// to a link that leaves the site or opens a window: no part of its title.
var linkNotices = []string{"(link zewnętrzny)", "(otwiera się w nowym oknie)", "(otwiera się w nowej karcie)", "(opens in a new window)", "(external link)"}

// dropLinkNotice takes such a notice off the end of a link's title.
func dropLinkNotice(title string) string {
	for _, n := range linkNotices {
		if len(title) > len(n) && strings.EqualFold(title[len(title)-len(n):], n) {
			return strings.TrimSpace(title[:len(title)-len(n)])
		}
	}
	return title
}

func firstLink(n *html.Node) *html.Node {
	return find(n, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.DataAtom == atom.A && attr(n, "href") != ""
	})
}

// firstLinkOutside is the first link under n that is not under skip.
func firstLinkOutside(n, skip *html.Node) *html.Node {
	var found *html.Node
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		if found != nil || c == skip {
			return
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.A && attr(c, "href") != "" {
			found = c
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return found
}

// textOutside is n's text without the text under skip.
func textOutside(n, skip *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c != skip {
			b.WriteString(" " + text(c))
		}
	}
	return collapse(b.String())
}

// inMainContent reports whether n lies in a block named as the content.
func inMainContent(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && (p.DataAtom == atom.Main || p.DataAtom == atom.Article ||
			hasToken(strings.ToLower(attr(p, "id")+" "+attr(p, "class")), "content", "tresc", "treść", "artykul", "entry")) {
			return true
		}
	}
	return false
}
