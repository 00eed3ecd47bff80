package app

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBundleGenerateAttachments: "bundle generate" writes the attachments
// its flags ask for: none by default, stand-in PDFs, real text PDFs, scans.
func TestBundleGenerateAttachments(t *testing.T) {
	tests := []struct {
		name                        string
		flags                       []string
		code                        int
		stubs, texts, scans, others int
	}{
		{name: "default: none"},
		{name: "stand-ins", flags: []string{"--attachments-every", "5"}, stubs: 8},
		{name: "real PDFs", flags: []string{"--attachments-every", "5", "--real-pdfs"}, texts: 8},
		{name: "every other a scan", flags: []string{"--attachments-every", "5", "--real-pdfs", "--scanned-every", "2"}, texts: 4, scans: 4},
		{name: "negative", flags: []string{"--attachments-every", "-1"}, code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "tree")
			code, _, errOut := cli(t, t.TempDir(), append([]string{"bundle", "generate", "--articles", "40", "--seed", "3", "--out", dir}, tt.flags...)...)
			if code != tt.code {
				t.Fatalf("got exit %d (%s), want %d", code, errOut, tt.code)
			}
			var stubs, texts, scans, others int
			filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || !strings.Contains(d.Name(), "-zalacznik.") {
					return err
				}
				b, err := os.ReadFile(p)
				switch {
				case !strings.HasSuffix(p, ".pdf"):
					others++
				case bytes.Contains(b, []byte("/BaseFont /Helvetica")):
					texts++
				case bytes.Contains(b, []byte("/DCTDecode")):
					scans++
				default:
					stubs++
				}
				return err
			})
			if stubs != tt.stubs || texts != tt.texts || scans != tt.scans || others != tt.others {
				t.Errorf("got %d stand-in, %d text and %d scanned PDFs and %d other files; want %d, %d, %d, %d",
					stubs, texts, scans, others, tt.stubs, tt.texts, tt.scans, tt.others)
			}
		})
	}
}
