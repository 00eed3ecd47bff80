package web

import (
	"sync/atomic"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
)

// siteCache keeps the bulletin's site data of the generation last read:
// every page's frame needs it, and decoding it from the store was an eighth
// of an uncached page's time. The site is read-only once decoded; pages
// copy the struct and never change what its slices hold.
type siteCache struct {
	held atomic.Pointer[siteEntry]
}

type siteEntry struct {
	gen  uint64
	site content.Site
}

// site returns the site of rd's generation, decoding it only the first time.
func (c *siteCache) site(rd *store.Reader) (content.Site, error) {
	gen := rd.Generation().Number
	if e := c.held.Load(); e != nil && e.gen == gen {
		return e.site, nil
	}
	s, err := rd.Site()
	if err != nil {
		return s, err
	}
	c.held.Store(&siteEntry{gen: gen, site: s})
	return s, nil
}
