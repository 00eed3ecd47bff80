package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/store"
)

// statusReport is the JSON form of `bipkiosk status --json`; its field names are a stable interface.
type statusReport struct {
	Bulletin struct {
		Name  string `json:"name"`
		Owner string `json:"owner"`
	} `json:"bulletin"`
	Publisher struct {
		ID   uuid.UUID `json:"id"`
		Name string    `json:"name"`
	} `json:"publisher"`
	Sequence        uint64    `json:"sequence"`
	Created         time.Time `json:"created"`
	Imported        time.Time `json:"imported"`
	Generation      uint64    `json:"generation"`
	Pages           int       `json:"pages"` // articles, as the BIP counts pages
	Sections        int       `json:"sections"`
	Links           int       `json:"links"`
	Attachments     int       `json:"attachments"`
	AttachmentBytes int64     `json:"attachment_bytes"`
	DataDir         string    `json:"data_dir"`
	StoreBytes      int64     `json:"store_bytes"` // on disk, every kept generation and this installation's data
	// LastUpdateCheck is the last look for a new bundle (serve, desktop or
	// "import URL"); absent when this installation has never checked.
	LastUpdateCheck *store.UpdateCheck `json:"last_update_check,omitempty"`
}

// emptyReport is the JSON form of status on a data directory with no bulletin.
type emptyReport struct {
	Empty   bool   `json:"empty"`
	DataDir string `json:"data_dir"`
}

func runStatus(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "status", &cfg)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	rep, err := statusOf(ctx, e, cfg)
	if errors.Is(err, store.ErrEmpty) {
		return printEmpty(e, cfg, *asJSON)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printStatus(e, rep)
	return nil
}

// statusOf reads the status from the store, or asks the running reader
// that holds it. It never installs anything: an empty store is ErrEmpty.
func statusOf(ctx context.Context, e *env, cfg Config) (statusReport, error) {
	st, err := openStore(ctx, e, cfg, false)
	if errors.Is(err, store.ErrLocked) {
		resp, cerr := askControl(ctx, cfg, controlRequest{Op: "status"}, nil)
		switch {
		case errors.Is(cerr, errNoReader):
			return statusReport{}, fmt.Errorf("%w; the running reader does not answer on its control socket (%v)", err, cerr)
		case cerr != nil:
			return statusReport{}, fmt.Errorf("status from the running reader: %w", cerr)
		case resp.Empty:
			return statusReport{}, store.ErrEmpty
		case resp.Status == nil:
			return statusReport{}, errors.New("status: the running reader sent no status (see its log)")
		}
		return *resp.Status, nil
	}
	if err != nil {
		return statusReport{}, err
	}
	defer st.Close()
	return buildStatus(st, cfg)
}

// buildStatus reads the installed bulletin's status; ErrEmpty when none is.
func buildStatus(st *store.Store, cfg Config) (statusReport, error) {
	var rep statusReport
	err := st.Read(func(r *store.Reader) error {
		site, err := r.Site()
		if err != nil {
			return err
		}
		g := r.Generation()
		rep.Bulletin.Name, rep.Bulletin.Owner = site.Name, site.Owner
		rep.Publisher.ID, rep.Publisher.Name = g.Edition.PublisherID, g.Edition.Publisher
		rep.Sequence, rep.Created, rep.Imported, rep.Generation = g.Edition.Sequence, g.Edition.Created, g.ImportedAt, g.Number
		rep.Pages, rep.Sections, rep.Links, rep.Attachments, rep.AttachmentBytes = g.Articles, g.Sections, g.Links, g.Attachments, g.Bytes
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.DataDir = cfg.DataDir
	rep.StoreBytes, _ = store.DiskUsage(cfg.DataDir)
	if c, err := st.LastUpdateCheck(); err == nil {
		rep.LastUpdateCheck = &c
	}
	return rep, nil
}

// printEmpty says that no bulletin is installed, and how to install one.
func printEmpty(e *env, cfg Config, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(emptyReport{Empty: true, DataDir: cfg.DataDir})
	}
	fmt.Fprintf(e.stdout, "no bulletin installed in %s: install one with \"bipkiosk import FILE\"; \"bipkiosk serve\" or \"bipkiosk desktop\" start with the embedded sample\n", cfg.DataDir)
	return nil
}

// printStatus prints rep for a person.
func printStatus(e *env, rep statusReport) {
	fmt.Fprintf(e.stdout, "bulletin     %s (%s)\npublisher    %s (%s)\nsequence     %d, created %s\ninstalled    %s (generation %d)\ncontent      %d articles, %d sections, %d links, %d attachments (%s)\ndata         %s\n",
		rep.Bulletin.Name, rep.Bulletin.Owner, rep.Publisher.Name, rep.Publisher.ID,
		rep.Sequence, rep.Created.Format(time.RFC3339), rep.Imported.Local().Format(time.RFC3339), rep.Generation,
		rep.Pages, rep.Sections, rep.Links, rep.Attachments, humanBytes(rep.AttachmentBytes), rep.DataDir)
	fmt.Fprintf(e.stdout, "store        %s on disk\n", humanBytes(rep.StoreBytes))
	if c := rep.LastUpdateCheck; c != nil {
		fmt.Fprintf(e.stdout, "last check   %s: %s", c.At.Local().Format(time.RFC3339), c.Result)
		if c.Sequence != 0 {
			fmt.Fprintf(e.stdout, " (sequence %d)", c.Sequence)
		}
		if c.Error != "" {
			fmt.Fprintf(e.stdout, ": %s", c.Error)
		}
		fmt.Fprintf(e.stdout, "\nupdates from %s\n", c.URL)
	}
}

// humanBytes formats n as B, KiB, MiB or GiB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 2; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMG"[exp])
}
