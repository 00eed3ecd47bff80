package app

import (
	"bipkiosk/internal/harvesttest"
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
	srv := harvesttest.ServeSite(t, site, "text/html")
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

// TestHarvestWordPressAPI harvests the WordPress fixture that serves its
// REST API: the crawler sees no link to the API (the head names it in a
// <link rel>), so the follow-up crawls fetch the listings the adapter
// wants; the page only the API names is in the tree, and a page sits
// under its parent by the API, not where the nav menu lists it.
func TestHarvestWordPressAPI(t *testing.T) {
	site := copyFixtureSite(t, "wordpress-api")
	srv := harvesttest.ServeSite(t, site, "text/html; charset=UTF-8")
	tree := filepath.Join(t.TempDir(), "tree")
	out := mustCLI(t, t.TempDir(), "harvest", srv.URL+"/", "--out", tree, "--contact", "it@example.org", "--per-second", "1000")
	if !strings.Contains(out, "(wordpress adapter)") {
		t.Fatalf("harvest: %s", out)
	}
	var statut, kontrole string
	filepath.WalkDir(tree, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, ".crawl") {
			return nil
		}
		rel, _ := filepath.Rel(tree, path)
		switch data, _ := os.ReadFile(path); {
		case strings.Contains(string(data), "title: Statut Gminy"):
			statut = filepath.ToSlash(rel)
		case strings.Contains(string(data), "title: Kontrole zewnętrzne"):
			kontrole = filepath.ToSlash(rel)
		}
		return nil
	})
	if !strings.HasPrefix(statut, "rada-gminy/") {
		t.Errorf("Statut Gminy at %q, want under rada-gminy/ (its parent by the API)\n%s", statut, out)
	}
	if !strings.HasPrefix(kontrole, "urzad-gminy/") {
		t.Errorf("Kontrole zewnętrzne at %q, want under urzad-gminy/ (a page only the API names)\n%s", kontrole, out)
	}
}
