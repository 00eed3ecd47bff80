package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/store"
)

func runImport(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "import", &cfg)
	replace := fs.Bool("replace-publisher", false, "install a bulletin of another publisher over the installed one")
	limits := bundle.DefaultLimits()
	fs.IntVar(&limits.MaxEntries, "max-entries", limits.MaxEntries, "refuse a bundle with more entries than this")
	fs.Int64Var(&limits.MaxEntryBytes, "max-entry-bytes", limits.MaxEntryBytes, "refuse a bundle with a larger single file than this")
	fs.Int64Var(&limits.MaxTotalBytes, "max-total-bytes", limits.MaxTotalBytes, "refuse a bundle that expands to more bytes than this")
	if err := parse(fs, args, 1, "one bundle file"); err != nil {
		return err
	}
	path := fs.Arg(0)
	st, err := openStore(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return importURL(ctx, e, st, cfg, path, *replace, limits)
	}
	gen, err := installBundle(ctx, e, st, path, *replace, limits)
	if errors.Is(err, store.ErrAlreadyInstalled) {
		gen, _ = st.Current()
		fmt.Fprintf(e.stdout, "%s: already installed (publisher %q, sequence %d); nothing to do\n", path, gen.Edition.Publisher, gen.Edition.Sequence)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "installed %q sequence %d: %d articles, %d sections, %d attachments\n",
		gen.Edition.Publisher, gen.Edition.Sequence, gen.Articles, gen.Sections, gen.Attachments)
	return nil
}

// importURL checks the address once, as the background poller would, but
// also tries again a bundle refused at an earlier check, and says what
// happened. The check is recorded for the footer and the operator screen.
func importURL(ctx context.Context, e *env, st *store.Store, cfg Config, rawURL string, replace bool, limits bundle.Limits) error {
	u, err := newUpdater(e, st, cfg, rawURL, limits, replace, true)
	if err != nil {
		return err
	}
	c, err := u.Check(ctx)
	if rerr := st.RecordUpdateCheck(c); rerr != nil {
		e.log.Warn("update_check_not_recorded", "err", rerr)
	}
	switch c.Result {
	case store.UpdateInstalled:
		gen, _ := st.Current()
		fmt.Fprintf(e.stdout, "installed %q sequence %d from %s: %d articles, %d sections, %d attachments\n",
			gen.Edition.Publisher, gen.Edition.Sequence, rawURL, gen.Articles, gen.Sections, gen.Attachments)
	case store.UpdateUnchanged:
		fmt.Fprintf(e.stdout, "%s: nothing newer than the installed sequence %d; nothing to do\n", rawURL, c.Sequence)
	case store.UpdateRefused:
		return fmt.Errorf("refused, the installed bulletin is unchanged: %w", err)
	default:
		return err
	}
	return nil
}
