package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

// TestImportRefusesLongFields: a source whose text fields are over
// content's limits is refused before anything is installed, with one line
// naming the node (or the site) and the field.
func TestImportRefusesLongFields(t *testing.T) {
	long := strings.Repeat("ś", 120_000)
	tests := []struct {
		name   string
		edit   func(*testSource) string // returns what the message must say
		phrase string
	}{
		{name: "node title", edit: func(src *testSource) string {
			src.nodes[1].Title = long
			return "node " + src.nodes[1].ID.String() + ": content: title is 120000 characters long; the limit is 1000"
		}},
		{name: "change summary", edit: func(src *testSource) string {
			src.nodes[1].History = append(src.nodes[1].History, content.Change{Kind: content.ChangeModified, Summary: long})
			return "node " + src.nodes[1].ID.String() + ": content: history["
		}},
		{name: "editor name", edit: func(src *testSource) string {
			src.site.Editorial.Editors = []content.Person{{Name: long[:2*(content.MaxName+1)]}}
			return "site: content: editorial.editors[0].name is 501 characters long; the limit is 500"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			src := bulletin(1, "bytes")
			phrase := tt.edit(src)
			_, err := s.Import(context.Background(), src, ImportOptions{})
			var tooLong *content.FieldTooLongError
			if !errors.As(err, &tooLong) {
				t.Fatalf("got %v, want a *content.FieldTooLongError", err)
			}
			if msg := err.Error(); !strings.Contains(msg, phrase) || strings.Contains(msg, "\n") || len(msg) > 300 {
				t.Errorf("got message %.400q, want one short line containing %q", msg, phrase)
			}
			if _, err := s.Current(); !errors.Is(err, ErrEmpty) {
				t.Errorf("current after a refused import: got %v, want %v", err, ErrEmpty)
			}
		})
	}
}
