package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/app"
)

// TestManPage checks that every command and flag of the CLI is in the page.
func TestManPage(t *testing.T) {
	ref := app.Reference()
	page := manPage(ref, "1.2.3", "2026-12-07")
	if !strings.HasPrefix(page, `.TH BIPKIOSK 1 "2026-12-07" "bipkiosk 1.2.3"`) {
		t.Errorf("got header %q, want the title line with date and version", strings.SplitN(page, "\n", 2)[0])
	}
	for _, c := range ref {
		if !strings.Contains(page, ".SS "+roffQuoted("bipkiosk "+c.Synopsis)) {
			t.Errorf("%s: synopsis missing from the page", c.Name)
		}
		for _, f := range c.Flags {
			if !strings.Contains(page, flagTerm(f)) {
				t.Errorf("%s: flag --%s missing from the page", c.Name, f.Name)
			}
		}
	}
	if strings.Contains(page, "\n-") || strings.Contains(page, " --listen") {
		t.Errorf("got unescaped dashes in the page, want \\-")
	}
}

// TestBashCompletion runs the completion in bash, as a user's Tab would.
func TestBashCompletion(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	script := filepath.Join(t.TempDir(), "bipkiosk")
	if err := os.WriteFile(script, []byte(bashCompletion(app.Reference())), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string // words typed; the last is being completed
		want string
	}{
		{"bipkiosk se", "serve"},
		{"bipkiosk serve --li", "--listen"},
		{"bipkiosk bundle bu", "build"},
		{"bipkiosk bundle build --seq", "--sequence"},
		{"bipkiosk harvest --cont", "--contact"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			words := strings.Fields(tt.line)
			prog := `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _bipkiosk; printf '%s\n' "${COMPREPLY[@]}"`
			out, err := exec.Command("bash", append([]string{"-c", prog, "bash", script}, words...)...).CombinedOutput()
			if err != nil {
				t.Fatalf("bash: %v\n%s", err, out)
			}
			if got := strings.Fields(string(out)); len(got) != 1 || got[0] != tt.want {
				t.Errorf("got %q, want [%s]", got, tt.want)
			}
		})
	}
}
