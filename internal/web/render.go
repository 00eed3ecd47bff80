package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/google/uuid"

	"bipkiosk/frontend"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
)

// pageEntries names every page template and the template it is rendered
// through. Start-up fails if a page file is missing from this table or the
// table names a file that does not exist.
var pageEntries = map[string]string{
	"home":          "layout",
	"node":          "layout",
	"print":         "print-layout",
	"node-changes":  "layout",
	"change":        "layout",
	"register":      "layout",
	"sitemap":       "layout",
	"stats":         "layout",
	"files":         "layout",
	"instructions":  "layout",
	"editorial":     "layout",
	"accessibility": "layout",
	"external":      "layout",
	"attachment":    "layout",
	"easy-to-read":  "layout",
	"sign-language": "layout",
	"settings":      "layout",
	"search":        "layout",
	"operator-pin":  "layout",
	"operator":      "layout",
	"error":         "layout",
	"menu":          "fragment",
	"menu-screen":   "layout",
}

// funcs are the template functions. They are pure and shared by every
// request; anything that depends on the request (the language above all) is a
// method of the view model, never a function bound here.
var funcs = template.FuncMap{
	"nodeURL": nodePath,
	"add":     func(a, b int) int { return a + b },
}

func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(frontend.Templates, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout templates: %w", err)
	}
	files, err := fs.Glob(frontend.Templates, "templates/pages/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list page templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if _, ok := pageEntries[name]; !ok {
			return nil, fmt.Errorf("web: page template %s is not declared in pageEntries", f)
		}
		t, err := template.Must(base.Clone()).ParseFS(frontend.Templates, f)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		pages[name] = t
	}
	for name := range pageEntries {
		if pages[name] == nil {
			return nil, fmt.Errorf("web: page %q is declared but templates/pages/%s.html is missing", name, name)
		}
	}
	return pages, nil
}

// httpError is a failure the reader sees as a page: 404 or 400 with a reason.
type httpError struct {
	status int
	key    string // i18n key of the reason, "" for the status's own text
	args   []any
}

func (e *httpError) Error() string { return fmt.Sprintf("web: http %d %s", e.status, e.key) }

func errNotFound() error { return &httpError{status: http.StatusNotFound} }

func errBadRequest(key string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, key: key, args: args}
}

// pageFunc builds a page's view model inside the request's one store.Read. It
// may set the layout's title, current node and breadcrumbs; the menu is built
// after it returns, around the current node.
type pageFunc func(rd *store.Reader, lay *Layout) (any, error)

// errorView is the 404/400/500 page: the menu and the search box stay.
type errorView struct {
	*Layout
	Status int
	Reason string
}

// cachePolicy is how a page may be kept and revalidated; a page declares it.
type cachePolicy int

const (
	// cacheETag: the page depends only on the generation, the display
	// settings, the build, the last update check and its URL, so it carries
	// an ETag, is answered 304 when that still matches and is kept in the
	// page cache.
	cacheETag cachePolicy = iota
	// cacheFresh: rendered for every request (counts that change between
	// generations, results of an action); no ETag.
	cacheFresh
	// cacheNoStore: fresh, and no cache may keep it ("no-store"): an
	// action's answer or a refusal.
	cacheNoStore
)

// page declares how a screen is answered: its template, its status and
// its cache policy. writeHTML writes exactly that, once.
type page struct {
	name   string
	status int // 0 means 200
	cache  cachePolicy
	// snapshot is the node whose page the warm-up kept whole may answer
	// instead of the template (snapshot.go); uuid.Nil for none.
	snapshot uuid.UUID
}

// render serves a page that may be revalidated; see cacheETag.
func (h *handler) render(w http.ResponseWriter, r *http.Request, name string, fn pageFunc) {
	h.serve(w, r, page{name: name, cache: cacheETag}, fn)
}

// renderFresh serves a page that must never be answered from a cache.
func (h *handler) renderFresh(w http.ResponseWriter, r *http.Request, name string, fn pageFunc) {
	h.serve(w, r, page{name: name, cache: cacheFresh}, fn)
}

// serve answers with page pg, whose view fn builds inside the request's one
// store.Read. A page that may be revalidated is answered 304 or from the
// page cache when it can be.
func (h *handler) serve(w http.ResponseWriter, r *http.Request, pg page, fn pageFunc) {
	h.served.Add(1)
	h.inFlight.Add(1)
	defer h.inFlight.Add(-1)
	pg.cache = h.policy(r, pg)
	s := h.settingsFor(r)
	if pg.cache == cacheETag && !capturing(r) {
		if gen, err := h.store.CurrentNumber(); err == nil {
			tag := h.etag(gen, s, h.updateStamp(), r)
			if etagMatches(r.Header.Get("If-None-Match"), tag) {
				h.writeNotModified(w, tag)
				return
			}
			if p, ok := h.cache.get(cacheKey(tag, r)); ok {
				h.countVisit(p.visit)
				h.writeHTML(w, page{status: http.StatusOK, cache: cacheETag}, tag, p.body)
				return
			}
		}
	}
	h.respond(w, r, s, pg, fn)
}

// policy is the cache policy pg gets for r. A page that holds a one-time
// form code must not be served twice, so it is never kept; a page rendered
// in the answer to a settings change (or a kiosk reset) answers another URL
// than the one it shows, so it is never stored at all.
func (h *handler) policy(r *http.Request, pg page) cachePolicy {
	switch {
	case afterSettingsChange(r):
		return cacheNoStore
	case pg.cache == cacheETag && h.holdsOnceCode(pg.name):
		return cacheFresh
	}
	return pg.cache
}

func (h *handler) respond(w http.ResponseWriter, r *http.Request, s Settings, pg page, fn pageFunc) {
	buf := pageBuffer()
	defer keepBuffer(buf)
	if pg.status == 0 {
		pg.status = http.StatusOK
	}
	var gen uint64
	var visit uuid.UUID
	var stamp string
	var fromSnapshot bool
	err := h.store.Read(func(rd *store.Reader) error {
		gen = rd.Generation().Number
		lay, err := h.newLayout(rd, r, s)
		if err != nil {
			return err
		}
		stamp = lay.stamp
		if pg.snapshot != uuid.Nil {
			if ok, err := h.writeSnapshot(rd, r, lay, pg.snapshot, buf); ok || err != nil {
				visit, fromSnapshot = pg.snapshot, ok
				return err
			}
		}
		view, err := fn(rd, lay)
		var he *httpError
		if errors.As(err, &he) {
			pg.status, pg.name = he.status, "error"
			pg.cache = max(pg.cache, cacheFresh)
			view, err = h.errorView(lay, he), nil
		}
		if err != nil {
			return err
		}
		if pageEntries[pg.name] == "layout" {
			if lay.Menu, err = h.buildMenu(rd, lay, lay.menuScope); err != nil {
				return err
			}
		}
		if pageEntries[pg.name] == "layout" {
			if err := h.frameParts(lay, h.pages[pg.name]); err != nil {
				return err
			}
		}
		visit = lay.visit
		if lay.transient {
			pg.cache = max(pg.cache, cacheFresh)
		}
		if err := h.execute(buf, pg.name, view); err != nil {
			return err
		}
		h.markSpeech(r, s, gen, buf)
		return nil
	})
	if errors.Is(err, store.ErrEmpty) {
		h.renderEmpty(w, r, s)
		return
	}
	if err != nil {
		h.serverError(w, r, s, err)
		return
	}
	if pg.status == http.StatusOK && !capturing(r) {
		h.countVisit(visit)
	}
	var tag string
	if pg.cache == cacheETag && pg.status == http.StatusOK {
		tag = h.etag(gen, s, stamp, r)
		// The buffer goes back to the pool: the cache keeps a copy of its size.
		// A page made from its snapshot is not kept: making it again costs
		// little more than finding it, and the cache keeps its room (and the
		// memory) for pages that are rendered.
		if h.cache != nil && !fromSnapshot {
			h.cache.put(gen, cachedPage{key: cacheKey(tag, r), body: bytes.Clone(buf.Bytes()), visit: visit})
		}
	}
	h.writeHTML(w, pg, tag, buf.Bytes())
}

// Rendered pages are written into pooled buffers: a page of some 16 KiB
// grown from an empty buffer allocated four times its size on the way.
var pageBuffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// maxPooledBuffer is the largest buffer kept for reuse; a rare long page
// (a search with many results) does not pin its memory in the pool.
const maxPooledBuffer = 256 << 10

// pageBuffer returns an empty buffer from the pool.
func pageBuffer() *bytes.Buffer {
	b := pageBuffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// keepBuffer returns b to the pool once nothing refers to its bytes.
func keepBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		pageBuffers.Put(b)
	}
}

// countVisit counts a view of the node a page shows, if it shows one.
func (h *handler) countVisit(id uuid.UUID) {
	if id != uuid.Nil {
		h.store.CountVisit(id)
	}
}

// cacheKey names a rendered page in the page cache: its ETag and its URL.
func cacheKey(tag string, r *http.Request) string {
	return tag + " " + r.URL.RequestURI()
}

// justSaved reports the page rendered in the response to a settings change,
// which says "saved" and so differs from the same page at the same ETag.
func justSaved(r *http.Request) bool {
	saved, _ := r.Context().Value(savedKey{}).(bool)
	return saved
}

// afterSettingsChange reports a page rendered in the answer to a settings
// change or a kiosk reset: it answers another URL than the page it shows.
func afterSettingsChange(r *http.Request) bool {
	_, ok := r.Context().Value(settingsKey{}).(Settings)
	return ok
}

// etagMatches applies If-None-Match to a page's ETag: a list of entity tags,
// compared weakly (RFC 9110, 13.1.2), so a tag weakened on its way ("W/…",
// as proxies that compress do) still matches. "*" is not honoured: answering
// 200 is always correct, and the page may not exist.
func etagMatches(header, tag string) bool {
	for header != "" {
		var t string
		t, header, _ = strings.Cut(header, ",")
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag {
			return true
		}
	}
	return false
}

// writeNotModified answers a revalidation whose ETag still matches. A 304
// carries the headers the 200 would have that govern caching (RFC 9110, 15.4.5).
func (h *handler) writeNotModified(w http.ResponseWriter, tag string) {
	hd := w.Header()
	hd.Set("ETag", tag)
	hd.Set("Cache-Control", h.pageCacheControl())
	if h.shell == ShellWeb {
		hd.Add("Vary", "Cookie")
	}
	w.WriteHeader(http.StatusNotModified)
}

func (h *handler) errorView(lay *Layout, he *httpError) errorView {
	title := "error.404"
	if he.status == http.StatusBadRequest {
		title = "error.400"
	}
	lay.Title = lay.T(title)
	lay.Current = uuid.Nil
	lay.Crumbs = nil
	v := errorView{Layout: lay, Status: he.status, Reason: lay.T(title + ".text")}
	if he.key != "" {
		v.Reason = lay.T(he.key, he.args...)
	}
	return v
}

func (h *handler) execute(buf *bytes.Buffer, name string, view any) error {
	t, ok := h.pages[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	if err := t.ExecuteTemplate(buf, pageEntries[name], view); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	return nil
}

// writeHTML sends a rendered page with the status and cache policy pg
// declares, and tag as its ETag when pg may be revalidated. Headers go out
// only now, so a failed render never leaves half a page behind.
func (h *handler) writeHTML(w http.ResponseWriter, pg page, tag string, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if pg.cache == cacheNoStore {
		hd.Set("Cache-Control", "no-store")
	} else {
		hd.Set("Cache-Control", h.pageCacheControl())
	}
	if pg.cache == cacheETag && tag != "" {
		hd.Set("ETag", tag)
	}
	if h.shell == ShellWeb {
		// Not in the desktop shell: the Wails runtime scripts must run there.
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Add("Vary", "Cookie")
	}
	// Said before the body: a page is more than net/http buffers before it
	// must choose, so without it every page would go chunked, its end in a
	// write of its own.
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	status := pg.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	w.Write(body)
}

// etag ties a page to its URL (a validator of one page must not answer for
// another), the generation it shows, the settings it is styled with (the
// language among them), the build of the templates and assets, and stamp,
// the last update check the footer reports.
func (h *handler) etag(gen uint64, s Settings, stamp string, r *http.Request) string {
	uri := fnv.New64a()
	uri.Write([]byte(r.URL.RequestURI()))
	return `"g` + strconv.FormatUint(gen, 10) + "-" + strconv.FormatUint(uri.Sum64(), 36) + "-" + s.key() + "-" +
		h.version + stamp + `"`
}

// templatesDigest is a short digest of every embedded template, so that a new
// build with changed markup but unchanged assets still changes every ETag.
func templatesDigest() (string, error) {
	sum := sha256.New()
	err := fs.WalkDir(frontend.Templates, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(frontend.Templates, p)
		if err != nil {
			return err
		}
		sum.Write([]byte(p))
		sum.Write(data)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("web: read embedded templates: %w", err)
	}
	return hex.EncodeToString(sum.Sum(nil)[:4]), nil
}

// renderEmpty answers when no bulletin is installed yet: a page that says so.
func (h *handler) renderEmpty(w http.ResponseWriter, r *http.Request, s Settings) {
	lay := h.bareLayout(r, s)
	lay.Title = lay.T("error.empty")
	if !h.kiosk {
		// No generation to read inside: the check is read on its own, as
		// an installation still waiting for its first bulletin needs it.
		if c, err := h.store.LastUpdateCheck(); err == nil {
			lay.update = lay.checkLine(c)
		}
	}
	var buf bytes.Buffer
	v := errorView{Layout: lay, Status: http.StatusServiceUnavailable, Reason: lay.T("error.empty")}
	if err := h.execute(&buf, "error", v); err != nil {
		h.serverError(w, r, s, err)
		return
	}
	pg := page{status: http.StatusServiceUnavailable, cache: cacheFresh}
	h.writeHTML(w, page{status: pg.status, cache: h.policy(r, pg)}, "", buf.Bytes())
}

// serverError logs the failure once and sends a minimal page that cannot fail.
// A request whose client has gone (its work stopped by its context) is no
// failure of ours: nothing is logged and nothing can be sent.
func (h *handler) serverError(w http.ResponseWriter, r *http.Request, s Settings, err error) {
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		return
	}
	h.log.Error("web_request_failed", "err", err,
		slog.Group("request", "method", r.Method, "path", r.URL.Path))
	tr := i18n.New(s.Lang)
	body := fmt.Sprintf(`<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title></head><body><main id="main-content"><h1>%s</h1><p>%s</p><p><a href="/">%s</a></p></main></body></html>`,
		tr.Lang(), html.EscapeString(tr.T("error.500")), html.EscapeString(tr.T("error.500")),
		html.EscapeString(tr.T("error.500.text")), html.EscapeString(tr.T("layout.home")))
	pg := page{status: http.StatusInternalServerError, cache: cacheFresh}
	h.writeHTML(w, page{status: pg.status, cache: h.policy(r, pg)}, "", []byte(body))
}

// settingsKey carries settings just changed by /ustawienia/ustaw to the page
// rendered in the same response.
type settingsKey struct{}

// savedKey marks the response to a settings change, to say it was saved.
type savedKey struct{}

func (h *handler) settingsFor(r *http.Request) Settings {
	if s, ok := r.Context().Value(settingsKey{}).(Settings); ok {
		return s
	}
	return h.settings.Load(r)
}

func withSettings(ctx context.Context, s Settings) context.Context {
	return context.WithValue(context.WithValue(ctx, settingsKey{}, s), savedKey{}, true)
}

// showNotFound is the 404 page for any path without a route.
func (h *handler) showNotFound(w http.ResponseWriter, r *http.Request) {
	h.renderFresh(w, r, "error", func(*store.Reader, *Layout) (any, error) { return nil, errNotFound() })
}
