package content

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckLengths(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		field string // "" for no error
		len   int
	}{
		{"title at the limit, in two-byte letters", Node{Title: strings.Repeat("ż", MaxTitle)}.CheckLengths(), "", 0},
		{"title over the limit", Node{Title: strings.Repeat("ż", MaxTitle+1)}.CheckLengths(), "title", MaxTitle + 1},
		{"author over the limit", Node{Title: "t", Meta: Meta{Author: strings.Repeat("a", MaxName+1)}}.CheckLengths(), "meta.author", MaxName + 1},
		{"second attachment's title", Node{Attachments: []Attachment{{Title: "a"}, {Title: strings.Repeat("a", MaxTitle+5)}}}.CheckLengths(),
			"attachments[1].title", MaxTitle + 5},
		{"change summary", Node{History: []Change{{Summary: strings.Repeat("a", MaxText+1)}}}.CheckLengths(), "history[0].summary", MaxText + 1},
		{"link address", Node{URL: "https://a.pl/" + strings.Repeat("a", MaxURL)}.CheckLengths(), "url", MaxURL + 13},
		{"site name", Site{Name: strings.Repeat("a", MaxTitle+1)}.CheckLengths(), "name", MaxTitle + 1},
		{"editor's e-mail", Site{Editorial: Editorial{Editors: []Person{{}, {Email: strings.Repeat("a", MaxName+1)}}}}.CheckLengths(),
			"editorial.editors[1].email", MaxName + 1},
		{"group title", Site{Groups: []Group{{Title: strings.Repeat("a", MaxTitle+1)}}}.CheckLengths(), "groups[0].title", MaxTitle + 1},
		{"bodies are not limited", Site{Instructions: strings.Repeat("a", 1<<20)}.CheckLengths(), "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e *FieldTooLongError
			switch {
			case tt.field == "" && tt.err != nil:
				t.Fatalf("got %v, want nil", tt.err)
			case tt.field == "":
			case !errors.As(tt.err, &e):
				t.Fatalf("got %v, want a *FieldTooLongError for %s", tt.err, tt.field)
			case e.Field != tt.field || e.Len != tt.len:
				t.Errorf("got %s of %d characters, want %s of %d", e.Field, e.Len, tt.field, tt.len)
			}
		})
	}
}
