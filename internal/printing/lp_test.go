package printing

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/internal/printingtest"
)

func TestSend(t *testing.T) {
	var doc bytes.Buffer
	if err := Render(&doc, Document{Title: "Statut MOPS", Body: "<p>Żółć</p>"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		exit    string
		wantErr error
	}{
		{name: "queued", exit: ""},
		{name: "lp fails", exit: "1", wantErr: ErrPrintFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := printingtest.FakeLP(t)
			t.Setenv("LP_EXIT", tt.exit)
			err := Send(t.Context(), "Biuro_1", "Statut MOPS – tekst", doc.Bytes())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "does not exist") {
				t.Errorf("got error %q, want lp's own message in it", err)
			}
			args, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatalf("lp was not run: %v", err)
			}
			lines := strings.Split(strings.TrimSuffix(string(args), "\n"), "\n")
			if len(lines) != 5 || lines[0] != "-d" || lines[1] != "Biuro_1" || lines[2] != "-t" || lines[3] != "Statut MOPS – tekst" {
				t.Errorf("got lp arguments %q, want -d Biuro_1 -t TITLE FILE", lines)
			}
			job, err := os.ReadFile(filepath.Join(dir, "job.pdf"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(job, doc.Bytes()) || !strings.Contains(pdfText(t, job), "Żółć") {
				t.Errorf("lp got %d bytes, want the %d-byte PDF that says Żółć", len(job), doc.Len())
			}
			if _, err := os.Stat(lines[len(lines)-1]); !os.IsNotExist(err) {
				t.Errorf("temporary file %s left behind (stat: %v)", lines[len(lines)-1], err)
			}
		})
	}
}

func TestSendNoLP(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	err := Send(t.Context(), "Biuro_1", "x", []byte("%PDF-1.4"))
	if !errors.Is(err, ErrNoPrintService) {
		t.Errorf("got %v, want ErrNoPrintService", err)
	}
}
