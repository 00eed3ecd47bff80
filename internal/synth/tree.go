package synth

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Warsaw on machines without a zone database

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// ErrNotEmpty is returned by WriteTree for a folder that already holds files.
var ErrNotEmpty = errors.New("synth: folder is not empty")

var warsaw = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		panic("synth: time zone Europe/Warsaw missing: " + err.Error())
	}
	return loc
}()

// WriteTree writes the bulletin Generate(opts) returns as a source tree in
// dir (site.yaml, folders, pages with front matter, attachment files), so
// that building a bundle can be load-tested from files. dir must be empty
// or not exist yet.
func WriteTree(dir string, opts Options) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%w: %s; give a new folder", ErrNotEmpty, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: write tree %s: %w", dir, err)
	}
	g := newGen(opts)
	w := &treeWriter{dir: dir, g: g, top: map[uuid.UUID]string{}, dirs: map[string]bool{}}
	g.run(w.node)
	if w.err == nil {
		w.err = w.site()
	}
	if w.err != nil {
		return fmt.Errorf("synth: write tree %s: %w", dir, w.err)
	}
	return nil
}

// treeWriter writes nodes as they are generated; the first error stops it.
type treeWriter struct {
	dir  string
	g    *gen
	top  map[uuid.UUID]string // top-level node → its name in site.yaml
	dirs map[string]bool      // folders already made
	n    int                  // nodes written, to vary the formats used
	err  error
}

func (w *treeWriter) write(rel string, data []byte) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(rel))
	// One MkdirAll per folder, not per file: on slow file systems the
	// extra system calls were half the time of writing a large tree.
	if d := filepath.Dir(p); !w.dirs[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			w.err = err
			return
		}
		w.dirs[d] = true
	}
	w.err = os.WriteFile(p, data, 0o644)
}

func (w *treeWriter) node(it *genNode) {
	if w.err != nil {
		return
	}
	w.n++
	n := &it.node
	if n.Parent == uuid.Nil {
		w.top[n.ID] = n.Path
	}
	var fm frontMatter
	if w.n%2 == 0 {
		fm.kv("id", n.ID.String())
	}
	fm.kv("title", n.Title)
	fm.raw("order", strconv.Itoa(n.Order))
	switch n.Kind {
	case content.KindLink:
		fm.raw("kind", "link")
		fm.kv("url", n.URL)
		w.write(n.Path+".md", fm.page(""))
		return
	case content.KindSection:
		w.meta(&fm, n.Meta)
		w.write(n.Path+"/_index.md", fm.page(markdown(it.body)))
		return
	}
	w.meta(&fm, n.Meta)
	dir := path.Dir(n.Path)
	if len(n.Attachments) > 0 {
		fm.line("attachments:")
		for i, a := range n.Attachments {
			fm.item("file", a.Name)
			fm.sub("title", a.Title)
			w.write(dir+"/"+a.Name, it.att[i].bytes())
		}
	}
	fm.line("history:")
	for i, c := range n.History {
		fm.item("at", w.time(c.At))
		fm.sub("by", c.By)
		fm.sub("change", string(c.Kind))
		fm.sub("summary", c.Summary)
		if prev := it.prev[i]; prev != nil {
			if i%2 == 0 {
				fm.sub("previous", markdown(prev))
			} else {
				name := path.Base(n.Path) + ".poprzednia-" + strconv.Itoa(i) + ".html"
				fm.sub("previous", name)
				w.write(dir+"/"+name, []byte(html(prev)))
			}
		}
	}
	if it.html {
		w.write(n.Path+".html", fm.page(html(it.body)))
	} else {
		w.write(n.Path+".md", fm.page(markdown(it.body)))
	}
}

func (w *treeWriter) meta(fm *frontMatter, m content.Meta) {
	fm.kv("publisher", m.Publisher)
	fm.kv("author", m.Author)
	fm.kv("responsible", m.Responsible)
	fm.kv("entered_by", m.EnteredBy)
	for _, d := range []struct {
		key string
		t   time.Time
	}{{"created", m.Created}, {"published", m.Published}, {"updated", m.Updated}} {
		if !d.t.IsZero() {
			fm.kv(d.key, w.time(d.t))
		}
	}
	if m.Visits > 0 {
		fm.raw("visits", strconv.FormatInt(m.Visits, 10))
	}
	fm.kv("source_url", m.SourceURL)
}

// time writes every other date the way Polish CMSs print them (Warsaw
// local time without a zone) and the rest as RFC 3339, so both readings
// are exercised; local times that fall in the doubled autumn hour stay RFC
// 3339 because they would read back an hour off.
func (w *treeWriter) time(t time.Time) string {
	if w.n%2 == 1 {
		s := t.In(warsaw).Format(time.DateTime)
		if back, err := time.ParseInLocation(time.DateTime, s, warsaw); err == nil && back.Equal(t) {
			return s
		}
	}
	return t.Format(time.RFC3339)
}

// site writes site.yaml, the logo and the two site texts.
func (w *treeWriter) site() error {
	s := w.g.site
	var fm frontMatter
	fm.kv("name", s.Name)
	fm.kv("owner", s.Owner)
	fm.kv("live_url", s.LiveURL)
	if s.Logo != nil {
		fm.kv("logo", "herb.png")
		w.write("herb.png", w.g.blobs[s.Logo.SHA256].bytes())
	}
	fm.line("editorial:")
	fm.line("  office: " + strconv.Quote(s.Editorial.Office))
	fm.line("  address: " + strconv.Quote(s.Editorial.Address))
	fm.line("  phone: " + strconv.Quote(s.Editorial.Phone))
	fm.line("  email: " + strconv.Quote(s.Editorial.Email))
	fm.line("  editors:")
	for _, p := range s.Editorial.Editors {
		fm.line("    - name: " + strconv.Quote(p.Name))
		for _, kv := range [][2]string{{"role", p.Role}, {"phone", p.Phone}, {"email", p.Email}} {
			if kv[1] != "" {
				fm.line("      " + kv[0] + ": " + strconv.Quote(kv[1]))
			}
		}
	}
	fm.kv("instructions", "instrukcja.html")
	w.write("instrukcja.html", []byte(s.Instructions))
	fm.kv("accessibility", "dostepnosc.html")
	w.write("dostepnosc.html", []byte(s.Accessibility))
	fm.line("groups:")
	for _, g := range s.Groups {
		fm.item("title", g.Title)
		fm.line("    sections:")
		for _, id := range g.Nodes {
			fm.line("      - " + strconv.Quote(w.top[id]))
		}
	}
	w.write("site.yaml", []byte(fm.b.String()))
	return w.err
}

// frontMatter writes YAML by hand: synth may not import a YAML library, and
// Go's quoted strings are valid YAML double-quoted scalars.
type frontMatter struct {
	b strings.Builder
}

func (f *frontMatter) line(s string) {
	f.b.WriteString(s)
	f.b.WriteByte('\n')
}

func (f *frontMatter) raw(key, value string) { f.line(key + ": " + value) }

// kv writes a quoted value, leaving out empty ones.
func (f *frontMatter) kv(key, value string) {
	if value != "" {
		f.raw(key, strconv.Quote(value))
	}
}

// item starts a list entry of a mapping; sub adds keys to it.
func (f *frontMatter) item(key, value string) { f.line("  - " + key + ": " + strconv.Quote(value)) }

func (f *frontMatter) sub(key, value string) {
	if value != "" {
		f.line("    " + key + ": " + strconv.Quote(value))
	}
}

// page returns the whole file: front matter between "---" lines, then body.
func (f *frontMatter) page(body string) []byte {
	return []byte("---\n" + f.b.String() + "---\n" + body)
}
