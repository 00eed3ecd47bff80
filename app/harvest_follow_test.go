package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHarvestFollowsSeeds harvests the portal fixture, whose change
// register is a JSON document the pages load by script: the crawler finds
// no link to it, so a follow-up crawl fetches it from the adapter's seeds
// and the articles get their history.
func TestHarvestFollowsSeeds(t *testing.T) {
	site := copyFixtureSite(t, "portalbip")
	srv := serveFixtureSite(t, site, "text/html")
	tree := filepath.Join(t.TempDir(), "tree")
	out := mustCLI(t, t.TempDir(), "harvest", srv.URL+"/", "--out", tree, "--contact", "it@example.org", "--per-second", "1000")
	if !strings.Contains(out, "(portalbip adapter)") {
		t.Fatalf("harvest: %s", out)
	}
	var withHistory int
	filepath.WalkDir(tree, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(path, ".crawl") {
			if data, _ := os.ReadFile(path); strings.Contains(string(data), "\nhistory:") {
				withHistory++
			}
		}
		return nil
	})
	if withHistory == 0 {
		t.Errorf("no page of the tree has a history: the register from the adapter's seed was not fetched\n%s", out)
	}
}
