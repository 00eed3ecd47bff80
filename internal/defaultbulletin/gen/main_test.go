package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRepeatBuilds checks that two builds of the same tree differ only in
// the signature and key: the content, its order and its dates are the same.
func TestRepeatBuilds(t *testing.T) {
	var builds [2]map[string][]byte
	var keys [2][]byte
	for i := range builds {
		out := t.TempDir()
		var warn bytes.Buffer
		if err := run(filepath.Join("..", "source"), out, &warn); err != nil {
			t.Fatal(err)
		}
		if w := unexpected(warn.String()); w != "" {
			t.Errorf("got warnings for the default bulletin, want none:\n%s", w)
		}
		builds[i] = entries(t, filepath.Join(out, "bulletin.zip"))
		var err error
		if keys[i], err = os.ReadFile(filepath.Join(out, "publisher.pub")); err != nil {
			t.Fatal(err)
		}
	}
	if bytes.Equal(keys[0], keys[1]) {
		t.Errorf("got the same key twice, want a fresh key per build")
	}
	if len(builds[0]) != len(builds[1]) {
		t.Fatalf("got %d and %d entries, want the same", len(builds[0]), len(builds[1]))
	}
	for name, a := range builds[0] {
		b, ok := builds[1][name]
		switch {
		case !ok:
			t.Errorf("%s: in the first build only", name)
		case name == "manifest.sig":
			if bytes.Equal(a, b) {
				t.Errorf("%s: got the same signature from two keys", name)
			}
		case !bytes.Equal(a, b):
			t.Errorf("%s: differs between builds, want only manifest.sig to differ", name)
		}
	}
}

// unexpected is the warnings a build should not give: all of them, unless
// a program the documents need is not installed here, outside CI
// (scripts/setup --test installs them); the build then warns about it.
func unexpected(warnings string) string {
	if os.Getenv("CI") == "true" {
		return warnings
	}
	for _, tool := range []string{"pdftoppm", "tesseract"} {
		if _, err := exec.LookPath(tool); err != nil {
			return ""
		}
	}
	return warnings
}

// entries reads every entry of a zip into memory (the bundle is small).
func entries(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}
