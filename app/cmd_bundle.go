package app

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/source"
	"bipkiosk/internal/synth"
)

// bundleCommands are the verbs under "bipkiosk bundle".
var bundleCommands = map[string]command{
	"build":    {"build and sign a bundle from a source tree", runBundleBuild},
	"inspect":  {"verify a bundle and summarise it", runBundleInspect},
	"generate": {"write a realistic synthetic source tree (load tests)", runBundleGenerate},
	"index":    {"write the update feed (index.json) for a folder of published bundles", runBundleIndex},
}

func runBundle(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stderr, "Usage:")
		for _, n := range []string{"build", "diff", "inspect", "generate", "index"} {
			fmt.Fprintf(e.stderr, "  bipkiosk %-64s %s\n", usage["bundle "+n], bundleCommands[n].summary)
		}
		if len(args) == 0 {
			return fmt.Errorf("%w: bundle needs a verb: build, inspect or generate", errUsage)
		}
		return nil
	}
	cmd, ok := bundleCommands[args[0]]
	if !ok && strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: bundle needs a verb before its flags: build, inspect or generate", errUsage)
	}
	if !ok {
		return fmt.Errorf("%w: unknown bundle verb %q: use build, inspect or generate", errUsage, args[0])
	}
	return cmd.run(ctx, e, args[1:])
}

func runBundleBuild(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "bundle build", &cfg)
	from := fs.String("from", "", "source tree (site.yaml and page folders)")
	keyPath := fs.String("key", "", "the publisher's private key, PREFIX.key")
	seq := fs.Uint64("sequence", 0, "this bundle's sequence number, higher than every earlier one (required)")
	out := fs.String("out", "", "bundle file to write")
	created := fs.String("created", "", "creation time, RFC 3339 (default: the newest change in the tree, so rebuilds are reproducible)")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	if *from == "" || *keyPath == "" || *out == "" || *seq == 0 {
		return fmt.Errorf("%w: --from, --key, --sequence (1 or more) and --out are required", errUsage)
	}
	key, err := bundle.ReadPrivateKey(*keyPath)
	if err != nil {
		return err
	}
	tree, err := source.Read(*from)
	if err != nil {
		return err
	}
	for _, w := range tree.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	when, err := creationTime(*created, tree.Nodes)
	if err != nil {
		return err
	}
	p := newProgress(e, "writing "+filepath.Base(*out))
	opts := bundle.WriteOptions{Key: key, Sequence: *seq, Created: when, Progress: p.update}
	err = writeFileAtomically(*out, func(w io.Writer) error {
		return bundle.Write(w, opts, tree.Site, tree.Nodes, openFiles(tree.Files))
	})
	p.finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d nodes, %d files, sequence %d, %d warnings\n", *out, len(tree.Nodes), len(tree.Files), *seq, len(tree.Warnings))
	return nil
}

// creationTime is the --created value, or the newest change in the tree.
func creationTime(flagValue string, nodes []content.Node) (time.Time, error) {
	if flagValue != "" {
		t, err := time.Parse(time.RFC3339, flagValue)
		if err != nil {
			return t, fmt.Errorf("%w: --created %q is not RFC 3339 (e.g. 2025-01-31T12:00:00Z)", errUsage, flagValue)
		}
		return t.UTC(), nil
	}
	var newest time.Time
	for _, n := range nodes {
		if t := n.LastChange(); t.After(newest) {
			newest = t
		}
	}
	if newest.IsZero() {
		newest = time.Now()
	}
	return newest.UTC().Truncate(time.Second), nil
}

// openFiles opens blobs of a source tree by their SHA-256.
func openFiles(files map[string]string) bundle.BlobOpener {
	return func(sha string) (io.ReadCloser, error) {
		path, ok := files[sha]
		if !ok {
			return nil, fmt.Errorf("no source file has SHA-256 %s", sha)
		}
		return os.Open(path)
	}
}

// writeFileAtomically writes through a temporary file in the same folder and
// renames it into place, so a failed build never leaves a half-written bundle.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.Rename(f.Name(), path)
}

func runBundleInspect(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "bundle inspect", &cfg)
	keyPath := fs.String("key", "", "verify against this public key file instead of the keys trusted in the data directory")
	if err := parse(fs, args, 1, "one bundle file"); err != nil {
		return err
	}
	trust := trustFunc(nil)
	if *keyPath != "" {
		pub, err := bundle.ReadPublicKey(*keyPath)
		if err != nil {
			return err
		}
		trust = func(p bundle.Publisher) (ed25519.PublicKey, error) {
			if p.ID != pub.Publisher.ID {
				return nil, fmt.Errorf("%w: %s is the key of publisher %q, not of %q", bundle.ErrUntrusted, *keyPath, pub.Publisher.Name, p.Name)
			}
			return pub.Key, nil
		}
	} else {
		st, err := openStore(ctx, e, cfg, false)
		if err != nil {
			return fmt.Errorf("%w (or pass --key PREFIX.pub to verify without the data directory)", err)
		}
		defer st.Close()
		trust = trustFunc(st)
	}
	sum, err := bundle.Inspect(fs.Arg(0), bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
	if err != nil {
		return err
	}
	printSummary(e.stdout, sum)
	return nil
}

// printSummary writes what `bundle inspect` found, one fact a line.
func printSummary(w io.Writer, s bundle.Summary) {
	kind := "full bundle"
	if s.BaseSequence != 0 {
		kind = fmt.Sprintf("delta bundle on sequence %d", s.BaseSequence)
	}
	fmt.Fprintf(w, "%s: verified (%s)\npublisher    %s (%s), key %s\nsequence     %d, created %s\ncontent      %d articles, %d sections, %d links, %d attachments in %d files\nsize         %s in %d entries, %s on disk\n",
		s.File, kind, s.Publisher.Name, s.Publisher.ID, s.Fingerprint, s.Sequence, s.Created.Format(time.RFC3339),
		s.Articles, s.Sections, s.Links, s.Attachments, s.Blobs, humanBytes(s.TotalBytes), s.Entries, humanBytes(s.ArchiveBytes))
}

func runBundleGenerate(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "bundle generate", &cfg)
	articles := fs.Int("articles", 1000, "number of articles")
	seed := fs.Int64("seed", 1, "random seed: the same seed writes the same tree")
	out := fs.String("out", "", "folder to write the source tree into (must not exist)")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	if *out == "" || *articles < 1 {
		return fmt.Errorf("%w: --out and --articles (1 or more) are required", errUsage)
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s already exists: choose a new folder for the generated tree", *out)
	}
	if err := synth.WriteTree(*out, synth.Options{Articles: *articles, Seed: *seed}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote a synthetic bulletin of %d articles to %s\n", *articles, *out)
	return nil
}
