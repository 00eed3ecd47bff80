package attachment

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fakeTool installs a program named name on a PATH of its own that prints
// out, or fails when fail.
func fakeTool(t *testing.T, name, out string, fail bool) {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\nprintf '" + out + "'\n"
	if fail {
		script = "#!/bin/sh\necho 'not an OLE file' >&2\nexit 1\n"
	}
	if name != "" {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
}

func TestPublishText(t *testing.T) {
	tests := []struct {
		name, tool, out, file string
		fail                  bool
		want                  Text
		wantErr               error
	}{
		{name: "DOC through catdoc", tool: "catdoc", out: `Uchwała nr 5\n\nLp.\tNazwa\n`, file: "a.doc",
			want: Text{Text: "Uchwała nr 5\n\nLp.\tNazwa\n\n"}},
		{name: "XLS sheets through xls2csv", tool: "xls2csv", out: `Lp.\tKwota\t\n1\t5,00\n\f2\t\n`, file: "a.xls",
			want: Text{Text: "Lp.\tKwota\n1\t5,00\n\n2\t\n\n"}},
		{name: "catdoc missing", file: "a.doc", want: Text{Status: ToolMissing}, wantErr: &ToolMissingError{}},
		{name: "xls2csv missing", tool: "catdoc", file: "a.xls", want: Text{Status: ToolMissing}, wantErr: &ToolMissingError{}},
		{name: "catdoc fails", tool: "catdoc", fail: true, file: "a.doc", want: Text{Status: NoTextLayer}, wantErr: ErrTool},
		{name: "other types as Extract reads them", file: "a.txt", want: Text{Text: "abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fakeTool(t, tt.tool, tt.out, tt.fail)
			got, err := PublishText(context.Background(), "", tt.file, []byte("abc"))
			if got != tt.want {
				t.Errorf("got {%v %q}, want {%v %q}", got.Status, got.Text, tt.want.Status, tt.want.Text)
			}
			var missing *ToolMissingError
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("got error %v, want none", err)
			case errors.As(tt.wantErr, &missing):
				if !errors.As(err, &missing) || missing.Package != "catdoc" {
					t.Errorf("got error %v, want a ToolMissingError naming the catdoc package", err)
				}
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("got error %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestToolMissingStatus(t *testing.T) {
	if got, want := ToolMissing.String(), "unsupported (install catdoc on the publishing machine)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
