package defaultbulletin

import (
	"cmp"
	"crypto/ed25519"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
)

// dateLayout is how the reference page prints its dates.
const dateLayout = "2006-01-02 15:04:05"

func TestReadFile(t *testing.T) {
	fsys := fstest.MapFS{"dist/bulletin.zip": {Data: []byte("zip")}}
	tests := []struct {
		name    string
		file    string
		want    string
		wantErr error
	}{
		{name: "generated file present", file: "dist/bulletin.zip", want: "zip"},
		{name: "generate not run", file: "dist/publisher.pub", wantErr: ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readFile(fsys, tt.file)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if !strings.Contains(ErrMissing.Error(), `run "go generate ./..." before building`) {
		t.Errorf("got %q, want it to say how to generate the bundle", ErrMissing)
	}
}

// bulletin is the embedded bundle, opened and verified against the embedded key.
type bulletin struct {
	edition  content.Edition
	site     content.Site
	byID     map[uuid.UUID]content.Node
	byPath   map[string]content.Node
	children map[uuid.UUID][]content.Node // in menu order
}

func openEmbedded(t *testing.T) *bulletin {
	t.Helper()
	zip, err := Bundle()
	if err != nil {
		t.Fatal(err)
	}
	key, err := PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bulletin.zip")
	if err := os.WriteFile(path, zip, 0o600); err != nil {
		t.Fatal(err)
	}
	trust := func(p bundle.Publisher) (ed25519.PublicKey, error) {
		if p.ID != PublisherID {
			return nil, fmt.Errorf("publisher %s not trusted", p.ID)
		}
		return key.Key, nil
	}
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: trust})
	if err != nil {
		t.Fatalf("embedded bundle does not verify against the embedded key: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	out := &bulletin{
		edition:  b.Edition(),
		byID:     map[uuid.UUID]content.Node{},
		byPath:   map[string]content.Node{},
		children: map[uuid.UUID][]content.Node{},
	}
	if out.site, err = b.Site(); err != nil {
		t.Fatal(err)
	}
	err = b.EachNode(func(n content.Node) error {
		out.byID[n.ID] = n
		out.byPath[n.Path] = n
		out.children[n.Parent] = append(out.children[n.Parent], n)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, kids := range out.children {
		slices.SortStableFunc(kids, func(a, b content.Node) int { return cmp.Compare(a.Order, b.Order) })
	}
	return out
}

func (b *bulletin) node(t *testing.T, path string) content.Node {
	t.Helper()
	n, ok := b.byPath[path]
	if !ok {
		t.Fatalf("no node at path %q", path)
	}
	return n
}

func (b *bulletin) childTitles(id uuid.UUID) []string {
	var titles []string
	for _, n := range b.children[id] {
		titles = append(titles, n.Title)
	}
	return titles
}

func TestEmbeddedEdition(t *testing.T) {
	b := openEmbedded(t)
	if b.edition.PublisherID != PublisherID || b.edition.Publisher != PublisherName {
		t.Errorf("got publisher %s %q, want %s %q", b.edition.PublisherID, b.edition.Publisher, PublisherID, PublisherName)
	}
	if b.edition.Sequence != 1 {
		t.Errorf("got sequence %d, want 1", b.edition.Sequence)
	}
	var latest content.Node
	for _, n := range b.byID {
		if n.Meta.Updated.After(latest.Meta.Updated) {
			latest = n
		}
	}
	if !b.edition.Created.Equal(latest.Meta.Updated) {
		t.Errorf("got created %v, want the latest update %v (%s)", b.edition.Created, latest.Meta.Updated, latest.Path)
	}
	if b.site.Name != "Biuletyn Informacji Publicznej Miasta Chojnów" || b.site.Owner != "Miasto Chojnów" {
		t.Errorf("got site %q of %q, want the Chojnów bulletin", b.site.Name, b.site.Owner)
	}
	if b.site.Logo == nil || b.site.Instructions == "" || len(b.site.Editorial.Editors) == 0 {
		t.Errorf("got logo %v, %d bytes of instructions, %d editors; want all three", b.site.Logo, len(b.site.Instructions), len(b.site.Editorial.Editors))
	}
}

// TestMenu checks the whole menu of the reference page, group by group.
func TestMenu(t *testing.T) {
	b := openEmbedded(t)
	want := []struct {
		title string
		nodes []string
	}{
		{"URZĄD MIEJSKI", []string{"Dane podstawowe", "Struktura organizacyjna", "Zakres Kompetencji", "Urząd Stanu Cywilnego", "Kontrole", "OSTRZEŻENIA, KOMUNIKATY", "Przetwarzanie danych osobowych"}},
		{"ORGANA WŁADZY", []string{"Burmistrz Miasta", "Rada Miejska Chojnowa"}},
		{"PRAWO LOKALNE", []string{"Statut", "Budżet", "Finanse gminy", "Uchwały Rady Miejskiej", "Informacje Urzędu", "Zagospodarowanie przestrzenne", "Podatki i opłaty lokalne", "Zwrot podatku akcyzowego"}},
		{"INNE", []string{"Nabór pracowników", "Wybory, referenda", "Jednostki organizacyjne", "Rejestry i ewidencje", "Redakcja Biuletynu", "Instrukcja obsługi biuletynu"}},
		{"Urzędy Centralne", []string{"Spis adresów"}},
		{"Akty prawne w wersji elektronicznej", []string{"Akty prawne w wersji elektronicznej", "Sprawy do załatwienia", "Wzory dokumentów", "Podział administracyjny kraju", "Urzędy pracy w Polsce", "Urzędy skarbowe w Polsce"}},
	}
	if len(b.site.Groups) != len(want) {
		t.Fatalf("got %d groups, want %d", len(b.site.Groups), len(want))
	}
	for i, w := range want {
		g := b.site.Groups[i]
		var got []string
		for _, id := range g.Nodes {
			n, ok := b.byID[id]
			if !ok {
				t.Errorf("group %q names node %s, which is not in the bundle", g.Title, id)
			}
			got = append(got, n.Title)
		}
		if g.Title != w.title || !slices.Equal(got, w.nodes) {
			t.Errorf("group %d: got %q %q, want %q %q", i, g.Title, got, w.title, w.nodes)
		}
	}
	branches := []struct {
		name string
		path string
		want []string
	}{
		{"organisational units", "jednostki-organizacyjne", []string{
			"Przedszkole Miejskie Nr 3", "Przedszkole Miejskie Nr 1", "Szkoła Podstawowa Nr 3", "Szkoła Podstawowa Nr 4",
			"Miejska Biblioteka Publiczna", "Miejski Ośrodek Kultury, Sportu i Rekreacji", "Muzeum Regionalne",
			"Miejski Ośrodek Pomocy Społecznej", "Chojnowski Zakład Gospodarki Komunalnej i Mieszkaniowej",
			"Przychodnia Rejonowa", "Żłobek Miejski", "Warsztat Terapii Zajęciowej"}},
		{"MOPS expanded", "jednostki-organizacyjne/mops", []string{
			"Organizacja jednostki", "Regulamin Organizacyjny", "Statut MOPS", "Informacje", "Budżet i majątek", "Nabór pracowników"}},
	}
	for _, tt := range branches {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.childTitles(b.node(t, tt.path).ID); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNoEmptySection checks that every menu entry that opens leads somewhere.
func TestNoEmptySection(t *testing.T) {
	b := openEmbedded(t)
	for _, n := range b.byID {
		if n.Kind == content.KindSection && len(b.children[n.ID]) == 0 {
			t.Errorf("section %q (%s) has no pages", n.Title, n.Path)
		}
	}
}

func TestMOPSArticle(t *testing.T) {
	b := openEmbedded(t)
	n := b.node(t, "jednostki-organizacyjne/mops")
	raw, err := os.ReadFile(filepath.Join("testdata", "mops-paragraphs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	got := paragraphs(n.Body)
	if !slices.Equal(got, want) {
		t.Errorf("got paragraphs\n%q\nwant\n%q", got, want)
	}
	m := n.Meta
	people := []struct{ name, got, want string }{
		{"publisher", m.Publisher, "Burmistrz Miasta"},
		{"author", m.Author, "Kierownik MOPS"},
		{"responsible", m.Responsible, "Administrator"},
		{"entered by", m.EnteredBy, "Administrator"},
		{"created", m.Created.Format(dateLayout), "2003-11-18 14:00:26"},
		{"published", m.Published.Format(dateLayout), "2003-11-18 14:00:26"},
		{"updated", m.Updated.Format(dateLayout), "2003-11-18 14:05:08"},
	}
	for _, p := range people {
		if p.got != p.want {
			t.Errorf("%s: got %q, want %q", p.name, p.got, p.want)
		}
	}
	if m.Visits != 7936 {
		t.Errorf("got %d visits, want 7936", m.Visits)
	}
	if len(n.History) != 2 || n.History[0].Kind != content.ChangeCreated || n.History[1].Kind != content.ChangeModified ||
		!n.History[0].At.Equal(m.Created) || !n.History[1].At.Equal(m.Updated) {
		t.Errorf("got history %+v, want created at the creation time and modified at the update", n.History)
	}
}

// paragraphs returns the text of each <p> of a sanitised body, with
// character references decoded and nothing else changed.
func paragraphs(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<p>(.*?)</p>`).FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestExternalLinks(t *testing.T) {
	b := openEmbedded(t)
	var links []content.Node
	links = append(links, b.children[b.node(t, "spis-adresow").ID]...)
	links = append(links, b.children[b.node(t, "akty-prawne-w-wersji-elektronicznej").ID]...)
	last := b.site.Groups[len(b.site.Groups)-1]
	for _, id := range last.Nodes[1:] {
		links = append(links, b.byID[id])
	}
	if len(links) < 10 {
		t.Fatalf("got %d external links, want the Urzędy Centralne addresses and the legal-act links", len(links))
	}
	for _, n := range links {
		if n.Kind != content.KindLink || !strings.HasPrefix(n.URL, "https://") {
			t.Errorf("%s: got kind %q url %q, want an https link", n.Path, n.Kind, n.URL)
		}
	}
}

// TestSampleMarked checks that no page passes sample text off as published:
// every article except the real MOPS text carries the sample note.
func TestSampleMarked(t *testing.T) {
	b := openEmbedded(t)
	const note = "Treść przykładowa"
	attachments := 0
	for _, n := range b.byID {
		attachments += len(n.Attachments)
		if n.Kind != content.KindArticle {
			continue
		}
		if !strings.Contains(n.Body, note) {
			t.Errorf("%s: got no %q note, want every sample page marked", n.Path, note)
		}
	}
	if attachments < 2 {
		t.Errorf("got %d attachments, want at least 2 for Pliki do pobrania", attachments)
	}
}

// TestLoadFrom checks where the bundle comes from: the generated pair when
// both files are there, the embedded source tree when neither is (a plain
// "go build" of a clean clone), and an error for half a pair.
func TestLoadFrom(t *testing.T) {
	zip, err := Bundle() // generated, or built from the source: a pair either way
	if err != nil {
		t.Fatal(err)
	}
	pub, err := PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	generated := fstest.MapFS{
		BundleFile: {Data: zip},
		KeyFile:    {Data: bundle.MarshalPublicKey(pub)},
	}
	tests := []struct {
		name    string
		gen     fstest.MapFS
		wantKey *bundle.PublicKey // nil: a fresh key, built from the source
		wantErr error
	}{
		{name: "generated pair", gen: generated, wantKey: &pub},
		{name: "not generated", gen: fstest.MapFS{"dist/README.md": {Data: []byte("readme")}}},
		{name: "key missing", gen: fstest.MapFS{BundleFile: {Data: zip}}, wantErr: ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, key, err := loadFrom(tt.gen, sourceTree)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if tt.wantKey != nil && !key.Key.Equal(tt.wantKey.Key) {
				t.Errorf("got key %x, want the generated %x", key.Key, tt.wantKey.Key)
			}
			if tt.wantKey == nil && key.Key.Equal(pub.Key) {
				t.Errorf("got the generated key, want a fresh one from the source build")
			}
			checkVerifies(t, data, key)
			if a, text := scanOf(t, data, key); documentTools() {
				checkScanRead(t, a, text) // the source build renders and reads the scan too
			}
		})
	}
}

// checkVerifies opens data as a bundle trusting only key for the default
// publisher and wants the Chojnów bulletin in it.
func checkVerifies(t *testing.T, data []byte, key bundle.PublicKey) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bulletin.zip")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	trust := func(p bundle.Publisher) (ed25519.PublicKey, error) {
		if p.ID != PublisherID {
			return nil, fmt.Errorf("publisher %s not trusted", p.ID)
		}
		return key.Key, nil
	}
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: trust})
	if err != nil {
		t.Fatalf("bundle does not verify against its key: %v", err)
	}
	defer b.Close()
	site, err := b.Site()
	if err != nil {
		t.Fatal(err)
	}
	if site.Owner != "Miasto Chojnów" {
		t.Errorf("got site owner %q, want Miasto Chojnów", site.Owner)
	}
}
