package app

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
)

func runKeygen(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "keygen", &cfg)
	out := fs.String("out", "", "write PREFIX.key (secret, mode 0600) and PREFIX.pub")
	name := fs.String("publisher", "", `publisher name shown to readers, e.g. "Miasto Chojnów"`)
	id := fs.String("publisher-id", "", "publisher UUID (default: a new random one)")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	if *out == "" || *name == "" {
		return fmt.Errorf("%w: --out and --publisher are required", errUsage)
	}
	pub := bundle.Publisher{ID: uuid.New(), Name: *name}
	if *id != "" {
		parsed, err := uuid.Parse(*id)
		if err != nil {
			return fmt.Errorf("%w: --publisher-id %q is not a UUID", errUsage, *id)
		}
		pub.ID = parsed
	}
	key, err := bundle.GenerateKey(pub)
	if err != nil {
		return err
	}
	if err := bundle.WriteKeyFiles(*out, key); errors.Is(err, iofs.ErrExist) {
		return fmt.Errorf("%w: pass another --out", err)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s.key (keep it secret) and %s.pub (give it to every reader: bipkiosk trust %s.pub)\npublisher %q, id %s, key fingerprint %s\n",
		*out, *out, *out, pub.Name, pub.ID, key.Public().Fingerprint())
	return nil
}
