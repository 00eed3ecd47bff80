package app

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/harvest"
	"bipkiosk/internal/update"
)

// publishNightly is the nightly step after a harvest: the next full bundle
// in the publish folder, a delta on the last full one, the folder's
// index.json written again, and full bundles beyond the newest p.keep
// removed with their deltas. The sequence comes from the bundles already
// there, so the folder is the only state.
func publishNightly(ctx context.Context, e *env, tree string, p publishRequest, sum harvest.Summary) error {
	if sum.CutShort {
		return fmt.Errorf("%w (%s)", errHarvestShort, sum.Stopped)
	}
	key, err := bundle.ReadPrivateKey(p.key)
	if err != nil {
		return err
	}
	trust := bundle.TrustKeys(key.Public())
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return fmt.Errorf("harvest: publish folder: %w", err)
	}
	have, err := publishedBundles(p.dir, trust)
	if err != nil {
		return err
	}
	next, base := nextSequence(have)
	if base != nil && sum.Changes.Empty() {
		fmt.Fprintf(e.stdout, "nothing changed since the last harvest: %s stays the newest bundle\n", base.File)
		return nil
	}
	full := filepath.Join(p.dir, fmt.Sprintf("bip-%d.zip", next))
	seq := strconv.FormatUint(next, 10)
	if err := runBundleBuild(ctx, e, append([]string{"--from", tree, "--key", p.key, "--sequence", seq, "--out", full}, p.docs.args()...)); err != nil {
		return err
	}
	if base != nil {
		delta := filepath.Join(p.dir, fmt.Sprintf("bip-%d-delta-%d.zip", next, base.Sequence))
		args := append([]string{"--from", tree, "--key", p.key, "--sequence", seq, "--base", filepath.Join(p.dir, base.File), "--out", delta}, p.docs.args()...)
		if err := runBundleBuild(ctx, e, args); err != nil {
			return err
		}
	}
	if have, err = publishedBundles(p.dir, trust); err != nil {
		return err
	}
	if err := prune(e, p.dir, have, p.keep); err != nil {
		return err
	}
	return writeFeed(e, p.dir, trust)
}

// publishedBundles lists the verified bundles in dir; none is no error.
func publishedBundles(dir string, trust func(bundle.Publisher) (ed25519.PublicKey, error)) ([]update.FeedEntry, error) {
	if zips, _ := filepath.Glob(filepath.Join(dir, "*.zip")); len(zips) == 0 {
		return nil, nil
	}
	feed, err := update.BuildFeed(dir, trust, time.Now())
	if err != nil {
		return nil, fmt.Errorf("%w: the publish folder must hold only this publisher's bundles", err)
	}
	return feed.Bundles, nil
}

// nextSequence is one more than the highest sequence published, and the
// newest full bundle, the base of the next delta (nil if none).
func nextSequence(have []update.FeedEntry) (uint64, *update.FeedEntry) {
	var next uint64 = 1
	var base *update.FeedEntry
	for i, b := range have {
		next = max(next, b.Sequence+1)
		if !b.Delta() && (base == nil || b.Sequence > base.Sequence) {
			base = &have[i]
		}
	}
	return next, base
}

// prune removes the full bundles older than the newest keep, and the
// deltas that lead to an edition older than those. A delta on a removed
// full bundle stays: a reader with that edition installed still needs it.
func prune(e *env, dir string, have []update.FeedEntry, keep int) error {
	var fulls []uint64
	for _, b := range have {
		if !b.Delta() {
			fulls = append(fulls, b.Sequence)
		}
	}
	slices.Sort(fulls)
	if len(fulls) <= keep {
		return nil
	}
	oldest := fulls[len(fulls)-keep]
	for _, b := range have {
		if b.Sequence >= oldest {
			continue
		}
		if err := os.Remove(filepath.Join(dir, b.File)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("harvest: prune %s: %w", b.File, err)
		}
		fmt.Fprintf(e.stdout, "removed %s (sequence %d)\n", b.File, b.Sequence)
	}
	return nil
}
