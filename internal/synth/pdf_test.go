package synth_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"bipkiosk/internal/synth"
)

// TestRealPDFs counts a bulletin's PDF attachments by what they are: stand-ins,
// text PDFs or scans, checking each real one's pages.
func TestRealPDFs(t *testing.T) {
	tests := []struct {
		name                string
		opts                synth.Options
		stubs, texts, scans int
	}{
		{name: "off: stand-ins", opts: synth.Options{Articles: 60, Seed: 7, AttachmentsEvery: 10}, stubs: 6},
		{name: "real text PDFs", opts: synth.Options{Articles: 60, Seed: 7, AttachmentsEvery: 10, RealPDFs: true}, texts: 6},
		{name: "every third a scan", opts: synth.Options{Articles: 60, Seed: 7, AttachmentsEvery: 10, RealPDFs: true, ScannedEvery: 3}, texts: 4, scans: 2},
		{name: "scans without real PDFs: stand-ins", opts: synth.Options{Articles: 60, Seed: 7, AttachmentsEvery: 10, ScannedEvery: 1}, stubs: 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, nodes, open := synth.Generate(tt.opts)
			stubs, texts, scans := 0, 0, 0
			for _, n := range nodes {
				for _, a := range n.Attachments {
					if a.Type != "application/pdf" {
						continue
					}
					b := readAll(t, open, a.SHA256)
					switch kind := checkPDF(t, a.Name, b); kind {
					case "stub":
						stubs++
					case "text":
						texts++
					case "scan":
						scans++
					}
				}
			}
			if stubs != tt.stubs || texts != tt.texts || scans != tt.scans {
				t.Errorf("got %d stand-ins, %d text PDFs, %d scans; want %d, %d, %d", stubs, texts, scans, tt.stubs, tt.texts, tt.scans)
			}
		})
	}
}

var pageCount = regexp.MustCompile(`/Type /Pages /Kids \[[^\]]*\] /Count (\d+)`)

// checkPDF says what a PDF attachment is, and fails the test if a real one
// is not a well-formed PDF of 2–3 pages (by pdfinfo where installed).
func checkPDF(t *testing.T, name string, b []byte) string {
	t.Helper()
	m := pageCount.FindSubmatch(b)
	if m == nil {
		return "stub"
	}
	pages, _ := strconv.Atoi(string(m[1]))
	if pages < 2 || pages > 3 {
		t.Errorf("%s: got %d pages, want 2–3", name, pages)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("startxref")) {
		t.Errorf("%s: got no PDF header or cross-reference table", name)
	}
	if path, err := exec.LookPath("pdfinfo"); err == nil {
		f := filepath.Join(t.TempDir(), "a.pdf")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(path, f).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Pages:           "+string(m[1])) {
			t.Errorf("%s: pdfinfo: %v\n%s", name, err, out)
		}
	}
	switch {
	case bytes.Contains(b, []byte("/BaseFont /Helvetica")) && bytes.Contains(b, []byte(") Tj")):
		return "text"
	case bytes.Contains(b, []byte("/Filter /DCTDecode")):
		return "scan"
	}
	t.Errorf("%s: got a PDF with neither text nor scanned images", name)
	return ""
}

// TestOffUnchanged holds the stand-in bulletin to the bytes it had before
// real PDFs were an option: the reliability suite and scripts/bench rely on
// the same options giving the same files.
func TestOffUnchanged(t *testing.T) {
	opts := synth.Options{Articles: 300, Seed: 42, AttachmentsEvery: 10, AttachmentBytes: 2000}
	dir := filepath.Join(t.TempDir(), "bip")
	if err := synth.WriteTree(dir, opts); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		h.Write([]byte(p[len(dir):] + "\x00"))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const want = "a49b4fb7abfe2e3bdfcb76e8fb2e1a2bd6b5de25d7925c9c53d3c12ae8c53e6d" // the tree's hash before real PDFs
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("got tree hash %s, want %s", got, want)
	}
}

// TestRealPDFPagesDiffer: no two pages of a bulletin's real PDFs are the
// same, so a bundle stores a page image for each page.
func TestRealPDFPagesDiffer(t *testing.T) {
	_, nodes, open := synth.Generate(synth.Options{Articles: 2000, Seed: 1, AttachmentsEvery: 10, RealPDFs: true})
	streams := regexp.MustCompile(`(?s)stream\n(BT .*?)\nendstream`)
	seen := map[string]string{}
	for _, n := range nodes {
		for _, a := range n.Attachments {
			if a.Type != "application/pdf" {
				continue
			}
			for i, m := range streams.FindAllSubmatch(readAll(t, open, a.SHA256), -1) {
				page := a.Name + " page " + strconv.Itoa(i+1)
				if other, ok := seen[string(m[1])]; ok {
					t.Fatalf("got %s the same as %s, want every page different", page, other)
				}
				seen[string(m[1])] = page
			}
		}
	}
	if len(seen) < 400 {
		t.Errorf("got %d pages, want 2–3 for each of about 190 PDFs", len(seen))
	}
}
