package defaultbulletin

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/bundle"
	"bipkiosk/internal/content"
)

// The sample scanned resolution: its page and the words the tests and the
// browser journey look for in its recognised text.
const (
	scanPage = "budzet/uchwala-budzetowa"
	scanFile = "uchwala-nr-xv-98-2024.pdf"
	// scanWord is on the scan's second page only, and in no page's body.
	scanWord = "termomodernizację"
)

// documentTools reports whether the programs that make a scan's pages and
// text are installed here.
func documentTools() bool {
	for _, tool := range []string{"pdftoppm", "tesseract"} {
		if _, err := exec.LookPath(tool); err != nil {
			return false
		}
	}
	return true
}

// scanOf opens the bundle in data and returns the sample scan's attachment
// and its published text ("" when it carries none).
func scanOf(t *testing.T, data []byte, key bundle.PublicKey) (content.Attachment, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bulletin.zip")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: func(p bundle.Publisher) (ed25519.PublicKey, error) {
		if p.ID != PublisherID {
			return nil, fmt.Errorf("publisher %s not trusted", p.ID)
		}
		return key.Key, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var scan *content.Attachment
	var bodies strings.Builder
	err = b.EachNode(func(n content.Node) error {
		bodies.WriteString(n.Body)
		for _, a := range n.Attachments {
			if n.Path == scanPage && a.Name == scanFile {
				scan = &a
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scan == nil {
		t.Fatalf("no %s attached to %s", scanFile, scanPage)
	}
	if strings.Contains(bodies.String(), scanWord) {
		t.Fatalf("a page's body has %q: the search test needs a word found in the scan only", scanWord)
	}
	if scan.Text == nil {
		return *scan, ""
	}
	var text string
	err = b.EachBlob(func(sha string, _ int64, r io.Reader) error {
		if sha == scan.Text.SHA256 {
			raw, err := io.ReadAll(r)
			text = string(raw)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return *scan, text
}

// checkScanRead wants the scan's two page images and its recognised text,
// sample note on the first page and scanWord on the second.
func checkScanRead(t *testing.T, a content.Attachment, text string) {
	t.Helper()
	if a.Type != "application/pdf" || len(a.Pages) != 2 {
		t.Fatalf("got %s with %d page images, want a PDF of 2 pages", a.Type, len(a.Pages))
	}
	if a.Text == nil || a.Text.Method != content.TextOCR {
		t.Fatalf("got text %+v, want text recognised by OCR", a.Text)
	}
	pages := attachment.PageTexts(text)
	if len(pages) != 2 || !strings.Contains(pages[0], "Treść przykładowa") || !strings.Contains(pages[0], "§ 1. Ustala") ||
		strings.Contains(pages[0], scanWord) || !strings.Contains(pages[1], scanWord) {
		t.Errorf("got recognised pages %q, want the sample note and § 1 on page 1, %q on page 2 only", pages, scanWord)
	}
	var total int64
	for _, p := range a.Pages {
		total += p.Size
	}
	if total > MaxPageImageBytes {
		t.Errorf("got %d bytes of page images, want at most %d", total, MaxPageImageBytes)
	}
}

// TestSampleScan checks the generated bundle: the budget page attaches the
// sample scan, published with its page images and recognised text.
func TestSampleScan(t *testing.T) {
	data, err := Bundle()
	if err != nil {
		t.Fatal(err)
	}
	key, err := PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	a, text := scanOf(t, data, key)
	if a.Text == nil && !documentTools() {
		t.Skip("pdftoppm or tesseract is not installed: the scan was published without pages or text")
	}
	checkScanRead(t, a, text)
}

// TestRenderScans: a scan's text in the tree becomes a PDF beside it, the
// same bytes at every build, and the text is gone from the tree read.
func TestRenderScans(t *testing.T) {
	var pdfs [2][]byte
	for i := range pdfs {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "a", "u"+ScanSuffix), []byte("§ 1. Jeden.\n---\n§ 2. Dwa.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := renderScans(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "a", "u"+ScanSuffix)); !os.IsNotExist(err) {
			t.Errorf("the scan's text is still in the tree (%v)", err)
		}
		var err error
		if pdfs[i], err = os.ReadFile(filepath.Join(dir, "a", "u.pdf")); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.HasPrefix(pdfs[0], []byte("%PDF-")) || !bytes.Contains(pdfs[0], []byte("/Count 2")) || !bytes.Equal(pdfs[0], pdfs[1]) {
		t.Errorf("got a %d-byte file (equal to the second build: %v), want the same 2-page PDF each time", len(pdfs[0]), bytes.Equal(pdfs[0], pdfs[1]))
	}
}

// TestFallbackWithoutTools builds the bulletin from the embedded source on
// a machine without pdftoppm and tesseract, as a kiosk built without "go
// generate" may be: it installs all the same, the scan without pages or
// text, and the log says why.
func TestFallbackWithoutTools(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	var log bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	tree, err := fs.Sub(sourceTree, "source")
	if err != nil {
		t.Fatal(err)
	}
	data, key, err := buildEmbedded(tree)
	if err != nil {
		t.Fatal(err)
	}
	checkVerifies(t, data, key)
	a, _ := scanOf(t, data, key)
	if a.Text != nil || len(a.Pages) != 0 {
		t.Errorf("got text %+v and %d pages without the programs, want neither", a.Text, len(a.Pages))
	}
	if got := log.String(); !strings.Contains(got, "msg=default_bulletin_built_with_warning") || !strings.Contains(got, "pdftoppm") {
		t.Errorf("got log %q, want a warning that names pdftoppm", got)
	}
}
