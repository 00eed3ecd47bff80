package crawl

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Errors a caller can test for with errors.Is.
var (
	ErrNotHTTP = errors.New("crawl: not an http or https URL")
	ErrNoBody  = errors.New("crawl: no body was kept for this page")
)

// sessionKeys are query and path parameters that carry a session, not
// content; two URLs differing only in them are the same page.
var sessionKeys = map[string]bool{
	"phpsessid": true, "sid": true, "jsessionid": true, "sessionid": true,
	"session_id": true, "sessid": true, "session": true, "aspsessionid": true,
	"cfid": true, "cftoken": true, "oscsid": true, "zenid": true,
	"utm_source": true, "utm_medium": true, "utm_campaign": true,
	"utm_term": true, "utm_content": true, "fbclid": true, "gclid": true,
}

func isSessionKey(k string) bool {
	k = strings.ToLower(k)
	return sessionKeys[k] || strings.HasPrefix(k, "aspsessionid")
}

// Normalize resolves ref against base (nil for an absolute ref) and returns
// the one spelling the crawl uses for that page: lower-case scheme and host,
// no default port, no fragment, no session ids (PHPSESSID, sid,
// ;jsessionid=…), dot segments resolved, query parameters sorted.
func Normalize(ref string, base *url.URL) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(ref)
	if err != nil {
		return nil, fmt.Errorf("crawl: link %q: %w", ref, err)
	}
	if base != nil {
		u = base.ResolveReference(u)
	} else {
		u = u.ResolveReference(&url.URL{}) // resolves dot segments
		if u.Path == "" && u.Host != "" {
			u.Path = "/"
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	// A host and a port have one colon between them; more, outside an IPv6
	// literal's brackets ("//0:80:80"), is no address (and normalHost would
	// take one default port off now and the next on the next pass).
	if !strings.HasPrefix(u.Host, "[") && strings.Count(u.Host, ":") > 1 {
		return nil, fmt.Errorf("%w: %q", ErrNotHTTP, ref)
	}
	u.Host = normalHost(u.Scheme, u.Host)
	if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" { // "//:80:80" has a port and no host
		return nil, fmt.Errorf("%w: %q", ErrNotHTTP, ref)
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	stripPathSession(u)
	u.RawQuery = normalQuery(u.RawQuery)
	u.ForceQuery = false
	// Go's parser accepts some hosts ("::") whose written form it refuses to
	// read back; such an address could never be fetched or journalled.
	if _, err := url.Parse(u.String()); err != nil {
		return nil, fmt.Errorf("crawl: link %q: %w", ref, err)
	}
	return u, nil
}

func normalHost(scheme, host string) string {
	host = strings.ToLower(host)
	if h, ok := strings.CutSuffix(host, ":80"); ok && scheme == "http" {
		host = h
	}
	if h, ok := strings.CutSuffix(host, ":443"); ok && scheme == "https" {
		host = h
	}
	return strings.TrimRight(host, ".")
}

// stripPathSession removes ;jsessionid=… and the like from path segments.
func stripPathSession(u *url.URL) {
	p := u.EscapedPath()
	if !strings.Contains(p, ";") {
		return
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		parts := strings.Split(s, ";")
		kept := parts[:1]
		for _, param := range parts[1:] {
			k, _, _ := strings.Cut(param, "=")
			if !isSessionKey(k) {
				kept = append(kept, param)
			}
		}
		segs[i] = strings.Join(kept, ";")
	}
	p = strings.Join(segs, "/")
	if dec, err := url.PathUnescape(p); err == nil {
		u.Path, u.RawPath = dec, ""
		if u.EscapedPath() != p {
			u.RawPath = p
		}
	}
}

// normalQuery drops session parameters and sorts the rest, keeping each
// pair's own encoding so the server gets what the page linked.
func normalQuery(q string) string {
	if q == "" {
		return ""
	}
	var kept []string
	for pair := range strings.SplitSeq(q, "&") {
		if pair == "" {
			continue
		}
		k, _, _ := strings.Cut(pair, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if !isSessionKey(k) {
			kept = append(kept, escapeRaw(pair))
		}
	}
	sort.Strings(kept)
	return strings.Join(kept, "&")
}

// escapeRaw percent-encodes the bytes a browser would encode before it sends
// a query: spaces, control characters and everything outside ASCII. Left
// raw, a trailing space is trimmed the next time the address is read, and
// one address would be two (found by FuzzNormalize).
func escapeRaw(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
