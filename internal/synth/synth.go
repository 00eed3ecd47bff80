package synth

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// Options says what bulletin to generate.
type Options struct {
	Articles         int   // number of article nodes
	Seed             int64 // the same seed gives the same bulletin
	AttachmentsEvery int   // every N-th article gets one attachment; 0 for none
	AttachmentBytes  int   // size of each attachment; 0 means 16 KiB
	// RealPDFs makes the PDF attachments real PDFs of 2–3 pages of text,
	// which pdftoppm renders and a PDF reader reads, instead of stand-ins
	// that only start and end like a PDF (AttachmentBytes is then ignored
	// for them). Off, the bulletin is the same as before, byte for byte.
	RealPDFs bool
	// ScannedEvery, with RealPDFs, makes every N-th PDF attachment a scan
	// of its pages (images only, no text layer); 0 for none.
	ScannedEvery int
}

// ErrNoBlob is returned by the opener for a hash the bulletin does not hold.
var ErrNoBlob = errors.New("synth: no such blob")

// Generate returns the bulletin described by opts: its site, its nodes
// depth-first in menu order, and an opener for the bytes of the logo and
// attachments (assignable to bundle.BlobOpener).
func Generate(opts Options) (content.Site, []content.Node, func(sha256 string) (io.ReadCloser, error)) {
	g := newGen(opts)
	nodes := make([]content.Node, 0, opts.Articles+opts.Articles/25+32)
	g.run(func(it *genNode) {
		if it.node.Kind != content.KindLink {
			it.node.Body = html(it.body)
		}
		for i, prev := range it.prev {
			if prev != nil {
				it.node.History[i].PreviousBody = html(prev)
			}
		}
		nodes = append(nodes, it.node)
	})
	blobs := g.blobs
	open := func(sha256 string) (io.ReadCloser, error) {
		s, ok := blobs[sha256]
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrNoBlob, sha256)
		}
		return io.NopCloser(bytes.NewReader(s.bytes())), nil
	}
	return g.site, nodes, open
}

// articleKind is the kind of document a section publishes.
type articleKind uint8

const (
	kindInfo articleKind = iota
	kindResolution
	kindOrder
	kindAnnouncement
	kindTender
	kindJob
	kindBudget
	kindSession
)

// category is a top-level section of the menu.
type category struct {
	group  int
	title  string
	slug   string
	kind   articleKind
	weight int
	units  bool // first level below is the organisational units
}

var groupTitles = []string{"URZĄD MIEJSKI", "ORGANA WŁADZY", "PRAWO LOKALNE", "INNE", "Urzędy Centralne"}

var categories = []category{
	{0, "Dane podstawowe", "dane-podstawowe", kindInfo, 1, false},
	{0, "Struktura organizacyjna", "struktura-organizacyjna", kindInfo, 1, false},
	{0, "Ogłoszenia i komunikaty", "ogloszenia", kindAnnouncement, 3, false},
	{0, "Zamówienia publiczne", "zamowienia-publiczne", kindTender, 3, false},
	{0, "Nabór pracowników", "nabor-pracownikow", kindJob, 2, false},
	{1, "Burmistrz Miasta", "burmistrz", kindOrder, 4, false},
	{1, "Rada Miejska", "rada-miejska", kindSession, 2, false},
	{2, "Uchwały Rady Miejskiej", "uchwaly", kindResolution, 5, false},
	{2, "Budżet", "budzet", kindBudget, 2, false},
	{2, "Podatki i opłaty lokalne", "podatki-i-oplaty", kindAnnouncement, 1, false},
	{2, "Zagospodarowanie przestrzenne", "zagospodarowanie-przestrzenne", kindAnnouncement, 1, false},
	{3, "Jednostki organizacyjne", "jednostki-organizacyjne", kindInfo, 2, true},
	{3, "Wybory, referenda", "wybory", kindAnnouncement, 1, false},
	{3, "Ochrona środowiska", "ochrona-srodowiska", kindAnnouncement, 1, false},
}

// Years run from newest to oldest, as BIP archives list them.
const newestYear, oldestYear = 2025, 2003

// genNode is one node as generated, with its body still in blocks.
type genNode struct {
	node content.Node
	body []block
	prev []([]block) // previous body of each History entry, or nil
	html bool        // WriteTree writes it as an .html page
	att  []blobSpec  // the specs of node.Attachments
}

// gen is the state of one generation. Everything is drawn from seeded
// generators in a fixed order, so equal options give equal bulletins.
type gen struct {
	opts    Options
	rng     *rand.Rand
	town    *town
	people  []string
	blobs   map[string]blobSpec
	site    content.Site
	emit    func(*genNode)
	count   int            // articles emitted so far
	pdfs    int            // real PDF attachments made so far
	counter map[string]int // document numbers per kind and year
}

func newGen(opts Options) *gen {
	opts.Articles = max(opts.Articles, 0)
	if opts.AttachmentBytes <= 0 {
		opts.AttachmentBytes = 16 << 10
	}
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed))
	g := &gen{opts: opts, rng: rng, town: &towns[rng.IntN(len(towns))], blobs: map[string]blobSpec{}, counter: map[string]int{}}
	for range 16 {
		g.people = append(g.people, g.person(rng))
	}
	return g
}

func (g *gen) person(rng *rand.Rand) string {
	s := surnames[rng.IntN(len(surnames))]
	if rng.IntN(2) == 0 {
		return maleNames[rng.IntN(len(maleNames))] + " " + s[0]
	}
	return femaleNames[rng.IntN(len(femaleNames))] + " " + s[1]
}

// run generates the bulletin, handing each node to emit depth-first.
func (g *gen) run(emit func(*genNode)) {
	g.emit = emit
	g.makeSite()
	leaves := g.leafSizes()
	shares := shareOut(len(leaves), categories)
	orderInGroup := make([]int, len(groupTitles))
	for ci, c := range categories {
		if shares[ci] == 0 {
			continue
		}
		orderInGroup[c.group]++
		id := g.section(nil, c.slug, c.title, orderInGroup[c.group], &c, 0, 0, 0, leaves[:shares[ci]])
		leaves = leaves[shares[ci]:]
		g.site.Groups[c.group].Nodes = append(g.site.Groups[c.group].Nodes, id)
	}
	for i, l := range links {
		n := &genNode{node: content.Node{Path: slug(l.title), Kind: content.KindLink, Title: l.title, Order: i + 1, URL: l.url}}
		n.node.ID = content.NodeID(n.node.Path)
		g.emit(n)
		g.site.Groups[4].Nodes = append(g.site.Groups[4].Nodes, n.node.ID)
	}
	g.site.Groups = slices.DeleteFunc(g.site.Groups, func(gr content.Group) bool { return len(gr.Nodes) == 0 })
}

// leafSizes splits the articles into sections of 20–50.
func (g *gen) leafSizes() []int {
	var sizes []int
	for left := g.opts.Articles; left > 0; {
		n := min(20+g.rng.IntN(31), left)
		sizes = append(sizes, n)
		left -= n
	}
	return sizes
}

// shareOut divides n leaf sections among the categories by weight
// (largest remainder), so every size of bulletin has the same proportions.
func shareOut(n int, cs []category) []int {
	total := 0
	for _, c := range cs {
		total += c.weight
	}
	out := make([]int, len(cs))
	rem := make([]int, len(cs))
	given := 0
	for i, c := range cs {
		out[i] = n * c.weight / total
		rem[i] = n * c.weight % total
		given += out[i]
	}
	for ; given < n; given++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// section emits a section and everything below it, which holds the given
// leaf sizes; level counts the levels below the category.
func (g *gen) section(parent *genNode, name, title string, order int, c *category, level, year, month int, leaves []int) uuid.UUID {
	n := &genNode{node: content.Node{Kind: content.KindSection, Title: title, Order: order, Path: name}}
	if parent != nil {
		n.node.Path = parent.node.Path + "/" + name
		n.node.Parent = parent.node.ID
	} else {
		f := &filler{rng: g.rng, t: g.town, year: newestYear}
		n.body = []block{{kind: para, text: "W tym dziale publikowane są informacje z zakresu: " + strings.ToLower(title) + ". " + f.paragraph()}}
		n.node.Meta.Publisher = "Burmistrz Miasta " + g.town.gen
	}
	n.node.ID = content.NodeID(n.node.Path)
	g.emit(n)
	if len(leaves) == 1 {
		g.articles(n, c, year, month, leaves[0])
		return n.node.ID
	}
	labels := g.labels(c, level, len(leaves))
	k := len(labels)
	start := 0
	for i, l := range labels {
		cnt := len(leaves)/k + b2i(i < len(leaves)%k)
		y, m := year, month
		switch l.kind {
		case labelYear:
			y = l.n
		case labelMonth:
			m = l.n
		}
		g.section(n, l.slug, l.title, i+1, c, level+1, y, m, leaves[start:start+cnt])
		start += cnt
	}
	return n.node.ID
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

type labelKind uint8

const (
	labelUnit labelKind = iota
	labelYear
	labelMonth
	labelPart
)

type label struct {
	kind        labelKind
	n           int
	title, slug string
}

// labels names the sub-sections at a level: units, then years, then
// months, then numbered parts, as deep as the leaf count needs.
func (g *gen) labels(c *category, level, leaves int) []label {
	if !c.units {
		level++
	}
	var out []label
	switch level {
	case 0:
		for _, u := range units[:min(len(units), leaves)] {
			out = append(out, label{kind: labelUnit, title: u, slug: slug(u)})
		}
	case 1:
		for y := newestYear; y >= oldestYear && len(out) < leaves; y-- {
			out = append(out, label{kind: labelYear, n: y, title: strconv.Itoa(y), slug: strconv.Itoa(y)})
		}
	case 2:
		for m := 12; m >= 1 && len(out) < leaves; m-- {
			out = append(out, label{kind: labelMonth, n: m, title: capitalise(months[m-1]), slug: fmt.Sprintf("%02d-%s", m, slug(months[m-1]))})
		}
	default:
		for i := 1; i <= min(leaves, 12); i++ {
			out = append(out, label{kind: labelPart, n: i, title: "Część " + strconv.Itoa(i), slug: "czesc-" + strconv.Itoa(i)})
		}
	}
	return out
}

func capitalise(s string) string {
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// asciiFold maps Polish letters to their ASCII base for file names.
var asciiFold = strings.NewReplacer("ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z")

// slug makes an ASCII file name from Polish text.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range asciiFold.Replace(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// makeSite fills in the bulletin's own data.
func (g *gen) makeSite() {
	t := g.town
	live := "https://bip." + t.slug + ".example"
	g.site = content.Site{
		Name:    "Biuletyn Informacji Publicznej Miasta " + t.gen,
		Owner:   "Miasto " + t.name,
		LiveURL: live,
		Editorial: content.Editorial{
			Office:  "Urząd Miejski w " + t.loc,
			Address: "ul. " + streets[g.rng.IntN(len(streets))] + " " + strconv.Itoa(1+g.rng.IntN(30)) + "\n" + t.postcode + " " + t.name,
			Phone:   "76 818 " + strconv.Itoa(10+g.rng.IntN(90)) + " " + strconv.Itoa(10+g.rng.IntN(90)),
			Email:   "bip@" + t.slug + ".example",
			Editors: []content.Person{
				{Name: g.people[0], Role: "Redaktor Biuletynu", Phone: "76 818 66 01", Email: "redakcja@" + t.slug + ".example"},
				{Name: g.people[1], Role: "Administrator"},
			},
		},
		Instructions: html([]block{
			{kind: para, text: "Biuletyn Informacji Publicznej jest urzędowym publikatorem teleinformatycznym. Informacje są pogrupowane w menu przedmiotowym po lewej stronie."},
			{kind: list, items: []string{"rozwiń dział, aby zobaczyć jego podstrony", "użyj wyszukiwarki, aby znaleźć dokument po tytule lub treści", "pliki do pobrania są wymienione pod każdym artykułem"}},
		}),
		Accessibility: html([]block{
			{kind: para, text: "Urząd Miejski w " + t.loc + " zobowiązuje się zapewnić dostępność swojego biuletynu zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych."},
		}),
	}
	blob := g.register(blobSpec{kind: blobPNG, seed: uint64(g.opts.Seed), title: "herb"})
	g.site.Logo = &blob
	for _, t := range groupTitles {
		g.site.Groups = append(g.site.Groups, content.Group{Title: t})
	}
}
