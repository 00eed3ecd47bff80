package update

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"bipkiosk/internal/bundle"
)

// FeedFormat names the update feed format in index.json.
const FeedFormat = "bipkiosk-feed"

// FeedVersion is the feed format version this package writes and reads.
const FeedVersion = 1

// FeedName is the file name of the update feed in a folder of bundles.
const FeedName = "index.json"

// maxFeedBytes bounds index.json: a feed of a year of daily deltas is a few
// hundred kilobytes.
const maxFeedBytes = 16 << 20

// MaxFeedEntries bounds the bundles a feed may list: nearly 14 years of one full
// bundle and one delta a day. A publisher removes old files long before.
const MaxFeedEntries = 10_000

// Feed is index.json: the bundles a publisher offers, so a poller can fetch
// only the deltas it lacks. It is unsigned and only routes: every bundle it
// names is verified on its own.
type Feed struct {
	Format    string           `json:"format"`
	Version   int              `json:"version"`
	Publisher bundle.Publisher `json:"publisher"`
	Generated time.Time        `json:"generated"`
	Bundles   []FeedEntry      `json:"bundles"`
}

// FeedEntry is one bundle file the feed lists.
type FeedEntry struct {
	File         string    `json:"file"` // relative to the feed's address, or an absolute http(s) address
	Sequence     uint64    `json:"sequence"`
	BaseSequence uint64    `json:"base_sequence"` // 0 for a full bundle
	Created      time.Time `json:"created"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"` // of the bundle file, lowercase hex
}

// Delta reports a delta bundle, which applies only over its base sequence.
func (e FeedEntry) Delta() bool { return e.BaseSequence != 0 }

// ParseFeed reads index.json, naming the feed's address in its errors.
func ParseFeed(name string, data []byte) (Feed, error) {
	var f Feed
	if err := json.Unmarshal(data, &f); err != nil {
		return f, &kindError{ErrNotFeed, fmt.Errorf("%s: not an update feed: %w", name, err)}
	}
	if f.Format != FeedFormat || f.Version != FeedVersion {
		return f, &kindError{ErrFeed, fmt.Errorf("%s: feed format %q version %d, this bipkiosk reads %q version %d: update bipkiosk", name, f.Format, f.Version, FeedFormat, FeedVersion)}
	}
	if len(f.Bundles) > MaxFeedEntries {
		return f, &kindError{ErrFeed, fmt.Errorf("%s: lists %d bundles, this bipkiosk reads at most %d: the publisher should remove old bundles from the folder and run \"bipkiosk bundle index\" again", name, len(f.Bundles), MaxFeedEntries)}
	}
	for _, e := range f.Bundles {
		if e.File == "" || e.Sequence == 0 || e.Size <= 0 || len(e.SHA256) != 64 || e.BaseSequence >= e.Sequence {
			return f, &kindError{ErrFeed, fmt.Errorf("%s: entry %q (sequence %d) is incomplete or inconsistent: rewrite the feed with \"bipkiosk bundle index\"", name, e.File, e.Sequence)}
		}
	}
	return f, nil
}

// Choose returns the bundles to install, in order, to bring an installation
// at sequence installed (0: nothing of this feed's publisher) as far forward
// as the feed allows: a chain of deltas from the installed sequence when
// there is one, else the newest full bundle followed by any deltas on it.
// When two plans reach the same sequence the one with fewer bytes wins. With
// deltas false only full bundles are considered. An empty result means there
// is nothing newer. It takes time linear in the feed's length.
func Choose(f Feed, installed uint64, deltas bool) []FeedEntry {
	r := newRoutes(f.Bundles, deltas)
	var best []FeedEntry
	bestEnd, bestSize, found := installed, int64(0), false
	consider := func(plan []FeedEntry, end uint64, size int64) {
		if end > bestEnd || (end == bestEnd && found && size < bestSize) {
			best, bestEnd, bestSize, found = plan, end, size, true
		}
	}
	if installed != 0 {
		if end, size := r.reach(installed); end != installed {
			consider(nil, end, size)
		}
	}
	for i, e := range f.Bundles {
		if !e.Delta() && e.Sequence > installed {
			end, size := r.reach(e.Sequence)
			consider(f.Bundles[i:i+1], end, addSize(e.Size, size))
		}
	}
	if !found {
		return nil
	}
	plan := slices.Clone(best)
	from := installed
	if len(plan) > 0 {
		from = plan[0].Sequence
	}
	return r.follow(from, plan)
}

// routes indexes a feed's deltas by their base, so that the chain from any
// sequence is found once and then remembered: Choose stays linear however
// many full bundles share a long chain (a feed is untrusted, and a cubic
// walk of 10 000 entries took minutes).
type routes struct {
	entries []FeedEntry
	next    map[uint64]int // base sequence → the delta on it that reaches furthest
	memo    map[uint64]hop // sequence → where its chain ends and its bytes
}

// hop is the end of the chain of deltas from a sequence and the bytes of its deltas.
type hop struct {
	end  uint64
	size int64
}

func newRoutes(entries []FeedEntry, deltas bool) *routes {
	r := &routes{entries: entries, next: map[uint64]int{}, memo: map[uint64]hop{}}
	if !deltas {
		return r
	}
	for i, e := range entries {
		if j, ok := r.next[e.BaseSequence]; e.Delta() && (!ok || e.Sequence > entries[j].Sequence) {
			r.next[e.BaseSequence] = i
		}
	}
	return r
}

// reach returns the sequence the chain of deltas from seq ends at, and the
// bytes of those deltas. Each delta raises the sequence, so the walk ends;
// every sequence it passes is remembered, so no chain is walked twice.
func (r *routes) reach(seq uint64) (uint64, int64) {
	var path []uint64
	cur := seq
	var tail hop
	for {
		if h, ok := r.memo[cur]; ok {
			tail = h
			break
		}
		i, ok := r.next[cur]
		if !ok {
			tail = hop{end: cur}
			break
		}
		path = append(path, cur)
		cur = r.entries[i].Sequence
	}
	for k := len(path) - 1; k >= 0; k-- {
		tail.size = addSize(tail.size, r.entries[r.next[path[k]]].Size)
		r.memo[path[k]] = tail
	}
	if len(path) == 0 {
		r.memo[seq] = tail
	}
	return tail.end, tail.size
}

// follow appends to plan the deltas that lead on from sequence from.
func (r *routes) follow(from uint64, plan []FeedEntry) []FeedEntry {
	for {
		i, ok := r.next[from]
		if !ok {
			return plan
		}
		plan = append(plan, r.entries[i])
		from = r.entries[i].Sequence
	}
}

// addSize adds byte counts without overflowing: a hostile feed may list
// sizes near the largest int64.
func addSize(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// Resolve returns the address of an entry's file: relative names resolve
// against the feed's own address.
func Resolve(feedURL string, e FeedEntry) (string, error) {
	base, err := url.Parse(feedURL)
	if err != nil {
		return "", fmt.Errorf("%s: not a usable address: %w", feedURL, err)
	}
	ref, err := url.Parse(e.File)
	if err != nil {
		return "", &kindError{ErrFeed, fmt.Errorf("%s: entry %q is not a usable file name: %w", feedURL, e.File, err)}
	}
	u := base.ResolveReference(ref)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", &kindError{ErrFeed, fmt.Errorf("%s: entry %q resolves to %s, not an http(s) address", feedURL, e.File, u)}
	}
	return u.String(), nil
}

// BuildFeed verifies every bundle file (*.zip) in dir with trust and lists
// it, oldest sequence first (full before delta). All bundles must be of one
// publisher, and no two may have the same sequence and base.
func BuildFeed(dir string, trust func(bundle.Publisher) (ed25519.PublicKey, error), now time.Time) (Feed, error) {
	f := Feed{Format: FeedFormat, Version: FeedVersion, Generated: now.UTC().Truncate(time.Second)}
	paths, err := filepath.Glob(filepath.Join(dir, "*.zip"))
	if err != nil {
		return f, fmt.Errorf("update: list %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return f, fmt.Errorf("update: %s holds no bundle (*.zip): put the published bundles there first", dir)
	}
	seen := map[[2]uint64]string{} // a full bundle and a delta may share a sequence
	for _, p := range paths {
		e, pub, err := describe(p, trust)
		if err != nil {
			return f, err
		}
		if f.Publisher.ID != pub.ID && len(f.Bundles) > 0 {
			return f, fmt.Errorf("update: %s is from %q, %s from %q: a feed lists one publisher's bundles; move the other out", e.File, pub.Name, f.Bundles[0].File, f.Publisher.Name)
		}
		k := [2]uint64{e.Sequence, e.BaseSequence}
		if other, dup := seen[k]; dup {
			return f, fmt.Errorf("update: %s and %s both have sequence %d on base %d: keep only one of them in %s", other, e.File, e.Sequence, e.BaseSequence, dir)
		}
		seen[k] = e.File
		f.Publisher = pub
		f.Bundles = append(f.Bundles, e)
	}
	slices.SortFunc(f.Bundles, func(a, b FeedEntry) int {
		if a.Sequence != b.Sequence {
			return cmpUint(a.Sequence, b.Sequence)
		}
		return cmpUint(a.BaseSequence, b.BaseSequence)
	})
	return f, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// describe verifies the bundle at path and returns its feed entry.
func describe(path string, trust func(bundle.Publisher) (ed25519.PublicKey, error)) (FeedEntry, bundle.Publisher, error) {
	sum, err := bundle.Inspect(path, bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
	if err != nil {
		return FeedEntry{}, bundle.Publisher{}, err
	}
	digest, size, err := fileDigest(path)
	if err != nil {
		return FeedEntry{}, bundle.Publisher{}, err
	}
	e := FeedEntry{File: filepath.Base(path), Sequence: sum.Sequence, BaseSequence: sum.BaseSequence,
		Created: sum.Created, Size: size, SHA256: digest}
	return e, sum.Publisher, nil
}

// fileDigest returns the hex SHA-256 and size of a file.
func fileDigest(path string) (string, int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return "", 0, fmt.Errorf("update: %w", err)
	}
	defer file.Close()
	h := sha256.New()
	n, err := io.Copy(h, file)
	if err != nil {
		return "", 0, fmt.Errorf("update: read %s: %w", filepath.Base(path), err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// checkEntry compares a downloaded file with what the feed lists for it.
// A difference is not a verdict on the bundle: the publisher is most likely
// uploading the folder (or a transfer went wrong), so the check is tried
// again later.
func checkEntry(path, rawURL string, e FeedEntry) error {
	digest, size, err := fileDigest(path)
	if err != nil {
		return err
	}
	switch {
	case size != e.Size:
		return disagree(rawURL, fmt.Sprintf("size %d listed, %d served", e.Size, size))
	case !strings.EqualFold(digest, e.SHA256):
		return disagree(rawURL, fmt.Sprintf("SHA-256 %.12s… listed, %.12s… served", strings.ToLower(e.SHA256), digest))
	}
	return nil
}

// disagree is the ErrMismatch error for a bundle that is not what the feed lists.
func disagree(rawURL, how string) error {
	file := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		file = path.Base(u.Path)
	}
	return &kindError{ErrMismatch, fmt.Errorf("%s: %s and %s disagree (%s): the publisher is probably mid-upload; will try again", rawURL, FeedName, file, how)}
}
