package web

import (
	"html/template"
	"sync"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
)

// menuCacheSummaries bounds the node summaries the menu cache holds; past it
// the cache starts again, which costs one page's worth of store reads.
const menuCacheSummaries = 50_000

// menuCache keeps, for the current generation, what every page's menu reads:
// the top groups, the children of the sections on menu paths and the
// summaries of ancestors. A generation never changes once written, so the
// cache needs no invalidation beyond noticing a new generation; the slices it
// hands out are shared and must not be changed.
type menuCache struct {
	mu    sync.Mutex
	gen   uint64
	top   []group
	kids  map[uuid.UUID][]store.NodeSummary
	sums  map[uuid.UUID]store.NodeSummary
	html  map[itemKey]template.HTML
	many  map[uuid.UUID]bool // whether a node has more than one child
	count int                // summaries and items held
}

// itemKey names a closed menu item rendered in one language.
type itemKey struct {
	lang i18n.Lang
	id   uuid.UUID
}

// reset empties the cache when rd reads another generation or it is full;
// the caller holds mu.
func (c *menuCache) reset(rd *store.Reader) {
	g := rd.Generation().Number
	if g == c.gen && c.kids != nil && c.count < menuCacheSummaries {
		return
	}
	c.gen, c.top, c.count = g, nil, 0
	c.kids, c.sums = map[uuid.UUID][]store.NodeSummary{}, map[uuid.UUID]store.NodeSummary{}
	c.html, c.many = map[itemKey]template.HTML{}, map[uuid.UUID]bool{}
}

// item returns the closed menu item id rendered in lang, if it is held.
func (c *menuCache) item(rd *store.Reader, lang i18n.Lang, id uuid.UUID) (template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(rd)
	html, ok := c.html[itemKey{lang, id}]
	return html, ok
}

// putItem keeps a closed menu item rendered in lang.
func (c *menuCache) putItem(rd *store.Reader, lang i18n.Lang, id uuid.UUID, html template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == rd.Generation().Number && c.html != nil {
		c.html[itemKey{lang, id}] = html
		c.count++
	}
}

// groups returns topGroups(rd, site) for rd's generation.
func (c *menuCache) groups(rd *store.Reader, site content.Site) []group {
	c.mu.Lock()
	c.reset(rd)
	top := c.top
	c.mu.Unlock()
	if top != nil {
		return top
	}
	top = topGroups(rd, site)
	c.mu.Lock()
	if c.gen == rd.Generation().Number {
		c.top = top
	}
	c.mu.Unlock()
	return top
}

// children returns rd.Children(parent).
func (c *menuCache) children(rd *store.Reader, parent uuid.UUID) ([]store.NodeSummary, error) {
	c.mu.Lock()
	c.reset(rd)
	kids, ok := c.kids[parent]
	c.mu.Unlock()
	if ok {
		return kids, nil
	}
	kids, err := rd.Children(parent)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == rd.Generation().Number {
		c.kids[parent] = kids
		c.count += len(kids) + 1
	}
	c.mu.Unlock()
	return kids, nil
}

// severalChildren reports whether parent has more than one child, counting
// no further than two (rd.ChildCount).
func (c *menuCache) severalChildren(rd *store.Reader, parent uuid.UUID) (bool, error) {
	c.mu.Lock()
	c.reset(rd)
	many, ok := c.many[parent]
	c.mu.Unlock()
	if ok {
		return many, nil
	}
	n, err := rd.ChildCount(parent, 2)
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	if c.gen == rd.Generation().Number {
		c.many[parent] = n > 1
		c.count++
	}
	c.mu.Unlock()
	return n > 1, nil
}

// summary returns rd.Summary(id).
func (c *menuCache) summary(rd *store.Reader, id uuid.UUID) (store.NodeSummary, error) {
	c.mu.Lock()
	c.reset(rd)
	s, ok := c.sums[id]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := rd.Summary(id)
	if err != nil {
		return s, err
	}
	c.mu.Lock()
	if c.gen == rd.Generation().Number {
		c.sums[id] = s
		c.count++
	}
	c.mu.Unlock()
	return s, nil
}

// ancestors returns rd.Ancestors(id), root first, through the summary cache.
func (c *menuCache) ancestors(rd *store.Reader, id uuid.UUID) ([]store.NodeSummary, error) {
	s, err := c.summary(rd, id)
	if err != nil {
		return nil, err
	}
	return store.AncestorChain(s, func(id uuid.UUID) (store.NodeSummary, error) { return c.summary(rd, id) })
}
