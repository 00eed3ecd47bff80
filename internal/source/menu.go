package source

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"bipkiosk/internal/content"
)

// order sorts items and their children by order, then title in Polish
// alphabetical order (Ł after L, Ś after S), then path for a stable result.
func order(items []*item) {
	c := collate.New(language.Polish)
	var buf collate.Buffer
	var keys func([]*item)
	keys = func(items []*item) {
		for _, it := range items {
			it.key = slices.Clone(c.KeyFromString(&buf, it.node.Title))
			buf.Reset()
			keys(it.children)
		}
		slices.SortFunc(items, func(a, b *item) int {
			return cmp.Or(cmp.Compare(a.node.Order, b.node.Order), bytes.Compare(a.key, b.key), cmp.Compare(a.node.Path, b.node.Path))
		})
	}
	keys(items)
}

// menu groups the top-level items as site.yaml says (or one group per item
// when it says nothing) and flattens the tree depth-first in menu order.
func (a *assembler) menu(specs []groupSpec, top []*item) ([]content.Group, []content.Node) {
	order(top)
	var placed [][]*item
	var titles []string
	if len(specs) > 0 {
		byName := make(map[string]*item, len(top))
		for _, it := range top {
			byName[it.name] = it
		}
		used := make(map[*item]bool, len(top))
		for _, g := range specs {
			var its []*item
			for _, n := range g.names {
				it, ok := byName[n.name]
				switch {
				case !ok:
					a.r.warns = append(a.r.warns, Warning{File: siteFile, Line: n.line, Message: fmt.Sprintf("group %q names %q, which is no folder or page at the top of the tree; skipped", g.title, n.name)})
				case used[it]:
					a.r.warns = append(a.r.warns, Warning{File: siteFile, Line: n.line, Message: fmt.Sprintf("group %q names %q again; it stays in its first group", g.title, n.name)})
				default:
					used[it] = true
					its = append(its, it)
				}
			}
			placed, titles = append(placed, its), append(titles, g.title)
		}
		for _, it := range top {
			if !used[it] {
				a.r.warns = append(a.r.warns, Warning{File: it.file, Message: fmt.Sprintf("%q is in no group of site.yaml; shown as a group of its own at the end", it.name)})
				placed, titles = append(placed, []*item{it}), append(titles, it.node.Title)
			}
		}
	} else {
		for _, it := range top {
			placed, titles = append(placed, []*item{it}), append(titles, it.node.Title)
		}
	}
	groups := make([]content.Group, len(placed))
	var nodes []content.Node
	f := flattener{a: a, paths: map[string]string{}, ids: map[uuid.UUID]*item{}}
	for i, its := range placed {
		groups[i] = content.Group{Title: titles[i], Nodes: make([]uuid.UUID, 0, len(its))}
		for _, it := range its {
			nodes = f.add(nodes, it, uuid.Nil)
			groups[i].Nodes = append(groups[i].Nodes, it.node.ID)
		}
	}
	return groups, nodes
}

// flattener lists items depth-first, giving ids and parents and refusing
// duplicate paths and ids.
type flattener struct {
	a     *assembler
	paths map[string]string // node path → file
	ids   map[uuid.UUID]*item
}

func (f *flattener) add(nodes []content.Node, it *item, parent uuid.UUID) []content.Node {
	if it.node.ID == uuid.Nil {
		it.node.ID = content.NodeID(it.node.Path)
	}
	it.node.Parent = parent
	dupPath := false
	if other, ok := f.paths[it.node.Path]; ok {
		dupPath = true
		f.a.r.errs = append(f.a.r.errs, &Error{File: it.file, Err: fmt.Errorf("%w: %q is also the path of %s; rename one, or move the page into the folder as _index.md", ErrDuplicatePath, it.node.Path, other)})
	} else {
		f.paths[it.node.Path] = it.file
	}
	if other, ok := f.ids[it.node.ID]; ok && !dupPath {
		f.a.r.errs = append(f.a.r.errs, &Error{File: it.file, Line: it.idLine, Err: fmt.Errorf("%w: %s is also the id of %s; give each page its own id, or remove the id to derive one from the path", ErrDuplicateID, it.node.ID, other.file)})
	} else if !ok {
		f.ids[it.node.ID] = it
		if sp := f.a.r.spill; sp != nil && it.spilled != nil {
			sp.byID[it.node.ID] = *it.spilled
		}
	}
	nodes = append(nodes, it.node)
	for _, c := range it.children {
		nodes = f.add(nodes, c, it.node.ID)
	}
	return nodes
}
