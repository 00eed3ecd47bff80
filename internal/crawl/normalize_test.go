package crawl

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestNormalize(t *testing.T) {
	base, _ := url.Parse("http://bip.gmina.pl/dir/page.html")
	tests := []struct{ ref, want string }{
		{"HTTP://BIP.Gmina.PL:80/a#frag", "http://bip.gmina.pl/a"},
		{"https://bip.gmina.pl:443", "https://bip.gmina.pl/"},
		{"https://bip.gmina.pl:8443/x", "https://bip.gmina.pl:8443/x"},
		{"x.html?b=2&a=1", "http://bip.gmina.pl/dir/x.html?a=1&b=2"},
		{"../up/./x", "http://bip.gmina.pl/up/x"},
		{"/p?PHPSESSID=abc123&id=7", "http://bip.gmina.pl/p?id=7"},
		{"/p?id=7&sid=zz", "http://bip.gmina.pl/p?id=7"},
		{"/p;jsessionid=ABCDEF?id=7", "http://bip.gmina.pl/p?id=7"},
		{"/a;jsessionid=1/b", "http://bip.gmina.pl/a/b"},
		{"/p?ASPSESSIONIDQQ=1&utm_source=x", "http://bip.gmina.pl/p"},
		{"/p?", "http://bip.gmina.pl/p"},
		{"?q=%C5%BC", "http://bip.gmina.pl/dir/page.html?q=%C5%BC"},
		{"http://user:pw@bip.gmina.pl/", "http://bip.gmina.pl/"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.ref, base)
		if err != nil {
			t.Errorf("Normalize(%q): %v", tt.ref, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
	for _, bad := range []string{"mailto:a@b.pl", "javascript:void(0)", "ftp://x/", "http:///nohost", "//:80:80", "//0:80:80", "http://bip.example.pl:80:80/"} {
		if u, err := Normalize(bad, base); err == nil {
			t.Errorf("Normalize(%q) = %q, want an error", bad, u)
		}
	}
}

// FuzzNormalize: a normalised URL normalises to itself, keeps its host and
// carries no session id.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"http://a.pl/x?b=1&a=2#f", "/p;jsessionid=1?sid=2", "../../a/./b", "https://A.PL:443/%7e?x", "?a=%zz"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://bip.gmina.pl/a/b")
	f.Fuzz(func(t *testing.T, ref string) {
		u, err := Normalize(ref, base)
		if err != nil {
			return
		}
		again, err := Normalize(u.String(), nil)
		if err != nil {
			t.Fatalf("Normalize(%q) = %q, which does not normalise: %v", ref, u, err)
		}
		if again.String() != u.String() {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", ref, u, again)
		}
		if u.Fragment != "" || strings.Contains(strings.ToLower(u.RawQuery), "phpsessid=") {
			t.Fatalf("Normalize(%q) = %q keeps a fragment or session", ref, u)
		}
	})
}

func TestTrapGuard(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		url  string
		trap string // a word of the reason, "" for none
	}{
		{"http://a.pl/aktualnosci/2026/11/", ""},
		{"http://a.pl/kalendarz/2028/12/", ""},
		{"http://a.pl/kalendarz/2031/01/", "calendar"},
		{"http://a.pl/kalendarz?month=2031-01", "calendar"},
		{"http://a.pl/kalendarz/1970/01/", "calendar"},
		{"http://a.pl/artykul/2031", ""},
		{"http://a.pl/a/b/a/b/a/b", "repeats"},
		{"http://a.pl/x/x/x", "repeats"},
		{"http://a.pl/x/x/y", ""},
		{"http://a.pl/" + strings.Repeat("q", 3000), "longer"},
		{"http://a.pl/" + strings.Repeat("d1/d2/d3/", 12), "deeper"},
	}
	for _, tt := range tests {
		g := newTrapGuard(3, 2048, now)
		u, _ := url.Parse(tt.url)
		got := g.check(u)
		if (tt.trap == "") != (got == "") || !strings.Contains(got, tt.trap) {
			t.Errorf("check(%.60s) = %q, want a reason with %q", tt.url, got, tt.trap)
		}
	}
	g := newTrapGuard(3, 2048, now)
	var refused int
	for _, q := range []string{"m=1", "m=2", "m=1", "m=3", "m=4", "m=5"} {
		u, _ := url.Parse("http://a.pl/kal?" + q)
		if g.check(u) != "" {
			refused++
		}
	}
	if refused != 2 {
		t.Errorf("query variants: %d refused, want 2 (cap of 3 distinct, repeats free)", refused)
	}
}

func TestExtractLinks(t *testing.T) {
	page, _ := url.Parse("http://a.pl/dir/index.html")
	tests := []struct {
		name, html string
		want       []string
	}{
		{"anchors and areas", `<a href="x.html#top">x</a><map><area href="/m"></map><a href="x.html">again</a>`,
			[]string{"http://a.pl/dir/x.html", "http://a.pl/m"}},
		{"frameset", `<frameset><frame src="menu.php"><frame src="/main.php?id=1"></frameset><iframe src="if.html"></iframe>`,
			[]string{"http://a.pl/dir/menu.php", "http://a.pl/main.php?id=1", "http://a.pl/dir/if.html"}},
		{"meta refresh", `<meta http-equiv="Refresh" content="0; URL='/start.php'">`, []string{"http://a.pl/start.php"}},
		{"base", `<base href="http://a.pl/other/"><a href="y">`, []string{"http://a.pl/other/y"}},
		{"not pages", `<a href="mailto:x@a.pl"><a href="javascript:go()"><link rel="alternate" href="/rss"><a href="">`, nil},
	}
	for _, tt := range tests {
		got := extractLinks(strings.NewReader(tt.html), page)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: links %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSniffIsHTML(t *testing.T) {
	tests := []struct {
		name, declared string
		body           string
		html           bool
	}{
		{"html as html", "text/html", "<!DOCTYPE html><html><a href=x>", true},
		{"html as binary", "application/octet-stream", "<html><body><a href=x>", true},
		{"pdf as html", "text/html", "%PDF-1.4\n<a href=x>", false},
		{"zip as html", "text/html", "PK\x03\x04rest", false},
		{"old word as html", "text/html", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", false},
		{"xhtml with prolog", "application/xhtml+xml", `<?xml version="1.0"?><html xmlns="x">`, true},
		{"plain text declared html", "text/html", "Hello, <b>world", true},
		{"plain text", "text/plain", "just words", false},
	}
	for _, tt := range tests {
		if got := isHTML(tt.declared, sniff([]byte(tt.body))); got != tt.html {
			t.Errorf("%s: isHTML = %v (sniffed %q), want %v", tt.name, got, sniff([]byte(tt.body)), tt.html)
		}
	}
}

// FuzzExtractLinks: any bytes give links that are normalised, absolute
// http(s) URLs without fragments, each once.
func FuzzExtractLinks(f *testing.F) {
	for _, s := range []string{`<a href="x#y">`, `<base href="//h/"><frame src="../a">`, `<meta http-equiv=refresh content="0;url=/z">`, "<a href=\x00>"} {
		f.Add(s)
	}
	page, _ := url.Parse("http://bip.gmina.pl/a/b.html")
	f.Fuzz(func(t *testing.T, doc string) {
		seen := map[string]bool{}
		for _, l := range extractLinks(strings.NewReader(doc), page) {
			u, err := Normalize(l, nil)
			if err != nil || u.String() != l || seen[l] {
				t.Fatalf("link %q: %v (normalised %v, repeated %v)", l, err, u, seen[l])
			}
			seen[l] = true
		}
	})
}

// TestNormalizeIPv6: an IPv6 literal keeps its colons, and its default port
// goes as any host's does.
func TestNormalizeIPv6(t *testing.T) {
	for in, want := range map[string]string{
		"http://[::1]:80/a":     "http://[::1]/a",
		"http://[fe80::1]:8080": "http://[fe80::1]:8080/",
	} {
		u, err := Normalize(in, nil)
		if err != nil || u.String() != want {
			t.Errorf("Normalize(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
}
