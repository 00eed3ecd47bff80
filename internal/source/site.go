package source

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yuin/goldmark"
	"go.yaml.in/yaml/v3"

	"bipkiosk/internal/content"
)

// siteFile is the name of the tree's site description.
const siteFile = "site.yaml"

// groupSpec is a menu group as site.yaml names it, before its folders are found.
type groupSpec struct {
	title string
	line  int
	names []nameAt
}

type nameAt struct {
	name string
	line int
}

// siteSpec is site.yaml read: the site without its groups' node ids, and
// the files it uses.
type siteSpec struct {
	site   content.Site
	groups []groupSpec // nil when site.yaml has no groups key
	refs   []string    // files site.yaml uses (logo, instructions, accessibility, easy-to-read text, sign-language video)
	files  map[string]string
}

// readSite reads site.yaml at the root of the tree.
func (r *reader) readSite(md goldmark.Markdown) *siteSpec {
	d := &diag{file: siteFile}
	defer r.collect(d)
	spec := &siteSpec{files: map[string]string{}}
	raw, err := os.ReadFile(filepath.Join(r.root, siteFile))
	if err != nil {
		d.fail(0, fmt.Errorf("%w: cannot read it (%w); every tree needs a site.yaml with at least a name", ErrSite, err))
		return spec
	}
	m, line, err := parseYAML(decodeText(raw, d), 1, ErrSite)
	if err != nil {
		d.fail(line, err)
		return spec
	}
	v := yamlView{diag: d, bad: ErrSite}
	s := &spec.site
	for _, kv := range v.pairs(m) {
		switch kv.key.Value {
		case "name":
			s.Name = v.limited(kv, content.MaxTitle)
		case "owner":
			s.Owner = v.limited(kv, content.MaxTitle)
		case "live_url":
			s.LiveURL = v.limited(kv, content.MaxURL)
			if s.LiveURL != "" && !linkURL(s.LiveURL) {
				v.warn(v.line(kv.val), "live_url %q is not an http(s) address; ignored", s.LiveURL)
				s.LiveURL = ""
			}
		case "logo":
			r.siteLogo(spec, v, kv)
		case "editorial":
			readEditorial(v, kv.val, &s.Editorial)
		case "instructions":
			s.Instructions = r.siteBody(spec, v, kv, md)
		case "accessibility":
			s.Accessibility = r.siteBody(spec, v, kv, md)
		case "easy_to_read":
			s.EasyToRead = r.siteBody(spec, v, kv, md)
		case "sign_language":
			r.siteSignLanguage(spec, v, kv)
		case "groups":
			spec.groups = readGroups(v, kv)
		default:
			v.unknown(kv.key, " in site.yaml")
		}
	}
	if s.Name == "" {
		d.fail(1, fmt.Errorf("%w: add \"name: Biuletyn Informacji Publicznej …\"", ErrSite))
	}
	if s.Owner == "" {
		d.warn(1, "no owner; the name is shown in its place")
		s.Owner = s.Name
	}
	d.tooLong(s.CheckLengths())
	return spec
}

func (r *reader) siteLogo(spec *siteSpec, v yamlView, kv pair) {
	file, _ := v.raw(kv)
	if strings.TrimSpace(file) == "" {
		return
	}
	rel, err := relPath("", file)
	if err != nil {
		v.fail(v.line(kv.val), err)
		return
	}
	spec.refs = append(spec.refs, rel)
	blob, real, note, err := r.blob(rel)
	if err != nil {
		v.fail(v.line(kv.val), err)
		return
	}
	if !strings.HasPrefix(blob.Type, "image/") {
		v.warn(v.line(kv.val), "logo %s is %s, not an image", rel, blob.Type)
	} else if note != "" {
		v.warn(v.line(kv.val), "%s: %s", rel, note)
	}
	spec.files[blob.SHA256] = real
	spec.site.Logo = &blob
}

// siteBody reads instructions or accessibility: a file name relative to the
// tree, or inline Markdown.
func (r *reader) siteBody(spec *siteSpec, v yamlView, kv pair, md goldmark.Markdown) string {
	s, _ := v.raw(kv)
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if !isBodyFile(s) {
		return render(md, []byte(s), false, v.diag, v.line(kv.val))
	}
	rel, err := relPath("", s)
	if err != nil {
		v.fail(v.line(kv.val), err)
		return ""
	}
	spec.refs = append(spec.refs, rel)
	html, err := r.bodyFile(md, rel, v.diag)
	if err != nil {
		v.fail(v.line(kv.val), err)
	}
	return html
}

func readEditorial(v yamlView, n *yaml.Node, e *content.Editorial) {
	if !v.mapping(n, "editorial") {
		return
	}
	for _, kv := range v.pairs(n) {
		switch kv.key.Value {
		case "office":
			e.Office = v.limited(kv, content.MaxName)
		case "address":
			s, _ := v.raw(kv)
			e.Address = v.limit(kv, lines(s), content.MaxText)
		case "phone":
			e.Phone = v.limited(kv, content.MaxName)
		case "email":
			e.Email = v.limited(kv, content.MaxName)
		case "editors":
			items, _ := v.list(kv)
			for i, it := range items {
				if p, ok := readPerson(v, it, i); ok {
					e.Editors = append(e.Editors, p)
				}
			}
		default:
			v.unknown(kv.key, " in editorial")
		}
	}
}

func readPerson(v yamlView, n *yaml.Node, i int) (content.Person, bool) {
	var p content.Person
	if !v.mapping(n, fmt.Sprintf("editor %d", i+1)) {
		return p, false
	}
	for _, kv := range v.pairs(n) {
		switch kv.key.Value {
		case "name":
			p.Name = v.limited(kv, content.MaxName)
		case "role":
			p.Role = v.limited(kv, content.MaxName)
		case "phone":
			p.Phone = v.limited(kv, content.MaxName)
		case "email":
			p.Email = v.limited(kv, content.MaxName)
		default:
			v.unknown(kv.key, " in an editor")
		}
	}
	if p.Name == "" {
		v.warn(v.line(n), "editor %d has no name; left out", i+1)
		return p, false
	}
	return p, true
}

func readGroups(v yamlView, kv pair) []groupSpec {
	items, ok := v.list(kv)
	if !ok {
		return nil
	}
	groups := make([]groupSpec, 0, len(items))
	for i, it := range items {
		if !v.mapping(it, fmt.Sprintf("group %d", i+1)) {
			continue
		}
		g := groupSpec{line: v.line(it)}
		for _, f := range v.pairs(it) {
			switch f.key.Value {
			case "title":
				g.title = v.limited(f, content.MaxTitle)
			case "sections":
				names, _ := v.list(f)
				for _, n := range names {
					if n.Kind != yaml.ScalarNode || strings.TrimSpace(n.Value) == "" {
						v.warn(v.line(n), "group %d: a section must be a folder name; entry ignored", i+1)
						continue
					}
					g.names = append(g.names, nameAt{strings.Trim(strings.TrimSpace(n.Value), "/"), v.line(n)})
				}
			default:
				v.unknown(f.key, " in a group")
			}
		}
		if g.title == "" {
			v.fail(g.line, fmt.Errorf("%w: group %d has no title; add \"title: …\"", ErrSite, i+1))
			continue
		}
		groups = append(groups, g)
	}
	return groups
}
