package harvest

import (
	"os"
	"path/filepath"
	"testing"
)

// homePage reads a fixture site's home page as its server gives it.
func homePage(t *testing.T, site string) Page {
	t.Helper()
	for _, name := range []string{"index.html", "index.php"} {
		data, err := os.ReadFile(filepath.Join("testdata", "sites", site, name))
		if err == nil {
			return Page{URL: "http://bip.example.pl/", ContentType: "text/html", Body: data}
		}
	}
	t.Fatalf("%s: no home page", site)
	return Page{}
}

// TestChoose: each adapter knows its own system's home page and no
// other; an unknown site gets the generic adapter.
func TestChoose(t *testing.T) {
	for _, site := range fixtureSites {
		if got := Choose(homePage(t, site.name)).Name(); got != site.adapter {
			t.Errorf("%s: chose %s, want %s", site.name, got, site.adapter)
		}
	}
}

func TestSeeds(t *testing.T) {
	if got := PortalBIP.Seeds("https://bip.example.pl/"); len(got) != 1 || got[0] != "https://bip.example.pl/api/rejestr.json" {
		t.Errorf("PortalBIP seeds %v", got)
	}
	if got := Generic.Seeds("https://bip.example.pl/"); got != nil {
		t.Errorf("Generic seeds %v, want none", got)
	}
}

// TestGenericOnEverySite scores the generic adapter alone on every
// fixture, to show what an unknown system gets and what the adapters add.
// The floor is lower than the adapters' 0.95: it guards against the
// generic reading getting worse, not for exactness.
func TestGenericOnEverySite(t *testing.T) {
	for _, site := range fixtureSites {
		if site.api {
			continue // its HTML is another fixture's; its truth rests on the API
		}
		t.Run(site.name, func(t *testing.T) {
			srv := serveSite(t, site.name, site.htmlType)
			truth := readTruth(t, site.name)
			b, err := Extract(crawl(t, srv.URL+"/"), Options{Start: srv.URL + "/", Adapter: Generic})
			if err != nil {
				t.Fatal(err)
			}
			got, want, f1s := score3(srv.URL, b, truth, t)
			reportFloor(t, "generic on "+site.name, got, want, f1s, 0.8)
		})
	}
}

// TestAdaptersOnLonePages reads each article of the adapters' fixture
// sites on its own, without the blocks the rest of the site repeats: the
// adapter must still give the exact title and body (the generic reading
// leans on repeated blocks, so its figure is only logged). This is the
// case of a small bulletin, or of the first pages of a crawl.
func TestAdaptersOnLonePages(t *testing.T) {
	for _, site := range fixtureSites {
		if site.adapter == "generic" {
			continue
		}
		t.Run(site.name, func(t *testing.T) {
			srv := serveSite(t, site.name, site.htmlType)
			truth := readTruth(t, site.name)
			pages := map[string]Page{}
			for _, p := range crawl(t, srv.URL+"/") {
				pages[canonical(p.URL)] = p
			}
			ad := Choose(pages[canonical(srv.URL+"/")])
			var adF1, genF1 float64
			n := 0
			for _, tp := range truth.Pages {
				if tp.Kind != "article" {
					continue
				}
				p, ok := pages[canonical(srv.URL+tp.URL)]
				if !ok || !p.isHTML() {
					continue // a page only an API names
				}
				a, g := ad.Parse(p, nil), Generic.Parse(p, nil)
				if a.Title != tp.Title {
					t.Errorf("%s: title %q, want %q", tp.URL, a.Title, tp.Title)
				}
				f1 := tokenF1(bodyText(a.Body), tp.Body)
				if f1 < 0.95 {
					t.Errorf("%s: body F1 %.2f\n got: %s\nwant: %s", tp.URL, f1, bodyText(a.Body), tp.Body)
				}
				adF1 += f1
				genF1 += tokenF1(bodyText(g.Body), tp.Body)
				n++
			}
			t.Logf("%s, lone pages: %s body F1 %.3f, generic %.3f (%d articles)", site.name, ad.Name(), adF1/float64(n), genF1/float64(n), n)
		})
	}
}

// checkAdapter is the fixture test every adapter file has: the adapter
// detects its own fixture sites' home pages and no other, and harvests its
// site to 0.95 on every figure against its ground truth.
func checkAdapter(t *testing.T, ad Adapter, site string) {
	t.Helper()
	for _, s := range fixtureSites {
		if got := ad.Detect(homePage(t, s.name)); got != (s.adapter == ad.Name()) {
			t.Errorf("%s detects %s: %v", ad.Name(), s.name, got)
		}
	}
	var htmlType string
	for _, s := range fixtureSites {
		if s.name == site {
			htmlType = s.htmlType
		}
	}
	srv := serveSite(t, site, htmlType)
	truth := readTruth(t, site)
	b, err := Extract(crawl(t, srv.URL+"/"), Options{Start: srv.URL + "/", Adapter: ad})
	if err != nil {
		t.Fatal(err)
	}
	got, want, f1s := score3(srv.URL, b, truth, t)
	reportFloor(t, ad.Name()+" on "+site, got, want, f1s, 0.95)
}
