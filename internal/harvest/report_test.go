package harvest

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

func TestMissingMeta(t *testing.T) {
	when := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	full := content.Meta{Author: "Jan Nowak", Publisher: "Urząd Gminy", Published: when}
	for _, c := range []struct {
		name string
		n    content.Node
		want []string
	}{
		{"complete", content.Node{Kind: content.KindArticle, Meta: full}, nil},
		{"entered by stands for the publisher", content.Node{Kind: content.KindArticle, Meta: content.Meta{Author: "A", EnteredBy: "B", Published: when}}, nil},
		{"nothing", content.Node{Kind: content.KindArticle}, []string{NeedAuthor, NeedPublisher, NeedPublished}},
		{"blank author", content.Node{Kind: content.KindArticle, Meta: content.Meta{Author: "  ", Publisher: "U", Published: when}}, []string{NeedAuthor}},
		{"no date", content.Node{Kind: content.KindArticle, Meta: content.Meta{Author: "A", Publisher: "U"}}, []string{NeedPublished}},
		{"a section needs none", content.Node{Kind: content.KindSection}, nil},
		{"a link needs none", content.Node{Kind: content.KindLink}, nil},
	} {
		if got := MissingMeta(c.n); !slices.Equal(got, c.want) {
			t.Errorf("%s: MissingMeta = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCompareStates(t *testing.T) {
	a, b, c := uuid.New(), uuid.New(), uuid.New()
	nodes := []content.Node{
		{ID: a, Path: "a", Kind: content.KindArticle, Title: "A", Body: "<p>jeden</p>"},
		{ID: b, Path: "b", Kind: content.KindArticle, Title: "B"},
	}
	prev := Fingerprint(nodes)
	if got := Compare(prev, Fingerprint(slices.Clone(nodes))); !got.Empty() {
		t.Errorf("same nodes: %+v, want no change", got)
	}
	edited := slices.Clone(nodes)
	edited[0].Body = "<p>dwa</p>"
	edited[1].Attachments = []content.Attachment{{Blob: content.Blob{SHA256: "ab", Size: 1}, Name: "x.pdf"}}
	edited = append(edited, content.Node{ID: c, Path: "c", Kind: content.KindLink})
	got := Compare(prev, Fingerprint(edited))
	if !slices.Equal(got.Changed, []string{"a", "b"}) || !slices.Equal(got.Added, []string{"c"}) || got.Removed != nil {
		t.Errorf("edited: %+v, want a and b changed, c added", got)
	}
	got = Compare(prev, Fingerprint(nodes[1:]))
	if !slices.Equal(got.Removed, []string{"a"}) || got.Added != nil || got.Changed != nil {
		t.Errorf("a removed: %+v", got)
	}
	if got := Compare(State{}, prev); !slices.Equal(got.Added, []string{"a", "b"}) {
		t.Errorf("first harvest: %+v, want every node added", got)
	}
}

func TestStateKept(t *testing.T) {
	dir := t.TempDir()
	if st, err := ReadState(dir); err != nil || st.Nodes != nil {
		t.Fatalf("no state yet: %+v, %v", st, err)
	}
	want := Fingerprint([]content.Node{{ID: uuid.New(), Path: "x", Title: "X"}})
	if err := WriteState(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadState(dir)
	if err != nil || !Compare(want, got).Empty() || len(got.Nodes) != 1 {
		t.Errorf("read back %+v, %v; want %+v", got, err, want)
	}
}

func TestSummaryText(t *testing.T) {
	nodes := []content.Node{
		{ID: uuid.New(), Path: "o-nas", Kind: content.KindSection},
		{ID: uuid.New(), Path: "o-nas/statut", Kind: content.KindArticle, Meta: content.Meta{Author: "A"},
			Attachments: []content.Attachment{{Blob: content.Blob{Size: 2500}}}},
	}
	s := Summarize(nodes, State{Nodes: map[string]NodeState{}}, Fingerprint(nodes))
	s.Errors = map[string]string{"https://bip.example/x": "HTTP 500"}
	var out bytes.Buffer
	s.WriteText(&out)
	for _, want := range []string{
		"extracted 2 nodes: 1 articles, 1 sections, 0 links",
		"attachments: 1 (2.5 kB), 0 missing",
		"o-nas/statut: no udostępnił, no data udostępnienia",
		"https://bip.example/x: HTTP 500",
		"since the last harvest: 2 added, 0 changed, 0 removed",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestDropLinkNotice(t *testing.T) {
	for in, want := range map[string]string{
		"Dziennik Ustaw (link zewnętrzny)":  "Dziennik Ustaw",
		"ePUAP (otwiera się w nowym oknie)": "ePUAP",
		"Sejm (External link)":              "Sejm",
		"Statut (link zewnętrzny) gminy":    "Statut (link zewnętrzny) gminy",
		"(link zewnętrzny)":                 "(link zewnętrzny)",
		"Rada Miejska":                      "Rada Miejska",
	} {
		if got := dropLinkNotice(in); got != want {
			t.Errorf("dropLinkNotice(%q) = %q, want %q", in, got, want)
		}
	}
}
