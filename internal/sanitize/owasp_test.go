package sanitize

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestOWASPFilterEvasion runs the vectors of the OWASP XSS filter evasion
// cheat sheet (testdata/owasp-xss.txt, one vector a line, written from the
// sheet's categories) through HTML and parses the result as a browser would:
// no element, attribute or URL that can run script may survive.
func TestOWASPFilterEvasion(t *testing.T) {
	data, err := os.ReadFile("testdata/owasp-xss.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		n++
		vector := decodeVector(line)
		out := HTML(vector)
		if why := scriptSurface(out); why != "" {
			t.Errorf("line %d: %q\n got %q: %s", i+1, line, out, why)
		}
		if again := HTML(out); again != out {
			t.Errorf("line %d: sanitising twice changed %q to %q", i+1, out, again)
		}
	}
	if n < 60 {
		t.Errorf("got %d vectors, want at least 60", n)
	}
}

// decodeVector turns the escapes the file uses for bytes a text file cannot
// hold well (\0 NUL, \t tab, \n newline, \r carriage return) into the bytes.
func decodeVector(s string) string {
	return strings.NewReplacer(`\0`, "\x00", `\t`, "\t", `\n`, "\n", `\r`, "\r").Replace(s)
}

// forbidden are elements that run script, load another document or change
// how the page's own URLs and forms behave.
var forbidden = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "base": true, "meta": true, "link": true, "form": true, "input": true, "button": true,
	"textarea": true, "select": true, "svg": true, "math": true, "xml": true, "import": true, "template": true,
	"video": true, "audio": true, "bgsound": true, "layer": true, "ilayer": true, "xss": true,
}

// urlAttrs are attributes whose value a browser may load or follow.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "background": true, "poster": true,
	"dynsrc": true, "lowsrc": true, "data": true, "codebase": true, "cite": true, "xlink:href": true, "srcset": true,
	"longdesc": true, "usemap": true, "profile": true, "manifest": true,
}

// scriptSurface parses out as an HTML body fragment and says what in it could
// run script, or "" when nothing could.
func scriptSurface(out string) string {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		return "does not parse: " + err.Error()
	}
	for _, n := range nodes {
		if why := walk(n); why != "" {
			return why
		}
	}
	return ""
}

func walk(n *html.Node) string {
	if n.Type == html.ElementNode {
		if forbidden[strings.ToLower(n.Data)] {
			return "element <" + n.Data + "> survived"
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"):
				return "event handler " + a.Key + " survived"
			case key == "style":
				return "style attribute survived"
			case key == "srcdoc":
				return "srcdoc survived"
			case urlAttrs[key] && dangerousURL(a.Val):
				return a.Key + "=" + a.Val + " survived"
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if why := walk(c); why != "" {
			return why
		}
	}
	return ""
}

// dangerousURL reports whether a URL (entities already decoded by the parser)
// has a scheme that runs script or renders attacker HTML, after removing what
// browsers ignore in a scheme: whitespace and control characters.
func dangerousURL(v string) bool {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(v))
	for _, s := range []string{"javascript:", "vbscript:", "livescript:", "mocha:", "data:text/html", "data:image/svg", "data:application"} {
		if strings.HasPrefix(clean, s) {
			return true
		}
	}
	return false
}

// TestScriptSurfaceCatches shows the checker above can fail: unsanitised
// vectors must be caught.
func TestScriptSurfaceCatches(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{name: "script element", in: `<script>alert(1)</script>`},
		{name: "event handler", in: `<img src=x onerror=alert(1)>`},
		{name: "entity-encoded tab in scheme", in: `<a href="jav&#x09;ascript:alert(1)">x</a>`},
		{name: "data html", in: `<a href="data:text/html,x">x</a>`},
		{name: "srcdoc", in: `<p srcdoc="x">x</p>`},
		{name: "style attribute", in: `<p style="width:expression(alert(1))">x</p>`},
		{name: "meta refresh", in: `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`},
	}
	for _, tt := range tests {
		if why := scriptSurface(tt.in); why == "" {
			t.Errorf("%s: got nothing caught in %q, want a reason", tt.name, tt.in)
		}
	}
}
