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
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return fmt.Errorf("%s: importing from a URL is not available in this version: download the bundle and import the file", path)
	}
	st, err := openStore(ctx, e, cfg, false)
	if err != nil {
		return err
	}
	defer st.Close()
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
