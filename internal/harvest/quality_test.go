package harvest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"bipkiosk/internal/content"
)

// truthPage is one page of a fixture site's ground truth.
type truthPage struct {
	URL         string   `yaml:"url"`
	Title       string   `yaml:"title"`
	Kind        string   `yaml:"kind"`
	Parent      string   `yaml:"parent"`
	Author      string   `yaml:"author"`
	Publisher   string   `yaml:"publisher"`
	Responsible string   `yaml:"responsible"`
	EnteredBy   string   `yaml:"entered_by"`
	Created     string   `yaml:"created"`
	Published   string   `yaml:"published"`
	Updated     string   `yaml:"updated"`
	Visits      int64    `yaml:"visits"`
	Attachments []string `yaml:"attachments"`
	History     []string `yaml:"history"`
	Body        string   `yaml:"body"`
}

type truthSite struct {
	Name  string      `yaml:"name"`
	Owner string      `yaml:"owner"`
	Start string      `yaml:"start"`
	Pages []truthPage `yaml:"pages"`
}

func readTruth(t *testing.T, name string) truthSite {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "sites", name, "truth.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ts truthSite
	if err := yaml.Unmarshal(data, &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

// facts are (page, value) pairs of one kind, as "page\x00value" strings.
type facts map[string]bool

// score is precision and recall of got against want.
type score struct {
	name      string
	p, r      float64
	got, want int
}

func compare(name string, got, want facts) score {
	hit := 0
	for f := range got {
		if want[f] {
			hit++
		}
	}
	s := score{name: name, p: 1, r: 1, got: len(got), want: len(want)}
	if len(got) > 0 {
		s.p = float64(hit) / float64(len(got))
	}
	if len(want) > 0 {
		s.r = float64(hit) / float64(len(want))
	}
	return s
}

// fieldsOf lists the compared facts of a node or truth page, by fact kind.
type fieldsOf func(key string, add func(kind, value string))

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(warsaw).Format(time.DateTime)
}

func nodeFacts(n content.Node, parentURL string, add func(kind, value string)) {
	add("page", "")
	add("title", n.Title)
	add("kind", string(n.Kind))
	add("parent", parentURL)
	m := n.Meta
	for _, kv := range [][2]string{{"author", m.Author}, {"publisher", m.Publisher}, {"responsible", m.Responsible},
		{"entered_by", m.EnteredBy}, {"created", fmtTime(m.Created)}, {"published", fmtTime(m.Published)}, {"updated", fmtTime(m.Updated)}} {
		add(kv[0], kv[1])
	}
	if m.Visits > 0 {
		add("visits", strconv.FormatInt(m.Visits, 10))
	}
	for _, a := range n.Attachments {
		add("attachment", a.Title)
	}
	for _, c := range n.History {
		add("history", fmtTime(c.At))
	}
}

func truthFacts(p truthPage, add func(kind, value string)) {
	add("page", "")
	add("title", p.Title)
	add("kind", p.Kind)
	add("parent", p.Parent)
	for _, kv := range [][2]string{{"author", p.Author}, {"publisher", p.Publisher}, {"responsible", p.Responsible},
		{"entered_by", p.EnteredBy}, {"created", p.Created}, {"published", p.Published}, {"updated", p.Updated}} {
		add(kv[0], kv[1])
	}
	if p.Visits > 0 {
		add("visits", strconv.FormatInt(p.Visits, 10))
	}
	for _, a := range p.Attachments {
		add("attachment", a)
	}
	for _, h := range p.History {
		add("history", h)
	}
}

var factKinds = []string{"page", "title", "kind", "parent", "author", "publisher", "responsible", "entered_by",
	"created", "published", "updated", "visits", "attachment", "history"}

// tokens splits text into lower-case words.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 127 && r != '\u00a0')
	})
}

// tokenF1 is the F1 of the multisets of words of got and want.
func tokenF1(got, want string) float64 {
	g, w := tokens(got), tokens(want)
	if len(g) == 0 && len(w) == 0 {
		return 1
	}
	count := map[string]int{}
	for _, t := range w {
		count[t]++
	}
	hit := 0
	for _, t := range g {
		if count[t] > 0 {
			count[t]--
			hit++
		}
	}
	if hit == 0 {
		return 0
	}
	p, r := float64(hit)/float64(len(g)), float64(hit)/float64(len(w))
	return 2 * p * r / (p + r)
}

func bodyText(h string) string {
	doc, err := html.Parse(strings.NewReader(h))
	if err != nil {
		return h
	}
	return text(doc)
}

// TestExtractionQuality harvests each fixture site over HTTP and scores it
// against its ground truth: precision and recall of pages, titles,
// kinds, menu parents, each metadata field, attachments and history
// entries, and the mean token F1 of body texts. Every figure must reach 0.95.
func TestExtractionQuality(t *testing.T) {
	for _, site := range fixtureSites {
		t.Run(site.name, func(t *testing.T) {
			srv := serveSite(t, site.name, site.htmlType)
			truth := readTruth(t, site.name)
			pages := crawl(t, srv.URL+truth.Start)
			b, err := Extract(pages, Options{Start: srv.URL + truth.Start})
			if err != nil {
				t.Fatal(err)
			}
			if b.Adapter != site.adapter {
				t.Errorf("adapter %s, want %s", b.Adapter, site.adapter)
			}
			if b.Site.Name != truth.Name || b.Site.Owner != truth.Owner {
				t.Errorf("site %q of %q, want %q of %q", b.Site.Name, b.Site.Owner, truth.Name, truth.Owner)
			}
			got, want, f1s := score3(srv.URL, b, truth, t)
			reportFloor(t, site.name, got, want, f1s, 0.95)
		})
	}
}

// score3 collects the facts of the harvest and of the truth, page by page,
// and the body-text F1 of every page that has a body.
func score3(base string, b *Bulletin, truth truthSite, t *testing.T) (got, want map[string]facts, f1s []float64) {
	t.Helper()
	abs := func(u string) string {
		if u == "" || strings.Contains(u, "://") {
			return u
		}
		return canonical(base + u)
	}
	got, want = map[string]facts{}, map[string]facts{}
	adder := func(m map[string]facts, page string) func(kind, value string) {
		return func(kind, value string) {
			if value == "" && kind != "page" && kind != "parent" {
				return
			}
			if m[kind] == nil {
				m[kind] = facts{}
			}
			m[kind][page+"\x00"+value] = true
		}
	}
	urlOf := map[uuid.UUID]string{}
	for _, n := range b.Nodes {
		key := canonical(n.Meta.SourceURL)
		if n.Kind == content.KindLink {
			key = n.URL
		}
		urlOf[n.ID] = key
		nodeFacts(n, urlOf[n.Parent], adder(got, key))
	}
	bodies := map[string]string{}
	for _, n := range b.Nodes {
		bodies[canonical(n.Meta.SourceURL)] = bodyText(n.Body)
	}
	for _, p := range truth.Pages {
		key := abs(p.URL)
		p.Parent = abs(p.Parent)
		truthFacts(p, adder(want, key))
		if p.Kind != "link" {
			f1 := tokenF1(bodies[key], p.Body)
			f1s = append(f1s, f1)
			if f1 < 0.95 {
				t.Logf("body of %s: F1 %.2f\n got: %s\nwant: %s", p.URL, f1, bodies[key], p.Body)
			}
		}
	}
	return got, want, f1s
}

// reportFloor logs the figures (for docs/harvest.md) and fails any below floor.
func reportFloor(t *testing.T, name string, got, want map[string]facts, f1s []float64, floor float64) {
	t.Helper()
	var lines []string
	for _, kind := range factKinds {
		if len(got[kind]) == 0 && len(want[kind]) == 0 {
			continue
		}
		s := compare(kind, got[kind], want[kind])
		lines = append(lines, fmt.Sprintf("%-11s P %.2f R %.2f (%d found, %d true)", kind, s.p, s.r, s.got, s.want))
		if s.p < floor || s.r < floor {
			t.Errorf("%s: %s precision %.2f, recall %.2f, want ≥ %.2f", name, kind, s.p, s.r, floor)
			for f := range got[kind] {
				if !want[kind][f] {
					t.Logf("  extra %s: %q", kind, f)
				}
			}
			for f := range want[kind] {
				if !got[kind][f] {
					t.Logf("  missed %s: %q", kind, f)
				}
			}
		}
	}
	mean := 0.0
	for _, f := range f1s {
		mean += f
	}
	if len(f1s) > 0 {
		mean /= float64(len(f1s))
	}
	lines = append(lines, fmt.Sprintf("body       token F1 %.3f (mean of %d pages, lowest %.3f)", mean, len(f1s), slices.Min(append(f1s, 1))))
	if mean < floor {
		t.Errorf("%s: body token F1 %.3f, want ≥ %.2f", name, mean, floor)
	}
	t.Logf("%s quality:\n  %s", name, strings.Join(lines, "\n  "))
}
