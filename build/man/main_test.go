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

// TestRoffEscape keeps what troff would misread out of the page: a
// backslash, an option's dash (a hyphen would be typeset as one), and any
// character beyond ASCII, which troff reads as Latin-1 and warns about.
func TestRoffEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"--page-dpi", `\-\-page\-dpi`},
		{`C:\dane`, `C:\edane`},
		{"2–3 pages", `2\[u2013]3 pages`},
		{"Miasto Chojnów", `Miasto Chojn\[u00F3]w`},
		{"„cytat”", `\[u201E]cytat\[u201D]`},
	}
	for _, tt := range tests {
		if got := roffEscape(tt.in); got != tt.want {
			t.Errorf("roffEscape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
