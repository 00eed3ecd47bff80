package source

import (
	"strings"
	"testing"
)

// TestReadWarnsOfRemovedText: text the HTML policy removes is a warning at
// the file and line of the element that took it, never silence.
func TestReadWarnsOfRemovedText(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		file  string
		line  int
		want  string // "" for no warning about removed text
	}{
		{name: "unclosed template in Markdown", files: map[string]string{"u/a.md": "---\ntitle: A\n---\nWstęp.\n\n<template>\n\nUchwała nr 12\n"},
			file: "u/a.md", line: 6, want: `removed 11 characters of text, starting inside <template> with "Uchwała nr 12"`},
		{name: "unclosed textarea in an HTML page", files: map[string]string{"u/a.html": "---\ntitle: A\n---\n<p>a</p>\n<p>b</p><TEXTAREA>\n<p>Reszta</p>"},
			file: "u/a.html", line: 5, want: "starting inside <textarea>"},
		{name: "previous body inline", files: map[string]string{"u/a.md": "---\ntitle: A\nhistory:\n  - at: 2020-01-01\n    previous: \"a <button>Wyślij</button>\"\n---\n"},
			file: "u/a.md", line: 5, want: `removed 6 characters of text, starting inside <button> with "Wyślij"`},
		{name: "instructions file", files: map[string]string{"site.yaml": "name: X\ninstructions: jak.md\n", "jak.md": "Jak\n\n<select><option>Opcja</select>\n"},
			file: "jak.md", line: 3, want: "inside <select>"},
		{name: "stray end tag before an svg loses nothing", files: map[string]string{"u/a.md": "---\ntitle: A\n---\n<p>a</p></iframe><svg></svg>\n\nUchwała nr 12\n"}},
		{name: "script is not text", files: map[string]string{"u/a.html": "---\ntitle: A\n---\n<p>a</p><script>alert(1)</script>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Read(writeTree(t, tt.files))
			if err != nil {
				t.Fatal(err)
			}
			var removed []string
			for _, w := range tree.Warnings {
				if strings.Contains(w.Message, "HTML policy removed") {
					removed = append(removed, w.String())
				}
			}
			switch {
			case tt.want == "" && len(removed) > 0:
				t.Errorf("got %q, want no warning of removed text", removed)
			case tt.want != "" && !hasWarning(tree.Warnings, tt.file, tt.line, tt.want):
				t.Errorf("got %q, want %s:%d: …%s…", removed, tt.file, tt.line, tt.want)
			}
		})
	}
}
