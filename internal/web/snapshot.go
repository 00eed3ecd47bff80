package web

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"sync"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/readaloud"
	"bipkiosk/internal/store"
)

// A page snapshot is a node page rendered whole by the warm-up (warm.go), in
// the default language, with its sentences marked when speech is on, and
// kept in the node's fragment (nodefragment.go). It leaves three holes for
// what depends on the visitor: the classes of <html> (the display
// settings), the header (settings, and the page's path in the settings
// links) and the footer (settings, and the last update check). A visit of
// the page's own address, in any text size or contrast, is then answered by
// copying the snapshot with the holes filled from the part cache
// (partcache.go): no template runs, no menu is built, nothing is parsed for
// speech. Without a snapshot the page is rendered as before (TestPageSnapshot
// checks both give the same bytes).
//
// A page that holds more than that is always rendered: another page of the
// children list (?strona=), a print code minted per visit (direct
// printing), the answer to a settings change, and a render made for the
// page's sentences (speech_page.go), which the snapshot does not keep.

// The holes, as the snapshot's render writes them. Comments and a class name
// no bulletin text can produce: titles are escaped and bodies sanitised,
// which drops comments.
const (
	classHole  = "bk-snapshot-class"
	headerHole = "<!--bk-snapshot-header-->"
	footerHole = "<!--bk-snapshot-footer-->"
)

// pageSnapshot is a rendered page without its holes, and where they were.
type pageSnapshot struct {
	html []byte
	cuts [3]int // where <html>'s classes, the header and the footer go, in that order
}

func (p pageSnapshot) empty() bool { return len(p.html) == 0 }

// snapshotPage renders p, a node page placed in lay (a layout of the node's
// own address), whole, and cuts out its holes.
func (h *handler) snapshotPage(rd *store.Reader, lay *Layout, p nodePage) (pageSnapshot, error) {
	if err := h.addChildren(rd, lay, &p, url.Values{}, 1); err != nil {
		return pageSnapshot{}, err
	}
	var err error
	if lay.Menu, err = h.buildMenu(rd, lay, lay.menuScope); err != nil {
		return pageSnapshot{}, err
	}
	lay.htmlClass, lay.header, lay.footer = classHole, headerHole, footerHole
	buf := pageBuffer()
	defer keepBuffer(buf)
	if err := h.execute(buf, "node", p); err != nil {
		return pageSnapshot{}, err
	}
	page := buf.Bytes()
	if h.speechOn() && bytes.Contains(page, playerMarker) {
		page, _ = readaloud.Mark(bulletinLang, page)
	}
	s, err := cutHoles(page)
	if err != nil {
		return pageSnapshot{}, fmt.Errorf("web: snapshot of node %s: %w: %w", p.ID, errSnapshotHoles, err)
	}
	return s, nil
}

// errSnapshotHoles reports a page whose holes cannot be cut out: it is kept
// without its snapshot and rendered on each visit, as before the warm-up.
var errSnapshotHoles = errors.New("its holes cannot be cut out")

// cutHoles returns page without its holes, which must each appear once, in
// order.
func cutHoles(page []byte) (pageSnapshot, error) {
	var s pageSnapshot
	s.html = make([]byte, 0, len(page))
	for i, hole := range []string{`class="` + classHole + `"`, headerHole, footerHole} {
		at := bytes.Index(page, []byte(hole))
		if at < 0 || bytes.Contains(page[at+len(hole):], []byte(hole)) {
			return pageSnapshot{}, fmt.Errorf("the page does not hold %q exactly once after the holes before it", hole)
		}
		if i == 0 { // the hole is the attribute's value, the attribute stays
			at += len(`class="`)
			hole = classHole
		}
		s.html = append(s.html, page[:at]...)
		s.cuts[i] = len(s.html)
		page = page[at+len(hole):]
	}
	s.html = append(s.html, page...)
	return s, nil
}

// writeSnapshot writes into buf the page of node id from its snapshot with
// lay's visitor parts, when the request may be answered so and a snapshot
// is kept; it reports whether it wrote the page.
func (h *handler) writeSnapshot(rd *store.Reader, r *http.Request, lay *Layout, id uuid.UUID, buf *bytes.Buffer) (bool, error) {
	if r.URL.RawQuery != "" || r.URL.Path != nodePath(id) || lay.Saved || capturing(r) || h.holdsOnceCode("node") {
		return false, nil
	}
	kept := fragmentBuffers.Get().(*[]byte)
	defer fragmentBuffers.Put(kept)
	b, err := rd.AppendFragment((*kept)[:0], id, h.fragmentName(lay))
	if cap(b) <= maxPooledBuffer {
		*kept = b
	}
	if err != nil {
		return false, nil // none kept (or unreadable): rendered instead
	}
	f, err := splitFragment(b)
	if err != nil || f.page.empty() {
		return false, nil
	}
	if err := h.frameParts(lay, h.pages["node"]); err != nil {
		return false, err
	}
	if lay.header == "" || lay.footer == "" {
		return false, nil // no part cache, or a header only the page itself can render
	}
	page, cuts := f.page.html, f.page.cuts
	buf.Write(page[:cuts[0]])
	// The classes are names of letters, digits and hyphens, which the
	// template writes unchanged; escaped all the same.
	buf.WriteString(html.EscapeString(lay.HTMLClass()))
	buf.Write(page[cuts[0]:cuts[1]])
	buf.WriteString(string(lay.header))
	buf.Write(page[cuts[1]:cuts[2]])
	buf.WriteString(string(lay.footer))
	buf.Write(page[cuts[2]:])
	return true, nil
}

// fragmentBuffers hold kept fragments while their page is written: a
// fragment is some 25 KB, read for every page served from its snapshot.
var fragmentBuffers = sync.Pool{New: func() any { return new([]byte) }}

// snapshotRequest is the visit a snapshot of node id is rendered for: its
// own address, nothing else.
func snapshotRequest(id uuid.UUID) *http.Request {
	return &http.Request{Method: http.MethodGet, URL: &url.URL{Path: nodePath(id)}}
}

// warmNode renders node n's fragment and, in lay (a layout of n's own
// address in the default settings), its page snapshot.
func (h *handler) warmNode(rd *store.Reader, lay *Layout, n content.Node) (nodeFragment, error) {
	p := lay.nodePage(n, nil)
	f, err := h.renderFragment(p)
	if err != nil {
		return f, err
	}
	if err := h.placeNode(rd, lay, n.ID, n.Title); err != nil {
		return f, err
	}
	p.Tail = f.Tail
	f.Page, err = h.snapshotPage(rd, lay, p)
	if errors.Is(err, errSnapshotHoles) {
		// One odd page must not stop the warm-up of the others.
		if h.snapshotWarned.CompareAndSwap(false, true) {
			h.log.Warn("web_snapshot_not_kept", "err", err)
		}
		return f, nil
	}
	return f, err
}
