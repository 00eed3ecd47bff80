package app

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
	"bipkiosk/internal/source"
	"bipkiosk/internal/synth"
)

// bundleCommands are the verbs under "bipkiosk bundle".
var bundleCommands = map[string]command{
	"build":    {"build and sign a bundle (or a delta on an older one) from a source tree", runBundleBuild},
	"diff":     {"verify two bundles and show what changed between them", runBundleDiff},
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
			return fmt.Errorf("%w: bundle needs a verb: build, diff, inspect, generate or index", errUsage)
		}
		return nil
	}
	cmd, ok := bundleCommands[args[0]]
	if !ok && strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: bundle needs a verb before its flags: build, diff, inspect, generate or index", errUsage)
	}
	if !ok {
		return fmt.Errorf("%w: unknown bundle verb %q: use build, diff, inspect, generate or index", errUsage, args[0])
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
	basePath := fs.String("base", "", "write a delta on this earlier full bundle: only what changed since it")
	rotateFrom := fs.String("rotate-from", "", "the publisher's previous private key: hand readers over from it to --key")
	docs := addDocumentFlags(fs)
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
	opts := bundle.WriteOptions{Key: key, Sequence: *seq, TempDir: filepath.Dir(*out)} // beside the bundle, as the bodies
	trusted := []bundle.PublicKey{key.Public()}
	if *rotateFrom != "" {
		old, err := bundle.ReadPrivateKey(*rotateFrom)
		if err != nil {
			return err
		}
		rot, err := bundle.SignKeyRotation(old, key.Public(), *seq)
		if err != nil {
			return buildHint(err)
		}
		opts.KeyRotation = &rot
		trusted = append(trusted, old.Public())
	}
	if *basePath != "" {
		m, err := baseManifest(*basePath, trusted)
		if err != nil {
			return err
		}
		opts.Base = &m
	}
	limitBatchMemory()
	// The pages' bodies wait on disk beside the bundle being written (not in
	// a temporary folder that may be in memory) until they are encoded.
	tree, err := source.ReadLean(*from, filepath.Dir(*out))
	if err != nil {
		return err
	}
	defer tree.Close()
	for _, w := range tree.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	done, err := docs.prepare(ctx, e, tree)
	if err != nil {
		return err
	}
	defer done()
	if opts.Created, err = creationTime(*created, tree.Nodes); err != nil {
		return err
	}
	p := newProgress(e, "writing "+filepath.Base(*out))
	opts.Progress = p.update
	opts.Complete = tree.Complete
	err = writeFileAtomically(*out, func(w io.Writer) error {
		return bundle.Write(w, opts, tree.Site, tree.Nodes, openFiles(tree.Files))
	})
	p.finish()
	if err != nil {
		return buildHint(err)
	}
	if opts.Base == nil {
		fmt.Fprintf(e.stdout, "wrote %s: %d nodes, %d files, sequence %d, %d warnings\n", *out, len(tree.Nodes), len(tree.Files), *seq, len(tree.Warnings))
		return nil
	}
	return reportDelta(e.stdout, *out, key.Public(), len(tree.Warnings))
}

// baseManifest opens the full bundle a delta is built on, verified with one
// of the publisher's own keys: the signing key or, during a rotation, the
// key it takes over from.
func baseManifest(path string, keys []bundle.PublicKey) (bundle.Manifest, error) {
	var err error
	for _, k := range keys {
		var b *bundle.Bundle
		b, err = bundle.Open(path, bundle.OpenOptions{Trust: bundle.TrustKeys(k), Limits: bundle.DefaultLimits()})
		if err == nil {
			defer b.Close()
			return b.Manifest(), nil
		}
		if !errors.Is(err, bundle.ErrSignature) {
			break
		}
	}
	return bundle.Manifest{}, fmt.Errorf("--base: %w", err)
}

// reportDelta says what the delta just written holds.
func reportDelta(w io.Writer, path string, key bundle.PublicKey, warnings int) error {
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: bundle.TrustKeys(key), Limits: bundle.DefaultLimits()})
	if err != nil {
		return err
	}
	defer b.Close()
	ed := b.Edition()
	nodes, files := b.Counts()
	fmt.Fprintf(w, "wrote %s: delta on sequence %d, sequence %d: %d new or changed nodes, %d removed, %d new files, %d warnings\n",
		path, ed.BaseSequence, ed.Sequence, nodes, len(b.Removed()), files, warnings)
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
// The file is created with mode 0666 less the umask, like any file a command
// writes: bundles and feeds are published, and a web server that cannot read
// them answers 403.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	f, err := createTemp(filepath.Dir(path), "."+filepath.Base(path)+".", ".tmp")
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

// createTemp creates a new file dir/prefix<random>suffix with mode 0666, so
// the umask decides who may read it (os.CreateTemp always makes it 0600).
func createTemp(dir, prefix, suffix string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36)+suffix)
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("cannot create a temporary file in %s", dir)
}

func runBundleInspect(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "bundle inspect", &cfg)
	keyPath := fs.String("key", "", "verify against this public key file instead of the keys trusted in the data directory")
	if err := parse(fs, args, 1, "one bundle file"); err != nil {
		return err
	}
	trust, done, err := verifyingTrust(ctx, e, cfg, *keyPath)
	if err != nil {
		return err
	}
	defer done()
	opts := bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()}
	inspect := bundle.Inspect
	if *keyPath == "" {
		// A publisher checking its own bundle, or an administrator before
		// trusting one: show it, and say the signature was not checked.
		inspect = bundle.InspectUntrusted
	}
	sum, err := inspect(fs.Arg(0), opts)
	if err != nil {
		return err
	}
	printSummary(e.stdout, sum)
	return nil
}

// verifyingTrust returns how inspect and diff verify bundles: against the
// public key file keyPath, or without one against the keys trusted in the
// data directory. done releases the data directory.
func verifyingTrust(ctx context.Context, e *env, cfg Config, keyPath string) (trust func(bundle.Publisher) (ed25519.PublicKey, error), done func(), err error) {
	if keyPath != "" {
		pub, err := bundle.ReadPublicKey(keyPath)
		if err != nil {
			return nil, nil, err
		}
		return func(p bundle.Publisher) (ed25519.PublicKey, error) {
			if p.ID != pub.Publisher.ID {
				return nil, fmt.Errorf("%w: %s is the key of publisher %q, not of %q", bundle.ErrUntrusted, keyPath, pub.Publisher.Name, p.Name)
			}
			return pub.Key, nil
		}, func() {}, nil
	}
	st, err := openStore(ctx, e, cfg, false)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (or pass --key PREFIX.pub to verify without the data directory)", err)
	}
	return trustFunc(st), func() { st.Close() }, nil
}

// printSummary writes what `bundle inspect` found, one fact a line.
func printSummary(w io.Writer, s bundle.Summary) {
	kind := "full bundle"
	if s.BaseSequence != 0 {
		kind = fmt.Sprintf("delta bundle on sequence %d, removing %d nodes", s.BaseSequence, s.Removed)
	}
	switch s.Signature {
	case bundle.SignatureTrusted:
		fmt.Fprintf(w, "%s: verified (%s)\npublisher    %s (%s), key %s\n", s.File, kind, s.Publisher.Name, s.Publisher.ID, s.Fingerprint)
		if s.HandOverFrom != "" {
			fmt.Fprintf(w, "key rotation handed over from the trusted key %s; importing pins key %s\n", s.HandOverFrom, s.Fingerprint)
		}
	case bundle.SignatureUntrusted:
		fmt.Fprintf(w, "%s: well-formed, signed by a key this installation does not trust (%s)\npublisher    %s (%s), key %s\n", s.File, kind, s.Publisher.Name, s.Publisher.ID, s.Fingerprint)
		fmt.Fprintf(w, "signature    by key %s, handed over from key %s, which this installation does not trust; pass --key PREFIX.pub or run \"bipkiosk trust PREFIX.pub\" with the publisher's key file\n", s.Fingerprint, s.HandOverFrom)
	default:
		fmt.Fprintf(w, "%s: well-formed, signature not checked (%s)\npublisher    %s (%s)\n", s.File, kind, s.Publisher.Name, s.Publisher.ID)
		fmt.Fprintf(w, "signature    not checked: no trusted key for publisher %q; pass --key PREFIX.pub or run \"bipkiosk trust PREFIX.pub\" with the publisher's key file\n", s.Publisher.Name)
	}
	fmt.Fprintf(w, "sequence     %d, created %s\ncontent      %d articles, %d sections, %d links, %d attachments in %d files\nsize         %s in %d entries, %s on disk\n",
		s.Sequence, s.Created.Format(time.RFC3339),
		s.Articles, s.Sections, s.Links, s.Attachments, s.Blobs, humanBytes(s.TotalBytes), s.Entries, humanBytes(s.ArchiveBytes))
}

func runBundleDiff(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "bundle diff", &cfg)
	keyPath := fs.String("key", "", "verify both against this public key file instead of the keys trusted in the data directory")
	if err := parse(fs, args, 2, "two bundle files, the older first"); err != nil {
		return err
	}
	trust, done, err := verifyingTrust(ctx, e, cfg, *keyPath)
	if err != nil {
		return err
	}
	defer done()
	d, err := bundle.DiffBundles(fs.Arg(0), fs.Arg(1), bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
	if err != nil {
		return err
	}
	printDiff(e.stdout, d)
	return nil
}

// printDiff writes a diff for people: the two editions, then each list
// under a heading with its count, then one summary line. Lists are in menu
// order, so the same two bundles always print the same text.
func printDiff(w io.Writer, d bundle.Diff) {
	for _, s := range []struct {
		label string
		side  bundle.DiffSide
	}{{"old", d.Old}, {"new", d.New}} {
		ed := s.side.Edition
		kind := "full"
		if ed.BaseSequence != 0 {
			kind = fmt.Sprintf("delta on %d", ed.BaseSequence)
		}
		fmt.Fprintf(w, "%s  %s: %q sequence %d (%s), created %s, key %s, %d pages\n",
			s.label, s.side.File, ed.Publisher, ed.Sequence, kind, ed.Created.Format(time.RFC3339), s.side.Fingerprint, s.side.Pages)
	}
	pages := func(title, mark string, l []bundle.PageChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(l))
		for _, p := range l {
			fmt.Fprintf(w, "  %s %s%s", mark, menuPath(p), kindNote(p.Kind))
			if len(p.Fields) > 0 {
				fmt.Fprintf(w, ": %s", strings.Join(p.Fields, ", "))
			}
			fmt.Fprintln(w)
		}
	}
	atts := func(title, mark string, l []bundle.AttachmentChange) {
		if len(l) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(l))
		for _, a := range l {
			fmt.Fprintf(w, "  %s %s (%q, %s) on %s\n", mark, a.Attachment.Name, a.Attachment.Title, humanBytes(a.Attachment.Size), menuPath(a.Page))
		}
	}
	pages("added pages", "+", d.Added)
	pages("changed pages", "~", d.Changed)
	pages("removed pages", "-", d.Removed)
	atts("attachments added", "+", d.AttachmentsAdded)
	atts("attachments removed", "-", d.AttachmentsRemoved)
	if len(d.Site) > 0 {
		fmt.Fprintf(w, "\nsite changed: %s\n", strings.Join(d.Site, ", "))
	}
	site := "site unchanged"
	if len(d.Site) > 0 {
		site = "site changed"
	}
	fmt.Fprintf(w, "\nsummary: %d pages added, %d changed, %d removed; %d attachments added, %d removed; %s\n",
		len(d.Added), len(d.Changed), len(d.Removed), len(d.AttachmentsAdded), len(d.AttachmentsRemoved), site)
}

// menuPath shows where a page sits: "URZĄD MIEJSKI › Jednostki › MOPS".
func menuPath(p bundle.PageChange) string {
	return strings.Join(p.Menu, " › ")
}

// kindNote marks pages that are not articles.
func kindNote(k content.Kind) string {
	if k == content.KindArticle {
		return ""
	}
	return " [" + string(k) + "]"
}

func runBundleGenerate(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "bundle generate", &cfg)
	articles := fs.Int("articles", 1000, "number of articles")
	seed := fs.Int64("seed", 1, "random seed: the same seed writes the same tree")
	out := fs.String("out", "", "folder to write the source tree into (must not exist)")
	every := fs.Int("attachments-every", 0, "give every N-th article one attachment (a PDF, or a CSV in the budget); 0 for none")
	realPDFs := fs.Bool("real-pdfs", false, "make the PDF attachments real PDFs of 2–3 text pages, which get page images and text at build (default: small stand-ins)")
	scanned := fs.Int("scanned-every", 0, "with --real-pdfs, make every N-th PDF a scan without a text layer, recognised at build; 0 for none")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	if *out == "" || *articles < 1 {
		return fmt.Errorf("%w: --out and --articles (1 or more) are required", errUsage)
	}
	if *every < 0 || *scanned < 0 {
		return fmt.Errorf("%w: --attachments-every and --scanned-every must be 0 or more", errUsage)
	}
	if _, err := os.Stat(*out); err == nil {
		return fmt.Errorf("%s already exists: choose a new folder for the generated tree", *out)
	}
	opts := synth.Options{Articles: *articles, Seed: *seed, AttachmentsEvery: *every, RealPDFs: *realPDFs, ScannedEvery: *scanned}
	if err := synth.WriteTree(*out, opts); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote a synthetic bulletin of %d articles to %s\n", *articles, *out)
	return nil
}
