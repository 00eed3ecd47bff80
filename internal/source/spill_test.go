package source

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

// TestReadLeanCompletesToRead checks that a lean tree holds no bodies and
// that Complete gives back every node exactly as Read makes it, without
// filling the tree's own history.
func TestReadLeanCompletesToRead(t *testing.T) {
	for _, tc := range []struct {
		name string
		dir  func(t *testing.T) string
	}{
		{"messy fixture", func(*testing.T) string { return "testdata/messy" }},
		{"history with earlier bodies", func(t *testing.T) string {
			return writeTree(t, map[string]string{
				"u/_index.md": "---\ntitle: Urząd\n---\nO urzędzie.\n",
				"u/stary.md":  "---\ntitle: stara\n---\nStary *tekst*.\n",
				"u/dane.md": "---\ntitle: Dane\nhistory:\n" +
					"  - {at: \"2024-07-01\", previous: stary.md}\n" +
					"  - {at: \"2020-01-01\", summary: bez treści}\n" +
					"  - {at: \"2003-11-18\", previous: \"Pierwsza **wersja**.\"}\n---\nTreść *teraz*.\n",
				"bez-indeksu/a.md": "---\ntitle: A\n---\nA.\n",
			})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir(t)
			full, err := Read(dir)
			if err != nil {
				t.Fatal(err)
			}
			lean, err := ReadLean(dir, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer lean.Close()
			if len(lean.Nodes) != len(full.Nodes) || !reflect.DeepEqual(lean.Warnings, full.Warnings) {
				t.Fatalf("got %d nodes and warnings %v, want %d nodes and %v", len(lean.Nodes), lean.Warnings, len(full.Nodes), full.Warnings)
			}
			bodies := 0
			for i, n := range lean.Nodes {
				if n.Body != "" {
					t.Errorf("node %q: lean tree holds its body", n.Path)
				}
				for _, c := range n.History {
					if c.PreviousBody != "" {
						t.Errorf("node %q: lean tree holds an earlier body", n.Path)
					}
				}
				if full.Nodes[i].Body != "" {
					bodies++
				}
				c := n
				if err := lean.Complete(&c); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(c, full.Nodes[i]) {
					t.Errorf("node %q: completed\n%+v\nwant\n%+v", n.Path, c, full.Nodes[i])
				}
				for _, h := range lean.Nodes[i].History {
					if h.PreviousBody != "" {
						t.Errorf("node %q: Complete filled the tree's own history", n.Path)
					}
				}
			}
			if bodies == 0 {
				t.Fatal("the tree has no bodies to keep on disk")
			}
		})
	}
}

// TestReadLeanCloseRemovesFile checks that the bodies' file leaves no name
// behind and that Complete fails after Close instead of giving empty bodies.
func TestReadLeanCloseRemovesFile(t *testing.T) {
	spillDir := t.TempDir()
	tree, err := ReadLean("testdata/messy", spillDir)
	if err != nil {
		t.Fatal(err)
	}
	// Where the system lets an open file go, it is gone at once, so a killed
	// build leaves nothing behind.
	if files, _ := os.ReadDir(spillDir); runtime.GOOS != "windows" && len(files) != 0 {
		t.Fatalf("got %d files in the spill folder while the tree is open, want none", len(files))
	}
	if err := tree.Close(); err != nil {
		t.Fatal(err)
	}
	if err := tree.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if files, _ := os.ReadDir(spillDir); len(files) != 0 {
		t.Errorf("got %d files left after Close, want none", len(files))
	}
	failed := 0
	for _, n := range tree.Nodes {
		if err := tree.Complete(&n); err != nil {
			failed++
		}
	}
	if failed == 0 {
		t.Error("got no error from Complete after Close, want one for every node with a body")
	}
}

// TestReadLeanRefusesBadSpillDir checks that a folder the bodies cannot be
// written to is an error, not a tree without bodies.
func TestReadLeanRefusesBadSpillDir(t *testing.T) {
	if _, err := ReadLean("testdata/messy", filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("got no error for a spill folder that does not exist")
	}
}
