package speech

import (
	"container/list"
	"sync"
)

// CacheKey names one synthesized sentence.
type CacheKey struct {
	Voice string
	Speed int    // hundredths, so 1.25× and 1.2500001× share an entry
	Text  string // the normalised text
}

// CacheStats counts what the cache did.
type CacheStats struct {
	Hits, Misses, Evictions int
	Entries, Bytes          int
}

// Cache keeps synthesized audio, least recently used first out, bounded in
// bytes. Entries belong to one generation of the bulletin: a newer generation
// empties it, so audio of replaced text is never served.
type Cache struct {
	mu         sync.Mutex
	maxBytes   int
	bytes      int
	generation uint64
	order      *list.List // front = most recently used; values are *cacheEntry
	entries    map[CacheKey]*list.Element
	stats      CacheStats
}

type cacheEntry struct {
	key   CacheKey
	audio []byte
}

// NewCache returns a cache holding at most maxBytes of audio.
func NewCache(maxBytes int) *Cache {
	return &Cache{maxBytes: maxBytes, order: list.New(), entries: map[CacheKey]*list.Element{}}
}

// Get returns the audio cached for key in generation gen.
func (c *Cache) Get(gen uint64, key CacheKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance(gen)
	el, ok := c.entries[key]
	if !ok || gen != c.generation {
		c.stats.Misses++
		return nil, false
	}
	c.stats.Hits++
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).audio, true
}

// Put stores audio for key in generation gen; audio of an older generation,
// or larger than the whole cache, is not kept.
func (c *Cache) Put(gen uint64, key CacheKey, audio []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advance(gen)
	if gen != c.generation || len(audio) > c.maxBytes {
		return
	}
	if el, ok := c.entries[key]; ok {
		c.bytes -= len(el.Value.(*cacheEntry).audio)
		c.order.Remove(el)
	}
	c.entries[key] = c.order.PushFront(&cacheEntry{key: key, audio: audio})
	c.bytes += len(audio)
	for c.bytes > c.maxBytes {
		c.removeOldest()
		c.stats.Evictions++
	}
}

// Stats reports the counters and the current size.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Entries, s.Bytes = len(c.entries), c.bytes
	return s
}

// advance empties the cache when a newer generation is seen.
func (c *Cache) advance(gen uint64) {
	if gen <= c.generation {
		return
	}
	c.generation = gen
	c.order.Init()
	clear(c.entries)
	c.bytes = 0
}

func (c *Cache) removeOldest() {
	el := c.order.Back()
	e := el.Value.(*cacheEntry)
	c.order.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= len(e.audio)
}
