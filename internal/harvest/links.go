package harvest

import (
	"strings"

	"golang.org/x/net/html"
)

// Links returns the addresses a page leads to — links, frames and the
// data-src/data-url of parts a page loads by script — absolute, each once,
// in document order, for a crawler to follow. JSON pages lead nowhere.
func Links(p Page) []string {
	if !p.isHTML() {
		return nil
	}
	src, _ := Decode(p.Body, p.ContentType)
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, key := range []string{"href", "src", "data-src", "data-url"} {
				if n.Data == "img" || n.Data == "script" || (key == "href" && n.Data == "link") {
					break
				}
				if u := resolve(p.URL, attr(n, key)); u != "" && !seen[u] && !strings.HasPrefix(u, "mailto:") && !strings.HasPrefix(u, "tel:") {
					seen[u] = true
					out = append(out, u)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
