package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// module is the module path of go.mod; doc comments name the module's own
// packages without it ("internal/store", "frontend").
const module = "bipkiosk"

// checkedRoots are the folders whose packages carry an import list: the
// domain packages, the wiring and the embedded frontend. Test-only packages
// under tests/ have their imports in _test.go files and are checked too.
var checkedRoots = []string{"internal", "app", "frontend", "tests"}

// testOnly are packages that only tests may import.
var testOnly = []string{"internal/storetest", "internal/printingtest", "internal/bundletest", "internal/harvesttest"}

// The rule sentence: "It may import A, B and C." up to the first full stop
// that ends the sentence (a dot followed by white space or the end).
var rulePattern = regexp.MustCompile(`(?s)It may import (.*?)\.(?:\s|$)`)

var parenthetical = regexp.MustCompile(`\s*\([^)]*\)`)

// allowed is one package's import list as its doc.go states it.
type allowed struct {
	std, everyInternal bool
	paths              []string // module-relative or full import paths; a path allows its subpackages
}

func (a allowed) permits(imp string) bool {
	if isStd(imp) {
		return a.std
	}
	if a.everyInternal && strings.HasPrefix(imp, module+"/internal/") {
		return true
	}
	return slices.ContainsFunc(a.paths, func(p string) bool { return imp == p || strings.HasPrefix(imp, p+"/") })
}

// parseRule reads the import list of a package comment.
func parseRule(doc string) (allowed, bool) {
	m := rulePattern.FindStringSubmatch(strings.Join(strings.Fields(doc), " "))
	if m == nil {
		return allowed{}, false
	}
	var a allowed
	// A note in brackets says why an import is there; it names no import.
	list := parenthetical.ReplaceAllString(m[1], "")
	list = strings.ReplaceAll(strings.TrimPrefix(list, "only "), " and ", ", ")
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSuffix(strings.TrimSpace(item), " only")
		switch {
		case item == "":
		case item == "the standard library":
			a.std = true
		case item == "every internal package":
			a.everyInternal = true
		case strings.HasPrefix(item, "internal/") || item == "frontend" || strings.HasPrefix(item, "frontend/"):
			a.paths = append(a.paths, module+"/"+item)
		default:
			a.paths = append(a.paths, item)
		}
	}
	return a, true
}

func isStd(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".") && first != module
}

// pkg is one folder's Go package as the test reads it.
type pkg struct {
	dir     string // module-relative
	doc     string
	imports map[string][]string // import path → files that import it
}

// readPackages parses every package under the checked roots. Build
// constraints are ignored on purpose: the desktop-only files count too.
func readPackages(t *testing.T, root string) []pkg {
	t.Helper()
	var out []pkg
	for _, r := range checkedRoots {
		err := filepath.WalkDir(filepath.Join(root, r), func(p string, d os.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			if d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if pk, ok := readPackage(t, root, p); ok {
				out = append(out, pk)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", r, err)
		}
	}
	return out
}

func readPackage(t *testing.T, root, dir string) (pkg, bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	if len(files) == 0 {
		return pkg{}, false
	}
	rel, _ := filepath.Rel(root, dir)
	pk := pkg{dir: filepath.ToSlash(rel), imports: map[string][]string{}}
	underTests := strings.HasPrefix(pk.dir, "tests/")
	fset := token.NewFileSet()
	for _, f := range files {
		isTest := strings.HasSuffix(f, "_test.go")
		if isTest && !underTests {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ParseComments|parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		if af.Doc != nil && (strings.HasPrefix(af.Doc.Text(), "Package ") || strings.HasPrefix(af.Doc.Text(), "Command ")) {
			pk.doc += af.Doc.Text()
		}
		for _, is := range af.Imports {
			addImport(pk.imports, is, filepath.Base(f))
		}
	}
	return pk, true
}

func addImport(into map[string][]string, is *ast.ImportSpec, file string) {
	imp, _ := strconv.Unquote(is.Path.Value)
	into[imp] = append(into[imp], file)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod two folders up from tests/rules: %v", err)
	}
	return dir
}

// TestImportsMatchDocComments holds every package to the import list in its
// package comment: nothing imported that is not listed, nothing listed that
// is not imported (a stale list is as wrong as a broken rule).
func TestImportsMatchDocComments(t *testing.T) {
	for _, pk := range readPackages(t, repoRoot(t)) {
		t.Run(pk.dir, func(t *testing.T) {
			if pk.doc == "" {
				t.Fatalf("%s has no package comment; add a doc.go that says what it is for and what it may import", pk.dir)
			}
			rule, ok := parseRule(pk.doc)
			if !ok {
				t.Fatalf("%s: the package comment has no sentence \"It may import …\"", pk.dir)
			}
			for imp, files := range pk.imports {
				if !rule.permits(imp) {
					t.Errorf("%s imports %s (%s), which its package comment does not list", pk.dir, imp, strings.Join(files, ", "))
				}
			}
			for _, p := range rule.paths {
				if !slices.ContainsFunc(keys(pk.imports), func(imp string) bool { return imp == p || strings.HasPrefix(imp, p+"/") }) {
					t.Errorf("%s: its package comment lists %s, which it does not import", pk.dir, strings.TrimPrefix(p, module+"/"))
				}
			}
		})
	}
}

// TestTestSupportOnlyInTests keeps the test-support packages out of the
// program (only _test.go files and other test-support packages import them),
// and app, the wiring, at the top: only main imports it.
func TestTestSupportOnlyInTests(t *testing.T) {
	for _, pk := range readPackages(t, repoRoot(t)) {
		if slices.Contains(testOnly, pk.dir) || strings.HasPrefix(pk.dir, "tests/") {
			continue
		}
		for imp, files := range pk.imports {
			if slices.Contains(testOnly, strings.TrimPrefix(imp, module+"/")) {
				t.Errorf("%s imports the test-support package %s outside a test (%s)", pk.dir, imp, strings.Join(files, ", "))
			}
			if imp == module+"/app" {
				t.Errorf("%s imports app (%s); only main may: move what it needs into an internal package", pk.dir, strings.Join(files, ", "))
			}
		}
	}
}

// TestParseRule pins the grammar the import lists are written in.
func TestParseRule(t *testing.T) {
	tests := []struct {
		name, doc string
		permit    []string
		deny      []string
	}{
		{"std and module", "Package x does y.\n\nIt may import the standard library, internal/content and github.com/google/uuid. It knows nothing of HTTP.",
			[]string{"net/http", module + "/internal/content", "github.com/google/uuid"}, []string{module + "/internal/store", "golang.org/x/text"}},
		{"subpackages", "It may import golang.org/x/text.", []string{"golang.org/x/text/collate"}, []string{"fmt", "golang.org/x/textual"}},
		{"every internal package", "It may import every internal package, frontend and the standard library.",
			[]string{module + "/internal/web", module + "/frontend", "os"}, []string{"github.com/google/uuid"}},
		{"notes in brackets", "It may import only the standard library and github.com/yuin/goldmark (Markdown bodies, with its tables).",
			[]string{"strings", "github.com/yuin/goldmark/extension"}, []string{"github.com/google/uuid"}},
		{"only after", "It may import the standard library only.", []string{"time"}, []string{"github.com/google/uuid"}},
		{"version in path", "It may import github.com/dgraph-io/badger/v4.", []string{"github.com/dgraph-io/badger/v4/options"}, []string{"github.com/dgraph-io/badger/v3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := parseRule(tt.doc)
			if !ok {
				t.Fatalf("parseRule(%q) found no rule", tt.doc)
			}
			for _, p := range tt.permit {
				if !a.permits(p) {
					t.Errorf("got %s denied, want permitted", p)
				}
			}
			for _, p := range tt.deny {
				if a.permits(p) {
					t.Errorf("got %s permitted, want denied", p)
				}
			}
		})
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// rowPattern finds a package named in the first column of a table row.
var rowPattern = regexp.MustCompile("(?m)^\\| `((?:internal/)?[a-z0-9/]+)` \\|")

// TestArchitectureNamesEveryPackage keeps docs/architecture.md's package
// table to the tree: every package under internal/ has its row, and no row
// names a package that is gone.
func TestArchitectureNamesEveryPackage(t *testing.T) {
	root := repoRoot(t)
	doc, err := os.ReadFile(filepath.Join(root, "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, m := range rowPattern.FindAllStringSubmatch(string(doc), -1) {
		rows[m[1]] = true
	}
	dirs, err := os.ReadDir(filepath.Join(root, "internal"))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{"app": true, "frontend": true}
	for _, d := range dirs {
		if d.IsDir() {
			have["internal/"+d.Name()] = true
		}
	}
	for p := range have {
		if !rows[p] {
			t.Errorf("docs/architecture.md has no row for %s: add one to the package table", p)
		}
	}
	for p := range rows {
		if !have[p] {
			t.Errorf("docs/architecture.md has a row for %s, which does not exist", p)
		}
	}
}
