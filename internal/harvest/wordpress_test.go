package harvest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestWordPressFixture(t *testing.T) { checkAdapter(t, WordPress, "wordpress") }

func TestWordPressAPIFixture(t *testing.T) { checkAdapter(t, WordPress, "wordpress-api") }

// TestWordPressListings: the API root a head names gives the first pages
// of the page and post listings, with pretty permalinks or without.
func TestWordPressListings(t *testing.T) {
	for _, tc := range []struct{ head, want string }{
		{`<link rel="https://api.w.org/" href="https://bip.example.pl/wp-json/">`,
			"https://bip.example.pl/wp-json/wp/v2/pages?page=1&per_page=100 https://bip.example.pl/wp-json/wp/v2/posts?page=1&per_page=100"},
		{`<link rel="https://api.w.org/" href="/bip/wp-json/">`,
			"https://bip.example.pl/bip/wp-json/wp/v2/pages?page=1&per_page=100 https://bip.example.pl/bip/wp-json/wp/v2/posts?page=1&per_page=100"},
		{`<link rel="https://api.w.org/" href="https://bip.example.pl/?rest_route=/">`,
			"https://bip.example.pl/?page=1&per_page=100&rest_route=%2Fwp%2Fv2%2Fpages https://bip.example.pl/?page=1&per_page=100&rest_route=%2Fwp%2Fv2%2Fposts"},
		{`<link rel="https://api.w.org/" href="https://other.example.pl/wp-json/">`, ""},
		{`<link rel="stylesheet" href="/wp-content/style.css">`, ""},
	} {
		p := Page{URL: "https://bip.example.pl/", ContentType: "text/html", Body: []byte("<html><head>" + tc.head + "</head><body><p>x</p></body></html>")}
		if got := strings.Join(WordPress.Parse(p, nil).Wants, " "); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.head, got, tc.want)
		}
	}
}

// TestWordPressAPIPaging: a full listing page asks for the next one; a
// short one (the last) asks for nothing.
func TestWordPressAPIPaging(t *testing.T) {
	for _, tc := range []struct {
		listing string
		n       int
		want    []string
	}{
		{"https://bip.example.pl/wp-json/wp/v2/pages?page=2&per_page=100", 100, []string{"https://bip.example.pl/wp-json/wp/v2/pages?page=3&per_page=100"}},
		{"https://bip.example.pl/?page=1&per_page=100&rest_route=%2Fwp%2Fv2%2Fposts", 100, []string{"https://bip.example.pl/?page=2&per_page=100&rest_route=%2Fwp%2Fv2%2Fposts"}},
		{"https://bip.example.pl/wp-json/wp/v2/pages?page=2&per_page=100", 99, nil},
		{"https://bip.example.pl/wp-json/wp/v2/pages?page=2&per_page=100", 0, nil},
	} {
		var items []string
		for i := range tc.n {
			items = append(items, fmt.Sprintf(`{"id":%d,"parent":0,"menu_order":%d,"link":"https://bip.example.pl/s-%d/","title":{"rendered":"Strona %d"},"content":{"rendered":"<p>Treść %d.</p>"}}`, i+1, i, i, i, i))
		}
		p := Page{URL: tc.listing, ContentType: "application/json", Body: []byte("[" + strings.Join(items, ",") + "]")}
		got := WordPress.Parse(p, nil)
		if !slices.Equal(got.Wants, tc.want) || len(got.Entries) != tc.n {
			t.Errorf("%s, %d items: wants %v, %d entries; want %v, %d", tc.listing, tc.n, got.Wants, len(got.Entries), tc.want, tc.n)
		}
	}
}

// TestWordPressAPIEntry: an item's title (entities and all), body,
// metryczka inside the content, dates, embedded author and place; an
// item whose live address is on another host is no entry.
func TestWordPressAPIEntry(t *testing.T) {
	body := `[{"id":7,"parent":3,"menu_order":2,"link":"https://bip.example.pl/rada/sesje/","date":"2021-06-02T09:00:00","modified":"2021-06-10T11:00:00",
	"title":{"rendered":"Sesje &#8211; rada"},"content":{"rendered":"<h2>Terminy</h2><p>Sesje we czwartki.</p><table class=\"bip-metryczka\"><tr><th>Wytworzył:</th><td>Biuro Rady</td></tr></table>"},
	"_embedded":{"author":[{"name":"Jan Redaktor"}]}},
	{"id":8,"link":"https://bip.example.pl/2020/post/","date":"2020-01-01T10:00:00","title":{"rendered":"Wpis"},"content":{"rendered":"<p>Treść.</p>"},"_embedded":{"author":[{"name":"Anna Wpis"}]}},
	{"id":9,"parent":0,"link":"https://other.example.pl/x/","title":{"rendered":"Gdzie indziej"},"content":{"rendered":"<p>Obca.</p>"}}]`
	got := WordPress.Parse(Page{URL: "https://bip.example.pl/wp-json/wp/v2/pages?page=1&per_page=100", ContentType: "application/json", Body: []byte(body)}, nil)
	if len(got.Entries) != 2 {
		t.Fatalf("%d entries, want 2", len(got.Entries))
	}
	e := got.Entries[0]
	if e.URL != "https://bip.example.pl/rada/sesje/" || e.Title != "Sesje – rada" || e.Place == nil || *e.Place != (Place{ID: "7", Parent: "3", Order: 2}) {
		t.Errorf("entry %q %q %+v", e.URL, e.Title, e.Place)
	}
	if b := bodyText(e.Body); b != "Terminy Sesje we czwartki." {
		t.Errorf("body %q", b)
	}
	if e.Meta.Author != "Biuro Rady" || fmtTime(e.Meta.Published) != "2021-06-02 09:00:00" || fmtTime(e.Meta.Updated) != "2021-06-10 11:00:00" {
		t.Errorf("meta %+v (the metryczka's author wins over the embedded one)", e.Meta)
	}
	if p := got.Entries[1]; p.Place != nil || p.Meta.Author != "Anna Wpis" {
		t.Errorf("post: place %+v, author %q; want none, the embedded author", p.Place, p.Meta.Author)
	}
}

// TestPlacedMenu: the API's tree orders and nests the pages; menu entries
// it lacks stay under their menu parent, or at the top; pages under the
// home page stand in its place.
func TestPlacedMenu(t *testing.T) {
	const h = "http://bip.example.pl"
	parsed := map[string]*Parsed{}
	var order []string
	for _, p := range []struct {
		url, title, id, parent string
		n                      int
	}{{"/a/", "A", "1", "", 2}, {"/b/", "B", "2", "", 1}, {"/a/x/", "X", "3", "2", 1}, {"/a/y/", "Y", "4", "1", 1}, {"/z/", "Z", "5", "99", 3}, {"/", "Home", "6", "", 4}, {"/h/", "H", "7", "6", 1}} {
		k := canonical(h + p.url)
		parsed[k] = &Parsed{URL: h + p.url, Title: p.title, Place: &Place{ID: p.id, Parent: p.parent, Order: p.n}}
		order = append(order, k)
	}
	menu := []MenuItem{
		{Title: "A", URL: h + "/a/", Children: []MenuItem{{Title: "X", URL: h + "/a/x/"}, {Title: "Q", URL: h + "/a/q/"}}},
		{Title: "ESP", URL: "https://esp.example.pl/"},
	}
	var show func([]MenuItem) string
	show = func(items []MenuItem) string {
		var parts []string
		for _, it := range items {
			s := it.Title
			if len(it.Children) > 0 {
				s += "(" + show(it.Children) + ")"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, " ")
	}
	if got, want := show(placedMenu(parsed, order, menu, canonical(h+"/"))), "B(X) A(Y Q) Z H ESP"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := show(placedMenu(map[string]*Parsed{}, nil, menu, canonical(h+"/"))); got != "A(X Q) ESP" {
		t.Errorf("without an API tree: %s", got)
	}
}
