package attachment

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// needTool returns the path of a program the test runs, skipping the test
// where it is not installed, and failing it in CI, where scripts/setup
// --test installs it.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: run scripts/setup --test", name)
		}
		t.Skipf("%s is not installed (scripts/setup --test installs it)", name)
	}
	return p
}

// qpdf runs qpdf on a PDF with the given arguments and returns its output.
func qpdf(t testing.TB, in []byte, args ...string) []byte {
	t.Helper()
	bin := needTool(t, "qpdf")
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(src, in, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append(append([]string{"--allow-weak-crypto"}, args...), src, dst)...)
	if out, err := cmd.CombinedOutput(); err != nil && cmd.ProcessState.ExitCode() != 3 { // 3: warnings
		t.Fatalf("qpdf %v: %v\n%s", args, err, out)
	}
	data, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// encryptions are the ways qpdf encrypts with an empty user password, as
// "restrict permissions" in office software does.
var encryptions = []struct {
	name string
	args []string
}{
	{"R2 RC4 40-bit", []string{"--encrypt", "", "owner", "40", "--"}},
	{"R3 RC4 128-bit", []string{"--encrypt", "", "owner", "128", "--use-aes=n", "--"}},
	{"R4 AES-128", []string{"--encrypt", "", "owner", "128", "--use-aes=y", "--"}},
	{"R4 AES-128 object streams", []string{"--object-streams=generate", "--encrypt", "", "owner", "128", "--use-aes=y", "--"}},
	{"R4 AES-128 metadata in clear", []string{"--encrypt", "", "owner", "128", "--use-aes=y", "--cleartext-metadata", "--"}},
	{"R5 AES-256", []string{"--encrypt", "", "owner", "256", "--force-R5", "--"}},
	{"R6 AES-256", []string{"--encrypt", "", "owner", "256", "--"}},
	{"R6 AES-256 object streams", []string{"--object-streams=generate", "--encrypt", "", "owner", "256", "--"}},
}

// TestPDFTextEncrypted reads PDFs encrypted with an empty user password
// and checks each gives the text of the file before encryption.
func TestPDFTextEncrypted(t *testing.T) {
	for _, f := range pdfFixtures {
		plain := f.build(t)
		want := pdfText(plain)
		for _, e := range encryptions {
			t.Run(f.file+"/"+e.name, func(t *testing.T) {
				enc := qpdf(t, plain, e.args...)
				if !bytes.Contains(enc, []byte("/Encrypt")) {
					t.Fatal("qpdf wrote no /Encrypt: the test reads a plain file")
				}
				if got := pdfText(enc); got != want {
					t.Errorf("got %.300q, want %.300q", got, want)
				}
			})
		}
	}
}

// TestPDFTextPassword checks that a PDF that needs a password gives no
// text, not bytes decrypted with the wrong key.
func TestPDFTextPassword(t *testing.T) {
	plain := gopdfLetters(t)
	for _, bits := range []string{"128", "256"} {
		t.Run(bits, func(t *testing.T) {
			enc := qpdf(t, plain, "--encrypt", "tajne", "owner", bits, "--")
			if got := Extract("application/pdf", "a.pdf", enc); got.Status != NoTextLayer {
				t.Errorf("got {%v %.100q}, want no text layer", got.Status, got.Text)
			}
		})
	}
}

// TestPDFKeyChecks checks that keys that do not open a file are refused.
func TestPDFKeyChecks(t *testing.T) {
	if k := rc4Key(3, 16, make([]byte, 32), make([]byte, 32), 0, nil, true); k != nil {
		t.Errorf("rc4Key with a U of zeros: got %x, want nil", k)
	}
	if k := aes256Key(6, make([]byte, 48), make([]byte, 32)); k != nil {
		t.Errorf("aes256Key with a U of zeros: got %x, want nil", k)
	}
	if got := aesCBC(make([]byte, 16), []byte("short")); got != nil {
		t.Errorf("aesCBC of 5 bytes: got %q, want nil", got)
	}
}
