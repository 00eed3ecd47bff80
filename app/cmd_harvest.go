package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"bipkiosk/internal/crawl"
	"bipkiosk/internal/harvest"
	"bipkiosk/internal/source"
)

// harvestRequest is one "bipkiosk harvest" run, as the flags give it.
type harvestRequest struct {
	start, out   string
	crawl        crawl.Options
	name, owner  string
	followRounds int // follow-up crawls for adapter seeds and attachments not linked plainly
}

func runHarvest(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "harvest", &cfg)
	r := harvestRequest{followRounds: 2}
	fs.StringVar(&r.out, "out", "", "folder for the source tree; the crawl's state is kept in OUT/.crawl (required)")
	contact := fs.String("contact", "", "an e-mail or web address the site's admin can reach you at; sent in the User-Agent (required)")
	prefix := fs.String("prefix", "", "follow only paths under this prefix (default: the whole host)")
	parallel := fs.Int("parallel", crawl.DefaultParallel, "requests at a time")
	perSecond := fs.Float64("per-second", crawl.DefaultPerSecond, "requests a second (a larger robots.txt Crawl-delay wins)")
	maxPages := fs.Int("max-pages", crawl.DefaultMaxPages, "stop after this many addresses")
	maxBytes := fs.Int64("max-bytes", crawl.DefaultMaxBytes, "stop after downloading this many bytes")
	maxPageBytes := fs.Int64("max-page-bytes", crawl.DefaultMaxPageBytes, "skip any page or file larger than this")
	maxDepth := fs.Int("max-depth", crawl.DefaultMaxDepth, "follow links at most this far from the start")
	maxTime := fs.Duration("max-time", 0, "stop the crawl after this long, e.g. 2h (default: no limit)")
	fs.StringVar(&r.name, "name", "", "the bulletin's name, when the pages do not give it well")
	fs.StringVar(&r.owner, "owner", "", "the public body, when the name does not give it")
	asJSON := fs.Bool("json", false, "print the harvest report as JSON")
	var pub publishRequest
	fs.StringVar(&pub.key, "key", "", "sign a bundle of the harvest with this private key, PREFIX.key")
	seq := fs.Uint64("sequence", 0, "with --bundle: the bundle's sequence number")
	fs.StringVar(&pub.bundle, "bundle", "", "with --key and --sequence: write a signed bundle of the harvest here")
	fs.StringVar(&pub.base, "base", "", "with --bundle: write a delta on this earlier full bundle")
	fs.StringVar(&pub.dir, "publish", "", "with --key: the nightly step into this folder: next full bundle, a delta on the last full one, index.json, old bundles pruned")
	fs.IntVar(&pub.keep, "keep", 5, "with --publish: full bundles kept (with their deltas)")
	pub.docs = addDocumentFlags(fs)
	if err := parse(fs, args, 1, "the address of the bulletin to harvest"); err != nil {
		return err
	}
	r.start, pub.seq = fs.Arg(0), *seq
	if pub.docs.cache == "" && r.out != "" { // the nightly full bundle and delta read each file once
		pub.docs.cache = filepath.Join(r.out, ".crawl", "documents")
	}
	if err := checkHarvestFlags(r, *contact, pub); err != nil {
		return err
	}
	r.crawl = crawl.Options{Start: r.start, Dir: r.out, Prefix: *prefix, Parallel: *parallel, PerSecond: *perSecond,
		Version: readBuildInfo().Version, Contact: *contact, MaxPages: *maxPages, MaxBytes: *maxBytes,
		MaxPageBytes: *maxPageBytes, MaxDepth: *maxDepth, MaxTime: *maxTime}
	sum, state, err := harvestSite(ctx, e, r)
	if err != nil {
		return err
	}
	if err := printHarvest(e.stdout, sum, *asJSON); err != nil {
		return err
	}
	if *asJSON { // keep stdout one JSON document
		e = &env{stdout: e.stderr, stderr: e.stderr, log: e.log, interactive: e.interactive}
	}
	if err := pub.run(ctx, e, r.out, sum); err != nil {
		return err
	}
	// Kept only once what it describes is published, so that changes a
	// failed publishing left out are listed, and published, next time.
	return harvest.WriteState(r.out, state)
}

// checkHarvestFlags refuses a command line that cannot run, before the network.
func checkHarvestFlags(r harvestRequest, contact string, pub publishRequest) error {
	switch {
	case r.out == "":
		return fmt.Errorf("%w: --out DIR is required: the folder the source tree is written to", errUsage)
	case strings.TrimSpace(contact) == "":
		return fmt.Errorf("%w: --contact is required: the User-Agent must name an address the site's admin can write to (e.g. --contact it@gmina.pl)", errUsage)
	case pub.bundle != "" && pub.dir != "":
		return fmt.Errorf("%w: give --bundle FILE or --publish DIR, not both", errUsage)
	case (pub.bundle != "" || pub.dir != "") && pub.key == "":
		return fmt.Errorf("%w: --bundle and --publish need --key PREFIX.key to sign with", errUsage)
	case pub.bundle != "" && pub.seq == 0:
		return fmt.Errorf("%w: --bundle needs --sequence N (1 or more)", errUsage)
	case pub.bundle == "" && (pub.seq != 0 || pub.base != ""):
		return fmt.Errorf("%w: --sequence and --base go with --bundle FILE", errUsage)
	case pub.bundle == "" && pub.dir == "" && pub.key != "":
		return fmt.Errorf("%w: --key goes with --bundle FILE or --publish DIR", errUsage)
	case pub.keep < 1:
		return fmt.Errorf("%w: --keep must be 1 or more", errUsage)
	}
	return nil
}

// printHarvest writes the harvest report as text or JSON.
func printHarvest(w io.Writer, sum harvest.Summary, asJSON bool) error {
	if !asJSON {
		sum.WriteText(w)
		return nil
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return fmt.Errorf("harvest: report: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// harvestSite crawls, extracts and writes the tree, and sums it up; the
// state returned is the tree's fingerprint, for the caller to keep.
func harvestSite(ctx context.Context, e *env, r harvestRequest) (harvest.Summary, harvest.State, error) {
	began := time.Now()
	say(e, "crawling %s", r.start)
	res, err := crawl.Run(ctx, r.crawl)
	if err != nil {
		return harvest.Summary{}, harvest.State{}, err
	}
	b, fetched, err := extractCrawl(ctx, e, r, res)
	if err != nil {
		return harvest.Summary{}, harvest.State{}, err
	}
	return writeHarvest(e, r, b, fetched, began)
}

// maxListingRounds bounds the follow-up crawls spent on the further pages
// of an API listing (100 entries each, for WordPress) beyond followRounds.
const maxListingRounds = 50

// extractCrawl reads the crawl into a bulletin, fetching in follow-up
// crawls what the first one could not find by links: the adapter's seeds
// and the addresses its readings want (an API the pages load by script or
// name in their head, an API listing's next page) and attachments.
func extractCrawl(ctx context.Context, e *env, r harvestRequest, res *crawl.Result) (*harvest.Bulletin, *fetchedSite, error) {
	site := newFetchedSite()
	site.add(res)
	rounds := r.followRounds
	for round := 0; ; round++ {
		say(e, "extracting %d pages", len(site.pages))
		pages := site.harvestPages()
		b, err := harvest.Extract(pages, harvest.Options{Start: r.start, Name: r.name, Owner: r.owner})
		if err != nil {
			return nil, nil, err
		}
		if round == rounds && rounds < r.followRounds+maxListingRounds && len(site.missing(r.start, b.Wants)) > 0 {
			rounds++ // an API listing goes on: its next page is one more round
		}
		want := site.missing(r.start, slices.Concat(adapterSeeds(pages, r.start), b.Wants, attachmentURLs(b)))
		if len(want) == 0 || round == rounds || site.report.Limit != crawl.LimitNone {
			return b, site, nil
		}
		say(e, "fetching %d addresses the pages lead to by script or as files", len(want))
		opts := r.crawl
		opts.Seeds = want
		opts.Follow = func(_ *url.URL, from crawl.Page) bool { return from.URL == "" || from.FinalURL != "" }
		more, err := crawl.Run(ctx, opts)
		if err != nil {
			return nil, nil, err
		}
		site.add(more)
	}
}

// writeHarvest writes the tree, reads it back and compares it with the
// last harvest's.
func writeHarvest(e *env, r harvestRequest, b *harvest.Bulletin, site *fetchedSite, began time.Time) (harvest.Summary, harvest.State, error) {
	prev, err := harvest.ReadState(r.out)
	if err != nil {
		return harvest.Summary{}, harvest.State{}, err
	}
	say(e, "writing %d nodes into %s", len(b.Nodes), r.out)
	wrote, err := b.WriteTree(r.out, site.open)
	if err != nil {
		return harvest.Summary{}, harvest.State{}, err
	}
	tree, err := source.Read(r.out)
	if err != nil {
		return harvest.Summary{}, harvest.State{}, err
	}
	cur := harvest.Fingerprint(tree.Nodes)
	sum := harvest.Summarize(tree.Nodes, prev, cur)
	sum.Start, sum.Adapter, sum.MissingFiles = r.start, b.Adapter, wrote.Missing
	rep := site.report
	sum.Pages, sum.NotModified, sum.Bytes, sum.Errors = len(site.pages), rep.NotModified, rep.Bytes, rep.Errors
	sum.Stopped, sum.Duration = stoppedText(rep), time.Since(began)
	sum.CutShort = rep.Limit == crawl.LimitPages || rep.Limit == crawl.LimitBytes || rep.Limit == crawl.LimitTime ||
		strings.HasPrefix(rep.Stopped, "interrupted")
	return sum, cur, nil
}

// limitFlags names the flag behind each crawl limit.
var limitFlags = map[crawl.Limit]string{
	crawl.LimitPages:    "--max-pages",
	crawl.LimitBytes:    "--max-bytes",
	crawl.LimitTime:     "--max-time",
	crawl.LimitDepth:    "--max-depth",
	crawl.LimitPageSize: "--max-page-bytes",
}

// stoppedText says why the crawl ended early, naming the flag to raise:
// "stopped after 10 000 pages: raise --max-pages".
func stoppedText(r crawl.Report) string {
	flag, ok := limitFlags[r.Limit]
	if !ok {
		return r.Stopped
	}
	what, _, _ := strings.Cut(r.Stopped, " (")
	return what + ": raise " + flag
}

// say tells a person at a terminal what the harvest is doing.
func say(e *env, format string, args ...any) {
	if e.interactive {
		fmt.Fprintf(e.stderr, format+"…\n", args...)
	}
}

// fetchedSite is every address the crawls of one harvest fetched.
type fetchedSite struct {
	pages  map[string]crawl.Page // by normalised address
	order  []string
	report crawl.Report // the first crawl's, with the follow-ups' errors and bytes
	runs   int
}

func newFetchedSite() *fetchedSite {
	return &fetchedSite{pages: map[string]crawl.Page{}, report: crawl.Report{Errors: map[string]string{}}}
}

func (s *fetchedSite) add(res *crawl.Result) {
	for _, p := range res.Pages {
		k := normURL(p.URL)
		if _, ok := s.pages[k]; !ok {
			s.order = append(s.order, k)
		}
		s.pages[k] = p
	}
	r := res.Report
	if s.runs == 0 {
		s.report = r
	} else {
		s.report.Bytes += r.Bytes
		s.report.NotModified += r.NotModified
	}
	for u, msg := range r.Errors {
		s.report.Errors[u] = msg
	}
	s.runs++
}

// normURL is the crawler's form of an address, for lookups.
func normURL(u string) string {
	n, err := crawl.Normalize(u, nil)
	if err != nil {
		return u
	}
	return n.String()
}

// harvestPages are the HTML and JSON documents fetched, with their bytes.
func (s *fetchedSite) harvestPages() []harvest.Page {
	var out []harvest.Page
	for _, k := range s.order {
		p := s.pages[k]
		if p.BodyPath == "" || p.Err != "" || p.FinalURL != "" || !(p.IsHTML() || strings.HasSuffix(p.DeclaredType, "json")) {
			continue
		}
		body, err := os.ReadFile(p.BodyPath)
		if err != nil {
			continue
		}
		ct := p.DeclaredType
		if p.Charset != "" {
			ct += "; charset=" + p.Charset
		}
		out = append(out, harvest.Page{URL: p.URL, ContentType: ct, Body: body})
	}
	return out
}

// missing are the addresses of urls on start's host not fetched yet, each
// once: the crawler fetches nothing from another host.
func (s *fetchedSite) missing(start string, urls []string) []string {
	var out []string
	seen := map[string]bool{}
	host := ""
	if u, err := url.Parse(normURL(start)); err == nil {
		host = u.Host
	}
	for _, raw := range urls {
		k := normURL(raw)
		u, err := url.Parse(k)
		if _, ok := s.pages[k]; !ok && !seen[k] && err == nil && u.Host == host && strings.HasPrefix(u.Scheme, "http") {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// open reads a fetched file's stored bytes, following redirects within the
// crawl; an address never fetched is fs.ErrNotExist.
func (s *fetchedSite) open(u string) (io.ReadCloser, error) {
	for range 10 {
		p, ok := s.pages[normURL(u)]
		switch {
		case !ok:
			return nil, fmt.Errorf("harvest: %s was not fetched: %w", u, os.ErrNotExist)
		case p.FinalURL != "":
			u = p.FinalURL
			continue
		case p.Err != "":
			return nil, fmt.Errorf("harvest: %s: %s: %w", u, p.Err, os.ErrNotExist)
		}
		return p.Open()
	}
	return nil, fmt.Errorf("harvest: %s: too many redirects: %w", u, os.ErrNotExist)
}

// adapterSeeds are the extra addresses the site's adapter wants fetched.
func adapterSeeds(pages []harvest.Page, start string) []string {
	home := pages[0]
	for _, p := range pages {
		if normURL(p.URL) == normURL(start) {
			home = p
		}
	}
	return harvest.Choose(home).Seeds(start)
}

// attachmentURLs are the live addresses of every attachment the bulletin lists.
func attachmentURLs(b *harvest.Bulletin) []string {
	var out []string
	for _, n := range b.Nodes {
		for _, a := range n.Attachments {
			if u := b.FileURL(n.ID, a.Name); u != "" {
				out = append(out, u)
			}
		}
	}
	return out
}

// publishRequest is what to do with the harvested tree: nothing, one
// bundle, or the nightly publishing step.
type publishRequest struct {
	key, bundle, base, dir string
	seq                    uint64
	keep                   int
	docs                   *documentFlags
}

func (p publishRequest) run(ctx context.Context, e *env, tree string, sum harvest.Summary) error {
	switch {
	case p.bundle != "":
		args := append([]string{"--from", tree, "--key", p.key, "--sequence", strconv.FormatUint(p.seq, 10), "--out", p.bundle}, p.docs.args()...)
		if p.base != "" {
			args = append(args, "--base", p.base)
		}
		return runBundleBuild(ctx, e, args)
	case p.dir != "":
		return publishNightly(ctx, e, tree, p, sum)
	}
	return nil
}

// errHarvestShort refuses to publish a crawl cut short by a limit: its tree
// lacks pages, and a bundle of it would delete them from every reader.
var errHarvestShort = errors.New("harvest: the crawl was cut short, so nothing was published")
