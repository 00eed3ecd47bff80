package update

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
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
		return f, &kindError{ErrFeed, fmt.Errorf("%s: not an update feed: %w: point --update-url at index.json written by \"bipkiosk bundle index\" or at a bundle .zip", name, err)}
	}
	if f.Format != FeedFormat || f.Version != FeedVersion {
		return f, &kindError{ErrFeed, fmt.Errorf("%s: feed format %q version %d, this bipkiosk reads %q version %d: update bipkiosk", name, f.Format, f.Version, FeedFormat, FeedVersion)}
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
// is nothing newer.
func Choose(f Feed, installed uint64, deltas bool) []FeedEntry {
	var best []FeedEntry
	bestEnd, bestSize := installed, int64(0)
	consider := func(plan []FeedEntry) {
		if len(plan) == 0 {
			return
		}
		end, size := plan[len(plan)-1].Sequence, planSize(plan)
		if end > bestEnd || (end == bestEnd && best != nil && size < bestSize) {
			best, bestEnd, bestSize = plan, end, size
		}
	}
	if installed != 0 && deltas {
		consider(chain(f.Bundles, installed, nil))
	}
	for _, e := range f.Bundles {
		if !e.Delta() && e.Sequence > installed {
			plan := []FeedEntry{e}
			if deltas {
				plan = chain(f.Bundles, e.Sequence, plan)
			}
			consider(plan)
		}
	}
	return best
}

// chain appends to plan the deltas that lead on from sequence from, taking at
// each step the delta that reaches furthest.
func chain(entries []FeedEntry, from uint64, plan []FeedEntry) []FeedEntry {
	for {
		var next *FeedEntry
		for i, e := range entries {
			if e.Delta() && e.BaseSequence == from && (next == nil || e.Sequence > next.Sequence) {
				next = &entries[i]
			}
		}
		if next == nil {
			return plan
		}
		plan = append(plan, *next)
		from = next.Sequence
	}
}

func planSize(plan []FeedEntry) int64 {
	var n int64
	for _, e := range plan {
		n += e.Size
	}
	return n
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
func checkEntry(path, rawURL string, e FeedEntry) error {
	digest, size, err := fileDigest(path)
	if err != nil {
		return err
	}
	if size != e.Size || !strings.EqualFold(digest, e.SHA256) {
		return &kindError{ErrMismatch, fmt.Errorf("%s: got %d bytes with SHA-256 %s, the feed lists %d bytes with %s: the publisher should rewrite the feed with \"bipkiosk bundle index\"",
			rawURL, size, digest, e.Size, e.SHA256)}
	}
	return nil
}
