package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"sync"
)

// pathMarker stands for the page's path in a header rendered for reuse; it
// appears there only inside the settings links, query-escaped.
const pathMarker = "/bk-path-marker"

// partCacheEntries bounds the frame parts held: settings combinations times
// update-check stamps in one generation, far fewer in practice.
const partCacheEntries = 512

// partCache keeps the frame's header and footer rendered for one generation:
// both depend on the visitor only through the display settings (language
// among them), the update line and, in the header, the page's own path,
// which is cut out and put back per page. Rendering them item by item
// through html/template was a large share of an uncached page's cost.
type partCache struct {
	mu    sync.Mutex
	gen   uint64
	parts map[partKey]template.HTML
}

// partKey names one rendered part: which, in which settings, for which
// update-check line.
type partKey struct {
	name     string
	settings string
	stamp    string
}

// get returns a held part of generation gen.
func (c *partCache) get(gen uint64, k partKey) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return "", false
	}
	p, ok := c.parts[k]
	return p, ok
}

// put keeps a part of generation gen; a newer generation empties the cache.
func (c *partCache) put(gen uint64, k partKey, p template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.gen {
		return
	}
	if gen > c.gen || c.parts == nil || len(c.parts) >= partCacheEntries {
		c.gen, c.parts = gen, map[partKey]template.HTML{}
	}
	c.parts[k] = p
}

// frameParts fills lay's header and footer from the part cache, rendering
// what is not there yet with t, the page's own template set. A page whose
// header depends on more than the settings and its path (a search query, a
// bulletin screen of the top navigation, the answer to a settings change)
// and a path the marker cannot stand for get the header rendered in place.
func (h *handler) frameParts(lay *Layout, t *template.Template) error {
	if h.parts == nil {
		return nil
	}
	gen := lay.Gen.Number
	settings := lay.Settings.key()
	foot := partKey{name: "footer", settings: settings, stamp: lay.stamp}
	p, ok := h.parts.get(gen, foot)
	if !ok {
		var err error
		if p, err = renderPart(t, "footer", lay); err != nil {
			return err
		}
		h.parts.put(gen, foot, p)
	}
	lay.footer = p
	escaped, reusable := markerFor(lay)
	if !reusable {
		return nil
	}
	head := partKey{name: "header", settings: settings}
	if p, ok = h.parts.get(gen, head); !ok {
		marked := *lay
		marked.Path = pathMarker
		var err error
		if p, err = renderPart(t, "header", &marked); err != nil {
			return err
		}
		h.parts.put(gen, head, p)
	}
	// The marker and the path are both query-escaped to characters that
	// html/template writes unchanged in an attribute, so this is the header
	// the template renders for lay itself (TestFrameParts).
	lay.header = template.HTML(strings.ReplaceAll(string(p), url.QueryEscape(pathMarker), escaped))
	return nil
}

// markerFor returns the query-escaped path that replaces the marker in a
// reused header, and whether lay's header may be reused at all.
func markerFor(lay *Layout) (string, bool) {
	if lay.Query != "" || lay.Saved || lay.toolsInUse() {
		return "", false
	}
	escaped := url.QueryEscape(lay.Path)
	for _, c := range escaped {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.~%", c)) {
			return "", false
		}
	}
	return escaped, true
}

// renderPart renders one define of t for lay.
func renderPart(t *template.Template, name string, lay *Layout) (template.HTML, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, lay); err != nil {
		return "", fmt.Errorf("web: render %s: %w", name, err)
	}
	return template.HTML(buf.String()), nil // rendered by our own escaping template
}
