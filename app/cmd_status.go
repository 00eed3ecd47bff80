package app

import (
	"context"
	"encoding/json"
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

func runStatus(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "status", &cfg)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	st, err := openStore(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer st.Close()
	var rep statusReport
	err = st.Read(func(r *store.Reader) error {
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
		return err
	}
	rep.DataDir = cfg.DataDir
	rep.StoreBytes, _ = store.DiskUsage(cfg.DataDir)
	if c, err := st.LastUpdateCheck(); err == nil {
		rep.LastUpdateCheck = &c
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
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
	return nil
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
