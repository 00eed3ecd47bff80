package web

import (
	"container/list"
	"sync"

	"github.com/google/uuid"
)

// pageCacheBytes bounds the rendered pages kept in memory: a few hundred
// article pages, enough for what a terminal's readers open again and again.
const pageCacheBytes = 32 << 20

// pageCache keeps pages rendered by render, least recently used first out.
// Such a page depends only on its URL and its ETag (generation, settings,
// templates and assets), the same promise the ETag makes to browsers, so a
// second reader of the same page in the same settings gets the same bytes
// without a store read or a template run.
type pageCache struct {
	mu    sync.Mutex
	max   int
	size  int
	gen   uint64 // the generation of every page held
	items map[string]*list.Element
	order list.List // front: most recently used
}

// cachedPage is one rendered page and the node whose visit it counts.
type cachedPage struct {
	key   string
	body  []byte
	visit uuid.UUID
}

func newPageCache(maxBytes int) *pageCache {
	return &pageCache{max: maxBytes, items: map[string]*list.Element{}}
}

// get returns the page cached under key.
func (c *pageCache) get(key string) (cachedPage, bool) {
	if c == nil {
		return cachedPage{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return cachedPage{}, false
	}
	c.order.MoveToFront(e)
	return *e.Value.(*cachedPage), true
}

// put keeps a page of generation gen. A page of a newer generation empties
// the cache, since no page of an older one will be asked for again; a page of
// an older one (rendered while an import flipped) is not kept.
func (c *pageCache) put(gen uint64, p cachedPage) {
	if c == nil || len(p.body) > c.max/8 {
		return // a page this big would push out many ordinary ones
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return
	case gen > c.gen:
		c.items, c.size, c.gen = map[string]*list.Element{}, 0, gen
		c.order.Init()
	}
	if _, ok := c.items[p.key]; ok {
		return
	}
	c.items[p.key] = c.order.PushFront(&p)
	c.size += len(p.body) + len(p.key)
	for c.size > c.max {
		old := c.order.Back()
		op := old.Value.(*cachedPage)
		c.order.Remove(old)
		delete(c.items, op.key)
		c.size -= len(op.body) + len(op.key)
	}
}
