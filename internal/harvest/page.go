package harvest

import (
	"mime"
	"net/url"
	"strings"
)

// Page is one fetched address of a live bulletin.
type Page struct {
	URL         string // the address it was fetched from, after redirects
	ContentType string // the Content-Type header as served ("" when unknown)
	Body        []byte // the bytes as served
}

// isJSON reports whether the page is a JSON document (an API or a register endpoint).
func (p Page) isJSON() bool {
	mt, _, _ := mime.ParseMediaType(p.ContentType)
	if strings.HasSuffix(mt, "json") {
		return true
	}
	b := strings.TrimSpace(string(p.Body[:min(len(p.Body), 64)]))
	return mt == "" && (strings.HasPrefix(b, "[") || strings.HasPrefix(b, "{"))
}

// isHTML reports whether the page is an HTML document.
func (p Page) isHTML() bool {
	mt, _, _ := mime.ParseMediaType(p.ContentType)
	return mt == "text/html" || mt == "application/xhtml+xml" || (mt == "" && !p.isJSON())
}

// resolve makes href absolute against base; "" for what is not a web address.
func resolve(base, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	u, err := b.Parse(href)
	if err != nil {
		return ""
	}
	u.Fragment = ""
	switch u.Scheme {
	case "http", "https", "mailto", "tel":
		return u.String()
	}
	return ""
}

// sameSite reports whether two addresses are on the same host.
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.EqualFold(ua.Host, ub.Host) && ua.Host != ""
}

// canonical is the form addresses are compared in: no fragment, no
// trailing slash on a path, "index.php"/"index.html" dropped.
func canonical(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.Fragment = ""
	for _, idx := range []string{"index.php", "index.html", "index.htm"} {
		u.Path = strings.TrimSuffix(u.Path, idx)
	}
	if len(u.Path) > 1 {
		u.Path = strings.TrimSuffix(u.Path, "/")
	}
	if u.Path == "" {
		u.Path = "/"
	}
	u.Host = strings.ToLower(u.Host)
	return u.String()
}
