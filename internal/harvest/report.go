package harvest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"bipkiosk/internal/content"
)

// StateName is the file in a harvest folder that keeps the last harvest's
// node fingerprints, so the next one can say what changed. Hidden, so the
// source reader and the tree writer leave it alone.
const StateName = ".harvest-state.json"

// Summary is what one harvest found, for the operator: the crawl's figures
// (filled by the caller, which ran the crawl), the extraction's, and what
// changed since the previous harvest.
type Summary struct {
	Start       string            `json:"start"`
	Adapter     string            `json:"adapter"`
	Pages       int               `json:"pages"`        // addresses fetched
	NotModified int               `json:"not_modified"` // of them, answered 304
	Bytes       int64             `json:"bytes"`        // body bytes downloaded
	Duration    time.Duration     `json:"duration_ns"`
	Stopped     string            `json:"stopped,omitempty"`   // why the crawl ended early, with the flag to raise
	CutShort    bool              `json:"cut_short,omitempty"` // the crawl stopped before it saw every page: the tree lacks some
	Errors      map[string]string `json:"errors,omitempty"`    // address → error, pages that failed

	Nodes       int       `json:"nodes"` // extracted, by kind below
	Articles    int       `json:"articles"`
	Sections    int       `json:"sections"`
	Links       int       `json:"links"`
	MissingMeta []MetaGap `json:"missing_meta,omitempty"`

	Attachments     int           `json:"attachments"` // written into the tree
	AttachmentBytes int64         `json:"attachment_bytes"`
	MissingFiles    []MissingFile `json:"missing_files,omitempty"`

	First   bool    `json:"first"` // no earlier harvest in the folder: Changes lists every node as added
	Changes Changes `json:"changes"`
}

// MetaGap is an article without some of the metadata the act on access to
// public information (art. 8 ust. 6) requires under it.
type MetaGap struct {
	Path    string   `json:"path"`
	URL     string   `json:"url,omitempty"`
	Missing []string `json:"missing"` // Polish labels, as a BIP editor knows them
}

// Changes are the nodes added, changed and removed since the last harvest,
// by path.
type Changes struct {
	Added   []string `json:"added,omitempty"`
	Changed []string `json:"changed,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

// Empty tells whether nothing changed.
func (c Changes) Empty() bool { return len(c.Added)+len(c.Changed)+len(c.Removed) == 0 }

// MarshalJSON names the missing file's error as text.
func (m MissingFile) MarshalJSON() ([]byte, error) {
	msg := ""
	if m.Err != nil {
		msg = m.Err.Error()
	}
	return json.Marshal(struct {
		Page  string `json:"page"`
		Name  string `json:"name"`
		Error string `json:"error,omitempty"`
	}{m.Page, m.Name, msg})
}

// The metadata the act requires of every article, by the label an editor
// knows it under.
const (
	NeedAuthor    = "wytworzył"          // Meta.Author
	NeedPublisher = "udostępnił"         // Meta.Publisher or Meta.EnteredBy
	NeedPublished = "data udostępnienia" // Meta.Published
)

// MissingMeta lists the required metadata an article lacks; nil for a
// section or a link, which carry no published information of their own.
func MissingMeta(n content.Node) []string {
	if n.Kind != content.KindArticle {
		return nil
	}
	var out []string
	if strings.TrimSpace(n.Meta.Author) == "" {
		out = append(out, NeedAuthor)
	}
	if strings.TrimSpace(n.Meta.Publisher) == "" && strings.TrimSpace(n.Meta.EnteredBy) == "" {
		out = append(out, NeedPublisher)
	}
	if n.Meta.Published.IsZero() {
		out = append(out, NeedPublished)
	}
	return out
}

// Summarize counts the nodes of a harvested tree (as read back, with the
// attachments' blobs), the metadata they lack and what changed since prev.
// The crawl's figures are left for the caller.
func Summarize(nodes []content.Node, prev, cur State) Summary {
	s := Summary{Nodes: len(nodes), First: prev.Nodes == nil, Changes: Compare(prev, cur)}
	for _, n := range nodes {
		switch n.Kind {
		case content.KindArticle:
			s.Articles++
		case content.KindSection:
			s.Sections++
		case content.KindLink:
			s.Links++
		}
		if miss := MissingMeta(n); miss != nil {
			s.MissingMeta = append(s.MissingMeta, MetaGap{Path: n.Path, URL: n.Meta.SourceURL, Missing: miss})
		}
		for _, a := range n.Attachments {
			s.Attachments++
			s.AttachmentBytes += a.Size
		}
	}
	return s
}

// State is one harvest's fingerprint of every node, by id.
type State struct {
	Nodes map[string]NodeState `json:"nodes"`
}

// NodeState is one node's path and the hash of all it holds.
type NodeState struct {
	Path string `json:"path"`
	Hash string `json:"hash"`
}

// Fingerprint hashes every node: title, body, metadata, attachments (by
// their bytes' hash), place in the menu. The same tree gives the same state.
func Fingerprint(nodes []content.Node) State {
	st := State{Nodes: make(map[string]NodeState, len(nodes))}
	for _, n := range nodes {
		data, _ := json.Marshal(n) // a Node always marshals
		sum := sha256.Sum256(data)
		st.Nodes[n.ID.String()] = NodeState{Path: n.Path, Hash: hex.EncodeToString(sum[:])}
	}
	return st
}

// Compare says which nodes of cur are new, changed or gone since prev, by
// path, sorted. An empty prev (the first harvest) makes every node new.
func Compare(prev, cur State) Changes {
	var c Changes
	for id, n := range cur.Nodes {
		switch old, ok := prev.Nodes[id]; {
		case !ok:
			c.Added = append(c.Added, n.Path)
		case old.Hash != n.Hash:
			c.Changed = append(c.Changed, n.Path)
		}
	}
	for id, n := range prev.Nodes {
		if _, ok := cur.Nodes[id]; !ok {
			c.Removed = append(c.Removed, n.Path)
		}
	}
	slices.Sort(c.Added)
	slices.Sort(c.Changed)
	slices.Sort(c.Removed)
	return c
}

// ReadState reads the last harvest's state from dir; an empty State when
// there was none.
func ReadState(dir string) (State, error) {
	data, err := os.ReadFile(filepath.Join(dir, StateName))
	if errors.Is(err, fs.ErrNotExist) {
		return State{}, nil
	}
	var st State
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err != nil {
		return State{}, fmt.Errorf("harvest: state %s: %w; delete it to start the change list afresh", filepath.Join(dir, StateName), err)
	}
	return st, nil
}

// WriteState keeps st in dir for the next harvest, replacing the file whole.
func WriteState(dir string, st State) error {
	data, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return fmt.Errorf("harvest: state: %w", err)
	}
	path := filepath.Join(dir, StateName)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("harvest: state %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("harvest: state %s: %w", path, err)
	}
	return nil
}

// WriteText prints the summary for a person: figures first, then the
// lists an editor acts on.
func (s Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "harvested %s (%s adapter) in %s: %d addresses fetched (%d not modified), %s downloaded\n",
		s.Start, s.Adapter, s.Duration.Round(time.Millisecond), s.Pages, s.NotModified, byteSize(s.Bytes))
	if s.Stopped != "" {
		fmt.Fprintf(w, "warning: %s\n", s.Stopped)
	}
	fmt.Fprintf(w, "extracted %d nodes: %d articles, %d sections, %d links\n", s.Nodes, s.Articles, s.Sections, s.Links)
	fmt.Fprintf(w, "attachments: %d (%s), %d missing\n", s.Attachments, byteSize(s.AttachmentBytes), len(s.MissingFiles))
	for _, m := range s.MissingFiles {
		fmt.Fprintf(w, "  missing %s/%s: %v\n", m.Page, m.Name, m.Err)
	}
	if len(s.MissingMeta) > 0 {
		fmt.Fprintf(w, "metadata: %d of %d articles lack what the law requires (art. 8 ust. 6):\n", len(s.MissingMeta), s.Articles)
		for _, g := range s.MissingMeta {
			fmt.Fprintf(w, "  %s: no %s\n", g.Path, strings.Join(g.Missing, ", no "))
		}
	}
	if len(s.Errors) > 0 {
		fmt.Fprintf(w, "errors: %d addresses failed:\n", len(s.Errors))
		urls := make([]string, 0, len(s.Errors))
		for u := range s.Errors {
			urls = append(urls, u)
		}
		slices.Sort(urls)
		for _, u := range urls {
			fmt.Fprintf(w, "  %s: %s\n", u, s.Errors[u])
		}
	}
	s.writeChanges(w)
}

func (s Summary) writeChanges(w io.Writer) {
	c := s.Changes
	if s.First {
		fmt.Fprintf(w, "first harvest into this folder: %d nodes\n", len(c.Added))
		return
	}
	fmt.Fprintf(w, "since the last harvest: %d added, %d changed, %d removed\n", len(c.Added), len(c.Changed), len(c.Removed))
	for _, l := range []struct {
		mark  string
		paths []string
	}{{"+", c.Added}, {"~", c.Changed}, {"-", c.Removed}} {
		for _, p := range l.paths {
			fmt.Fprintf(w, "  %s %s\n", l.mark, p)
		}
	}
}

// byteSize writes n bytes for a person: "812 B", "3.4 MB".
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
