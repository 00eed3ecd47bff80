package speech

import (
	"bytes"
	"testing"
)

func key(text string) CacheKey { return CacheKey{Voice: "espeak-ng/pl", Speed: 100, Text: text} }

func TestCacheHitAndMiss(t *testing.T) {
	c := NewCache(100)
	if _, ok := c.Get(1, key("a")); ok {
		t.Fatal("empty cache hit")
	}
	c.Put(1, key("a"), []byte("audio"))
	got, ok := c.Get(1, key("a"))
	if !ok || !bytes.Equal(got, []byte("audio")) {
		t.Fatalf("Get = %q, %v; want the audio put", got, ok)
	}
	if _, ok := c.Get(1, CacheKey{Voice: "espeak-ng/pl", Speed: 150, Text: "a"}); ok {
		t.Error("another speed hit the same entry")
	}
	if s := c.Stats(); s.Hits != 1 || s.Misses != 2 || s.Entries != 1 || s.Bytes != 5 {
		t.Errorf("stats %+v, want 1 hit, 2 misses, 1 entry of 5 bytes", s)
	}
}

func TestCacheEvictsLeastRecentlyUsedByBytes(t *testing.T) {
	c := NewCache(10)
	c.Put(1, key("a"), make([]byte, 4))
	c.Put(1, key("b"), make([]byte, 4))
	c.Get(1, key("a")) // a is now the most recent
	c.Put(1, key("c"), make([]byte, 4))
	if _, ok := c.Get(1, key("b")); ok {
		t.Error("b, the least recently used, was kept")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(1, key(k)); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
	if s := c.Stats(); s.Evictions != 1 || s.Bytes != 8 {
		t.Errorf("stats %+v, want 1 eviction and 8 bytes", s)
	}
	c.Put(1, key("huge"), make([]byte, 11))
	if _, ok := c.Get(1, key("huge")); ok {
		t.Error("audio larger than the cache was kept")
	}
}

func TestCacheGenerations(t *testing.T) {
	c := NewCache(100)
	c.Put(1, key("a"), []byte("old"))
	if _, ok := c.Get(2, key("a")); ok {
		t.Fatal("audio of generation 1 served in generation 2")
	}
	if s := c.Stats(); s.Entries != 0 {
		t.Errorf("a new generation left %d entries", s.Entries)
	}
	c.Put(1, key("a"), []byte("late")) // a request begun before the update
	if _, ok := c.Get(2, key("a")); ok {
		t.Error("audio of an older generation was stored")
	}
	c.Put(2, key("a"), []byte("new"))
	if got, ok := c.Get(2, key("a")); !ok || string(got) != "new" {
		t.Errorf("Get = %q, %v; want new", got, ok)
	}
}
