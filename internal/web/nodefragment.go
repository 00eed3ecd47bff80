package web

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"strconv"

	"github.com/google/uuid"

	"bipkiosk/internal/store"
)

// A node page's fragment is what does not depend on who reads it: the body
// with its external links marked, and the tail (attachment table and
// metryczka), in one language and display frame. It is rendered from the
// node once per generation and language, and
// kept in that generation (store.PutFragments) by the warm-up (warm.go)
// before visitors come, so visits, in any text size or contrast, after the
// page cache let the page go or after a restart, neither decode the node nor
// run its templates, and the serving path never writes to the store.
//
// Why per language and not once at import: the metryczka's and attachment
// table's labels, dates and sizes, and the body's external-link note, are
// all in the reader's language, and the body's links depend on the display
// frame (kiosk, desktop). The only part alike in every language is the body
// as published, which the store already holds; rendering three languages of
// every node at import would triple the work for pages most readers never
// open, and would tie the import (internal/store) to the templates.

// nodeFragment is a node page's part that depends only on the node, the
// language and the frame, and the whole page as its default visitor sees it.
type nodeFragment struct {
	Changes int           // entries of the change register
	Body    template.HTML // the body as l.Body renders it
	Tail    template.HTML // the attachment table and metryczka
	Page    pageSnapshot  // the whole page without the visitor's parts (snapshot.go); empty for none
}

// fragmentName names a node page's fragment for lay's language and h's
// build and frame: a new build or another shell never reads an old one.
// "node2": fragments that also hold the whole page.
func (h *handler) fragmentName(lay *Layout) string {
	return "node2/" + string(lay.Lang()) + "/" + h.fragBuild
}

// buildDigest is the part of fragment names that ties them to a build and
// frame (the handler's version string, which can be long).
func buildDigest(version string) string {
	sum := fnv.New64a()
	sum.Write([]byte(version))
	return strconv.FormatUint(sum.Sum64(), 36)
}

// encode writes f as its counts, lengths and cuts, then its three parts.
func (f nodeFragment) encode() []byte {
	b := binary.AppendUvarint(nil, uint64(f.Changes))
	b = binary.AppendUvarint(b, uint64(len(f.Body)))
	b = binary.AppendUvarint(b, uint64(len(f.Tail)))
	b = binary.AppendUvarint(b, uint64(len(f.Page.html)))
	for _, c := range f.Page.cuts {
		b = binary.AppendUvarint(b, uint64(c))
	}
	b = append(b, f.Body...)
	b = append(b, f.Tail...)
	return append(b, f.Page.html...)
}

// errFragment reports a kept fragment that cannot be read back.
var errFragment = errors.New("web: malformed node fragment")

func decodeFragment(b []byte) (nodeFragment, error) {
	raw, err := splitFragment(b)
	if err != nil {
		return nodeFragment{}, err
	}
	return nodeFragment{Changes: raw.changes, Body: template.HTML(raw.body), Tail: template.HTML(raw.tail), Page: raw.page}, nil
}

// rawFragment is a kept fragment's parts as they lie in its bytes.
type rawFragment struct {
	changes    int
	body, tail []byte
	page       pageSnapshot
}

// splitFragment finds the parts of a kept fragment in b, without copying.
func splitFragment(b []byte) (rawFragment, error) {
	var head [4 + len(pageSnapshot{}.cuts)]uint64
	for i := range head {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return rawFragment{}, errFragment
		}
		head[i], b = v, b[n:]
	}
	body, tail, page := head[1], head[2], head[3]
	if body > uint64(len(b)) || tail > uint64(len(b))-body || page != uint64(len(b))-body-tail {
		return rawFragment{}, errFragment
	}
	f := rawFragment{changes: int(head[0]), body: b[:body], tail: b[body : body+tail]}
	f.page.html = b[body+tail:]
	last := uint64(0)
	for i, c := range head[4:] {
		if c < last || c > page {
			return rawFragment{}, errFragment
		}
		f.page.cuts[i], last = int(c), c
	}
	return f, nil
}

// keptFragment returns the node page fragment of id kept in rd's generation,
// if there is one that can be read.
func (h *handler) keptFragment(rd *store.Reader, lay *Layout, id uuid.UUID) (nodeFragment, bool) {
	b, err := rd.Fragment(id, h.fragmentName(lay))
	if err != nil {
		return nodeFragment{}, false
	}
	f, err := decodeFragment(b)
	return f, err == nil
}

// renderFragment renders p's tail with the node page's own template and
// returns p's fragment, for the warm-up to keep (warm.go).
func (h *handler) renderFragment(p nodePage) (nodeFragment, error) {
	var buf bytes.Buffer
	if err := h.pages["node"].ExecuteTemplate(&buf, "node-tail", p); err != nil {
		return nodeFragment{}, fmt.Errorf("web: render node tail %s: %w", p.ID, err)
	}
	// rendered by our own escaping template
	return nodeFragment{Changes: p.ChangeCount, Body: p.Body, Tail: template.HTML(buf.String())}, nil
}
