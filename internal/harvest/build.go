package harvest

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"bipkiosk/internal/content"
)

// ErrNoPages is returned by Extract when no page could be read as HTML.
var ErrNoPages = errors.New("harvest: no HTML pages")

// Options steer Extract.
type Options struct {
	Start   string  // the bulletin's home address, as the crawl started from it
	Adapter Adapter // nil chooses one by the home page
	Name    string  // the bulletin's name, when the pages do not give it well
	Owner   string  // the public body, when the name does not give it
}

// Bulletin is a harvested bulletin in the content model. The attachments
// of its nodes have a Title and a Name; WriteTree fills their blobs.
type Bulletin struct {
	Site    content.Site
	Nodes   []content.Node // depth-first in menu order
	Adapter string         // the adapter that read the pages
	Wants   []string       // addresses the pages asked for that were not fetched (an API listing): fetch them and extract again
	files   map[fileKey]string
	ids     map[uuid.UUID]bool // given so far, to keep them unique
}

type fileKey struct {
	node uuid.UUID
	name string
}

// FileURL returns the live address of a node's attachment ("" when unknown).
func (b *Bulletin) FileURL(node uuid.UUID, name string) string { return b.files[fileKey{node, name}] }

// idSpace is the namespace of node ids made from live addresses, so a page
// keeps its id between harvests however its title changes.
var idSpace = uuid.MustParse("8a4e2f0c-61d3-4c8b-9f5e-2b7d1c3a9e44")

// tnode is a node while the tree is assembled.
type tnode struct {
	key      string // canonical address; "" for a heading
	live     string // the address as fetched
	title    string
	link     bool
	p        *Parsed
	menu     bool      // listed in the subject menu
	more     []string  // further pages of the node's listing
	id       uuid.UUID // set by emit
	parent   *tnode
	children []*tnode
}

// Extract reads the fetched pages of one bulletin into the content model:
// the subject menu gives the tree, pages it does not list hang under the
// page that links to them (or that their breadcrumb trail names), and
// every node keeps its live address.
func Extract(pages []Page, opts Options) (*Bulletin, error) {
	if len(pages) == 0 {
		return nil, fmt.Errorf("%w: %s: nothing was fetched", ErrNoPages, opts.Start)
	}
	start := startPage(pages, opts.Start)
	ad := opts.Adapter
	if ad == nil {
		ad = Choose(start)
	}
	common := CommonBlocks(pages)
	parsed, order := map[string]*Parsed{}, []string{}
	register := map[string][]content.Change{}
	for _, p := range pages {
		key := canonical(p.URL)
		if parsed[key] != nil {
			continue
		}
		pp := ad.Parse(p, common)
		parsed[key] = &pp
		order = append(order, key)
		for _, e := range pp.Register {
			register[canonical(e.URL)] = append(register[canonical(e.URL)], e.Change)
		}
	}
	wants := wanted(parsed, order)
	order = mergeEntries(parsed, order)
	menu := bestMenu(parsed, order)
	reparseListings(pages, parsed, menu, ad, common)
	menu = placedMenu(parsed, order, menu, canonical(start.URL))
	a := &assembly{parsed: parsed, start: canonical(start.URL), used: map[string]*tnode{}}
	roots := a.fromMenu(menu, nil)
	a.hangLinked(roots)
	a.followCrumbs()
	if len(a.used) == 0 {
		return nil, fmt.Errorf("%w: %s: no page has a subject menu or content", ErrNoPages, opts.Start)
	}
	b := &Bulletin{Adapter: ad.Name(), Wants: wants, files: map[fileKey]string{}, ids: map[uuid.UUID]bool{}}
	b.Site = siteOf(parsed, order, start, opts)
	top, groups := splitHeadings(roots)
	for _, r := range top {
		r.parent = nil
	}
	b.emit(top, uuid.Nil, "", register)
	b.Site.Groups = groupsOf(groups)
	return b, nil
}

// reparseListings reads again, without a menu, the pages where the
// generic reading took a list for the menu that shares no address with the
// site's: on a framed site the content pages have no menu, and their
// lists of articles or links are content.
func reparseListings(pages []Page, parsed map[string]*Parsed, menu []MenuItem, ad Adapter, common Common) {
	m, ok := ad.(Markup)
	if !ok || m.Hints.Menu != nil || len(menu) == 0 {
		return
	}
	site := map[string]bool{}
	for _, u := range menuURLs(menu, nil) {
		site[canonical(u)] = true
	}
	m.noMenu = true
	for _, p := range pages {
		pp := parsed[canonical(p.URL)]
		if pp == nil || pp.URL != p.URL || len(pp.Menu) == 0 {
			continue
		}
		if !slices.ContainsFunc(menuURLs(pp.Menu, nil), func(u string) bool { return site[canonical(u)] }) {
			again := m.Parse(p, common)
			*pp = again
		}
	}
}

// menuURLs lists the addresses in a menu.
func menuURLs(items []MenuItem, out []string) []string {
	for _, it := range items {
		if it.URL != "" {
			out = append(out, it.URL)
		}
		out = menuURLs(it.Children, out)
	}
	return out
}

func startPage(pages []Page, start string) Page {
	for _, p := range pages {
		if canonical(p.URL) == canonical(start) && p.isHTML() {
			return p
		}
	}
	return pages[0]
}

// bestMenu is the menu most pages show — its top-level entries, that is;
// among those the largest (a frame's menu page shows just one) — with the
// branches other pages open added: many BIPs unfold only the current
// entry's sub-menu. A list that only one page shows is a listing, not the menu.
func bestMenu(parsed map[string]*Parsed, order []string) []MenuItem {
	shown := map[string]int{}
	for _, k := range order {
		shown[menuKey(parsed[k].Menu)]++
	}
	var best []MenuItem
	bestShown, bestN := 0, 0
	for _, k := range order {
		m := parsed[k].Menu
		if len(m) == 0 {
			continue
		}
		s, n := shown[menuKey(m)], countItems(m)
		if s > bestShown || (s == bestShown && n > bestN) {
			best, bestShown, bestN = m, s, n
		}
	}
	best = cloneMenu(best)
	for _, k := range order {
		unfold(best, parsed[k].Menu)
	}
	return best
}

// menuKey names a menu by its top-level entries.
func menuKey(items []MenuItem) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.URL + "\x00" + it.Title + "\x00")
	}
	return b.String()
}

func cloneMenu(items []MenuItem) []MenuItem {
	out := slices.Clone(items)
	for i := range out {
		out[i].Children = cloneMenu(out[i].Children)
	}
	return out
}

// unfold gives entries of menu without a sub-menu the one other shows for
// the same address (or heading).
func unfold(menu, other []MenuItem) {
	for i := range menu {
		for _, o := range other {
			if o.URL != menu[i].URL || (o.URL == "" && o.Title != menu[i].Title) {
				continue
			}
			switch {
			case len(menu[i].Children) == 0:
				menu[i].Children = cloneMenu(o.Children)
			case len(o.Children) > len(menu[i].Children):
				// A path menu (bipkiosk's own) lists under an ancestor only
				// the next step of the path: the longer list is the branch,
				// with the deeper branches the shorter one opened.
				shorter := menu[i].Children
				menu[i].Children = cloneMenu(o.Children)
				unfold(menu[i].Children, shorter)
			default:
				unfold(menu[i].Children, o.Children)
			}
			break
		}
	}
}

func countItems(items []MenuItem) int {
	n := len(items)
	for _, it := range items {
		n += countItems(it.Children)
	}
	return n
}

type assembly struct {
	parsed map[string]*Parsed
	start  string
	used   map[string]*tnode
	all    []*tnode
}

// fromMenu turns menu entries into nodes; an address listed twice is kept once.
func (a *assembly) fromMenu(items []MenuItem, parent *tnode) []*tnode {
	var out []*tnode
	for _, it := range items {
		n := &tnode{title: it.Title, parent: parent, menu: true}
		switch {
		case it.URL == "":
		case !sameSite(it.URL, "http://"+hostOf(a.start)) || strings.HasPrefix(it.URL, "mailto:"):
			n.link, n.live = true, it.URL
		default:
			key := canonical(it.URL)
			if a.used[key] != nil || key == a.start || a.skip(key) {
				continue
			}
			n.key, n.live, n.p = key, it.URL, a.parsed[key]
			a.used[key] = n
		}
		n.children = a.fromMenu(it.Children, n)
		if it.URL == "" && len(n.children) == 0 {
			continue
		}
		if n.key != "" && n.p == nil && len(n.children) == 0 {
			// A menu entry whose page was not fetched stays a link to the live site.
			delete(a.used, n.key)
			n.key, n.link = "", true
		}
		a.all = append(a.all, n)
		out = append(out, n)
	}
	return out
}

func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return pu.Host
}

// skip reports pages that are no node: frames, registers, JSON.
func (a *assembly) skip(key string) bool {
	p := a.parsed[key]
	return p != nil && (p.Frames || len(p.Register) > 0 || (p.Title == "" && p.Body == "" && len(p.Menu) == 0))
}

// hangLinked adds the pages the menu does not list under the first node
// (breadth first, in menu order) whose content links to them. A linked
// page with its linker's title is a further page of the same listing.
func (a *assembly) hangLinked(roots []*tnode) {
	queue := slices.Clone(roots)
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		queue = append(queue, n.children...)
		if n.p == nil {
			continue
		}
		links := slices.Clone(n.p.Links)
		for i := 0; i < len(links); i++ {
			l := links[i]
			key := canonical(l)
			p := a.parsed[key]
			if p == nil || a.used[key] != nil || key == a.start || a.skip(key) || p.Frames || !sameSite(l, n.live) {
				continue
			}
			if p.Title != "" && p.Title == n.p.Title {
				// A further page of n's listing ("?strona=2"): its entries are n's.
				a.used[key] = n
				n.more = append(n.more, key)
				links = append(links, p.Links...)
				continue
			}
			c := &tnode{key: key, live: l, title: p.Title, p: p, parent: n}
			a.used[key] = c
			a.all = append(a.all, c)
			n.children = append(n.children, c)
			queue = append(queue, c)
		}
	}
}

// followCrumbs moves a page not in the menu under the deepest node its
// breadcrumb trail names, or the menu entry it marks current, when that
// is not the page itself or below it.
func (a *assembly) followCrumbs() {
	for _, n := range a.all {
		if n.p == nil || n.parent == nil || n.menu {
			continue
		}
		var to *tnode
		for _, c := range append(slices.Clone(n.p.Crumbs), canonical(n.p.Active)) {
			if t := a.used[c]; t != nil && t != n && !below(t, n) {
				to = t
			}
		}
		if to == nil || to == n.parent {
			continue
		}
		n.parent.children = slices.DeleteFunc(n.parent.children, func(c *tnode) bool { return c == n })
		n.parent = to
		to.children = append(to.children, n)
	}
}

func below(t, n *tnode) bool {
	for ; t != nil; t = t.parent {
		if t == n {
			return true
		}
	}
	return false
}

// emit appends the nodes depth-first, giving paths, ids and kinds.
func (b *Bulletin) emit(ns []*tnode, parent uuid.UUID, dir string, register map[string][]content.Change) {
	taken := map[string]bool{}
	for i, n := range ns {
		title := n.title
		if n.p != nil && n.p.Title != "" {
			title = n.p.Title
		}
		if title == "" {
			title = b.untitled(n)
		}
		slug := unique(Slug(title), taken)
		node := content.Node{Parent: parent, Path: path.Join(dir, slug), Title: title, Order: i + 1}
		node.ID = b.nodeID(n, node.Path, parent)
		n.id = node.ID
		switch {
		case n.link:
			node.Kind, node.URL = content.KindLink, n.live
		case len(n.children) > 0 || n.p == nil:
			node.Kind = content.KindSection
		default:
			node.Kind = content.KindArticle
		}
		if n.p != nil {
			b.fill(&node, n, register[n.key])
		}
		b.Nodes = append(b.Nodes, node)
		b.emit(n.children, node.ID, node.Path, register)
	}
}

// untitled names a page that gives no title: by the part of its <title>
// that is not the bulletin's name, else by its address.
func (b *Bulletin) untitled(n *tnode) string {
	if n.p != nil {
		for _, part := range splitTitle(n.p.SiteName) {
			if part != "" && part != b.Site.Name {
				return part
			}
		}
	}
	if pu, err := url.Parse(n.live); err == nil && path.Base(pu.Path) != "/" && path.Base(pu.Path) != "." {
		return path.Base(pu.Path)
	}
	return "Strona bez tytułu"
}

func (b *Bulletin) nodeID(n *tnode, p string, parent uuid.UUID) uuid.UUID {
	var id uuid.UUID
	switch {
	case n.key != "":
		id = uuid.NewSHA1(idSpace, []byte(n.key))
	case n.link:
		id = uuid.NewSHA1(idSpace, []byte(parent.String()+" "+n.live))
	default:
		id = content.NodeID(p)
	}
	if b.ids[id] {
		id = content.NodeID(p)
	}
	b.ids[id] = true
	return id
}

// fill copies a page's body, metadata, attachments and history into node.
func (b *Bulletin) fill(node *content.Node, n *tnode, register []content.Change) {
	p := n.p
	node.Meta = p.Meta
	node.Meta.SourceURL = n.live
	node.Body = p.Body
	if len(n.children) > 0 {
		node.Body = dropLinksTo(p.Body, n)
	}
	taken := map[string]bool{}
	for _, f := range p.Files {
		name := unique(fileName(f.URL), taken)
		node.Attachments = append(node.Attachments, content.Attachment{Title: f.Title, Name: name})
		b.files[fileKey{node.ID, name}] = f.URL
	}
	hist := slices.Clone(p.History)
	for _, c := range register {
		if !slices.ContainsFunc(hist, func(h content.Change) bool { return sameChange(h, c) }) {
			hist = append(hist, c)
		}
	}
	sortChanges(hist)
	node.History = hist
}

// fileName is an attachment's file name from its address, made safe.
func fileName(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return "plik"
	}
	base, _ := url.PathUnescape(path.Base(pu.Path))
	if q := pu.Query().Get("file"); q != "" {
		base = path.Base(q)
	}
	ext := strings.ToLower(path.Ext(base))
	stem := Slug(strings.TrimSuffix(base, path.Ext(base)))
	if stem == "" {
		stem = "plik"
	}
	return stem + ext
}

// unique returns s, or s with "-2", "-3", … when taken, and takes it.
func unique(s string, taken map[string]bool) string {
	out := s
	for i := 2; taken[out]; i++ {
		ext := path.Ext(s)
		out = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(s, ext), i, ext)
	}
	taken[out] = true
	return out
}

// dropLinksTo removes from a section's body the entries that only link to
// its children or further pages of its listing: the reader lists the
// children itself.
func dropLinksTo(body string, n *tnode) string {
	kids := map[string]bool{}
	for _, c := range n.children {
		kids[c.key] = true
	}
	for _, k := range n.more {
		kids[k] = true
	}
	ctx := &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"}
	frag, err := html.ParseFragment(strings.NewReader(body), ctx)
	if err != nil {
		return body
	}
	for _, f := range frag {
		ctx.AppendChild(f)
	}
	for _, a := range findAll(ctx, ByTag("a")) {
		if kids[canonical(attr(a, "href"))] {
			dropLinkBlock(a)
		}
	}
	pruneEmpty(ctx)
	return renderChildren(ctx)
}

// siteOf names the bulletin: by the options, else by the part of the pages'
// titles most of them share, else by the home page.
func siteOf(parsed map[string]*Parsed, order []string, start Page, opts Options) content.Site {
	name := opts.Name
	if name == "" {
		name = sharedTitle(parsed, order)
	}
	if name == "" {
		name = parsed[canonical(start.URL)].SiteName
	}
	owner := opts.Owner
	if owner == "" {
		owner = ownerOf(name)
	}
	return content.Site{Name: name, Owner: owner, LiveURL: start.URL}
}

var titleSeps = []string{" | ", " - ", " – ", " — ", " :: ", " » "}

func sharedTitle(parsed map[string]*Parsed, order []string) string {
	counts := map[string]int{}
	pages := 0
	for _, k := range order {
		t := parsed[k].SiteName
		if t == "" {
			continue
		}
		pages++
		for _, part := range splitTitle(t) {
			counts[part]++
		}
	}
	best := ""
	for _, k := range order {
		for _, part := range splitTitle(parsed[k].SiteName) {
			if counts[part]*2 > pages && counts[part] > counts[best] {
				best = part
			}
		}
	}
	return best
}

func splitTitle(t string) []string {
	parts := []string{t}
	for _, sep := range titleSeps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	for i := range parts {
		parts[i] = collapse(parts[i])
	}
	return parts
}

// nominative turns the genitive heads of public bodies' names back:
// "Biuletyn … Gminy Nowa Wieś" is the bulletin of "Gmina Nowa Wieś".
// gender is that of the head, for an adjective right after it.
var nominative = []struct {
	gen, nom string
	gender   byte // 'f', 'm' or 'n'
}{
	{"Miasta i Gminy ", "Miasto i Gmina ", 'f'}, {"Gminnego Ośrodka ", "Gminny Ośrodek ", 'm'}, {"Miejskiego Ośrodka ", "Miejski Ośrodek ", 'm'},
	{"Związku Międzygminnego ", "Związek Międzygminny ", 'm'}, {"Starostwa Powiatowego ", "Starostwo Powiatowe ", 'n'},
	{"Urzędu Gminy ", "Urząd Gminy ", 0}, {"Urzędu Miasta ", "Urząd Miasta ", 0}, {"Gminy ", "Gmina ", 'f'}, {"Miasta ", "Miasto ", 'n'},
	{"Powiatu ", "Powiat ", 'm'}, {"Województwa ", "Województwo ", 'n'}, {"Szkoły ", "Szkoła ", 'f'}, {"Ośrodka ", "Ośrodek ", 'm'},
}

// adjectiveEndings turn a genitive adjective after the head back, by gender.
var adjectiveEndings = map[byte][][2]string{
	'f': {{"kiej", "ka"}, {"giej", "ga"}, {"ej", "a"}},
	'm': {{"kiego", "ki"}, {"giego", "gi"}, {"ego", "y"}},
	'n': {{"kiego", "kie"}, {"giego", "gie"}, {"ego", "e"}},
}

// ownerOf takes the body's name from the bulletin's: "Biuletyn Informacji
// Publicznej Gminy Nowa Wieś" gives "Gmina Nowa Wieś", "… Powiatu
// Kłodzkiego" gives "Powiat Kłodzki". Forms it does not know stay as
// written; an editor may correct them in site.yaml.
func ownerOf(name string) string {
	for _, p := range []string{"Biuletyn Informacji Publicznej", "BIP"} {
		rest := strings.TrimLeft(strings.TrimSpace(strings.TrimPrefix(name, p)), " -–:")
		if rest == name || rest == "" {
			continue
		}
		for _, n := range nominative {
			if tail, ok := strings.CutPrefix(rest, n.gen); ok {
				return n.nom + adjectiveBack(tail, n.gender)
			}
		}
		return rest
	}
	return name
}

// adjectiveBack puts the first word of tail in the nominative when it is
// an adjective in the genitive ("Kłodzkiego", "Testowej").
func adjectiveBack(tail string, gender byte) string {
	word, after, _ := strings.Cut(tail, " ")
	for _, e := range adjectiveEndings[gender] {
		if stem, ok := strings.CutSuffix(word, e[0]); ok && len(stem) > 2 {
			word = stem + e[1]
			break
		}
	}
	if after != "" {
		return word + " " + after
	}
	return word
}

// menuGroup is a heading of the menu and the top-level entries under it.
type menuGroup struct {
	title string
	nodes []*tnode
}

// splitHeadings lifts the entries under top-level menu headings to the
// top; the headings become site.yaml groups. A menu without headings has
// no groups: the reader then makes each top-level node a group.
func splitHeadings(roots []*tnode) ([]*tnode, []menuGroup) {
	headings := slices.ContainsFunc(roots, func(r *tnode) bool { return r.key == "" && !r.link })
	if !headings {
		return roots, nil
	}
	var top []*tnode
	var groups []menuGroup
	for _, r := range roots {
		if r.key == "" && !r.link {
			groups = append(groups, menuGroup{title: r.title, nodes: r.children})
			top = append(top, r.children...)
			continue
		}
		groups = append(groups, menuGroup{title: r.title, nodes: []*tnode{r}})
		top = append(top, r)
	}
	return top, groups
}

// groupsOf gives the groups the ids emit assigned.
func groupsOf(groups []menuGroup) []content.Group {
	var out []content.Group
	for _, g := range groups {
		cg := content.Group{Title: g.title}
		for _, n := range g.nodes {
			cg.Nodes = append(cg.Nodes, n.id)
		}
		out = append(out, cg)
	}
	return out
}
