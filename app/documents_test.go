package app

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/goregular"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
)

// twoPagePDF is a PDF of two pages of Polish text, written by gopdf.
func twoPagePDF(t *testing.T) []byte {
	t.Helper()
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	if err := pdf.AddTTFFontData("go", goregular.TTF); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"Uchwała budżetowa gminy na rok 2026", "Załącznik: wydatki bieżące i majątkowe"} {
		pdf.AddPage()
		if err := pdf.SetFont("go", "", 14); err != nil {
			t.Fatal(err)
		}
		pdf.SetXY(56, 56)
		if err := pdf.Cell(nil, line); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := pdf.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// needProgram skips where a publishing tool is missing, and fails in CI,
// where scripts/setup --test installs it.
func needProgram(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: run scripts/setup --test", name)
		}
		t.Skipf("%s is not installed (scripts/setup --test installs it)", name)
	}
}

// builtAttachment builds a bundle of the tree with args and returns its
// format version, the PDF attachment and what the build printed on stderr.
func builtAttachment(t *testing.T, tree, key string, args ...string) (int, content.Attachment, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "b.zip")
	code, _, stderr := cli(t, t.TempDir(), append([]string{"bundle", "build", "--from", tree, "--key", key + ".key", "--sequence", "1", "--out", out}, args...)...)
	if code != 0 {
		t.Fatalf("bundle build: exit %d: %s", code, stderr)
	}
	pub, err := bundle.ReadPublicKey(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Open(out, bundle.OpenOptions{Trust: bundle.TrustKeys(pub)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var got content.Attachment
	err = b.EachNode(func(n content.Node) error {
		for _, a := range n.Attachments {
			if a.Type == "application/pdf" {
				got = a
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Manifest().Version, got, stderr
}

// TestBundleBuildDocuments: "bundle build" carries each PDF's text, pages
// form-feed separated, and page images; without the tools it warns, names
// the package, and builds; --attachment-text=false writes format 1.
func TestBundleBuildDocuments(t *testing.T) {
	needProgram(t, "pdftoppm")
	work := t.TempDir()
	tree := filepath.Join(work, "tree")
	writeMessyTree(t, tree, "Budżet")
	md := filepath.Join(tree, "urzad", "dane.md")
	page, _ := os.ReadFile(md)
	os.WriteFile(md, bytes.Replace(page, []byte("attachments:\n"), []byte("attachments:\n  - {file: budzet.pdf, title: Budżet}\n"), 1), 0o644)
	os.WriteFile(filepath.Join(tree, "urzad", "budzet.pdf"), twoPagePDF(t), 0o644)
	key := filepath.Join(work, "gmina")
	mustCLI(t, t.TempDir(), "keygen", "--out", key, "--publisher", "Gmina Testowa")

	cache := filepath.Join(work, "cache")
	v, a, _ := builtAttachment(t, tree, key, "--doc-cache", cache, "--ocr=false")
	if v != 2 || a.Text == nil || a.Text.Method != content.TextLayer || len(a.Pages) != 2 {
		t.Fatalf("version %d, text %+v, %d pages; want 2, layer text, 2 pages", v, a.Text, len(a.Pages))
	}
	if a.Pages[0].Width < 1000 || a.Pages[0].Type != "image/png" {
		t.Errorf("page 1: %+v, want a PNG about 1240 pixels wide", a.Pages[0])
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "*.json")); len(entries) != 2 { // the PDF and cennik.txt
		t.Errorf("cache holds %d descriptions, want 2", len(entries))
	}
	if _, again, _ := builtAttachment(t, tree, key, "--doc-cache", cache, "--ocr=false"); !sameAttachment(again, a) {
		t.Errorf("built again from the cache: %+v, want %+v", again, a)
	}

	v, a, _ = builtAttachment(t, tree, key, "--page-dpi", "0", "--ocr=false")
	if v != 2 || a.Text == nil || len(a.Pages) != 0 {
		t.Errorf("--page-dpi 0: version %d, text %v, %d pages; want text, no pages", v, a.Text != nil, len(a.Pages))
	}
	v, a, _ = builtAttachment(t, tree, key, "--attachment-text=false")
	if v != 1 || a.Text != nil || len(a.Pages) != 0 {
		t.Errorf("--attachment-text=false: version %d, %v, %d pages; want version 1 without them", v, a.Text != nil, len(a.Pages))
	}

	t.Setenv("PATH", t.TempDir())
	v, a, stderr := builtAttachment(t, tree, key)
	if v != 2 || a.Text == nil || len(a.Pages) != 0 || strings.Count(stderr, "poppler-utils") != 1 {
		t.Errorf("without pdftoppm: version %d, text %v, %d pages, stderr %q; want the text and one warning naming poppler-utils", v, a.Text != nil, len(a.Pages), stderr)
	}
}

func sameAttachment(a, b content.Attachment) bool {
	if (a.Text == nil) != (b.Text == nil) || len(a.Pages) != len(b.Pages) || a.Text != nil && *a.Text != *b.Text {
		return false
	}
	for i := range a.Pages {
		if a.Pages[i] != b.Pages[i] {
			return false
		}
	}
	return true
}
