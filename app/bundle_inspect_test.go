package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInspectWithoutTrust: "bundle inspect FILE" of a publisher this
// installation does not trust shows the summary and says the signature was
// not checked (exit 0); a damaged bundle still fails; once trusted, the
// bundle is verified.
func TestInspectWithoutTrust(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree := filepath.Join(work, "tree")
	writeMessyTree(t, tree, "Dane podstawowe")
	key := filepath.Join(work, "gmina")
	mustCLI(t, data, "keygen", "--out", key, "--publisher", "Gmina Testowa")
	good := filepath.Join(work, "bip-5.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "5", "--out", good)
	raw, _ := os.ReadFile(good)
	bad := filepath.Join(work, "bad.zip")
	os.WriteFile(bad, append(bytes.Clone(raw[:len(raw)/2]), append([]byte{raw[len(raw)/2] ^ 0xff}, raw[len(raw)/2+1:]...)...), 0o644)

	out := mustCLI(t, data, "bundle", "inspect", good)
	for _, want := range []string{"signature not checked", `no trusted key for publisher "Gmina Testowa"`, "--key PREFIX.pub", "bipkiosk trust", "sequence     5"} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect before trust: got %q, want it to contain %q", out, want)
		}
	}
	if strings.Contains(out, "verified") {
		t.Errorf("inspect before trust: got %q, want no claim that it was verified", out)
	}
	if code, _, msg := cli(t, data, "bundle", "inspect", bad); code == 0 {
		t.Errorf("inspect of a damaged bundle before trust: exit 0 (%q), want a failure", msg)
	}
	mustCLI(t, data, "trust", key+".pub")
	if out := mustCLI(t, data, "bundle", "inspect", good); !strings.Contains(out, "verified") {
		t.Errorf("inspect after trust: got %q, want it to say verified", out)
	}
}
