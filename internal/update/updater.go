package update

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/store"
)

// DefaultStallTimeout is how long a transfer may go without a byte before it
// is given up (and resumed at the next check).
const DefaultStallTimeout = time.Minute

// DefaultMinRate is the least average rate, in bytes per second, a download
// is allowed: 32 KiB/s, about a quarter of a megabit. With deadlineBase it
// sets each download's deadline from its size.
const DefaultMinRate = 32 << 10

// DefaultMaxDuration is the longest any one download may take, whatever its
// size. A resumable download that reaches it continues at the next check.
const DefaultMaxDuration = 6 * time.Hour

// Options configures an Updater.
type Options struct {
	// URL is a bundle (…/bulletin.zip) or an update feed (…/index.json).
	URL string
	// Dir is the downloads folder. It must not be the store's own folder:
	// a folder inside it is fine, Badger reads only its own files.
	Dir   string
	Store *store.Store
	// Trust and Limits are those of bundle.Open: a bundle is verified with
	// them before Install sees it.
	Trust  func(bundle.Publisher) (ed25519.PublicKey, error)
	Limits bundle.Limits
	// Install verifies the bundle file at path and imports it.
	Install func(ctx context.Context, path string) (store.Generation, error)
	// Client makes the requests; nil means one with no overall timeout
	// (large bundles take long) but StallTimeout on every step.
	Client       *http.Client
	StallTimeout time.Duration // 0 means DefaultStallTimeout
	MaxBytes     int64         // largest bundle file downloaded; 0 means Limits.MaxTotalBytes
	// MinRate and MaxDuration bound the time of one download: two minutes
	// plus its size (the announced one, else the limit) at MinRate bytes per
	// second, at most MaxDuration. 0 means DefaultMinRate, DefaultMaxDuration.
	MinRate     int64
	MaxDuration time.Duration
	// FreeBytes reports the free space of Dir's disk; nil means
	// store.FreeBytes. A download stops while 128 MiB are still free.
	FreeBytes func(dir string) (int64, error)
	// RetryRefused downloads again a bundle refused at an earlier check even
	// if the server says it has not changed: for an operator's manual import.
	RetryRefused bool
	// Hint adds a command's own advice (its flags) to the error of a check,
	// by the error's kind, before the check is recorded and logged; nil
	// leaves errors as they are.
	Hint func(error) error
	// UserAgent is sent with every request ("bipkiosk/1.4.0"), so a
	// publisher's server log shows which versions its readers run.
	UserAgent string
	Logger    *slog.Logger // nil discards logs
}

// Updater checks one address for a newer bulletin and installs it.
type Updater struct {
	opts  Options
	fetch fetcher
	log   *slog.Logger
	now   func() time.Time
}

// New checks opts and returns an Updater.
func New(opts Options) (*Updater, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &kindError{ErrAddress, fmt.Errorf("update: %q is not an http:// or https:// address", opts.URL)}
	}
	if opts.Store == nil || opts.Install == nil || opts.Trust == nil || opts.Dir == "" {
		return nil, errors.New("update: Options need Store, Install, Trust and Dir")
	}
	if opts.StallTimeout <= 0 {
		opts.StallTimeout = DefaultStallTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = opts.Limits.MaxTotalBytes
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = bundle.DefaultLimits().MaxTotalBytes
	}
	if opts.MinRate <= 0 {
		opts.MinRate = DefaultMinRate
	}
	if opts.MaxDuration <= 0 {
		opts.MaxDuration = DefaultMaxDuration
	}
	if opts.FreeBytes == nil {
		opts.FreeBytes = store.FreeBytes
	}
	if opts.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.ResponseHeaderTimeout = opts.StallTimeout
		tr.DisableCompression = true
		opts.Client = &http.Client{Transport: tr}
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	up := &Updater{opts: opts, log: log, now: time.Now}
	up.fetch = fetcher{client: opts.Client, dir: opts.Dir, owner: opts.URL, stall: opts.StallTimeout,
		minRate: opts.MinRate, maxTime: opts.MaxDuration, free: opts.FreeBytes, now: func() time.Time { return up.now() }, agent: opts.UserAgent}
	up.fetch.sweep()
	return up, nil
}

// URL returns the address the Updater checks.
func (u *Updater) URL() string { return u.opts.URL }

// IsFeed reports whether an address names an update feed (index.json or any
// .json) rather than a bundle.
func IsFeed(rawURL string) bool {
	p, err := url.Parse(rawURL)
	return err == nil && strings.HasSuffix(strings.ToLower(p.Path), ".json")
}

// step is how one part of a check ended.
type step struct {
	result   store.UpdateResult
	sequence uint64
	err      error
	transfer bool // the download failed, not the bundle
}

// Check looks once for a newer bulletin and installs it. The returned record
// (for Store.RecordUpdateCheck) says how it ended; the error is non-nil when
// the result is Failed or Refused, and the installed bulletin is then as it was.
func (u *Updater) Check(ctx context.Context) (store.UpdateCheck, error) {
	c := store.UpdateCheck{URL: u.opts.URL, At: u.now().UTC()}
	u.fetch.sweep()
	var s step
	if IsFeed(u.opts.URL) {
		s = u.checkFeed(ctx)
	} else {
		s = u.checkBundle(ctx)
	}
	c.Result, c.Sequence = s.result, s.sequence
	if s.err != nil && u.opts.Hint != nil {
		s.err = u.opts.Hint(s.err)
	}
	if s.err != nil {
		c.Error = s.err.Error()
	}
	return c, s.err
}

// checkBundle handles an address that names one (full) bundle.
func (u *Updater) checkBundle(ctx context.Context) step {
	rawURL := u.opts.URL
	prev := u.loadSeen(rawURL)
	got, err := u.download(ctx, rawURL, u.condition(prev), u.opts.MaxBytes, func(path string) error {
		return zipIntact(path, rawURL)
	})
	if le := (*LimitError)(nil); errors.As(err, &le) {
		return step{result: store.UpdateRefused, err: le}
	}
	if err != nil {
		return fetchFailed(err)
	}
	if got.notModified {
		return u.fromSeen(rawURL, prev)
	}
	defer discard(got.path)
	s := u.install(ctx, got.path, rawURL)
	u.remember(rawURL, got.val, s)
	return s
}

// checkFeed handles an address that names an update feed.
func (u *Updater) checkFeed(ctx context.Context) step {
	rawURL := u.opts.URL
	prev := u.loadSeen(rawURL)
	got, err := u.download(ctx, rawURL, u.condition(prev), maxFeedBytes, func(path string) error {
		// A feed cut short is not JSON: fetch it again rather than judge it.
		if data, err := os.ReadFile(path); err != nil || !json.Valid(data) {
			return &kindError{errors.Join(ErrDamaged, ErrNotFeed), fmt.Errorf("%s: the downloaded feed is not JSON: cut short, or not a feed at all; will try again", rawURL)}
		}
		return nil
	})
	if le := (*LimitError)(nil); errors.As(err, &le) {
		return step{result: store.UpdateRefused, err: &kindError{ErrFeed, fmt.Errorf(
			"%s: is more than the %d bytes an update feed may have: the publisher should remove old bundles and run \"bipkiosk bundle index\" again", rawURL, maxFeedBytes)}}
	}
	if err != nil {
		return fetchFailed(err)
	}
	if got.notModified {
		return u.fromSeen(rawURL, prev)
	}
	data, err := os.ReadFile(got.path)
	discard(got.path)
	if err != nil {
		return step{result: store.UpdateFailed, err: fmt.Errorf("update: %w", err)}
	}
	feed, err := ParseFeed(rawURL, data)
	if err != nil {
		s := step{result: store.UpdateRefused, err: err}
		u.remember(rawURL, got.val, s)
		return s
	}
	plan := Choose(feed, u.installed(feed.Publisher.ID), true)
	s := u.apply(ctx, feed, plan)
	if hasDelta(plan) && (s.result == store.UpdateRefused || s.result == store.UpdateFailed) && !s.transfer && ctx.Err() == nil {
		// A delta that could not be applied (its base gone, or a store that
		// does not take deltas): fall back to the newest full bundle.
		if full := Choose(feed, u.installed(feed.Publisher.ID), false); len(full) > 0 {
			u.log.Warn("update_delta_fallback", "url", rawURL, "err", s.err)
			s = u.apply(ctx, feed, full)
		}
	}
	u.remember(rawURL, got.val, s)
	return s
}

func hasDelta(plan []FeedEntry) bool {
	for _, e := range plan {
		if e.Delta() {
			return true
		}
	}
	return false
}

// apply downloads and installs the plan's bundles in order, stopping at the
// first that does not install.
func (u *Updater) apply(ctx context.Context, feed Feed, plan []FeedEntry) step {
	if len(plan) == 0 {
		return step{result: store.UpdateUnchanged, sequence: u.installed(feed.Publisher.ID)}
	}
	last := step{result: store.UpdateUnchanged}
	for _, e := range plan {
		if err := ctx.Err(); err != nil {
			return step{result: store.UpdateFailed, sequence: e.Sequence, err: fmt.Errorf("%s: check interrupted: %w", u.opts.URL, err), transfer: true}
		}
		s := u.applyEntry(ctx, e)
		switch s.result {
		case store.UpdateInstalled:
			last = s
		case store.UpdateUnchanged:
		default:
			return s
		}
	}
	if last.result == store.UpdateUnchanged {
		last.sequence = u.installed(feed.Publisher.ID)
	}
	return last
}

// applyEntry downloads one bundle of a feed, checks it against the feed's
// size and digest, and installs it.
func (u *Updater) applyEntry(ctx context.Context, e FeedEntry) step {
	rawURL, err := Resolve(u.opts.URL, e)
	if err != nil {
		return step{result: store.UpdateRefused, sequence: e.Sequence, err: err}
	}
	if e.Size > u.opts.MaxBytes {
		// Over the operator's limit by the listed size: a file of that size
		// would be refused, so it is not fetched.
		return step{result: store.UpdateRefused, sequence: e.Sequence, err: &LimitError{URL: rawURL, Size: e.Size, Max: u.opts.MaxBytes}}
	}
	// The feed's size is the limit: a larger file is not the one listed.
	got, err := u.download(ctx, rawURL, validators{}, e.Size, func(path string) error {
		return checkEntry(path, rawURL, e)
	})
	if le := (*LimitError)(nil); errors.As(err, &le) {
		how := fmt.Sprintf("size %d listed, %d served", e.Size, le.Size)
		if le.AtLeast {
			how = fmt.Sprintf("size %d listed, more served", e.Size)
		}
		err = disagree(rawURL, how)
	}
	if err != nil {
		s := fetchFailed(err)
		s.sequence = e.Sequence
		return s
	}
	defer discard(got.path)
	return u.install(ctx, got.path, rawURL)
}

// download fetches rawURL and checks the whole file with intact. A file that
// fails (cut short, not a zip, not what the feed lists) is a failed
// transfer, never a verdict on the bundle: it is deleted and fetched once
// more from byte 0 in the same check, and if it fails again the check fails
// and is tried later, with nothing remembered.
func (u *Updater) download(ctx context.Context, rawURL string, cond validators, maxBytes int64, intact func(path string) error) (fetched, error) {
	for try := 0; ; try++ {
		got, err := u.fetch.fetch(ctx, rawURL, cond, maxBytes)
		if err != nil || got.notModified {
			return got, err
		}
		bad := intact(got.path)
		if bad == nil {
			return got, nil
		}
		discard(got.path)
		u.fetch.forget(rawURL)
		if try > 0 || ctx.Err() != nil {
			return fetched{}, bad
		}
		u.log.Warn("update_download_damaged", "url", rawURL, "err", bad)
	}
}

// install verifies the downloaded bundle at path and hands it to Install.
func (u *Updater) install(ctx context.Context, path, rawURL string) step {
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: u.opts.Trust, Limits: u.opts.Limits})
	if err != nil {
		return step{result: store.UpdateRefused, err: atURL(err, path, rawURL)}
	}
	ed := b.Edition()
	b.Close()
	if !u.opts.RetryRefused && u.opts.Store.RolledBack(ed.PublisherID, ed.Sequence) {
		return step{result: store.UpdateRefused, sequence: ed.Sequence, err: fmt.Errorf(
			"%s: sequence %d of %q was rolled back on this terminal, so updates do not install it again: wait for a newer one, or install it on purpose with \"bipkiosk import\"",
			rawURL, ed.Sequence, ed.Publisher)}
	}
	if cur, err := u.opts.Store.Current(); err == nil && ed.BaseSequence != 0 &&
		(cur.Edition.PublisherID != ed.PublisherID || cur.Edition.Sequence != ed.BaseSequence) {
		return step{result: store.UpdateRefused, sequence: ed.Sequence, err: &kindError{ErrDeltaOnly, fmt.Errorf(
			"%s: is a delta on sequence %d of %q, installed is sequence %d of %q",
			rawURL, ed.BaseSequence, ed.Publisher, cur.Edition.Sequence, cur.Edition.Publisher)}}
	}
	gen, err := u.opts.Install(ctx, path)
	switch {
	case err == nil:
		return step{result: store.UpdateInstalled, sequence: gen.Edition.Sequence}
	case errors.Is(err, store.ErrAlreadyInstalled), errors.Is(err, store.ErrDowngrade):
		u.log.Info("update_not_newer", "url", rawURL, "sequence", ed.Sequence)
		return step{result: store.UpdateUnchanged, sequence: u.installed(ed.PublisherID)}
	case ctx.Err() != nil:
		return step{result: store.UpdateFailed, sequence: ed.Sequence, err: fmt.Errorf("%s: install interrupted: %w", rawURL, err)}
	case refusal(err):
		return step{result: store.UpdateRefused, sequence: ed.Sequence, err: atURL(err, path, rawURL)}
	default:
		return step{result: store.UpdateFailed, sequence: ed.Sequence, err: atURL(err, path, rawURL)}
	}
}

// atURL names the address in an error about the downloaded file: the
// verifier starts its messages with the file's name, which becomes the
// address, so the log says where the bad bundle came from.
func atURL(err error, path, rawURL string) error {
	msg, found := strings.CutPrefix(err.Error(), filepath.Base(path)+": ")
	if !found {
		msg = err.Error()
	}
	return &kindError{kind: err, err: errors.New(rawURL + ": " + msg)}
}

// refusal reports an error that says the bundle itself cannot be installed,
// so trying the same bytes again would not help.
func refusal(err error) bool {
	for _, kind := range []error{bundle.ErrUntrusted, bundle.ErrSignature, bundle.ErrCorrupt, bundle.ErrUnsafe,
		bundle.ErrLimit, bundle.ErrFormat, store.ErrOtherPublisher, store.ErrIncomplete, store.ErrDeltaBase} {
		if errors.Is(err, kind) {
			return true
		}
	}
	return false
}

// fetchFailed is the step for a download error (network, server, stall, a
// damaged file or one the feed does not list): it will be tried again.
func fetchFailed(err error) step {
	return step{result: store.UpdateFailed, err: err, transfer: true}
}

// installed returns the installed sequence of the publisher, or 0 when
// another publisher's bulletin (or none) is installed.
func (u *Updater) installed(publisher uuid.UUID) uint64 {
	cur, err := u.opts.Store.Current()
	if err != nil || cur.Edition.PublisherID != publisher {
		return 0
	}
	return cur.Edition.Sequence
}

// seen is what the last completed check of an address found, kept per
// installation: the validators to send next time, and how that version ended.
// Validators are saved only when a downloaded version was judged (installed,
// already there, or refused), never after a failed transfer, so a version
// that was never looked at is never skipped.
type seen struct {
	validators
	Result   store.UpdateResult `json:"result"`
	Sequence uint64             `json:"sequence,omitempty"`
	Error    string             `json:"error,omitempty"`
}

// seenSetting names an address's record among the per-installation settings.
func seenSetting(rawURL string) string { return "update/seen " + rawURL }

func (u *Updater) loadSeen(rawURL string) seen {
	var s seen
	if v, err := u.opts.Store.Setting(seenSetting(rawURL)); err == nil {
		if json.Unmarshal(v, &s) != nil {
			return seen{}
		}
	}
	return s
}

// remember keeps the validators of a version that was judged.
func (u *Updater) remember(rawURL string, val validators, s step) {
	if s.result == store.UpdateFailed || val.empty() {
		return
	}
	rec := seen{validators: val, Result: s.result, Sequence: s.sequence}
	if s.err != nil {
		rec.Error = s.err.Error()
	}
	v, err := json.Marshal(rec)
	if err == nil {
		err = u.opts.Store.PutSetting(seenSetting(rawURL), v)
	}
	if err != nil {
		u.log.Warn("update_validators_not_saved", "url", rawURL, "err", err)
	}
}

// condition is what to send so that an unchanged version is not sent again.
// A version refused before is asked for again only with RetryRefused.
func (u *Updater) condition(prev seen) validators {
	if prev.Result == store.UpdateRefused && u.opts.RetryRefused {
		return validators{}
	}
	return prev.validators
}

// fromSeen is the step for a 304: the same as the last time this version was judged.
func (u *Updater) fromSeen(rawURL string, prev seen) step {
	if prev.Result == store.UpdateRefused {
		return step{result: store.UpdateRefused, sequence: prev.Sequence, err: &kindError{ErrRefusedBefore, fmt.Errorf(
			"%s: unchanged since it was refused (%s); not downloaded again: the publisher must publish a corrected bundle, or run \"bipkiosk import %s\" to try it again",
			rawURL, prev.Error, rawURL)}}
	}
	cur, _ := u.opts.Store.Current()
	return step{result: store.UpdateUnchanged, sequence: cur.Edition.Sequence}
}
