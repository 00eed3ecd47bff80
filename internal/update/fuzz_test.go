package update

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzFeed feeds arbitrary bytes to the feed reader, as a hostile server or
// a man in the middle of plain http could: no panic, and for a feed that
// parses, every plan Choose makes climbs from the installed sequence, each
// step starting where the last ended, and every entry resolves to an http(s)
// address or an error.
func FuzzFeed(f *testing.F) {
	f.Add([]byte(`{"format":"bipkiosk-feed","version":1,"bundles":[{"file":"b1.zip","sequence":1,"size":10,"sha256":"`+strings.Repeat("a", 64)+`"},{"file":"d2.zip","sequence":2,"base_sequence":1,"size":3,"sha256":"`+strings.Repeat("b", 64)+`"}]}`), uint64(1))
	f.Add([]byte(`{"format":"bipkiosk-feed","version":1,"bundles":[{"file":"../../etc/passwd","sequence":9}]}`), uint64(0))
	f.Add([]byte(`{"bundles":[{"file":"https://other.example/x.zip","sequence":18446744073709551615,"base_sequence":18446744073709551614}]}`), uint64(5))
	f.Add([]byte(`not json`), uint64(0))
	f.Fuzz(func(t *testing.T, data []byte, installed uint64) {
		feed, err := ParseFeed("https://bip.example/index.json", data)
		if err != nil {
			return
		}
		for _, deltas := range []bool{true, false} {
			at := installed
			for _, e := range Choose(feed, installed, deltas) {
				if e.Sequence <= at || (e.Delta() && e.BaseSequence != at) {
					t.Fatalf("plan step %+v does not climb from sequence %d", e, at)
				}
				at = e.Sequence
				if u, err := Resolve("https://bip.example/index.json", e); err == nil {
					if p, perr := url.Parse(u); perr != nil || (p.Scheme != "http" && p.Scheme != "https") {
						t.Fatalf("entry %q resolved to %q, want an http(s) address", e.File, u)
					}
				}
			}
		}
	})
}
