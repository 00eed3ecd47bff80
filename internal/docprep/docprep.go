package docprep

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
	"bipkiosk/internal/parallel"
)

// Defaults of Options.
const (
	// DefaultMaxTotalPageBytes bounds the page images of one bundle: a
	// quarter of the largest bundle a reader opens (8 GiB).
	DefaultMaxTotalPageBytes = 2 << 30
	// MaxTotalPages bounds the page images of one bundle, each an entry,
	// well within the 200 000 entries a reader opens.
	MaxTotalPages = 100_000
	// MaxFile is the largest attachment read: larger ones are published
	// without text or pages.
	MaxFile = 256 << 20
	// DefaultParallel files at once: tesseract and pdftoppm use a core each.
	DefaultParallel = 2
)

// Options says what to make and where to put it.
type Options struct {
	attachment.PublishOptions
	// MaxTotalPageBytes bounds the page images of the bundle; 0 is
	// DefaultMaxTotalPageBytes. Files are given pages in menu order until
	// the next file's would go over.
	MaxTotalPageBytes int64
	Parallel          int // files at once; 0 is DefaultParallel
	// Dir receives the blobs, named by their SHA-256, and what was made of
	// each file; the caller removes it, or keeps it to reuse in the next build.
	Dir string
	// Progress, when set, is told how many files are done of how many.
	Progress func(done, total int)
}

// Warning is a problem with one attachment's text or pages; the bundle is
// still built.
type Warning struct {
	File string // the attachment's name
	Err  error
}

func (w Warning) String() string { return w.File + ": " + w.Err.Error() }

// made is what was made of one file, as the cache keeps it.
type made struct {
	Text  *content.AttachmentText `json:"text,omitempty"`
	Pages []content.PageImage     `json:"pages,omitempty"`
	errs  []error
}

// Prepare fills in Text and Pages of every attachment of nodes, whose
// bytes are at files[sha] (a local path), and adds every blob it writes to
// files. A missing program is reported once; other problems once per file.
func Prepare(ctx context.Context, nodes []content.Node, files map[string]string, o Options) ([]Warning, error) {
	o = o.withDefaults()
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("docprep: %w", err)
	}
	order, names := distinct(nodes)
	results := make(map[string]made, len(order))
	var warns []Warning
	missing := map[string]bool{}
	err := parallel.Map(ctx, len(order), parallel.Options{Workers: o.Parallel},
		func(ctx context.Context, i int) (made, error) {
			return o.one(ctx, order[i], names[order[i]], files[order[i]])
		},
		func(i int, m made) error {
			results[order[i]] = m
			if o.Progress != nil {
				o.Progress(i+1, len(order))
			}
			for _, e := range m.errs {
				var tm *attachment.ToolMissingError
				if errors.As(e, &tm) {
					if missing[tm.Tool] {
						continue
					}
					missing[tm.Tool] = true
				}
				warns = append(warns, Warning{File: names[order[i]].Name, Err: e})
			}
			return nil
		})
	if err != nil {
		return warns, err
	}
	warns = append(warns, o.bound(order, names, results)...)
	for i := range nodes {
		for j := range nodes[i].Attachments {
			a := &nodes[i].Attachments[j]
			m := results[a.SHA256]
			a.Text, a.Pages = m.Text, m.Pages
		}
	}
	for _, m := range results {
		if m.Text != nil {
			files[m.Text.SHA256] = filepath.Join(o.Dir, m.Text.SHA256)
		}
		for _, p := range m.Pages {
			files[p.SHA256] = filepath.Join(o.Dir, p.SHA256)
		}
	}
	return warns, nil
}

func (o Options) withDefaults() Options {
	if o.MaxTotalPageBytes <= 0 {
		o.MaxTotalPageBytes = DefaultMaxTotalPageBytes
	}
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	return o
}

// distinct lists the files of the attachments in menu order, each once,
// with a name for each (its first attachment's, for its type and warnings).
func distinct(nodes []content.Node) ([]string, map[string]content.Attachment) {
	var order []string
	names := map[string]content.Attachment{}
	for _, n := range nodes {
		for _, a := range n.Attachments {
			if _, ok := names[a.SHA256]; !ok {
				names[a.SHA256] = a
				order = append(order, a.SHA256)
			}
		}
	}
	return order, names
}

// bound keeps the page images of files in menu order while they fit the
// bundle's total; a file whose pages would go over gets none.
func (o Options) bound(order []string, atts map[string]content.Attachment, results map[string]made) []Warning {
	var total int64
	pages := 0
	counted := map[string]bool{}
	var dropped []string
	for _, sha := range order {
		m := results[sha]
		var size int64
		n := 0
		for _, p := range m.Pages {
			if !counted[p.SHA256] {
				size += p.Size
				n++
			}
		}
		if total+size > o.MaxTotalPageBytes || pages+n > MaxTotalPages {
			m.Pages = nil
			results[sha] = m
			if n > 0 {
				dropped = append(dropped, atts[sha].Name)
			}
			continue
		}
		total += size
		pages += n
		for _, p := range m.Pages {
			counted[p.SHA256] = true
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	return []Warning{{File: dropped[0], Err: fmt.Errorf("%w: %d file(s) from this one on are published without page images (%d bytes of pages kept)",
		ErrPageBudget, len(dropped), total)}}
}

// ErrPageBudget reports files left without page images because the
// bundle's total for them was reached.
var ErrPageBudget = errors.New("docprep: the bundle's total of page images is reached")

// one makes, or finds in the cache, the text and pages of one file.
func (o Options) one(ctx context.Context, sha string, a content.Attachment, path string) (made, error) {
	key := o.cacheKey(sha)
	if m, ok := o.cached(key); ok {
		return m, nil
	}
	data, err := readFile(path)
	if err != nil {
		return made{errs: []error{err}}, nil
	}
	p, errs := attachment.Publish(ctx, a.Type, a.Name, data, o.PublishOptions)
	if ctx.Err() != nil {
		return made{}, ctx.Err()
	}
	m, err := o.write(p)
	if err != nil {
		return made{}, err
	}
	m.errs = errs
	if len(errs) == 0 { // a file made without a tool is made again once it is installed
		o.remember(key, m)
	}
	return m, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err == nil && len(data) > MaxFile {
		err = fmt.Errorf("docprep: the file is over %d bytes; it is published without text or pages", MaxFile)
	}
	return data, err
}

// write stores the blobs of what was made and describes them.
func (o Options) write(p attachment.Published) (made, error) {
	var m made
	if p.Text.Status == attachment.HasText {
		b, err := o.blob([]byte(p.Text.Text), "text/plain; charset=utf-8")
		if err != nil {
			return m, err
		}
		m.Text = &content.AttachmentText{Blob: b, Method: content.TextMethod(p.Method)}
	}
	for _, pg := range p.Pages {
		b, err := o.blob(pg.Data, pg.Type)
		if err != nil {
			return m, err
		}
		m.Pages = append(m.Pages, content.PageImage{Blob: b, Width: pg.Width, Height: pg.Height})
	}
	return m, nil
}

// blob writes data into Dir under its SHA-256, unless it is there.
func (o Options) blob(data []byte, typ string) (content.Blob, error) {
	sum := sha256.Sum256(data)
	b := content.Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Type: typ}
	path := filepath.Join(o.Dir, b.SHA256)
	if fi, err := os.Stat(path); err == nil && fi.Size() == b.Size {
		return b, nil
	}
	tmp, err := os.CreateTemp(o.Dir, ".blob-*")
	if err != nil {
		return b, fmt.Errorf("docprep: %w", err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return b, fmt.Errorf("docprep: %w", err)
	}
	return b, nil
}

// cacheKey names what is made of a file with these options.
func (o Options) cacheKey(sha string) string {
	opts, _ := json.Marshal(o.PublishOptions)
	sum := sha256.Sum256(append([]byte(sha+cacheVersion), opts...))
	return hex.EncodeToString(sum[:16]) + ".json"
}

// cacheVersion changes when what Publish makes of the same file changes.
const cacheVersion = "1"

// cached reads what was made of a file by an earlier build, when its
// blobs are all still there.
func (o Options) cached(key string) (made, bool) {
	data, err := os.ReadFile(filepath.Join(o.Dir, key))
	if err != nil {
		return made{}, false
	}
	var m made
	if json.Unmarshal(data, &m) != nil {
		return made{}, false
	}
	blobs := make([]content.Blob, 0, len(m.Pages)+1)
	if m.Text != nil {
		blobs = append(blobs, m.Text.Blob)
	}
	for _, p := range m.Pages {
		blobs = append(blobs, p.Blob)
	}
	for _, b := range blobs {
		if fi, err := os.Stat(filepath.Join(o.Dir, b.SHA256)); err != nil || fi.Size() != b.Size {
			return made{}, false
		}
	}
	return m, true
}

// remember keeps what was made for the next build; a failure only costs
// the next build the work again.
func (o Options) remember(key string, m made) {
	data, err := json.Marshal(m)
	if err == nil {
		_ = os.WriteFile(filepath.Join(o.Dir, key), data, 0o644)
	}
}
