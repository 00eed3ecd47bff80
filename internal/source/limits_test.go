package source

import (
	"errors"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

// TestReadRefusesLongFields: a field over content's limits stops the build
// with the file and line, the field and the limit, without quoting the text.
func TestReadRefusesLongFields(t *testing.T) {
	long := strings.Repeat("ł", 120_000)
	deep := strings.Repeat(strings.Repeat("k", 250)+"/", 9)
	tests := []struct {
		name   string
		files  map[string]string
		file   string
		line   int
		phrase string
	}{
		{name: "title", files: map[string]string{"u/dane.md": "---\ntitle: " + long + "\n---\nTreść\n"},
			file: "u/dane.md", line: 2, phrase: "title is 120000 characters long; the limit is 1000"},
		{name: "author", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nauthor: " + long[:2*501] + "\n---\n"},
			file: "u/dane.md", line: 3, phrase: "author is 501 characters long; the limit is 500"},
		{name: "attachment title", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nattachments:\n  - file: a.txt\n    title: " + long + "\n---\n", "u/a.txt": "a"},
			file: "u/dane.md", line: 5, phrase: "title is 120000 characters long; the limit is 1000"},
		{name: "change summary", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nhistory:\n  - at: 2020-01-01\n    summary: " + long + "\n---\n"},
			file: "u/dane.md", line: 5, phrase: "summary is 120000 characters long; the limit is 2000"},
		{name: "title from an HTML heading", files: map[string]string{"u/dane.html": "<h1>" + long + "</h1><p>Treść</p>"},
			file: "u/dane.html", line: 0, phrase: "the title taken from the first heading is 120000 characters long; the limit is 1000"},
		{name: "path of long folder names", files: map[string]string{deep + "a.md": "---\ntitle: A\n---\n"},
			file: deep + "a.md", line: 0, phrase: "path is 2260 characters long; the limit is 2000"},
		{name: "site name", files: map[string]string{"site.yaml": "owner: X\nname: " + long + "\n"},
			file: "site.yaml", line: 2, phrase: "name is 120000 characters long; the limit is 1000"},
		{name: "editor name", files: map[string]string{"site.yaml": "name: X\neditorial:\n  editors:\n    - name: " + long + "\n"},
			file: "site.yaml", line: 4, phrase: "name is 120000 characters long; the limit is 500"},
		{name: "postal address", files: map[string]string{"site.yaml": "name: X\neditorial:\n  address: |\n    " + long + "\n"},
			file: "site.yaml", line: 3, phrase: "address is 120000 characters long; the limit is 2000"},
		{name: "group title", files: map[string]string{"site.yaml": "name: X\ngroups:\n  - title: " + long + "\n    sections: [u]\n", "u/a.md": "---\ntitle: A\n---\n"},
			file: "site.yaml", line: 3, phrase: "title is 120000 characters long; the limit is 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Read(writeTree(t, tt.files))
			if err == nil {
				t.Fatalf("got tree with %d nodes, want error %v", len(tree.Nodes), ErrTooLong)
			}
			if !errors.Is(err, ErrTooLong) {
				t.Errorf("got %.300v, want errors.Is %v", err, ErrTooLong)
			}
			if want := "\n" + position(tt.file, tt.line) + ": text too long: " + tt.phrase; !strings.Contains(err.Error(), want) {
				t.Errorf("got %.600q, want a line %q", strings.ReplaceAll(err.Error(), strings.Repeat("k", 250), "K"), strings.ReplaceAll(want, strings.Repeat("k", 250), "K"))
			}
			if strings.Contains(err.Error(), long[:2*content.MaxTitle+2]) {
				t.Errorf("the error quotes more than the limit of the long text")
			}
		})
	}
}
