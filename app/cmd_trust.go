package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/store"
)

func runTrust(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "trust", &cfg)
	replace := fs.Bool("replace", false, "replace a different key already trusted for the same publisher")
	if err := parse(fs, args, 1, "one public key file, PREFIX.pub"); err != nil {
		return err
	}
	pub, err := bundle.ReadPublicKey(fs.Arg(0))
	if err != nil {
		return err
	}
	st, err := openStore(ctx, e, cfg, false)
	if errors.Is(err, store.ErrLocked) {
		// A running reader holds the store: it pins the key itself.
		resp, cerr := askControl(ctx, cfg, controlRequest{Op: "trust", Name: filepath.Base(fs.Arg(0)), Key: string(bundle.MarshalPublicKey(pub)), Replace: *replace}, nil)
		if errors.Is(cerr, errNoReader) {
			return fmt.Errorf("%w; the running reader does not answer on its control socket (%v)", err, cerr)
		}
		if cerr != nil {
			return cerr
		}
		fmt.Fprintln(e.stdout, resp.Message)
		return nil
	}
	if err != nil {
		return err
	}
	defer st.Close()
	msg, err := trustKey(st, fs.Arg(0), pub, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg)
	return nil
}

// trustKey pins pub for its publisher in st and says what it did; a
// different key already pinned is replaced only when replace is set.
func trustKey(st *store.Store, file string, pub bundle.PublicKey, replace bool) (string, error) {
	old, err := st.TrustedKey(pub.Publisher.ID)
	switch {
	case err == nil && bytes.Equal(old.Key, pub.Key):
		return fmt.Sprintf("publisher %q is already trusted with this key (%s)", pub.Publisher.Name, pub.Fingerprint()), nil
	case err == nil && !replace:
		return "", fmt.Errorf("%s: publisher %q (id %s) is already trusted with another key (%s); pass --replace if the publisher has really changed keys",
			file, old.Publisher, old.PublisherID, bundle.PublicKey{Key: old.Key}.Fingerprint())
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return "", err
	}
	k := store.TrustedKey{PublisherID: pub.Publisher.ID, Publisher: pub.Publisher.Name, Key: pub.Key, Added: time.Now().UTC()}
	if err := st.Trust(k); err != nil {
		return "", err
	}
	return fmt.Sprintf("trusted publisher %q (id %s, key %s)", pub.Publisher.Name, pub.Publisher.ID, pub.Fingerprint()), nil
}
