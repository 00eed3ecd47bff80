package app

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/defaultbulletin"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/update"
)

// openStore opens the store in cfg.DataDir; with withDefault it installs the
// embedded default bulletin into an empty store, so a first run shows content.
func openStore(ctx context.Context, e *env, cfg Config, withDefault bool) (*store.Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := store.Open(cfg.DataDir, store.Options{Logger: e.log})
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("data directory %s is in use by a running bipkiosk (serve or desktop): stop it, or pass --data for another directory (%w)", cfg.DataDir, store.ErrLocked)
	}
	if err != nil {
		return nil, err
	}
	if !withDefault {
		return st, nil
	}
	if _, err := st.Current(); errors.Is(err, store.ErrEmpty) {
		if err := installDefault(ctx, e, st); err != nil {
			st.Close()
			return nil, err
		}
	} else if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// installDefault imports the bulletin embedded in the binary.
func installDefault(ctx context.Context, e *env, st *store.Store) error {
	data, err := defaultbulletin.Bundle()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "bipkiosk-default-")
	if err != nil {
		return fmt.Errorf("default bulletin: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "default-bulletin.zip")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("default bulletin: %w", err)
	}
	gen, err := installBundle(ctx, e, st, path, false, bundle.DefaultLimits())
	if err != nil {
		return fmt.Errorf("installing the embedded default bulletin: %w", err)
	}
	e.log.Info("installed_default_bulletin", "publisher", gen.Edition.Publisher, "articles", gen.Articles)
	return nil
}

// installBundle verifies the bundle at path against the trusted keys and
// imports it. The installed bulletin is untouched unless every check passes.
func installBundle(ctx context.Context, e *env, st *store.Store, path string, replacePublisher bool, limits bundle.Limits) (store.Generation, error) {
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: trustFunc(st), Limits: limits})
	if err != nil {
		return store.Generation{}, err
	}
	defer b.Close()
	if installedIsDefault(st) {
		replacePublisher = true // the embedded sample gives way to any trusted publisher
	}
	p := newProgress(e, "importing "+filepath.Base(path))
	ix := search.NewIndexer(e.log)
	ix.TempDir = st.Dir()
	gen, err := st.Import(ctx, b, store.ImportOptions{
		Progress:         p.update,
		ReplacePublisher: replacePublisher,
		Indexers:         []store.Indexer{ix}, // content and its index flip together
	})
	p.finish()
	if err != nil {
		return gen, bundleCause(err, filepath.Base(path))
	}
	return gen, nil
}

// bundleCause returns the bundle's own error inside err when there is one (it
// already names the file and the fault, e.g. a hash mismatch found while the
// store read an entry); otherwise err prefixed with the file name.
func bundleCause(err error, name string) error {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.HasPrefix(e.Error(), name+": ") {
			return e
		}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// installedIsDefault reports whether the installed bulletin is the embedded one.
func installedIsDefault(st *store.Store) bool {
	gen, err := st.Current()
	return err == nil && gen.Edition.PublisherID == defaultbulletin.Publisher().ID
}

// trustFunc resolves a bundle's publisher to its pinned key: the keys trusted
// in the store, and the embedded key for the embedded publisher only.
func trustFunc(st *store.Store) func(bundle.Publisher) (ed25519.PublicKey, error) {
	return func(p bundle.Publisher) (ed25519.PublicKey, error) {
		if st != nil {
			k, err := st.TrustedKey(p.ID)
			if err == nil {
				return ed25519.PublicKey(k.Key), nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return nil, err
			}
		}
		if p.ID == defaultbulletin.Publisher().ID {
			if k, err := defaultbulletin.PublicKey(); err == nil {
				return k.Key, nil
			}
		}
		return nil, bundle.ErrUntrusted
	}
}

// downloadsDir is where updates are downloaded before they are verified:
// inside the data directory (Badger reads only its own files there), never
// inside the store.
func downloadsDir(cfg Config) string { return filepath.Join(cfg.DataDir, "downloads") }

// newUpdater returns the updater for rawURL that installs into st as
// "bipkiosk import" does. byHand is "bipkiosk import URL": a person asked, so
// a bundle refused before is tried again and a size refusal names the flag
// that person can pass; the background poller does neither.
func newUpdater(e *env, st *store.Store, cfg Config, rawURL string, limits bundle.Limits, replacePublisher, byHand bool) (*update.Updater, error) {
	hint := updateHint(byHand)
	u, err := update.New(update.Options{
		URL: rawURL, Dir: downloadsDir(cfg), Store: st, Trust: trustFunc(st), Limits: limits,
		Install: func(ctx context.Context, path string) (store.Generation, error) {
			return installBundle(ctx, e, st, path, replacePublisher, limits)
		},
		RetryRefused: byHand,
		Hint:         hint,
		UserAgent:    readBuildInfo().userAgent(),
		Logger:       e.log,
	})
	if err != nil {
		return nil, hint(err)
	}
	return u, nil
}

// startUpdates polls cfg.UpdateURL and watches cfg.UpdateDir in the
// background, each when it is set. The returned stop ends them (and any
// import under way) and waits for them, so the store can be closed after it.
func startUpdates(ctx context.Context, e *env, st *store.Store, cfg Config) (stop func(), err error) {
	quiet := quietEnv(e) // no progress line between the server's log lines
	var runs []func(context.Context)
	if cfg.UpdateURL != "" {
		u, err := newUpdater(quiet, st, cfg, cfg.UpdateURL, bundle.DefaultLimits(), false, false)
		if err != nil {
			return nil, err
		}
		runs = append(runs, update.NewPoller(u, cfg.UpdateEvery).Run)
		e.log.Info("update_polling", "url", cfg.UpdateURL, "every", cfg.UpdateEvery.String())
	}
	if cfg.UpdateDir != "" {
		w, err := update.NewDirWatcher(update.DirOptions{
			Dir: cfg.UpdateDir, Downloads: downloadsDir(cfg), Store: st, Trust: trustFunc(st), Limits: bundle.DefaultLimits(),
			Install: func(ctx context.Context, path string) (store.Generation, error) {
				return installBundle(ctx, quiet, st, path, false, bundle.DefaultLimits())
			},
			Logger: e.log,
		})
		if err != nil {
			return nil, err
		}
		runs = append(runs, w.Run)
		e.log.Info("update_dir_watching", "dir", cfg.UpdateDir, "every", update.DefaultDirEvery.String())
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, run := range runs {
		wg.Go(func() { run(ctx) })
	}
	return func() { cancel(); wg.Wait() }, nil
}
