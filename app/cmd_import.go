package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
	limitBatchMemory()
	path := fs.Arg(0)
	isURL := strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://")
	st, err := openStore(ctx, e, cfg, false)
	if errors.Is(err, store.ErrLocked) {
		// A reader is running: it installs the bundle and shows it at once.
		return importThroughReader(ctx, e, cfg, path, isURL, *replace, limits, err)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	if isURL {
		return importURL(ctx, e, st, cfg, path, *replace, limits)
	}
	return importFile(ctx, e, st, path, path, *replace, limits)
}

// importFile verifies the bundle at path and installs it, saying what
// happened under the name the operator gave.
func importFile(ctx context.Context, e *env, st *store.Store, path, name string, replace bool, limits bundle.Limits) error {
	gen, err := installBundle(ctx, e, st, path, replace, limits)
	if errors.Is(err, store.ErrAlreadyInstalled) {
		gen, _ = st.Current()
		fmt.Fprintf(e.stdout, "%s: already installed (publisher %q, sequence %d); nothing to do\n", name, gen.Edition.Publisher, gen.Edition.Sequence)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "installed %q sequence %d: %d articles, %d sections, %d attachments\n",
		gen.Edition.Publisher, gen.Edition.Sequence, gen.Articles, gen.Sections, gen.Attachments)
	return nil
}

// importThroughReader hands the import to the running reader over its
// control socket: a file's bytes are sent (the reader's user need not be
// able to read the operator's file), an address is checked by the reader.
// locked is the store's error, returned with a hint when no reader answers.
func importThroughReader(ctx context.Context, e *env, cfg Config, path string, isURL, replace bool, limits bundle.Limits, locked error) error {
	req := controlRequest{Op: "import_url", URL: path, ReplacePublisher: replace, Limits: limits}
	var body io.Reader
	if !isURL {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("import: %s is not a file: pass a bundle file (.zip)", path)
		}
		req = controlRequest{Op: "import", Name: filepath.Base(path), Size: info.Size(), ReplacePublisher: replace, Limits: limits}
		body = f
	}
	resp, err := askControl(ctx, cfg, req, body)
	if errors.Is(err, errNoReader) {
		return fmt.Errorf("%w; the running reader does not answer on its control socket (%v)", locked, err)
	}
	if err != nil {
		return fmt.Errorf("refused by the running reader, the installed bulletin is unchanged: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s (by the running reader)\n", resp.Message)
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
