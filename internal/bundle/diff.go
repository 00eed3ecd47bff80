package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// Diff is what changed from one edition of a bulletin to another, as
// "bipkiosk bundle diff" shows it. Lists are in menu order of their pages'
// paths, so the same two bundles always give the same Diff.
type Diff struct {
	Old, New           DiffSide
	Added              []PageChange
	Changed            []PageChange
	Removed            []PageChange
	AttachmentsAdded   []AttachmentChange
	AttachmentsRemoved []AttachmentChange
	Site               []string // the site.json fields that differ, e.g. "name", "menu groups"
}

// DiffSide is one of the two bundles compared.
type DiffSide struct {
	File        string // base name of the bundle file
	Edition     content.Edition
	Fingerprint string // of the key that signed it
	Pages       int    // nodes of the whole edition; for a delta, after it is applied
}

// PageChange is one page added, changed or removed.
type PageChange struct {
	ID    uuid.UUID
	Kind  content.Kind
	Title string
	// Menu is where the page sits: its menu group's title, the titles of the
	// sections above it, then its own title.
	Menu []string
	// Fields names what differs in a changed page: "title", "kind", "place
	// in the menu", "address", "text", "metadata", "attachments", "change
	// register", "source path". Empty if only the encoding differs.
	Fields []string
}

// AttachmentChange is one attachment added to or removed from a page.
type AttachmentChange struct {
	Page       PageChange
	Attachment content.Attachment
}

// Pages reports how many pages were added, changed and removed.
func (d Diff) Pages() (added, changed, removed int) {
	return len(d.Added), len(d.Changed), len(d.Removed)
}

// Empty reports whether the two editions show the same bulletin.
func (d Diff) Empty() bool {
	return len(d.Added)+len(d.Changed)+len(d.Removed)+len(d.AttachmentsAdded)+len(d.AttachmentsRemoved)+len(d.Site) == 0
}

// DiffBundles opens and verifies both bundles whole (every entry is read
// and checked) and reports what changed from oldPath to newPath. Both must
// be of one publisher. oldPath must be a full bundle; newPath may be a full
// bundle or a delta on oldPath's sequence, which is then applied to it.
func DiffBundles(oldPath, newPath string, opts OpenOptions) (Diff, error) {
	ob, err := Open(oldPath, opts)
	if err != nil {
		return Diff{}, err
	}
	defer ob.Close()
	nb, err := Open(newPath, opts)
	if err != nil {
		return Diff{}, err
	}
	defer nb.Close()
	om, nm := ob.manifest, nb.manifest
	switch {
	case om.Publisher.ID != nm.Publisher.ID:
		return Diff{}, fmt.Errorf("bundle: %s is from publisher %s and %s from %s; diff two bundles of one publisher", ob.name, om.Publisher, nb.name, nm.Publisher)
	case om.BaseSequence != 0:
		return Diff{}, fmt.Errorf("bundle: %s is a delta on sequence %d, so it does not show the whole old edition; diff against the full bundle of sequence %d", ob.name, om.BaseSequence, om.Sequence)
	case nm.BaseSequence != 0 && nm.BaseSequence != om.Sequence:
		return Diff{}, fmt.Errorf("bundle: %s is a delta on sequence %d, but %s has sequence %d; diff a delta against the full bundle it applies to", nb.name, nm.BaseSequence, ob.name, om.Sequence)
	}
	maybe := maybeChanged(om, nm)
	old, err := readTree(ob, maybe)
	if err != nil {
		return Diff{}, err
	}
	cur, err := readTree(nb, maybe)
	if err != nil {
		return Diff{}, err
	}
	if nm.BaseSequence != 0 {
		cur = old.apply(cur, nm.Removed)
	}
	d := Diff{Old: side(ob, old), New: side(nb, cur), Site: siteChanges(old.site, cur.site)}
	d.comparePages(old, cur)
	d.compareAttachments(old, cur)
	return d, nil
}

func side(b *Bundle, t *tree) DiffSide {
	return DiffSide{File: b.name, Edition: b.Edition(), Fingerprint: b.key.Fingerprint(), Pages: len(t.nodes)}
}

// maybeChanged returns the nodes both manifests list with different
// hashes: only these need their whole content kept for comparison.
func maybeChanged(om, nm Manifest) map[uuid.UUID]bool {
	had := map[uuid.UUID]string{}
	for _, e := range om.Entries {
		if kind, id := classify(e.Path); kind == kindNode {
			had[id] = e.SHA256
		}
	}
	maybe := map[uuid.UUID]bool{}
	for _, e := range nm.Entries {
		if kind, id := classify(e.Path); kind == kindNode {
			if sha, ok := had[id]; ok && sha != e.SHA256 {
				maybe[id] = true
			}
		}
	}
	return maybe
}

// tree is what a diff keeps of an edition: every node's place and
// attachments, and whole nodes only for those that may have changed.
type tree struct {
	site  content.Site
	nodes map[uuid.UUID]*treeNode
}

type treeNode struct {
	sha    string // of its entry
	kind   content.Kind
	title  string
	parent uuid.UUID
	atts   []content.Attachment
	whole  *content.Node
}

// readTree reads the bundle's site and nodes, and its files only to verify them.
func readTree(b *Bundle, keep map[uuid.UUID]bool) (*tree, error) {
	site, err := b.Site()
	if err != nil {
		return nil, err
	}
	t := &tree{site: site, nodes: map[uuid.UUID]*treeNode{}}
	err = b.EachNode(func(n content.Node) error {
		tn := &treeNode{sha: b.entries[nodePath(n.ID)].SHA256, kind: n.Kind, title: n.Title, parent: n.Parent, atts: n.Attachments}
		if keep[n.ID] {
			tn.whole = &n
		}
		t.nodes[n.ID] = tn
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = b.EachBlob(func(_ string, _ int64, r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		return err
	})
	return t, err
}

// apply returns the edition a delta makes of t.
func (t *tree) apply(delta *tree, removed []uuid.UUID) *tree {
	out := &tree{site: delta.site, nodes: maps.Clone(t.nodes)}
	for _, id := range removed {
		delete(out.nodes, id)
	}
	maps.Copy(out.nodes, delta.nodes)
	return out
}

// page describes node id of t for a listing.
func (t *tree) page(id uuid.UUID) PageChange {
	n := t.nodes[id]
	p := PageChange{ID: id, Kind: n.kind, Title: n.title}
	top := id
	for cur := id; cur != uuid.Nil && len(p.Menu) <= len(t.nodes); {
		tn := t.nodes[cur]
		if tn == nil {
			break
		}
		p.Menu = append(p.Menu, tn.title)
		top, cur = cur, tn.parent
	}
	slices.Reverse(p.Menu)
	for _, g := range t.site.Groups {
		if slices.Contains(g.Nodes, top) {
			p.Menu = append([]string{g.Title}, p.Menu...)
			break
		}
	}
	return p
}

func (d *Diff) comparePages(old, cur *tree) {
	for id, n := range cur.nodes {
		o, had := old.nodes[id]
		switch {
		case !had:
			d.Added = append(d.Added, cur.page(id))
		case o.sha != n.sha:
			p := cur.page(id)
			if o.whole != nil && n.whole != nil {
				p.Fields = nodeChanges(*o.whole, *n.whole)
			}
			d.Changed = append(d.Changed, p)
		}
	}
	for id := range old.nodes {
		if _, still := cur.nodes[id]; !still {
			d.Removed = append(d.Removed, old.page(id))
		}
	}
	for _, l := range [][]PageChange{d.Added, d.Changed, d.Removed} {
		slices.SortFunc(l, comparePages)
	}
}

func comparePages(a, b PageChange) int {
	if c := slices.Compare(a.Menu, b.Menu); c != 0 {
		return c
	}
	return bytes.Compare(a.ID[:], b.ID[:])
}

// nodeChanges names what differs between two versions of a node.
func nodeChanges(a, b content.Node) []string {
	var f []string
	for _, c := range []struct {
		name string
		same bool
	}{
		{"title", a.Title == b.Title},
		{"kind", a.Kind == b.Kind},
		{"place in the menu", a.Parent == b.Parent && a.Order == b.Order},
		{"address", a.URL == b.URL},
		{"text", a.Body == b.Body},
		{"metadata", sameJSON(a.Meta, b.Meta)},
		{"attachments", sameJSON(a.Attachments, b.Attachments)},
		{"change register", sameJSON(a.History, b.History)},
		{"source path", a.Path == b.Path},
	} {
		if !c.same {
			f = append(f, c.name)
		}
	}
	return f
}

// sameJSON compares values by their encoding, which treats equal times in
// different representations as equal and nil and empty lists alike.
func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb) || (isEmptyJSON(ja) && isEmptyJSON(jb))
}

func isEmptyJSON(b []byte) bool { return string(b) == "null" || string(b) == "[]" }

func (d *Diff) compareAttachments(old, cur *tree) {
	oldAtts, curAtts := attachments(old), attachments(cur)
	for k, a := range curAtts {
		if _, ok := oldAtts[k]; !ok {
			d.AttachmentsAdded = append(d.AttachmentsAdded, a)
		}
	}
	for k, a := range oldAtts {
		if _, ok := curAtts[k]; !ok {
			d.AttachmentsRemoved = append(d.AttachmentsRemoved, a)
		}
	}
	for _, l := range [][]AttachmentChange{d.AttachmentsAdded, d.AttachmentsRemoved} {
		slices.SortFunc(l, func(a, b AttachmentChange) int {
			if c := comparePages(a.Page, b.Page); c != 0 {
				return c
			}
			if c := strings.Compare(a.Attachment.Name, b.Attachment.Name); c != 0 {
				return c
			}
			return strings.Compare(a.Attachment.SHA256, b.Attachment.SHA256)
		})
	}
}

// attachments indexes every attachment of t by page, file and name.
func attachments(t *tree) map[string]AttachmentChange {
	out := map[string]AttachmentChange{}
	for id, n := range t.nodes {
		for _, a := range n.atts {
			k := id.String() + "\x00" + a.SHA256 + "\x00" + a.Name
			if _, dup := out[k]; !dup {
				out[k] = AttachmentChange{Page: t.page(id), Attachment: a}
			}
		}
	}
	return out
}

// siteChanges names the site.json fields that differ.
func siteChanges(a, b content.Site) []string {
	var f []string
	for _, c := range []struct {
		name string
		same bool
	}{
		{"name", a.Name == b.Name},
		{"owner", a.Owner == b.Owner},
		{"live address", a.LiveURL == b.LiveURL},
		{"logo", sameJSON(a.Logo, b.Logo)},
		{"editorial office", sameJSON(a.Editorial, b.Editorial)},
		{"instructions", a.Instructions == b.Instructions},
		{"accessibility statement", a.Accessibility == b.Accessibility},
		{"easy-to-read text", a.EasyToRead == b.EasyToRead},
		{"sign-language video", sameJSON(a.SignLanguage, b.SignLanguage)},
		{"menu groups", sameJSON(a.Groups, b.Groups)},
	} {
		if !c.same {
			f = append(f, c.name)
		}
	}
	return f
}
