package harvest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"

	"bipkiosk/internal/content"
)

// Errors of WriteTree, for errors.Is.
var (
	ErrNotHarvested = errors.New("harvest: folder holds a source tree harvest did not write")
	ErrBadPath      = errors.New("harvest: node path is not a plain relative path")
)

// errUnreadable marks an attachment the opener could not read.
var errUnreadable = errors.New("attachment not readable")

// manifestName lists the files the last harvest wrote, so the next one
// removes what is gone from the site. Hidden, so the reader skips it.
const manifestName = ".harvest-files"

// Report says what WriteTree did.
type Report struct {
	Written int           // files written or found unchanged, site.yaml and pages included
	Removed int           // files of the last harvest that are gone
	Missing []MissingFile // attachments that could not be read, left out of their pages
}

// MissingFile is an attachment WriteTree left out.
type MissingFile struct {
	Page string // the node's path
	Name string // the attachment's file name
	Err  error
}

// Opener returns the bytes of one attachment of a node.
type Opener func(n content.Node, a content.Attachment) (io.ReadCloser, error)

// Opener adapts a fetch by address to the attachments of the bulletin.
func (b *Bulletin) Opener(get func(url string) (io.ReadCloser, error)) Opener {
	return func(n content.Node, a content.Attachment) (io.ReadCloser, error) {
		u := b.FileURL(n.ID, a.Name)
		if u == "" {
			return nil, fmt.Errorf("harvest: attachment %s of %s: %w", a.Name, n.Path, fs.ErrNotExist)
		}
		return get(u)
	}
}

// WriteTree writes the bulletin as a source tree in dir: site.yaml, a
// folder per section (with _index.html), a page per article (.html) or
// link (.md), and each attachment under "_pliki" beside its page. The
// same input gives the same bytes; a second run over its own output
// rewrites it in place and removes files the new harvest no longer has.
// Nothing is written outside dir, and a tree harvest did not write is
// left alone (ErrNotHarvested). An attachment open cannot read (a broken
// link on the live site) is left out of its page and listed in the report.
func WriteTree(dir string, site content.Site, nodes []content.Node, open Opener) (Report, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Report{}, fmt.Errorf("harvest: write tree %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return Report{}, fmt.Errorf("harvest: write tree %s: %w", dir, err)
	}
	defer root.Close()
	old, err := readManifest(root)
	if err != nil {
		return Report{}, fmt.Errorf("harvest: write tree %s: %w", dir, err)
	}
	w := &treeWriter{root: root, written: map[string]bool{}}
	for _, n := range nodes {
		if err := w.node(n, open); err != nil {
			return w.report, fmt.Errorf("harvest: write tree %s: %s: %w", dir, n.Path, err)
		}
	}
	if err := w.site(site, nodes); err != nil {
		return w.report, fmt.Errorf("harvest: write tree %s: %w", dir, err)
	}
	if err := w.finish(old); err != nil {
		return w.report, fmt.Errorf("harvest: write tree %s: %w", dir, err)
	}
	w.report.Written = len(w.written)
	return w.report, nil
}

// WriteTree writes the bulletin to dir, fetching attachments with get.
func (b *Bulletin) WriteTree(dir string, get func(url string) (io.ReadCloser, error)) (Report, error) {
	return WriteTree(dir, b.Site, b.Nodes, b.Opener(get))
}

func readManifest(root *os.Root) ([]string, error) {
	data, err := root.ReadFile(manifestName)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := root.Stat("site.yaml"); err == nil {
			return nil, ErrNotHarvested
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(data)), nil
}

type treeWriter struct {
	root    *os.Root
	written map[string]bool
	report  Report
}

// write puts data at the slash path rel below the root.
func (w *treeWriter) write(rel string, data []byte) error {
	if err := w.mkdir(rel); err != nil {
		return err
	}
	if old, err := w.root.ReadFile(rel); err == nil && bytes.Equal(old, data) {
		w.written[rel] = true
		return nil // unchanged: keep the file's time, so a sync sees nothing new
	}
	w.written[rel] = true
	return w.root.WriteFile(rel, data, 0o644)
}

func (w *treeWriter) mkdir(rel string) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.Contains(rel, "\\") {
		return fmt.Errorf("%w: %q", ErrBadPath, rel)
	}
	if d := path.Dir(rel); d != "." {
		return w.root.MkdirAll(d, 0o755)
	}
	return nil
}

// node writes one node's page and attachments.
func (w *treeWriter) node(n content.Node, open Opener) error {
	page, folder, files := n.Path+".html", path.Dir(n.Path), "_pliki/"+path.Base(n.Path)+"/"
	switch n.Kind {
	case content.KindSection:
		page, folder, files = n.Path+"/_index.html", n.Path, "_pliki/_index/"
	case content.KindLink:
		page = n.Path + ".md"
	}
	fm := frontMatterOf(n)
	for _, a := range n.Attachments {
		rel := files + a.Name
		if err := w.attachment(path.Join(folder, rel), n, a, open); errors.Is(err, errUnreadable) {
			w.report.Missing = append(w.report.Missing, MissingFile{Page: n.Path, Name: a.Name, Err: err})
			continue
		} else if err != nil {
			return err
		}
		fm.Attachments = append(fm.Attachments, fmFile{File: rel, Title: a.Title})
	}
	data, err := yaml.Marshal(fm)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("---\n")
	buf.Write(data)
	buf.WriteString("---\n")
	if n.Kind != content.KindLink && n.Body != "" {
		buf.WriteString(n.Body)
		buf.WriteString("\n")
	}
	return w.write(page, buf.Bytes())
}

func (w *treeWriter) attachment(rel string, n content.Node, a content.Attachment, open Opener) error {
	if err := w.mkdir(rel); err != nil {
		return err
	}
	r, err := open(n, a)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", errUnreadable, a.Name, err)
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", errUnreadable, a.Name, err)
	}
	return w.write(rel, data)
}

// site writes site.yaml, naming groups by their top-level folders.
func (w *treeWriter) site(s content.Site, nodes []content.Node) error {
	names := map[uuid.UUID]string{}
	for _, n := range nodes {
		if n.Parent == uuid.Nil {
			names[n.ID] = path.Base(n.Path)
		}
	}
	spec := siteYAML{Name: s.Name, Owner: s.Owner, LiveURL: s.LiveURL}
	for _, g := range s.Groups {
		yg := groupYAML{Title: g.Title}
		for _, id := range g.Nodes {
			if name := names[id]; name != "" {
				yg.Sections = append(yg.Sections, name)
			}
		}
		spec.Groups = append(spec.Groups, yg)
	}
	data, err := yaml.Marshal(spec)
	if err != nil {
		return err
	}
	return w.write("site.yaml", data)
}

// finish removes what the last harvest wrote and this one did not, then
// records this one's files.
func (w *treeWriter) finish(old []string) error {
	for _, rel := range old {
		if w.written[rel] || !filepath.IsLocal(filepath.FromSlash(rel)) {
			continue
		}
		if err := w.root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		w.report.Removed++
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			if w.root.Remove(d) != nil {
				break // not empty: other files live there
			}
		}
	}
	list := make([]string, 0, len(w.written))
	for rel := range w.written {
		list = append(list, rel)
	}
	slices.Sort(list)
	return w.root.WriteFile(manifestName, []byte(strings.Join(list, "\n")+"\n"), 0o644)
}

type siteYAML struct {
	Name    string      `yaml:"name"`
	Owner   string      `yaml:"owner,omitempty"`
	LiveURL string      `yaml:"live_url,omitempty"`
	Groups  []groupYAML `yaml:"groups,omitempty"`
}

type groupYAML struct {
	Title    string   `yaml:"title"`
	Sections []string `yaml:"sections,flow"`
}

type frontMatter struct {
	ID          string     `yaml:"id"`
	Title       string     `yaml:"title"`
	Order       int        `yaml:"order,omitempty"`
	Kind        string     `yaml:"kind,omitempty"`
	URL         string     `yaml:"url,omitempty"`
	Publisher   string     `yaml:"publisher,omitempty"`
	Author      string     `yaml:"author,omitempty"`
	Responsible string     `yaml:"responsible,omitempty"`
	EnteredBy   string     `yaml:"entered_by,omitempty"`
	Created     string     `yaml:"created,omitempty"`
	Published   string     `yaml:"published,omitempty"`
	Updated     string     `yaml:"updated,omitempty"`
	Visits      int64      `yaml:"visits,omitempty"`
	SourceURL   string     `yaml:"source_url,omitempty"`
	Attachments []fmFile   `yaml:"attachments,omitempty"`
	History     []fmChange `yaml:"history,omitempty"`
}

type fmFile struct {
	File  string `yaml:"file"`
	Title string `yaml:"title,omitempty"`
}

type fmChange struct {
	At      string `yaml:"at"`
	By      string `yaml:"by,omitempty"`
	Change  string `yaml:"change,omitempty"`
	Summary string `yaml:"summary,omitempty"`
}

func frontMatterOf(n content.Node) frontMatter {
	fm := frontMatter{ID: n.ID.String(), Title: n.Title, Order: n.Order}
	if n.Kind == content.KindLink {
		fm.Kind, fm.URL = "link", n.URL
		return fm
	}
	m := n.Meta
	fm.Publisher, fm.Author, fm.Responsible, fm.EnteredBy = m.Publisher, m.Author, m.Responsible, m.EnteredBy
	fm.Created, fm.Published, fm.Updated = timeText(m.Created), timeText(m.Published), timeText(m.Updated)
	fm.Visits, fm.SourceURL = m.Visits, m.SourceURL
	for _, c := range n.History {
		fm.History = append(fm.History, fmChange{At: timeText(c.At), By: c.By, Change: string(c.Kind), Summary: c.Summary})
	}
	return fm
}

// timeText writes a date as Polish CMSs print it, Warsaw local time,
// unless that would read back differently (the doubled autumn hour).
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	s := t.In(warsaw).Format(time.DateTime)
	if back, err := time.ParseInLocation(time.DateTime, s, warsaw); err == nil && back.Equal(t) {
		return s
	}
	return t.Format(time.RFC3339)
}
