package source

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"bipkiosk/internal/content"
	"bipkiosk/internal/parallel"
)

// reader holds the state of one Read.
type reader struct {
	root  string // absolute, symlinks resolved
	blobs blobs
	errs  []error
	warns []Warning
	spill *spill // nil unless ReadLean: bodies stay in memory
}

func newReader(root string) *reader {
	return &reader{root: root, blobs: blobs{m: make(map[string]*blobFile)}}
}

// collect takes over a file's diagnostics.
func (r *reader) collect(d *diag) {
	r.warns = append(r.warns, d.warns...)
	r.errs = append(r.errs, d.errs...)
}

// folder is one directory of the tree as found on disk.
type folder struct {
	rel    string // slash path; "" for the root
	index  *pageJob
	pages  []pageJob
	others []string // rel paths of files that are not pages
	subs   []*folder
}

// walk lists the tree under f, skipping hidden names and following
// symlinks only while they stay inside the tree.
func (r *reader) walk(f *folder, real string, seen map[string]bool, jobs *[]pageJob) {
	d := &diag{file: f.rel + "/"}
	defer r.collect(d)
	entries, err := os.ReadDir(real)
	if err != nil {
		d.fail(0, fmt.Errorf("%w: cannot list folder: %w", ErrMissingFile, err))
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		rel := path.Join(f.rel, name)
		entReal := filepath.Join(real, name)
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(entReal)
			if err != nil {
				r.warns = append(r.warns, Warning{File: rel, Message: "broken symlink; skipped"})
				continue
			}
			if !r.inside(target) {
				r.errs = append(r.errs, &Error{File: rel, Err: fmt.Errorf("%w: symlink to %s; copy the files into the tree instead", ErrOutsideTree, target)})
				continue
			}
			fi, err := os.Stat(target)
			if err != nil {
				continue
			}
			entReal, isDir = target, fi.IsDir()
		} else if !isDir && !e.Type().IsRegular() {
			r.warns = append(r.warns, Warning{File: rel, Message: "not a regular file; skipped"})
			continue
		}
		if isDir {
			if seen[entReal] {
				r.warns = append(r.warns, Warning{File: rel, Message: "symlink loops back to a folder already read; skipped"})
				continue
			}
			seen[entReal] = true
			sub := &folder{rel: rel}
			f.subs = append(f.subs, sub)
			r.walk(sub, entReal, seen, jobs)
			continue
		}
		r.addFile(f, rel, entReal, jobs)
	}
}

func (r *reader) addFile(f *folder, rel, real string, jobs *[]pageJob) {
	name := path.Base(rel)
	isPage := false
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".html", ".htm":
		isPage = true
	}
	switch {
	case f.rel == "" && name == siteFile:
	case isPage && stem(name) == "_index":
		job := pageJob{rel: rel, real: real, index: true}
		if f.index != nil {
			r.errs = append(r.errs, &Error{File: rel, Err: fmt.Errorf("%w: the folder already has %s; keep one", ErrDuplicatePath, f.index.rel)})
			return
		}
		if f.rel == "" {
			r.warns = append(r.warns, Warning{File: rel, Message: "the tree's root has no page of its own (site.yaml describes it); ignored"})
			return
		}
		f.index = &job
		*jobs = append(*jobs, job)
	case isPage:
		job := pageJob{rel: rel, real: real}
		f.pages = append(f.pages, job)
		*jobs = append(*jobs, job)
	default:
		f.others = append(f.others, rel)
	}
}

// parseAll parses the page files on every core; results keep the job order.
// A goldmark instance is not safe for concurrent use, so each parse takes
// one from a pool.
func (r *reader) parseAll(jobs []pageJob) map[string]*page {
	parsers := sync.Pool{New: func() any { return &parser{r: r, md: newMarkdown()} }}
	pages := make(map[string]*page, len(jobs))
	// Parsing a page does not fail (its problems are in the page's diag),
	// and there is no context to cancel: Map cannot return an error.
	_ = parallel.Map(context.Background(), len(jobs), parallel.Options{},
		func(_ context.Context, i int) (*page, error) {
			ps := parsers.Get().(*parser)
			defer parsers.Put(ps)
			return ps.parse(jobs[i]), nil
		},
		func(_ int, p *page) error {
			if r.spill != nil {
				p.spilled = r.spill.keep(&p.node)
			}
			pages[p.rel] = p
			return nil
		})
	return pages
}

// read does the whole job: site.yaml, the walk, the pages, the menu.
func (r *reader) read() *Tree {
	spec := r.readSite(newMarkdown())
	root := &folder{}
	var jobs []pageJob
	r.walk(root, r.root, map[string]bool{r.root: true}, &jobs)
	pages := r.parseAll(jobs)

	// A file another page (or site.yaml) uses is that page's attachment or
	// earlier body, not a page or a stray of its own.
	used := make(map[string]bool)
	for _, rel := range spec.refs {
		used[rel] = true
	}
	for _, p := range pages {
		for _, rel := range p.refs {
			used[rel] = true
		}
	}
	a := &assembler{r: r, pages: pages, used: used, files: spec.files}
	top := a.folder(root)
	tree := &Tree{Site: spec.site, Files: a.files}
	tree.Site.Groups, tree.Nodes = a.menu(spec.groups, top)
	slices.SortStableFunc(r.warns, func(x, y Warning) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line))
	})
	tree.Warnings = r.warns
	return tree
}

// assembler puts parsed pages into the menu tree.
type assembler struct {
	r     *reader
	pages map[string]*page
	used  map[string]bool
	files map[string]string
}

// item is a node with its place in the tree.
type item struct {
	node     content.Node
	key      []byte // collation key of the title
	name     string // folder name, or file name without extension: how groups name it
	file     string // the file it came from, for messages
	idLine   int
	spilled  *spilled // where its bodies are kept, for a lean tree
	children []*item
}

// take turns a parsed page into an item, keeping its diagnostics.
func (a *assembler) take(p *page) *item {
	a.r.collect(&p.diag)
	for sum, real := range p.files {
		a.files[sum] = real
	}
	return &item{node: p.node, file: p.rel, idLine: p.idLine, name: stem(path.Base(p.rel)), spilled: p.spilled}
}

// folder builds the section of f, or for the root the top-level items;
// it returns nil for a folder that holds no page (only attachments, say).
func (a *assembler) folder(f *folder) []*item {
	var kids []*item
	for _, job := range f.pages {
		p := a.pages[job.rel]
		delete(a.pages, job.rel) // the item holds the node from now on
		if a.used[job.rel] {
			continue
		}
		kids = append(kids, a.take(p))
	}
	for _, sub := range f.subs {
		if it := a.section(sub); it != nil {
			kids = append(kids, it)
		}
	}
	for _, rel := range f.others {
		if !a.used[rel] {
			a.r.warns = append(a.r.warns, Warning{File: rel, Message: "no page uses this file; ignored (list it under a page's attachments)"})
		}
	}
	return kids
}

// section builds the item of a sub-folder.
func (a *assembler) section(f *folder) *item {
	kids := a.folder(f)
	var it *item
	switch {
	case f.index != nil:
		it = a.take(a.pages[f.index.rel])
		delete(a.pages, f.index.rel)
	case len(kids) == 0:
		return nil
	default:
		title := nameTitle(path.Base(f.rel))
		a.r.warns = append(a.r.warns, Warning{File: f.rel + "/", Message: fmt.Sprintf("folder has no _index.md; section titled %q from its name", title)})
		it = &item{node: content.Node{Path: f.rel, Kind: content.KindSection, Title: title}, file: f.rel + "/"}
	}
	it.name = path.Base(f.rel)
	it.children = kids
	return it
}
