package harvest

import (
	"cmp"
	"slices"
)

// mergeEntries adds the pages API documents give in full to the pages
// read from HTML. Where both read a page, the API's reading wins and the
// HTML fills what it lacks (the trail, the menu, the history block
// outside the content), so a page fetched both ways is one node.
func mergeEntries(parsed map[string]*Parsed, order []string) []string {
	var entries []Parsed
	for _, k := range order {
		entries = append(entries, parsed[k].Entries...)
	}
	for _, e := range entries {
		key := canonical(e.URL)
		if old := parsed[key]; old != nil {
			e = mergeParsed(*old, e)
			e.URL = old.URL
		} else {
			order = append(order, key)
		}
		parsed[key] = &e
	}
	return order
}

// mergeParsed is api over page: every part the API reading has wins.
func mergeParsed(page, api Parsed) Parsed {
	out := page
	out.Place = api.Place
	if api.Title != "" {
		out.Title = api.Title
	}
	if api.Body != "" {
		out.Body, out.Links = api.Body, api.Links
	}
	if len(api.Files) > 0 {
		out.Files = api.Files
	}
	if len(api.History) > 0 {
		out.History = api.History
	}
	m, a := &out.Meta, api.Meta
	for _, f := range []struct{ to, from *string }{{&m.Author, &a.Author}, {&m.Publisher, &a.Publisher},
		{&m.Responsible, &a.Responsible}, {&m.EnteredBy, &a.EnteredBy}} {
		if *f.from != "" {
			*f.to = *f.from
		}
	}
	if !a.Created.IsZero() {
		m.Created = a.Created
	}
	if !a.Published.IsZero() {
		m.Published = a.Published
	}
	if !a.Updated.IsZero() {
		m.Updated = a.Updated
	}
	if a.Visits > 0 {
		m.Visits = a.Visits
	}
	return out
}

// placedMenu is the system's own page tree where an API gave one, with
// the entries of menu that tree lacks (links to other sites, pages the
// API does not list) kept under their menu parent when that is in the
// tree, else at the top; without an API tree it is menu. The home page
// (start) is no entry: pages under it stand in its place.
func placedMenu(parsed map[string]*Parsed, order []string, menu []MenuItem, start string) []MenuItem {
	type placed struct {
		place Place
		item  MenuItem
	}
	var all []placed
	byID := map[string]bool{}
	for _, k := range order {
		p := parsed[k]
		if p.Place != nil && !byID[p.Place.ID] {
			byID[p.Place.ID] = true
			all = append(all, placed{*p.Place, MenuItem{Title: p.Title, URL: p.URL}})
		}
	}
	if len(all) == 0 {
		return menu
	}
	slices.SortStableFunc(all, func(a, b placed) int { return cmp.Compare(a.place.Order, b.place.Order) })
	var build func(parent string) []MenuItem
	build = func(parent string) []MenuItem {
		var out []MenuItem
		for _, p := range all {
			if p.place.Parent == parent || (parent == "" && !byID[p.place.Parent]) {
				it := p.item
				it.Children = build(p.place.ID)
				if canonical(it.URL) == start {
					out = append(out, it.Children...)
					continue
				}
				out = append(out, it)
			}
		}
		return out
	}
	tree := build("")
	in := map[string]bool{}
	for _, u := range menuURLs(tree, nil) {
		in[canonical(u)] = true
	}
	return addMissing(tree, menu, in, nil)
}

// addMissing adds the entries of menu whose address tree lacks: under the
// nearest menu ancestor the tree holds (at), else at the top.
func addMissing(tree, menu []MenuItem, in map[string]bool, at *MenuItem) []MenuItem {
	for _, it := range menu {
		switch {
		case it.URL != "" && in[canonical(it.URL)]:
			tree = addMissing(tree, it.Children, in, findItem(tree, it.URL))
		case it.URL == "":
			tree = addMissing(tree, it.Children, in, at)
		default:
			in[canonical(it.URL)] = true
			if at != nil {
				at.Children = append(at.Children, it)
			} else {
				tree = append(tree, it)
			}
		}
	}
	return tree
}

// findItem is the entry of items, at any depth, for address u.
func findItem(items []MenuItem, u string) *MenuItem {
	for i := range items {
		if canonical(items[i].URL) == canonical(u) {
			return &items[i]
		}
		if f := findItem(items[i].Children, u); f != nil {
			return f
		}
	}
	return nil
}

// wanted are the addresses pages asked for that were not fetched, each once.
func wanted(parsed map[string]*Parsed, order []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range order {
		for _, u := range parsed[k].Wants {
			if c := canonical(u); parsed[c] == nil && !seen[c] {
				seen[c] = true
				out = append(out, u)
			}
		}
	}
	return out
}
