package app

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/update"
)

// runBundleIndex writes DIR/index.json, the update feed that lets kiosks
// fetch only the bundles they lack. Every bundle is verified first, so a
// feed never routes a kiosk to a file it would refuse.
func runBundleIndex(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "bundle index", &cfg)
	keyPath := fs.String("key", "", "verify the bundles against this public key file instead of the keys trusted in the data directory")
	if err := parse(fs, args, 1, "one folder of bundles"); err != nil {
		return err
	}
	dir := fs.Arg(0)
	trust, closeStore, err := indexTrust(ctx, e, cfg, *keyPath)
	if err != nil {
		return err
	}
	defer closeStore()
	return writeFeed(e, dir, trust)
}

// writeFeed verifies the bundles in dir and writes dir/index.json.
func writeFeed(e *env, dir string, trust func(bundle.Publisher) (ed25519.PublicKey, error)) error {
	feed, err := update.BuildFeed(dir, trust, time.Now())
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(feed, "", "  ")
	if err != nil {
		return fmt.Errorf("bundle index: %w", err)
	}
	out := filepath.Join(dir, update.FeedName)
	err = writeFileAtomically(out, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(append(data, '\n')))
		return err
	})
	if err != nil {
		return err
	}
	var deltas int
	for _, b := range feed.Bundles {
		if b.Delta() {
			deltas++
		}
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d bundles of %q (%d full, %d delta), sequences %d to %d\n", out, len(feed.Bundles),
		feed.Publisher.Name, len(feed.Bundles)-deltas, deltas, feed.Bundles[0].Sequence, feed.Bundles[len(feed.Bundles)-1].Sequence)
	return nil
}

// indexTrust verifies with the public key file when given, else with the
// keys trusted in the data directory, as "bundle inspect" does.
func indexTrust(ctx context.Context, e *env, cfg Config, keyPath string) (func(bundle.Publisher) (ed25519.PublicKey, error), func(), error) {
	if keyPath != "" {
		pub, err := bundle.ReadPublicKey(keyPath)
		if err != nil {
			return nil, nil, err
		}
		return bundle.TrustKeys(pub), func() {}, nil
	}
	st, err := openStore(ctx, e, cfg, false)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (or pass --key PREFIX.pub to verify without the data directory)", err)
	}
	return trustFunc(st), func() { st.Close() }, nil
}
