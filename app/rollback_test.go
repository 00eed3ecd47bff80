package app

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestCLIRollback(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree := filepath.Join(work, "tree")
	writeMessyTree(t, tree, "Dane podstawowe")
	key := filepath.Join(work, "gmina")
	mustCLI(t, data, "keygen", "--out", key, "--publisher", "Gmina Testowa")
	mustCLI(t, data, "trust", key+".pub")
	bundles := map[uint64]string{}
	for _, seq := range []uint64{5, 6} {
		bundles[seq] = filepath.Join(work, fmt.Sprintf("bip-%d.zip", seq))
		mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", fmt.Sprint(seq),
			"--created", fmt.Sprintf("2025-%02d-01T10:00:00Z", seq), "--out", bundles[seq])
	}

	code, _, msg := cli(t, data, "rollback")
	if code != 1 || !strings.Contains(msg, "no bulletin installed") {
		t.Errorf("rollback of an empty store: got exit %d, %q; want 1 and \"no bulletin installed\"", code, msg)
	}
	mustCLI(t, data, "import", bundles[5])
	mustCLI(t, data, "import", bundles[6])
	if got := installedSequence(t, data); got != 6 {
		t.Fatalf("installed before rollback: got sequence %d, want 6", got)
	}

	out := mustCLI(t, data, "rollback")
	for _, want := range []string{
		`returned to  "Gmina Testowa" sequence 5, created 2025-05-01T10:00:00Z`,
		`left         "Gmina Testowa" sequence 6, created 2025-06-01T10:00:00Z`,
		"import its bundle again",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rollback output: got %q, want it to contain %q", out, want)
		}
	}
	if got := installedSequence(t, data); got != 5 {
		t.Errorf("installed after rollback: got sequence %d, want 5", got)
	}

	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{name: "nothing left to roll back to", args: []string{"rollback"}, wantCode: 1, want: "nothing to roll back to: only sequence 5 is kept"},
		{name: "unexpected argument", args: []string{"rollback", "6"}, wantCode: 2, want: "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, msg := cli(t, data, tt.args...)
			if code != tt.wantCode || !strings.Contains(msg, tt.want) || strings.Count(strings.TrimSpace(msg), "\n") != 0 {
				t.Errorf("got exit %d, %q; want %d and one line containing %q", code, msg, tt.wantCode, tt.want)
			}
			if got := installedSequence(t, data); got != 5 {
				t.Errorf("installed: got sequence %d, want 5", got)
			}
		})
	}

	// The bundle rolled away from can be installed again on purpose.
	if out := mustCLI(t, data, "import", bundles[6]); !strings.Contains(out, "installed") || strings.Contains(out, "already") {
		t.Errorf("re-import after rollback: got %q, want it installed", out)
	}
	if got := installedSequence(t, data); got != 6 {
		t.Errorf("installed after re-import: got sequence %d, want 6", got)
	}
}

// installedSequence returns the sequence `status --json` reports.
func installedSequence(t *testing.T, data string) uint64 {
	t.Helper()
	var st statusReport
	if err := json.Unmarshal([]byte(mustCLI(t, data, "status", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	return st.Sequence
}
