package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
	if err != nil {
		return err
	}
	defer st.Close()
	old, err := st.TrustedKey(pub.Publisher.ID)
	switch {
	case err == nil && bytes.Equal(old.Key, pub.Key):
		fmt.Fprintf(e.stdout, "publisher %q is already trusted with this key (%s)\n", pub.Publisher.Name, pub.Fingerprint())
		return nil
	case err == nil && !*replace:
		return fmt.Errorf("%s: publisher %q (id %s) is already trusted with another key (%s); pass --replace if the publisher has really changed keys",
			fs.Arg(0), old.Publisher, old.PublisherID, bundle.PublicKey{Key: old.Key}.Fingerprint())
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return err
	}
	k := store.TrustedKey{PublisherID: pub.Publisher.ID, Publisher: pub.Publisher.Name, Key: pub.Key, Added: time.Now().UTC()}
	if err := st.Trust(k); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "trusted publisher %q (id %s, key %s)\n", pub.Publisher.Name, pub.Publisher.ID, pub.Fingerprint())
	return nil
}
