package crawl

import (
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// linkAttrs are the elements and attributes that lead to another page;
// frames count, since old BIP sites are framesets.
var linkAttrs = map[string]string{
	"a": "href", "area": "href", "iframe": "src", "frame": "src",
}

// extractLinks returns the distinct normalised URLs an HTML document links
// to, in document order, honouring <base href> and <meta http-equiv=refresh>.
// Links that are not http(s) are left out.
func extractLinks(r io.Reader, page *url.URL) []string {
	base := page
	seen := map[string]bool{}
	var out []string
	add := func(ref string) {
		if ref == "" {
			return
		}
		u, err := Normalize(ref, base)
		if err != nil || seen[u.String()] {
			return
		}
		seen[u.String()] = true
		out = append(out, u.String())
	}
	z := html.NewTokenizer(r)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		switch t.Data {
		case "base":
			if b, err := Normalize(attr(t, "href"), page); err == nil {
				base = b
			}
		case "meta":
			if strings.EqualFold(attr(t, "http-equiv"), "refresh") {
				add(refreshURL(attr(t, "content")))
			}
		default:
			if name, ok := linkAttrs[t.Data]; ok {
				add(attr(t, name))
			}
		}
	}
}

func attr(t html.Token, name string) string {
	for _, a := range t.Attr {
		if a.Key == name {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// refreshURL takes the URL out of a refresh's content: "5; url='x.html'".
func refreshURL(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		_, rest, ok = strings.Cut(content, ",")
	}
	if !ok {
		return ""
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		rest = strings.TrimSpace(strings.TrimPrefix(rest, "="))
	}
	return strings.Trim(rest, `'" `)
}
