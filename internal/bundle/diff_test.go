package bundle

import (
	"slices"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

// changedSample is the sample's next edition: the article's body changes
// and it gains an attachment and loses one, a page is added under the
// section, the link and its group go, and the owner is renamed.
func changedSample() sample {
	s := newSample()
	extra := []byte("nowy cennik")
	b := blob(extra, "text/plain")
	s.blobs[b.SHA256] = extra
	s.nodes[1].Body = "<p>nowy adres</p>"
	s.nodes[1].Attachments = []content.Attachment{s.nodes[1].Attachments[0], {Blob: b, Title: "Cennik", Name: "cennik.txt"}}
	s.nodes = append(s.nodes[:2], content.Node{ID: content.NodeID("inne/jednostki/ops"), Parent: s.nodes[0].ID,
		Path: "inne/jednostki/ops", Kind: content.KindArticle, Title: "OPS", Order: 3})
	s.site.Groups = s.site.Groups[:1]
	s.site.Owner = "Gmina Miejska Chojnów"
	return s
}

func TestDiffBundles(t *testing.T) {
	old := save(t, "v1.zip", newSample().write(t, chojnow, 1))
	full := save(t, "v2.zip", changedSample().write(t, chojnow, 2))
	delta := save(t, "v2-delta.zip", changedSample().writeDelta(t, chojnow, 2, newSample().write(t, chojnow, 1)))
	for _, tt := range []struct{ name, next string }{{"full to full", full}, {"full to delta", delta}} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := DiffBundles(old, tt.next, trustChojnow())
			if err != nil {
				t.Fatal(err)
			}
			menus := func(l []PageChange) []string {
				var out []string
				for _, p := range l {
					out = append(out, strings.Join(p.Menu, " › "))
				}
				return out
			}
			checks := []struct {
				name      string
				got, want []string
			}{
				{"added", menus(d.Added), []string{"INNE › Jednostki organizacyjne › OPS"}},
				{"changed", menus(d.Changed), []string{"INNE › Jednostki organizacyjne › Miejski Ośrodek Pomocy Społecznej"}},
				{"changed fields", d.Changed[0].Fields, []string{"text", "attachments"}},
				{"removed", menus(d.Removed), []string{"Urzędy Centralne › Sejm RP"}},
				{"site", d.Site, []string{"owner", "menu groups"}},
				{"attachments added", attNames(d.AttachmentsAdded), []string{"cennik.txt"}},
				{"attachments removed", attNames(d.AttachmentsRemoved), []string{"tekst.txt"}},
			}
			for _, c := range checks {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
				}
			}
			if d.Old.Pages != 3 || d.New.Pages != 3 || d.New.Edition.Sequence != 2 || d.Empty() {
				t.Errorf("sides: got %+v → %+v, want 3 pages each, sequence 2, a non-empty diff", d.Old, d.New)
			}
		})
	}
}

func attNames(l []AttachmentChange) []string {
	var out []string
	for _, a := range l {
		out = append(out, a.Attachment.Name)
	}
	return out
}

func TestDiffOfAnEditionWithItselfIsEmpty(t *testing.T) {
	a := save(t, "a.zip", newSample().write(t, chojnow, 1))
	b := save(t, "b.zip", newSample().write(t, chojnow, 2))
	d, err := DiffBundles(a, b, trustChojnow())
	if err != nil || !d.Empty() {
		t.Fatalf("got %+v, %v, want an empty diff", d, err)
	}
}

func TestDiffRefuses(t *testing.T) {
	v1 := newSample().write(t, chojnow, 1)
	v3 := newSample().write(t, chojnow, 3)
	other := testKey(2, "Gmina Obca")
	tests := []struct {
		name     string
		old, new []byte
		opts     OpenOptions
		phrase   string
	}{
		{name: "old is a delta", old: changedSample().writeDelta(t, chojnow, 2, v1), new: v3,
			phrase: "v1.zip is a delta on sequence 1, so it does not show the whole old edition"},
		{name: "delta on another sequence", old: v1, new: changedSample().writeDelta(t, chojnow, 4, v3),
			phrase: "v2.zip is a delta on sequence 3, but v1.zip has sequence 1"},
		{name: "other publisher", old: v1, new: newSample().write(t, other, 2),
			opts:   OpenOptions{Trust: TrustKeys(chojnow.Public(), other.Public())},
			phrase: "diff two bundles of one publisher"},
		{name: "untrusted", old: v1, new: v3, opts: OpenOptions{Trust: TrustKeys(other.Public())}, phrase: "is not trusted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			if opts.Trust == nil {
				opts = trustChojnow()
			}
			_, err := DiffBundles(save(t, "v1.zip", tt.old), save(t, "v2.zip", tt.new), opts)
			if err == nil || !strings.Contains(err.Error(), tt.phrase) {
				t.Fatalf("got %v, want an error containing %q", err, tt.phrase)
			}
		})
	}
}
