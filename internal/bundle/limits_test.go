package bundle

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

// TestOpenRefusesLongFields: a field over content's limits refuses a
// hand-made bundle with one line naming the node (or site.json) and the field.
func TestOpenRefusesLongFields(t *testing.T) {
	long := strings.Repeat("ą", content.MaxTitle+1)
	tests := []struct {
		name   string
		entry  string // prefix of the entry to change
		old    string // JSON to replace in it
		new    string
		phrase string
	}{
		{"node title", "nodes/" + content.NodeID("urzedy/sejm").String(), `"title":"Sejm RP"`, `"title":"` + long + `"`,
			"node " + content.NodeID("urzedy/sejm").String() + ": content: title is 1001 characters long; the limit is 1000"},
		{"author", "nodes/" + content.NodeID("inne/jednostki/mops").String(), `"author":"Jan Kowalski"`, `"author":"` + long[:2*(content.MaxName+1)] + `"`,
			"meta.author is 501 characters long; the limit is 500"},
		{"attachment name", "nodes/" + content.NodeID("inne/jednostki/mops").String(), `"name":"tekst.txt"`, `"name":"` + long + `.txt"`,
			"attachments[1].name is 1005 characters long; the limit is 500"},
		{"site name", "site.json", `"name":"Biuletyn Informacji Publicznej Miasta Chojnów"`, `"name":"` + long + `"`,
			"site.json: content: name is 1001 characters long; the limit is 1000"},
		{"group title", "site.json", `"title":"INNE"`, `"title":"` + long + `"`,
			"site.json: content: groups[0].title is 1001 characters long; the limit is 1000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCraft(t)
			e := c.entry(t, tc.entry)
			if !bytes.Contains(e.data, []byte(tc.old)) {
				t.Fatalf("%s holds no %s", e.name, tc.old)
			}
			e.data = bytes.Replace(e.data, []byte(tc.old), []byte(tc.new), 1)
			c.relist()
			_, err := Inspect(c.save(t), trustChojnow())
			checkRefusal(t, err, ErrLimit, tc.phrase)
			var tooLong *content.FieldTooLongError
			if !errors.As(err, &tooLong) {
				t.Errorf("got %v, want a *content.FieldTooLongError inside", err)
			}
			if strings.Contains(err.Error(), long[:100]) {
				t.Errorf("the message quotes the long text: %.200s…", err)
			}
		})
	}
}

// TestWriteRefusesLongTitle: what Write produces, Open accepts.
func TestWriteRefusesLongTitle(t *testing.T) {
	s := newSample()
	s.nodes[0].Title = strings.Repeat("x", content.MaxTitle+1)
	var buf bytes.Buffer
	err := Write(&buf, WriteOptions{Key: chojnow, Sequence: 1, Created: created}, s.site, s.nodes, s.opener())
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v, want %v", err, ErrLimit)
	}
}
