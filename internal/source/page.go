package source

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/yuin/goldmark"
	"go.yaml.in/yaml/v3"

	"bipkiosk/internal/content"
)

// page is one parsed file of the tree, before it takes its place in the menu.
type page struct {
	rel    string // slash path of the file, e.g. "urzad/dane.md"
	node   content.Node
	idLine int               // line of an explicit id; 0 when the id comes from the path
	refs   []string          // files it uses: attachments and previous bodies
	files  map[string]string // sha256 → real path of its attachments
	diag   diag
	// spilled is where a lean read kept its bodies; nil otherwise.
	spilled *spilled
}

// parser turns page files into nodes; one per worker goroutine.
type parser struct {
	r  *reader
	md goldmark.Markdown
}

// pageJob names one page file for a worker.
type pageJob struct {
	rel, real string
	index     bool // _index.md: the front matter and body of its folder
}

func isHTMLName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// stem is a file name without its extension.
func stem(name string) string { return strings.TrimSuffix(name, path.Ext(name)) }

// parse reads one page file.
func (ps *parser) parse(job pageJob) *page {
	p := &page{rel: job.rel, diag: diag{file: job.rel}}
	dir := path.Dir(job.rel)
	if dir == "." {
		dir = ""
	}
	p.node.Path = path.Join(dir, stem(path.Base(job.rel)))
	p.node.Kind = content.KindArticle
	if job.index {
		p.node.Path = dir
		p.node.Kind = content.KindSection
	}
	raw, err := os.ReadFile(job.real)
	if err != nil {
		p.diag.fail(0, fmt.Errorf("%w: cannot read: %w", ErrMissingFile, err))
		return p
	}
	ps.parseBytes(p, job, dir, raw)
	return p
}

// parseBytes parses the bytes of a page file into p.
func (ps *parser) parseBytes(p *page, job pageJob, dir string, raw []byte) {
	src := decodeText(raw, &p.diag)
	doc, err := split(src)
	if err != nil {
		p.diag.fail(1, err)
		return
	}
	isHTML := isHTMLName(job.rel)
	body := doc.body
	if doc.head == nil {
		title, rest := headingTitle(body, isHTML)
		if title == "" {
			title = nameTitle(stem(path.Base(job.rel)))
			if job.index {
				title = nameTitle(path.Base(dir))
			}
		}
		body = rest
		if content.CheckLength("title", title, content.MaxTitle) != nil {
			p.diag.fail(0, fmt.Errorf("%w: the title taken from the first heading is %d characters long; the limit is %d: add front matter with a shorter title",
				ErrTooLong, utf8.RuneCountInString(title), content.MaxTitle))
			title = cut(title, content.MaxTitle)
		}
		p.node.Title = title
		p.diag.warn(0, "no front matter; title %q taken from the text or file name — add a \"---\" block with at least a title", title)
	} else {
		m, line, err := parseYAML(doc.head, doc.headLine, ErrFrontMatter)
		if err != nil {
			p.diag.fail(line, err)
			return
		}
		ps.fields(p, yamlView{diag: &p.diag, off: doc.headLine - 1, bad: ErrFrontMatter}, m, dir, job.index)
		if p.node.Title == "" {
			p.diag.fail(1, fmt.Errorf("%w: add \"title: …\" to the front matter", ErrNoTitle))
		}
	}
	if p.node.Kind == content.KindLink {
		if len(bytes.TrimSpace(body)) > 0 {
			p.diag.warn(doc.bodyLine, "a link shows no text; its body is ignored")
		}
	} else {
		p.node.Body = render(ps.md, body, isHTML, &p.diag, doc.bodyLine)
	}
	if doc.head != nil && p.node.Kind == content.KindArticle && p.node.Meta.Publisher == "" && p.node.Meta.Author == "" &&
		p.node.Meta.Responsible == "" && p.node.Meta.Published.IsZero() && p.node.Meta.Created.IsZero() {
		p.diag.warn(0, "article has no BIP metadata (publisher, author, responsible, dates), which the law requires under every article")
	}
	slices.SortStableFunc(p.node.History, func(a, b content.Change) int { return a.At.Compare(b.At) })
	p.diag.tooLong(p.node.CheckLengths())
}

// fields applies the front matter keys to the page.
func (ps *parser) fields(p *page, v yamlView, m *yaml.Node, dir string, index bool) {
	var kindLine, urlLine int
	var kind string
	n := &p.node
	for _, kv := range v.pairs(m) {
		line := v.line(kv.key)
		switch kv.key.Value {
		case "id":
			s := v.text(kv)
			if s == "" {
				continue
			}
			id, err := uuid.Parse(s)
			if err != nil || id == uuid.Nil {
				v.fail(v.line(kv.val), fmt.Errorf("%w: id %q is not a UUID; remove it to derive one from the path, or generate one", ErrFrontMatter, s))
				continue
			}
			n.ID, p.idLine = id, line
		case "title":
			n.Title = v.limited(kv, content.MaxTitle)
		case "order":
			if s := v.text(kv); s != "" {
				o, ok := parseCount(s)
				if !ok || o != int64(int(o)) {
					v.warn(v.line(kv.val), "order %q is not a whole number; ignored", s)
					continue
				}
				n.Order = int(o)
			}
		case "kind":
			kind, kindLine = strings.ToLower(v.text(kv)), v.line(kv.val)
		case "url":
			n.URL, urlLine = v.limited(kv, content.MaxURL), v.line(kv.val)
		case "publisher":
			n.Meta.Publisher = v.limited(kv, content.MaxName)
		case "author":
			n.Meta.Author = v.limited(kv, content.MaxName)
		case "responsible":
			n.Meta.Responsible = v.limited(kv, content.MaxName)
		case "entered_by":
			n.Meta.EnteredBy = v.limited(kv, content.MaxName)
		case "source_url":
			n.Meta.SourceURL = v.limited(kv, content.MaxURL)
			if n.Meta.SourceURL != "" && !linkURL(n.Meta.SourceURL) {
				v.warn(v.line(kv.val), "source_url %q is not an http(s) address; ignored", n.Meta.SourceURL)
				n.Meta.SourceURL = ""
			}
		case "created":
			n.Meta.Created = v.date(kv)
		case "published":
			n.Meta.Published = v.date(kv)
		case "updated":
			n.Meta.Updated = v.date(kv)
		case "visits":
			if s := v.text(kv); s != "" {
				c, ok := parseCount(s)
				if !ok || c < 0 {
					v.warn(v.line(kv.val), "visits %q is not a count; ignored", s)
					continue
				}
				n.Meta.Visits = c
			}
		case "attachments":
			ps.attachments(p, v, kv, dir)
		case "history":
			ps.history(p, v, kv, dir)
		default:
			v.unknown(kv.key, " in front matter")
		}
	}
	ps.kind(p, v, kind, kindLine, urlLine, index)
}

// kind settles the node's kind from the kind and url keys.
func (ps *parser) kind(p *page, v yamlView, kind string, kindLine, urlLine int, index bool) {
	n := &p.node
	if index {
		if kind != "" && kind != string(content.KindSection) {
			v.warn(kindLine, "kind %q ignored: a folder's _index is always a section", kind)
		}
		if n.URL != "" {
			v.warn(urlLine, "url ignored: a folder's _index is a section, not a link")
			n.URL = ""
		}
		return
	}
	switch content.Kind(kind) {
	case "":
		if n.URL != "" {
			n.Kind = content.KindLink
		}
	case content.KindArticle:
		if n.URL != "" {
			v.warn(urlLine, "url is only used by links (kind: link); ignored")
			n.URL = ""
		}
	case content.KindLink:
		n.Kind = content.KindLink
	case content.KindSection:
		v.fail(kindLine, fmt.Errorf("%w: a file cannot be a section; make a folder with an _index.md", ErrFrontMatter))
	default:
		v.fail(kindLine, fmt.Errorf("%w: kind %q is not article or link", ErrFrontMatter, kind))
	}
	if n.Kind == content.KindLink && !linkURL(n.URL) {
		line := cmp.Or(urlLine, kindLine, 1)
		if n.URL == "" {
			v.fail(line, fmt.Errorf("%w: add \"url: https://…\"", ErrNoURL))
		} else {
			v.fail(line, fmt.Errorf("%w: %q is not an http(s), mailto or tel address", ErrNoURL, n.URL))
		}
	}
}

// date reads a date key; one it cannot read is left empty with a warning.
func (v yamlView) date(kv pair) time.Time {
	s := v.text(kv)
	if s == "" {
		return time.Time{}
	}
	t, ok := parseTime(s)
	if !ok {
		v.warn(v.line(kv.val), "%s %q is not a date like 2003-11-18 14:00:26 or 2003-11-18T14:00:26+01:00; left empty", kv.key.Value, s)
	}
	return t
}

// attachments reads the attachments list: file names (relative to the
// page's folder) or {file, title} entries.
func (ps *parser) attachments(p *page, v yamlView, kv pair, dir string) {
	items, ok := v.list(kv)
	if !ok {
		return
	}
	for i, it := range items {
		var file, title string
		line := v.line(it)
		switch it.Kind {
		case yaml.ScalarNode:
			file = it.Value
		case yaml.MappingNode:
			for _, f := range v.pairs(it) {
				switch f.key.Value {
				case "file":
					file, _ = v.raw(f)
				case "title":
					title = v.limited(f, content.MaxTitle)
				default:
					v.unknown(f.key, " in an attachment")
				}
			}
		default:
			v.fail(line, fmt.Errorf("%w: attachment %d must be a file name or {file, title}, not %s", ErrFrontMatter, i+1, describe(it)))
			continue
		}
		if strings.TrimSpace(file) == "" {
			v.fail(line, fmt.Errorf("%w: attachment %d has no file", ErrFrontMatter, i+1))
			continue
		}
		rel, err := relPath(dir, file)
		if err != nil {
			v.fail(line, err)
			continue
		}
		p.refs = append(p.refs, rel)
		blob, real, note, err := ps.r.blob(rel)
		if err != nil {
			v.fail(line, err)
			continue
		}
		if note != "" {
			v.warn(line, "%s: %s", rel, note)
		}
		if p.files == nil {
			p.files = make(map[string]string)
		}
		p.files[blob.SHA256] = real
		name := path.Base(rel)
		p.node.Attachments = append(p.node.Attachments, content.Attachment{Blob: blob, Title: cmp.Or(title, name), Name: name})
	}
}

// history reads the change register entries of the page.
func (ps *parser) history(p *page, v yamlView, kv pair, dir string) {
	items, ok := v.list(kv)
	if !ok {
		return
	}
	for i, it := range items {
		if !v.mapping(it, fmt.Sprintf("history entry %d", i+1)) {
			continue
		}
		c := content.Change{Kind: content.ChangeModified}
		var at string
		for _, f := range v.pairs(it) {
			switch f.key.Value {
			case "at":
				at = v.text(f)
				if t, ok := parseTime(at); ok {
					c.At = t
				}
			case "by":
				c.By = v.limited(f, content.MaxName)
			case "change":
				s := v.text(f)
				k, known := changeKinds[strings.ToLower(s)]
				if s != "" && !known {
					v.warn(v.line(f.val), "change %q is not created, modified or deleted; read as modified", s)
				}
				if known {
					c.Kind = k
				}
			case "summary":
				c.Summary = v.limited(f, content.MaxText)
			case "previous":
				s, _ := v.raw(f)
				c.PreviousBody = ps.previous(p, v, f, dir, s)
			default:
				v.unknown(f.key, " in a history entry")
			}
		}
		if c.At.IsZero() {
			v.warn(v.line(it), "history entry %d skipped: its date %q is missing or not like 2003-11-18 14:00:26", i+1, at)
			continue
		}
		p.node.History = append(p.node.History, c)
	}
}

// bodyFileExts are the extensions that make a one-line previous or
// instructions value a file name rather than inline text.
var bodyFileExts = []string{".md", ".markdown", ".html", ".htm", ".txt"}

// isBodyFile reports whether a value names a file of text.
func isBodyFile(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "\n<") {
		return false
	}
	return slices.Contains(bodyFileExts, strings.ToLower(path.Ext(s)))
}

// previous reads an earlier body: a file relative to the page's folder, or
// inline Markdown.
func (ps *parser) previous(p *page, v yamlView, f pair, dir, s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if !isBodyFile(s) {
		return render(ps.md, []byte(s), false, v.diag, v.line(f.val))
	}
	rel, err := relPath(dir, s)
	if err != nil {
		v.fail(v.line(f.val), err)
		return ""
	}
	p.refs = append(p.refs, rel)
	html, err := ps.r.bodyFile(ps.md, rel, v.diag)
	if err != nil {
		v.fail(v.line(f.val), err)
	}
	return html
}

// bodyFile reads a Markdown or HTML file used as a body by a page or by
// site.yaml; front matter in it, if any, is skipped.
func (r *reader) bodyFile(md goldmark.Markdown, rel string, d *diag) (string, error) {
	real, err := r.realPath(rel)
	if err != nil {
		return "", err
	}
	raw, err := os.ReadFile(real)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrMissingFile, rel, err)
	}
	fd := &diag{file: rel}
	src := decodeText(raw, fd)
	line := 1
	if doc, err := split(src); err == nil {
		src, line = doc.body, doc.bodyLine
	}
	html := render(md, src, isHTMLName(rel), fd, line)
	d.warns = append(d.warns, fd.warns...)
	return html, nil
}
