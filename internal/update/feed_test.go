package update

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/bundletest"
	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

func full(seq uint64, size int64) FeedEntry {
	return FeedEntry{File: "full-" + itoa(seq) + ".zip", Sequence: seq, Size: size}
}

func delta(base, seq uint64, size int64) FeedEntry {
	return FeedEntry{File: "delta-" + itoa(base) + "-" + itoa(seq) + ".zip", Sequence: seq, BaseSequence: base, Size: size}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// TestChoose is the feed's routing: which bundles an installation at a given
// sequence fetches, in order.
func TestChoose(t *testing.T) {
	daily := []FeedEntry{full(10, 1000), delta(10, 11, 10), delta(11, 12, 10), delta(12, 13, 10), full(13, 1100)}
	tests := []struct {
		name      string
		bundles   []FeedEntry
		installed uint64
		deltas    bool
		want      []string
	}{
		{"nothing installed: a full and deltas when fewer bytes", daily, 0, true,
			[]string{"full-10.zip", "delta-10-11.zip", "delta-11-12.zip", "delta-12-13.zip"}},
		{"nothing installed: the newest full when fewer bytes", append(slices.Clone(daily[:4]), full(13, 1010)), 0, true, []string{"full-13.zip"}},
		{"up to date", daily, 13, true, nil},
		{"newer than the feed", daily, 20, true, nil},
		{"chain of deltas from the installed", daily, 10, true, []string{"delta-10-11.zip", "delta-11-12.zip", "delta-12-13.zip"}},
		{"chain from the middle", daily, 12, true, []string{"delta-12-13.zip"}},
		{"without deltas the newest full", daily, 10, false, []string{"full-13.zip"}},
		{"installed not a base: full", append(slices.Clone(daily[:4]), full(13, 1010)), 9, true, []string{"full-13.zip"}},
		{"full then deltas beyond it", []FeedEntry{full(5, 900), delta(5, 6, 10), delta(6, 7, 10)}, 0, true,
			[]string{"full-5.zip", "delta-5-6.zip", "delta-6-7.zip"}},
		{"chain stops short: full goes further", []FeedEntry{full(1, 100), delta(1, 2, 10), full(3, 100)}, 1, true, []string{"full-3.zip"}},
		{"a delta skipping ahead is taken", []FeedEntry{full(1, 100), delta(1, 2, 10), delta(1, 3, 15), delta(2, 3, 10)}, 1, true,
			[]string{"delta-1-3.zip"}},
		{"equal reach: fewer bytes", []FeedEntry{delta(4, 5, 5000), full(5, 100)}, 4, true, []string{"full-5.zip"}},
		{"deltas only, none applies", []FeedEntry{delta(7, 8, 10)}, 3, true, nil},
		{"empty feed", nil, 3, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range Choose(Feed{Bundles: tt.bundles}, tt.installed, tt.deltas) {
				got = append(got, e.File)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name, feed, file, want string
		bad                    bool
	}{
		{"relative", "https://bip.example.pl/kiosk/index.json", "b-0042.zip", "https://bip.example.pl/kiosk/b-0042.zip", false},
		{"sub folder", "https://bip.example.pl/kiosk/index.json", "delty/d-43.zip", "https://bip.example.pl/kiosk/delty/d-43.zip", false},
		{"root relative", "https://bip.example.pl/kiosk/index.json", "/pliki/b.zip", "https://bip.example.pl/pliki/b.zip", false},
		{"absolute", "https://bip.example.pl/index.json", "https://cdn.example.pl/b.zip", "https://cdn.example.pl/b.zip", false},
		{"other scheme", "https://bip.example.pl/index.json", "file:///etc/passwd", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.feed, FeedEntry{File: tt.file})
			if (err != nil) != tt.bad || got != tt.want {
				t.Errorf("got %q, %v; want %q, error %t", got, err, tt.want, tt.bad)
			}
		})
	}
}

func TestParseFeed(t *testing.T) {
	good := `{"format":"bipkiosk-feed","version":1,"bundles":[{"file":"a.zip","sequence":2,"base_sequence":1,"size":5,"sha256":"` + strings.Repeat("a", 64) + `"}]}`
	tests := []struct {
		name, data string
		ok         bool
	}{
		{"good", good, true},
		{"not json", "<html>", false},
		{"other format", `{"format":"rss","version":1}`, false},
		{"newer version", `{"format":"bipkiosk-feed","version":2}`, false},
		{"base not below sequence", strings.Replace(good, `"base_sequence":1`, `"base_sequence":2`, 1), false},
		{"no digest", strings.Replace(good, strings.Repeat("a", 64), "", 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFeed("https://x/index.json", []byte(tt.data))
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrFeed)) {
				t.Errorf("got %v, want ok %t (or ErrFeed)", err, tt.ok)
			}
		})
	}
}

// publish writes bundles into dir and the feed for them, as "bipkiosk bundle
// index" does, and returns the feed.
func publish(t *testing.T, dir string, bundles map[string][]byte) Feed {
	t.Helper()
	for name, data := range bundles {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	feed, err := BuildFeed(dir, bundle.TrustKeys(testKey.Public()), time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return feed
}

func TestBuildFeed(t *testing.T) {
	dir := t.TempDir()
	b1, b2 := makeBundle(t, 1), makeBundle(t, 2)
	feed := publish(t, dir, map[string][]byte{"b2.zip": b2, "b1.zip": b1})
	if feed.Publisher.ID != testKey.Publisher.ID || len(feed.Bundles) != 2 {
		t.Fatalf("got publisher %v with %d bundles, want %v with 2", feed.Publisher, len(feed.Bundles), testKey.Publisher)
	}
	first := feed.Bundles[0]
	if first.File != "b1.zip" || first.Sequence != 1 || first.Size != int64(len(b1)) || first.BaseSequence != 0 {
		t.Errorf("first entry %+v, want b1.zip sequence 1 size %d", first, len(b1))
	}
	if err := checkEntry(filepath.Join(dir, "b2.zip"), "b2.zip", feed.Bundles[1]); err != nil {
		t.Errorf("the feed's digest does not match its file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "again.zip"), b2, 0o644)
	if _, err := BuildFeed(dir, bundle.TrustKeys(testKey.Public()), time.Now()); err == nil || !strings.Contains(err.Error(), "both have sequence 2 on base 0") {
		t.Errorf("two bundles of one sequence: got %v, want a refusal", err)
	}
	if _, err := BuildFeed(t.TempDir(), bundle.TrustKeys(testKey.Public()), time.Now()); err == nil {
		t.Error("empty folder: got no error")
	}
	os.Remove(filepath.Join(dir, "again.zip"))
	os.WriteFile(filepath.Join(dir, "bad.zip"), tamper(makeBundle(t, 3)), 0o644)
	if _, err := BuildFeed(dir, bundle.TrustKeys(testKey.Public()), time.Now()); err == nil {
		t.Error("tampered bundle in the folder: got no error, want the feed refused")
	}
}

// TestFeedEndToEnd serves a folder of full bundles and its feed: a new
// installation fetches only the newest; an unchanged feed costs one 304; a
// feed whose digest lies is refused.
func TestFeedEndToEnd(t *testing.T) {
	dir := t.TempDir()
	b1, b2 := makeBundle(t, 1), makeBundle(t, 2)
	feed := publish(t, dir, map[string][]byte{"b1.zip": b1, "b2.zip": b2})
	feedJSON, _ := json.Marshal(feed)
	srv := newServer(t)
	srv.put("/kiosk/index.json", feedJSON, 1)
	srv.put("/kiosk/b1.zip", b1, 1)
	srv.put("/kiosk/b2.zip", b2, 1)
	f := newFixture(t)
	u := f.updater(t, f.options(srv.URL+"/kiosk/index.json"))

	c, err := u.Check(t.Context())
	if err != nil || c.Result != store.UpdateInstalled || c.Sequence != 2 {
		t.Fatalf("first check: got %s seq %d (%v), want installed seq 2", c.Result, c.Sequence, err)
	}
	reqs, n := srv.sent()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.URL.Path)
	}
	if !slices.Equal(paths, []string{"/kiosk/index.json", "/kiosk/b2.zip"}) || n != int64(len(feedJSON)+len(b2)) {
		t.Errorf("first check fetched %v (%d bytes), want the feed and b2.zip only (%d bytes)", paths, n, len(feedJSON)+len(b2))
	}

	c, err = u.Check(t.Context())
	if reqs, n := srv.sent(); c.Result != store.UpdateUnchanged || len(reqs) != 1 || n != 0 {
		t.Errorf("unchanged feed: got %s (%v) with %d requests and %d bytes, want unchanged with 1 request and 0 bytes", c.Result, err, len(reqs), n)
	}

	b3 := makeBundle(t, 3)
	feed.Bundles = append(feed.Bundles, FeedEntry{File: "b3.zip", Sequence: 3, Size: int64(len(b3)), SHA256: feed.Bundles[0].SHA256})
	feedJSON, _ = json.Marshal(feed)
	srv.put("/kiosk/index.json", feedJSON, 2)
	srv.put("/kiosk/b3.zip", b3, 1)
	c, err = u.Check(t.Context())
	if c.Result != store.UpdateFailed || !errors.Is(err, ErrMismatch) || f.installed(t) != 2 {
		t.Errorf("lying feed: got %s (%v), installed %d; want failed with ErrMismatch, 2 still installed", c.Result, err, f.installed(t))
	}
}

// makeDelta returns a delta bundle of sequence seq on the full bundle base:
// the bulletin of base's sequence with one article retitled.
func makeDelta(t *testing.T, base []byte, baseSeq, seq uint64) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "base.zip")
	os.WriteFile(path, base, 0o644)
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: bundle.TrustKeys(testKey.Public())})
	if err != nil {
		t.Fatal(err)
	}
	m := b.Manifest()
	b.Close()
	c := bulletin(baseSeq)
	for i := range c.Nodes {
		if c.Nodes[i].Kind == content.KindArticle {
			c.Nodes[i].Title += " (zmieniony)"
			break
		}
	}
	return bundletest.Bytes(t, c, bundle.WriteOptions{Key: testKey, Sequence: seq, Base: &m})
}

// TestFeedDelta publishes a full bundle and then, beside a new full bundle,
// a small delta on the first: an installation of the first fetches only the
// delta, and one that has nothing fetches the new full bundle.
func TestFeedDelta(t *testing.T) {
	dir := t.TempDir()
	b1 := makeBundle(t, 1)
	d2 := makeDelta(t, b1, 1, 2)
	b2 := makeBundle(t, 2)
	if len(d2)*4 > len(b2) {
		t.Fatalf("delta of %d bytes is not much smaller than the full bundle of %d", len(d2), len(b2))
	}
	feed := publish(t, dir, map[string][]byte{"b1.zip": b1, "d2.zip": d2, "b2.zip": b2})
	feedJSON, _ := json.Marshal(feed)
	srv := newServer(t)
	srv.put("/index.json", feedJSON, 1)
	for name, data := range map[string][]byte{"b1.zip": b1, "d2.zip": d2, "b2.zip": b2} {
		srv.put("/"+name, data, 1)
	}

	f := newFixture(t)
	srv.sent()
	one := f.updater(t, f.options(srv.URL+"/b1.zip"))
	if c, err := one.Check(t.Context()); c.Result != store.UpdateInstalled {
		t.Fatalf("installing b1.zip: got %s (%v)", c.Result, err)
	}
	srv.sent()
	u := f.updater(t, f.options(srv.URL+"/index.json"))
	c, err := u.Check(t.Context())
	if err != nil || c.Result != store.UpdateInstalled || c.Sequence != 2 {
		t.Fatalf("feed over sequence 1: got %s seq %d (%v), want installed seq 2", c.Result, c.Sequence, err)
	}
	if reqs, n := srv.sent(); len(reqs) != 2 || reqs[1].URL.Path != "/d2.zip" || n != int64(len(feedJSON)+len(d2)) {
		t.Errorf("feed over sequence 1: %d requests (%d bytes), want the feed and d2.zip (%d bytes)", len(reqs), n, len(feedJSON)+len(d2))
	}

	fresh := newFixture(t)
	c, err = fresh.updater(t, fresh.options(srv.URL+"/index.json")).Check(t.Context())
	if err != nil || c.Result != store.UpdateInstalled || c.Sequence != 2 {
		t.Fatalf("feed on a new installation: got %s seq %d (%v), want installed seq 2", c.Result, c.Sequence, err)
	}
	if reqs, _ := srv.sent(); len(reqs) != 2 || reqs[1].URL.Path != "/b2.zip" {
		t.Errorf("feed on a new installation fetched %d files, want the feed and b2.zip", len(reqs))
	}
}

// TestFeedOutOfStep serves a feed whose listed size or digest differs from
// the file served, as while a publisher uploads the folder: the check fails
// (no refusal, no talk of --max-total-bytes), nothing is remembered, and once
// the upload is done the next check installs.
func TestFeedOutOfStep(t *testing.T) {
	b1, b2 := makeBundle(t, 1), makeBundle(t, 2)
	tests := []struct {
		name   string
		served []byte // what the server has at b2.zip while the feed lists b2
		want   string
	}{
		{"larger file served", append(bytes.Clone(b2), make([]byte, 1000)...), fmt.Sprintf("(size %d listed, %d served)", len(b2), len(b2)+1000)},
		{"smaller file served", b2[:len(b2)-1000], fmt.Sprintf("(size %d listed, %d served)", len(b2), len(b2)-1000)},
		{"same size, other bytes", tamper(b2), "(SHA-256 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			feed := publish(t, dir, map[string][]byte{"b1.zip": b1, "b2.zip": b2})
			feedJSON, _ := json.Marshal(feed)
			srv := newServer(t)
			srv.put("/index.json", feedJSON, 1)
			srv.put("/b2.zip", tt.served, 1)
			f := newFixture(t)
			opts := f.options(srv.URL + "/index.json")
			u := f.updater(t, opts)
			c, err := u.Check(t.Context())
			if c.Result != store.UpdateFailed || !errors.Is(err, ErrMismatch) || errors.Is(err, ErrTooLarge) {
				t.Fatalf("got %s (%v), want failed with ErrMismatch", c.Result, err)
			}
			for _, part := range []string{"index.json and b2.zip disagree " + tt.want, "mid-upload; will try again"} {
				if !strings.Contains(c.Error, part) {
					t.Errorf("message %q, want it to contain %q", c.Error, part)
				}
			}
			if le := (*LimitError)(nil); errors.As(err, &le) {
				t.Errorf("got a LimitError (%v); the limit was the feed's, not the operator's", err)
			}
			srv.put("/b2.zip", b2, 2) // the upload is finished
			c, err = u.Check(t.Context())
			if err != nil || c.Result != store.UpdateInstalled || c.Sequence != 2 {
				t.Errorf("after the upload: got %s seq %d (%v), want installed seq 2", c.Result, c.Sequence, err)
			}
		})
	}
}

// TestFeedListsTooLarge: a feed that lists a bundle over the operator's
// limit is refused without downloading it, with a LimitError naming the
// bundle's address (for the command's hint).
func TestFeedListsTooLarge(t *testing.T) {
	b1 := makeBundle(t, 1)
	feed := publish(t, t.TempDir(), map[string][]byte{"b1.zip": b1})
	feedJSON, _ := json.Marshal(feed)
	srv := newServer(t)
	srv.put("/index.json", feedJSON, 1)
	srv.put("/b1.zip", b1, 1)
	f := newFixture(t)
	opts := f.options(srv.URL + "/index.json")
	opts.MaxBytes = int64(len(b1)) - 1
	c, err := f.updater(t, opts).Check(t.Context())
	if c.Result != store.UpdateRefused || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %s (%v), want refused with ErrTooLarge", c.Result, err)
	}
	le := (*LimitError)(nil)
	if !errors.As(err, &le) || le.URL != srv.URL+"/b1.zip" || le.Size != int64(len(b1)) || strings.Contains(c.Error, "--") {
		t.Errorf("got %v, want a LimitError for %s/b1.zip of %d bytes naming no flag", err, srv.URL, len(b1))
	}
	if reqs, _ := srv.sent(); len(reqs) != 1 {
		t.Errorf("%d requests, want only the feed's", len(reqs))
	}
}

// chooseReference is the plain definition Choose must agree with: every
// plan considered in full, the chain rebuilt at each step by scanning the
// whole feed.
func chooseReference(entries []FeedEntry, installed uint64, deltas bool) []FeedEntry {
	chain := func(from uint64, plan []FeedEntry) []FeedEntry {
		for deltas {
			var next *FeedEntry
			for i, e := range entries {
				if e.Delta() && e.BaseSequence == from && (next == nil || e.Sequence > next.Sequence) {
					next = &entries[i]
				}
			}
			if next == nil {
				break
			}
			plan = append(plan, *next)
			from = next.Sequence
		}
		return plan
	}
	var best []FeedEntry
	bestEnd, bestSize := installed, int64(0)
	consider := func(plan []FeedEntry) {
		if len(plan) == 0 {
			return
		}
		var size int64
		for _, e := range plan {
			size += e.Size
		}
		if end := plan[len(plan)-1].Sequence; end > bestEnd || (end == bestEnd && best != nil && size < bestSize) {
			best, bestEnd, bestSize = plan, end, size
		}
	}
	if installed != 0 {
		consider(chain(installed, nil))
	}
	for _, e := range entries {
		if !e.Delta() && e.Sequence > installed {
			consider(chain(e.Sequence, []FeedEntry{e}))
		}
	}
	return best
}

// TestChooseAgreesWithReference compares Choose with the plain definition
// on many small random feeds.
func TestChooseAgreesWithReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var entries []FeedEntry
		for range rng.IntN(12) {
			seq := 1 + rng.Uint64N(10)
			if rng.IntN(2) == 0 {
				entries = append(entries, full(seq, 50+rng.Int64N(100)))
			} else if seq > 1 {
				entries = append(entries, delta(1+rng.Uint64N(seq-1), seq, 1+rng.Int64N(60)))
			}
		}
		installed, deltas := rng.Uint64N(8), rng.IntN(4) != 0
		got := Choose(Feed{Bundles: entries}, installed, deltas)
		want := chooseReference(entries, installed, deltas)
		if !slices.Equal(got, want) {
			t.Fatalf("feed %d %v at %d (deltas %t): got %v, want %v", i, entries, installed, deltas, got, want)
		}
	}
}

// hostileFeed lists n bundles built to make a naive router slow: n/2 full
// bundles and a chain of n/2 deltas through all of them, so every full
// bundle starts a long chain.
func hostileFeed(n int) Feed {
	var f Feed
	for i := 1; i <= n/2; i++ {
		f.Bundles = append(f.Bundles, full(uint64(i), 1000), delta(uint64(i), uint64(i+1), 1))
	}
	return f
}

// TestChooseHostileFeed routes a feed of the largest length ParseFeed
// accepts; the cubic router took minutes for it (BenchmarkChoose measures).
func TestChooseHostileFeed(t *testing.T) {
	f := hostileFeed(MaxFeedEntries)
	last := uint64(MaxFeedEntries/2 + 1)
	tests := []struct {
		name      string
		installed uint64
		want      []string
	}{
		{"new installation: the last full bundle and its delta", 0, []string{full(last-1, 0).File, delta(last-1, last, 0).File}},
		{"at the start of the chain: fewer bytes through the last full", 1, []string{full(last-1, 0).File, delta(last-1, last, 0).File}},
		{"near the end: the deltas", last - 3, []string{delta(last-3, last-2, 0).File, delta(last-2, last-1, 0).File, delta(last-1, last, 0).File}},
		{"up to date", last, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range Choose(f, tt.installed, true) {
				got = append(got, e.File)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func BenchmarkChoose(b *testing.B) {
	f := hostileFeed(MaxFeedEntries)
	for b.Loop() {
		Choose(f, 0, true)
	}
}

// TestParseFeedTooLong refuses a feed longer than MaxFeedEntries, saying
// what the publisher should do.
func TestParseFeedTooLong(t *testing.T) {
	f := Feed{Format: FeedFormat, Version: FeedVersion}
	for i := range MaxFeedEntries + 1 {
		f.Bundles = append(f.Bundles, FeedEntry{File: "b.zip", Sequence: uint64(i + 1), Size: 1, SHA256: strings.Repeat("a", 64)})
	}
	data, _ := json.Marshal(f)
	_, err := ParseFeed("https://x/index.json", data)
	if !errors.Is(err, ErrFeed) || !strings.Contains(err.Error(), fmt.Sprintf("lists %d bundles, this bipkiosk reads at most %d", MaxFeedEntries+1, MaxFeedEntries)) {
		t.Errorf("got %v, want ErrFeed naming the count and the limit", err)
	}
	f.Bundles = f.Bundles[:MaxFeedEntries]
	data, _ = json.Marshal(f)
	if _, err := ParseFeed("https://x/index.json", data); err != nil {
		t.Errorf("feed of exactly %d bundles: got %v, want it read", MaxFeedEntries, err)
	}
}
