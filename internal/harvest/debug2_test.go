package harvest

import (
	"os"
	"testing"
)

func TestDebugSite(t *testing.T) {
	name := os.Getenv("HARVEST_SITE")
	if name == "" {
		t.Skip()
	}
	for _, s := range fixtureSites {
		if s.name != name {
			continue
		}
		srv := serveSite(t, s.name, s.htmlType)
		pages := crawl(t, srv.URL+"/")
		common := CommonBlocks(pages)
		for k := range common {
			t.Logf("common: %q", k)
		}
		for _, p := range pages {
			pp := Generic.Parse(p, common)
			t.Logf("%s title=%q links=%v", p.URL, pp.Title, pp.Links)
		}
	}
}
