package app

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the CLI in-process and returns its exit code and output.
func cli(t *testing.T, data string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(append(args, "--data", data), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// mustCLI runs the CLI and fails the test unless it exits 0.
func mustCLI(t *testing.T, data string, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, data, args...)
	if code != 0 {
		t.Fatalf("bipkiosk %s: exit %d, stderr: %s", strings.Join(args, " "), code, errOut)
	}
	return out
}

// writeMessyTree writes a small source tree with the kinds of mess real
// bulletins have: a page without metadata, an unknown key, odd characters.
func writeMessyTree(t *testing.T, dir, articleTitle string) {
	t.Helper()
	files := map[string]string{
		"site.yaml": "name: Biuletyn Informacji Publicznej Gminy Testowej\nowner: Gmina Testowa\n" +
			"groups:\n  - title: URZĄD\n    sections: [urzad]\n  - title: INNE\n    sections: [inne]\n",
		"urzad/_index.md": "---\ntitle: Urząd Gminy\norder: 1\n---\n",
		"urzad/dane.md": "---\ntitle: " + articleTitle + "\npublisher: Wójt Gminy\nauthor: Sekretarz\nresponsible: Administrator\n" +
			"entered_by: Administrator\ncreated: 2003-11-18 14:00:26\npublished: 2003-11-18 14:00:26\nupdated: 2003-11-18 14:05:08\n" +
			"visits: 7936\ncolour: blue\nattachments:\n  - {file: cennik.txt, title: Cennik}\n---\n" +
			"Ośrodek\u00a0pomocy — „cudzysłów” <script>alert(1)</script>\n",
		"urzad/cennik.txt":      "opłata skarbowa: 17 zł\n",
		"inne/_index.md":        "---\ntitle: Inne\n---\n",
		"inne/bez-metryczki.md": "---\ntitle: Strona bez metryczki\n---\nTekst.\n",
		"inne/gov.md":           "---\ntitle: Portal gov.pl\nkind: link\nurl: https://www.gov.pl/\n---\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// rewriteZip copies src to dst through edit, which may change, drop or add entries.
func rewriteZip(t *testing.T, src, dst string, edit func(name string, body []byte) (string, []byte, bool), extra map[string][]byte) {
	t.Helper()
	r, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		name, body, keep := edit(f.Name, body)
		if !keep {
			continue
		}
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(body)
	}
	for name, body := range extra {
		fw, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(body)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func keepAll(name string, body []byte) (string, []byte, bool) { return name, body, true }

func TestCLIRoundTripAndRefusals(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree := filepath.Join(work, "tree")
	writeMessyTree(t, tree, "Dane podstawowe")
	key := filepath.Join(work, "gmina")
	mustCLI(t, data, "keygen", "--out", key, "--publisher", "Gmina Testowa")

	good := filepath.Join(work, "bip-5.zip")
	code, _, warnings := cli(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "5", "--out", good)
	if code != 0 {
		t.Fatalf("bundle build: exit %d: %s", code, warnings)
	}
	if !strings.Contains(warnings, "colour") {
		t.Errorf("got warnings %q, want one naming the unknown key \"colour\"", warnings)
	}
	if out := mustCLI(t, data, "bundle", "inspect", "--key", key+".pub", good); !strings.Contains(out, "verified") {
		t.Errorf("inspect: got %q, want it to say verified", out)
	}

	// Untrusted before "trust": refused, and the message says how to trust.
	code, _, msg := cli(t, data, "import", good)
	if code == 0 || !strings.Contains(msg, "bipkiosk trust") {
		t.Fatalf("import before trust: exit %d, %q; want refusal naming \"bipkiosk trust\"", code, msg)
	}
	mustCLI(t, data, "trust", key+".pub")
	mustCLI(t, data, "import", good)
	before := installedStatus(t, data)
	var st statusReport
	if err := json.Unmarshal([]byte(before), &st); err != nil {
		t.Fatal(err)
	}
	if st.Sequence != 5 || st.Pages != 2 || st.Sections != 2 || st.Links != 1 || st.Attachments != 1 || st.Publisher.Name != "Gmina Testowa" {
		t.Fatalf("status after import: %+v", st)
	}

	// Equal sequence: "already installed", exit 0.
	if out := mustCLI(t, data, "import", good); !strings.Contains(out, "already installed") {
		t.Errorf("re-import: got %q, want \"already installed\"", out)
	}

	older := filepath.Join(work, "bip-4.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "4", "--out", older)
	otherKey := filepath.Join(work, "impostor")
	mustCLI(t, data, "keygen", "--out", otherKey, "--publisher", "Gmina Testowa", "--publisher-id", st.Publisher.ID.String())
	forged := filepath.Join(work, "forged.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", otherKey+".key", "--sequence", "9", "--out", forged)
	stranger := filepath.Join(work, "stranger")
	mustCLI(t, data, "keygen", "--out", stranger, "--publisher", "Obca Gmina")
	foreign := filepath.Join(work, "foreign.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", stranger+".key", "--sequence", "9", "--out", foreign)

	newer := filepath.Join(work, "bip-6.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "6", "--out", newer)
	tampered, unknown, escape, truncated := filepath.Join(work, "t.zip"), filepath.Join(work, "u.zip"), filepath.Join(work, "e.zip"), filepath.Join(work, "trunc.zip")
	rewriteZip(t, newer, tampered, func(name string, body []byte) (string, []byte, bool) {
		if strings.HasPrefix(name, "files/") {
			body = append([]byte("X"), body[1:]...)
		}
		return name, body, true
	}, nil)
	rewriteZip(t, newer, unknown, keepAll, map[string][]byte{"extra/readme.txt": []byte("hi")})
	rewriteZip(t, newer, escape, keepAll, map[string][]byte{"../evil.txt": []byte("owned")})
	raw, _ := os.ReadFile(newer)
	os.WriteFile(truncated, raw[:len(raw)/2], 0o644)

	refusals := []struct {
		name, file, want string
	}{
		{"downgrade", older, "sequence"},
		{"wrong key for a trusted publisher", forged, "signature"},
		{"untrusted publisher", foreign, "bipkiosk trust"},
		{"tampered attachment", tampered, "t.zip"},
		{"entry not in the manifest", unknown, "extra/readme.txt"},
		{"path escaping the archive", escape, "evil.txt"},
		{"truncated file", truncated, "trunc.zip"},
		{"missing file", filepath.Join(work, "nope.zip"), "nope.zip"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			code, _, msg := cli(t, data, "import", tt.file)
			if code != 1 {
				t.Errorf("got exit %d, want 1", code)
			}
			if lines := strings.Count(strings.TrimSpace(msg), "\n"); lines != 0 || !strings.Contains(msg, tt.want) {
				t.Errorf("got stderr %q, want one line containing %q", msg, tt.want)
			}
			if after := installedStatus(t, data); after != before {
				t.Errorf("status changed after a refused import:\n got %s\nwant %s", after, before)
			}
			if _, err := os.Stat(filepath.Join(work, "evil.txt")); err == nil {
				t.Error("a file was written outside the store")
			}
		})
	}

	// Limits are the operator's to set; a bundle over them is refused before it is read.
	if code, _, msg := cli(t, data, "import", "--max-entries", "3", newer); code != 1 || !strings.Contains(msg, "limit is 3") {
		t.Errorf("import over --max-entries: exit %d, %q; want a refusal naming the limit", code, msg)
	}
	if after := installedStatus(t, data); after != before {
		t.Errorf("status changed after a bundle over the limit:\n got %s\nwant %s", after, before)
	}

	// A newer, good bundle still installs after all that.
	mustCLI(t, data, "import", newer)
	if out := installedStatus(t, data); !strings.Contains(out, `"sequence": 6`) {
		t.Errorf("status after newer import: %s", out)
	}
}

func TestCLIUsageErrors(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"keygen without flags", []string{"keygen"}, 2, "--out and --publisher are required"},
		{"import without file", []string{"import"}, 2, "want one bundle file"},
		{"bundle without verb", []string{"bundle"}, 2, "needs a verb"},
		{"bad listen", []string{"serve", "--listen", "nonsense"}, 1, "not host:port"},
		{"bad print mode", []string{"serve", "--kiosk", "--print", "fax"}, 1, "--print"},
		{"short idle timeout", []string{"serve", "--kiosk", "--idle-timeout", "2s"}, 1, "use 10s or more"},
		{"bad speech output", []string{"serve", "--kiosk", "--speech-output", "loud"}, 1, "--speech-output \"loud\": use headphones or speakers"},
		{"polling too often", []string{"serve", "--update-url", "https://bip.example/b.zip", "--update-every", "5s"}, 1, "use 1m or more"},
		{"short operator PIN", []string{"serve", "--kiosk", "--operator-pin", "12", "--listen", "127.0.0.1:0"}, 1, "PIN"},
		{"help", []string{"status", "--help"}, 0, "Usage: bipkiosk status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, data, tt.args...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("got exit %d, output %q; want exit %d containing %q", code, out+errOut, tt.code, tt.want)
			}
		})
	}
}

// installedStatus is "status --json" without the store's size on disk, which
// Badger's own housekeeping changes: what is installed, for comparisons.
func installedStatus(t *testing.T, data string) string {
	t.Helper()
	var rep statusReport
	if err := json.Unmarshal([]byte(mustCLI(t, data, "status", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.StoreBytes <= 0 {
		t.Errorf("status: store size %d, want it measured", rep.StoreBytes)
	}
	rep.StoreBytes = 0
	out, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
