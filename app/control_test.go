package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// syncBuffer is a bytes.Buffer that a running command and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startReader runs "bipkiosk serve" in-process on data with args and returns
// the address it serves; the reader stops when the test ends.
func startReader(t *testing.T, data string, args ...string) string {
	t.Helper()
	var out, log syncBuffer
	e := &env{stdout: &out, stderr: &log, log: slog.New(slog.NewTextHandler(&log, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, e, append([]string{"--data", data, "--listen", "127.0.0.1:0"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	serving := regexp.MustCompile(`serving the bulletin at (http://\S+)/ `)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("serve ended at start: %v\n%s", err, log.String())
		default:
		}
		if m := serving.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("serve did not start; log:\n%s", log.String())
	return ""
}

// get returns the body of a page of the reader.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(body)
}

// TestStatusAndImportBesideRunningReader: while serve holds the data
// directory, status and import reach it through its control socket; the
// reader installs the imported bundle and serves it at once.
func TestStatusAndImportBesideRunningReader(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree, key := newPublisher(t, work, data)
	b1, b2 := filepath.Join(work, "b1.zip"), filepath.Join(work, "b2.zip")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "1", "--out", b1)
	mustCLI(t, data, "import", b1)
	writeMessyTree(t, tree, "Dane po aktualizacji")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "2", "--out", b2)

	base := startReader(t, data)
	if page := get(t, base+"/mapa"); strings.Contains(page, "Dane po aktualizacji") {
		t.Fatal("the site map shows the new article before the import")
	}
	if info, err := os.Stat(filepath.Join(data, controlSocketName)); err != nil || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o600) {
		t.Fatalf("control socket: %v, mode %v; want it there with mode 0600", err, info.Mode().Perm())
	}

	var rep statusReport
	if err := json.Unmarshal([]byte(mustCLI(t, data, "status", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Sequence != 1 || rep.Publisher.Name != "Gmina Testowa" {
		t.Errorf("status beside the reader: sequence %d of %q, want 1 of Gmina Testowa", rep.Sequence, rep.Publisher.Name)
	}

	out := mustCLI(t, data, "import", b2)
	if !strings.Contains(out, `installed "Gmina Testowa" sequence 2`) {
		t.Errorf("import beside the reader: %q, want it to say sequence 2 was installed", out)
	}
	if page := get(t, base+"/mapa"); !strings.Contains(page, "Dane po aktualizacji") {
		t.Error("the running reader does not show the imported bulletin")
	}
	if out := mustCLI(t, data, "status"); !strings.Contains(out, "sequence     2,") {
		t.Errorf("status after the import: %q, want sequence 2", out)
	}

	// A damaged file is refused with the verifier's reason, and nothing changes.
	bad := filepath.Join(work, "bad.zip")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	code, _, errOut := cli(t, data, "import", bad)
	if code != 1 || !strings.Contains(errOut, "bad.zip") || !strings.Contains(errOut, "refused") {
		t.Errorf("damaged import beside the reader: exit %d, %q; want exit 1 naming bad.zip", code, errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(data, "downloads", "control-*")); len(left) != 0 {
		t.Errorf("received files left in downloads: %v", left)
	}
}

// TestTrustBesideRunningReader: a kiosk's IT person trusts a new publisher
// and installs its first bundle while the reader runs, as from a USB stick.
func TestTrustBesideRunningReader(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree, key := filepath.Join(work, "tree"), filepath.Join(work, "gmina")
	writeMessyTree(t, tree, "Dane podstawowe")
	mustCLI(t, work, "keygen", "--out", key, "--publisher", "Gmina Testowa")
	b1 := filepath.Join(work, "b1.zip")
	mustCLI(t, work, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "1", "--out", b1)

	base := startReader(t, data) // the embedded bulletin
	if code, _, errOut := cli(t, data, "import", b1); code != 1 || !strings.Contains(errOut, "trust") {
		t.Fatalf("import of an untrusted bundle beside the reader: exit %d, %q; want a refusal that says how to trust", code, errOut)
	}
	if out := mustCLI(t, data, "trust", key+".pub"); !strings.Contains(out, `trusted publisher "Gmina Testowa"`) {
		t.Errorf("trust beside the reader: %q, want it to say the publisher is trusted", out)
	}
	if out := mustCLI(t, data, "trust", key+".pub"); !strings.Contains(out, "already trusted") {
		t.Errorf("trust again beside the reader: %q, want already trusted", out)
	}
	mustCLI(t, data, "import", b1)
	if page := get(t, base+"/mapa"); !strings.Contains(page, "Gmina Testowa") {
		t.Error("the running reader does not show the bulletin of the publisher just trusted")
	}
}

// TestStatusOnEmptyDataDir: status says the directory is empty and installs nothing.
func TestStatusOnEmptyDataDir(t *testing.T) {
	data := t.TempDir()
	out := mustCLI(t, data, "status")
	if !strings.Contains(out, "no bulletin installed") {
		t.Errorf("status on an empty directory: %q, want it to say no bulletin is installed", out)
	}
	var rep emptyReport
	if err := json.Unmarshal([]byte(mustCLI(t, data, "status", "--json")), &rep); err != nil || !rep.Empty {
		t.Errorf("status --json on an empty directory: %+v %v, want empty: true", rep, err)
	}
	if out := mustCLI(t, data, "status"); !strings.Contains(out, "no bulletin installed") {
		t.Errorf("second status: %q: the first one installed something", out)
	}
}

// TestLockedWithoutReaderAnswering: when another process holds the data
// directory and nothing answers on the control socket, status, import and
// trust say that the directory is in use and how to go on.
func TestLockedWithoutReaderAnswering(t *testing.T) {
	data, work := t.TempDir(), t.TempDir()
	key := filepath.Join(work, "gmina")
	mustCLI(t, data, "keygen", "--out", key, "--publisher", "Gmina Testowa")
	bundle := filepath.Join(work, "bundle.zip")
	os.WriteFile(bundle, []byte("PK"), 0o644)
	st, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, args := range [][]string{{"status"}, {"import", bundle}, {"trust", key + ".pub"}} {
		code, _, errOut := cli(t, data, args...)
		if code != 1 || !strings.Contains(errOut, "is in use by a running bipkiosk") || !strings.Contains(errOut, "--data") {
			t.Errorf("bipkiosk %v beside a locked store: exit %d, %q; want exit 1 and the hint", args, code, errOut)
		}
	}
}
