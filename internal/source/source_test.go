package source

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// writeTree writes files (slash path → content) under a new temporary
// folder; a site.yaml is added unless the files give one.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files[siteFile]; !ok {
		files[siteFile] = "name: BIP Testowo\nowner: Miasto Testowo\n"
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func findNode(t *testing.T, tree *Tree, path string) content.Node {
	t.Helper()
	for _, n := range tree.Nodes {
		if n.Path == path {
			return n
		}
	}
	t.Fatalf("no node with path %q", path)
	return content.Node{}
}

func hasWarning(ws []Warning, file string, line int, substr string) bool {
	for _, w := range ws {
		if w.File == file && (line < 0 || w.Line == line) && strings.Contains(w.Message, substr) {
			return true
		}
	}
	return false
}

func TestReadMessyFixtureBuildsWithWarnings(t *testing.T) {
	tree, err := Read("testdata/messy")
	if err != nil {
		t.Fatalf("got error %v, want the messy tree to build", err)
	}
	wants := []struct {
		name   string
		file   string
		line   int // -1: any line
		substr string
	}{
		{name: "unknown site key", file: "site.yaml", line: 5, substr: `unknown key "colour"`},
		{name: "unknown group folder", file: "site.yaml", line: 21, substr: `"nieistnieje"`},
		{name: "folder in no group", file: "zapomniany/_index.md", line: 0, substr: "in no group"},
		{name: "page without front matter", file: "urzad/dane.md", line: 0, substr: "no front matter"},
		{name: "windows-1250 file", file: "urzad/cp1250.md", line: 2, substr: "Windows-1250"},
		{name: "invalid utf-8", file: "urzad/bledne.md", line: 6, substr: "invalid UTF-8"},
		{name: "mojibake", file: "urzad/mojibake.md", line: 5, substr: "double-encoded"},
		{name: "unknown front matter key", file: "urzad/nieznane.md", line: 3, substr: `unknown key "autor"`},
		{name: "odd date", file: "urzad/nieznane.md", line: 5, substr: `created "18.11.2003"`},
		{name: "unknown attachment type", file: "urzad/nieznane.md", line: 10, substr: "unknown file type"},
		{name: "stray file", file: "urzad/notatki.txt", line: 0, substr: "no page uses this file"},
		{name: "folder without index", file: "inne/", line: 0, substr: "no _index.md"},
		{name: "history entry without date", file: "inne/jednostki/mops.md", line: 23, substr: "history entry 3 skipped"},
	}
	for _, w := range wants {
		t.Run(w.name, func(t *testing.T) {
			if !hasWarning(tree.Warnings, w.file, w.line, w.substr) {
				t.Errorf("got warnings %v, want one at %s:%d containing %q", tree.Warnings, w.file, w.line, w.substr)
			}
		})
	}
	for _, w := range tree.Warnings {
		if strings.Contains(w.File, ".ukryty") || strings.Contains(w.File, "mops-2003") || strings.Contains(w.File, "uchwala.pdf") {
			t.Errorf("got warning %v, want hidden and referenced files passed over silently", w)
		}
	}

	titles := map[string]string{
		"urzad":               "Urząd Miejski", // NBSP and trailing space collapsed
		"urzad/dane":          "Dane podstawowe",
		"urzad/cp1250":        "Zażółć gęślą jaźń",
		"inne":                "Inne",
		"inne/strona":         "Strona HTML",
		"inne/jednostki/mops": "Miejski Ośrodek Pomocy Społecznej",
	}
	for path, want := range titles {
		if got := findNode(t, tree, path).Title; got != want {
			t.Errorf("%s: got title %q, want %q", path, got, want)
		}
	}
	if n := len(tree.Nodes); n != 13 {
		t.Errorf("got %d nodes, want 13", n)
	}
	html := findNode(t, tree, "inne/strona").Body
	if strings.Contains(html, "script") || strings.Contains(html, "javascript") || strings.Contains(html, "Tytuł okna") || strings.Contains(html, "<h1") {
		t.Errorf("got body %q, want it sanitised, without head or title heading", html)
	}
	if b := findNode(t, tree, "urzad/bledne").Body; !strings.Contains(b, "Druga \ufffd linia") {
		t.Errorf("got body %q, want the bad byte replaced by U+FFFD", b)
	}
	ogl := findNode(t, tree, "urzad/nieznane")
	if ogl.Meta.Visits != 7936 || !ogl.Meta.Created.IsZero() || ogl.Meta.Published.IsZero() {
		t.Errorf("got meta %+v, want visits 7936, created empty, published set", ogl.Meta)
	}
	if len(ogl.Attachments) != 2 || ogl.Attachments[1].Type != "application/pdf" || ogl.Attachments[0].Type != octetStream {
		t.Errorf("got attachments %+v, want plik.xyz as octet-stream and uchwala.pdf as PDF", ogl.Attachments)
	}
	if tree.Site.Logo == nil || tree.Site.Logo.Type != "image/png" {
		t.Errorf("got logo %+v, want a PNG", tree.Site.Logo)
	}
	if got := tree.Site.Editorial.Address; got != "ul. Rynek 1\n00-001 Testowo" {
		t.Errorf("got address %q, want two lines", got)
	}
	if !strings.Contains(tree.Site.Instructions, "Jak korzystać") {
		t.Errorf("got instructions %q, want instrukcja.md rendered", tree.Site.Instructions)
	}
	groups := []string{"URZĄD MIEJSKI", "INNE", "Urzędy Centralne", "Zapomniany dział"}
	if len(tree.Site.Groups) != len(groups) {
		t.Fatalf("got %d groups, want %d", len(tree.Site.Groups), len(groups))
	}
	for i, g := range tree.Site.Groups {
		if g.Title != groups[i] || len(g.Nodes) != 1 {
			t.Errorf("group %d: got %q with %d nodes, want %q with 1", i, g.Title, len(g.Nodes), groups[i])
		}
	}
}

func TestReadFullPage(t *testing.T) {
	pdf := "%PDF-1.4\nstopka\n%%EOF\n"
	dir := writeTree(t, map[string]string{
		"site.yaml": `name: BIP Testowo
owner: Miasto Testowo
groups:
  - title: INNE
    sections: [inne, linki]
`,
		"inne/_index.md":       "---\ntitle: Inne\norder: 4\n---\n",
		"inne/mops/_index.md":  "---\ntitle: MOPS\n---\nO ośrodku.\n",
		"inne/mops/statut.pdf": pdf,
		"inne/mops/stary.md":   "---\ntitle: stara wersja\n---\nStary *tekst*.\n",
		"inne/mops/organizacja.md": `---
id: 0b9d8f3e-6a4c-4f2e-9d1a-2c3b4a5d6e7f
title: Organizacja jednostki
order: 2
publisher: Burmistrz Miasta
created: 2003-11-18 14:00:26
updated: 2024-07-01T10:00:00Z
visits: "7\u00a0936"
attachments:
  - {file: statut.pdf, title: Statut MOPS}
history:
  - {at: "2024-07-01T10:00:00Z", by: Administrator, change: modified, summary: nowy statut, previous: stary.md}
  - {at: "2003-11-18 14:00:26", change: nowa pozycja, previous: "Pierwsza **wersja**."}
---
## Kierownictwo

| Funkcja | Osoba |
|---|---|
| Kierownik | Anna Nowak |
`,
		"inne/mops/lista.md":  "---\ntitle: Łódź\norder: 2\nauthor: X\n---\n",
		"inne/mops/lublin.md": "---\ntitle: Lublin\norder: 2\nauthor: X\n---\n",
		"inne/mops/zz.md":     "---\ntitle: Mazowsze\norder: 2\nauthor: X\n---\n",
		"inne/mops/aa.md":     "---\ntitle: Żłobek\norder: 1\nauthor: X\n---\n",
		"linki/sejm.md":       "---\ntitle: Sejm\nurl: https://www.sejm.gov.pl\n---\n",
	})
	tree, err := Read(dir)
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	n := findNode(t, tree, "inne/mops/organizacja")
	if want := uuid.MustParse("0b9d8f3e-6a4c-4f2e-9d1a-2c3b4a5d6e7f"); n.ID != want {
		t.Errorf("got id %s, want the explicit %s", n.ID, want)
	}
	mops := findNode(t, tree, "inne/mops")
	if mops.ID != content.NodeID("inne/mops") || n.Parent != mops.ID || mops.Parent != content.NodeID("inne") {
		t.Errorf("got ids %s (parent %s), want derived ids and parents", mops.ID, mops.Parent)
	}
	if want := time.Date(2003, 11, 18, 13, 0, 26, 0, time.UTC); !n.Meta.Created.Equal(want) {
		t.Errorf("got created %v, want %v (Warsaw winter time)", n.Meta.Created, want)
	}
	if n.Meta.Visits != 7936 {
		t.Errorf("got visits %d, want 7936", n.Meta.Visits)
	}
	sum := sha256.Sum256([]byte(pdf))
	a := n.Attachments[0]
	if a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != int64(len(pdf)) || a.Type != "application/pdf" || a.Title != "Statut MOPS" || a.Name != "statut.pdf" {
		t.Errorf("got attachment %+v, want statut.pdf hashed and typed", a)
	}
	if p := tree.Files[a.SHA256]; !filepath.IsAbs(p) || filepath.Base(p) != "statut.pdf" {
		t.Errorf("got file path %q, want the absolute path of statut.pdf", p)
	}
	if len(n.History) != 2 || n.History[0].Kind != content.ChangeCreated || n.History[1].Kind != content.ChangeModified {
		t.Fatalf("got history %+v, want created then modified, oldest first", n.History)
	}
	if got := n.History[0].PreviousBody; !strings.Contains(got, "<strong>wersja</strong>") {
		t.Errorf("got inline previous body %q, want rendered Markdown", got)
	}
	if got := n.History[1].PreviousBody; !strings.Contains(got, "<em>tekst</em>") || strings.Contains(got, "stara wersja") {
		t.Errorf("got previous body %q, want stary.md rendered without its front matter", got)
	}
	if !strings.Contains(n.Body, "<table>") || !strings.Contains(n.Body, "<th>Funkcja</th>") {
		t.Errorf("got body %q, want a GFM table", n.Body)
	}
	// stary.md is a previous body, so it is no page.
	for _, node := range tree.Nodes {
		if node.Path == "inne/mops/stary" {
			t.Errorf("got node %q, want previous-body files left out of the menu", node.Path)
		}
	}
	// Children: order first, then Polish alphabetical order (Ł after L, before M).
	var got []string
	for _, node := range tree.Nodes {
		if node.Parent == mops.ID {
			got = append(got, node.Title)
		}
	}
	if want := "Żłobek,Lublin,Łódź,Mazowsze,Organizacja jednostki"; strings.Join(got, ",") != want {
		t.Errorf("got children %s, want %s", strings.Join(got, ","), want)
	}
	sejm := findNode(t, tree, "linki/sejm")
	if sejm.Kind != content.KindLink || sejm.URL != "https://www.sejm.gov.pl" {
		t.Errorf("got %s %q, want a link (kind implied by url)", sejm.Kind, sejm.URL)
	}
	if len(tree.Warnings) != 1 || !hasWarning(tree.Warnings, "linki/", 0, "no _index.md") {
		t.Errorf("got warnings %v, want only the missing linki/_index.md", tree.Warnings)
	}
}

func TestReadWithoutGroups(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"b/_index.md": "---\ntitle: Beta\norder: 1\n---\n",
		"a/_index.md": "---\ntitle: Alfa\norder: 2\n---\n",
		"c/_index.md": "---\ntitle: Ćma\norder: 1\n---\n",
		"a/x.md":      "---\ntitle: X\n---\n",
	})
	tree, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, g := range tree.Site.Groups {
		titles = append(titles, g.Title)
	}
	if got, want := strings.Join(titles, ","), "Beta,Ćma,Alfa"; got != want {
		t.Errorf("got groups %s, want %s", got, want)
	}
	if got := tree.Nodes[len(tree.Nodes)-1].Path; got != "a/x" {
		t.Errorf("got last node %q, want a/x (depth-first in menu order)", got)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		file  string
		line  int
		want  error
	}{
		{name: "invalid yaml", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nauthor: [a\nx: y\n---\n"}, file: "u/dane.md", line: 3, want: ErrFrontMatter},
		{name: "yaml tab indentation", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nhistory:\n\t- at: x\n---\n"}, file: "u/dane.md", line: 4, want: ErrFrontMatter},
		{name: "unterminated front matter", files: map[string]string{"u/dane.md": "---\ntitle: Dane\n\nTreść\n"}, file: "u/dane.md", line: 1, want: ErrFrontMatter},
		{name: "front matter is a list", files: map[string]string{"u/dane.md": "---\n- a\n- b\n---\n"}, file: "u/dane.md", line: 2, want: ErrFrontMatter},
		{name: "title is a list", files: map[string]string{"u/dane.md": "---\norder: 1\ntitle:\n  - a\n---\n"}, file: "u/dane.md", line: 4, want: ErrFrontMatter},
		{name: "repeated key", files: map[string]string{"u/dane.md": "---\ntitle: A\ntitle: B\n---\n"}, file: "u/dane.md", line: 3, want: ErrFrontMatter},
		{name: "missing title", files: map[string]string{"u/dane.md": "---\nauthor: Jan\n---\nTreść\n"}, file: "u/dane.md", line: 1, want: ErrNoTitle},
		{name: "link without url", files: map[string]string{"u/sejm.md": "---\ntitle: Sejm\nkind: link\n---\n"}, file: "u/sejm.md", line: 3, want: ErrNoURL},
		{name: "javascript link", files: map[string]string{"u/zly.md": "---\ntitle: Zły\nkind: link\nurl: javascript:alert(1)\n---\n"}, file: "u/zly.md", line: 4, want: ErrNoURL},
		{name: "missing attachment", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nattachments:\n  - file: brak.pdf\n---\n"}, file: "u/dane.md", line: 4, want: ErrMissingFile},
		{name: "attachment outside the tree", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nattachments: [../../etc/passwd]\n---\n"}, file: "u/dane.md", line: 3, want: ErrOutsideTree},
		{name: "missing previous file", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nhistory:\n  - at: 2020-01-01\n    previous: stare.html\n---\n"}, file: "u/dane.md", line: 5, want: ErrMissingFile},
		{name: "bad id", files: map[string]string{"u/dane.md": "---\nid: 12\ntitle: Dane\n---\n"}, file: "u/dane.md", line: 2, want: ErrFrontMatter},
		{name: "unknown kind", files: map[string]string{"u/dane.md": "---\ntitle: Dane\nkind: page\n---\n"}, file: "u/dane.md", line: 3, want: ErrFrontMatter},
		{name: "duplicate id", files: map[string]string{
			"u/a.md": "---\nid: 0b9d8f3e-6a4c-4f2e-9d1a-2c3b4a5d6e7f\ntitle: A\n---\n",
			"u/b.md": "---\ntitle: B\nid: 0b9d8f3e-6a4c-4f2e-9d1a-2c3b4a5d6e7f\n---\n",
		}, file: "u/b.md", line: 3, want: ErrDuplicateID},
		{name: "duplicate path", files: map[string]string{"u/a.md": "---\ntitle: A\n---\n", "u/a.html": "---\ntitle: A\n---\n"}, file: "u/a.md", line: 0, want: ErrDuplicatePath},
		{name: "site without name", files: map[string]string{"site.yaml": "owner: X\n", "u/a.md": "---\ntitle: A\n---\n"}, file: "site.yaml", line: 1, want: ErrSite},
		{name: "site invalid yaml", files: map[string]string{"site.yaml": "name: X\ngroups: [\n"}, file: "site.yaml", line: 2, want: ErrSite},
		{name: "missing logo", files: map[string]string{"site.yaml": "name: X\nlogo: herb.png\n"}, file: "site.yaml", line: 2, want: ErrMissingFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Read(writeTree(t, tt.files))
			if err == nil {
				t.Fatalf("got tree with %d nodes, want error %v", len(tree.Nodes), tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want errors.Is %v", err, tt.want)
			}
			if pos := position(tt.file, tt.line) + ": "; !strings.Contains(err.Error(), "\n"+pos) {
				t.Errorf("got %q, want a line starting %q", err, pos)
			}
			if !strings.HasPrefix(err.Error(), "source: ") {
				t.Errorf("got %q, want it to start with source:", err)
			}
		})
	}
}

func TestReadSymlinks(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "tajne.md"), []byte("---\ntitle: Tajne\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		link   string // link name inside the tree
		target func(dir string) string
		want   error // nil: the tree builds
	}{
		{name: "file outside", link: "u/tajne.md", target: func(string) string { return filepath.Join(outside, "tajne.md") }, want: ErrOutsideTree},
		{name: "folder outside", link: "poza", target: func(string) string { return outside }, want: ErrOutsideTree},
		{name: "file inside", link: "u/kopia.md", target: func(dir string) string { return filepath.Join(dir, "u", "a.md") }},
		{name: "loop", link: "u/petla", target: func(dir string) string { return filepath.Join(dir, "u") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"u/a.md": "---\ntitle: A\n---\n"})
			if err := os.Symlink(tt.target(dir), filepath.Join(dir, filepath.FromSlash(tt.link))); err != nil {
				t.Skipf("symlinks unavailable: %v", err)
			}
			_, err := Read(dir)
			if tt.want == nil && err != nil {
				t.Errorf("got %v, want the tree to build", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestReadCapsErrors(t *testing.T) {
	files := map[string]string{}
	for i := range maxErrors + 10 {
		files[fmt.Sprintf("u/p%03d.md", i)] = "---\nauthor: X\n---\n"
	}
	_, err := Read(writeTree(t, files))
	if !errors.Is(err, ErrTooMany) || !errors.Is(err, ErrNoTitle) {
		t.Fatalf("got %v, want ErrTooMany and ErrNoTitle", err)
	}
	if got, want := strings.Count(err.Error(), "\n"), maxErrors+1; got != want {
		t.Errorf("got %d lines after the heading, want %d", got, want)
	}
	if !strings.Contains(err.Error(), "60 problem(s)") {
		t.Errorf("got %q, want the total count in the heading", strings.SplitN(err.Error(), "\n", 2)[0])
	}
}

func TestReadNoSiteFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Read(dir)
	if !errors.Is(err, ErrSite) {
		t.Errorf("got %v, want ErrSite", err)
	}
	if _, err := Read(filepath.Join(dir, "nie-ma")); err == nil {
		t.Error("got no error for a missing folder, want one")
	}
}

func TestWarningString(t *testing.T) {
	tests := []struct {
		name string
		w    Warning
		want string
	}{
		{name: "with line", w: Warning{File: "urzad/dane.md", Line: 4, Message: "x"}, want: "urzad/dane.md:4: x"},
		{name: "whole file", w: Warning{File: "urzad/dane.md", Message: "x"}, want: "urzad/dane.md: x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.w.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
