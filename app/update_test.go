package app

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// countingServer serves a folder and counts the requests for each path.
type countingServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newCountingServer(t *testing.T, dir string) *countingServer {
	s := &countingServer{hits: map[string]int{}}
	files := http.FileServer(http.Dir(dir))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *countingServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// TestImportURL runs "bipkiosk import URL" against a local web server: a
// bundle is installed, an unchanged one is not downloaded again, a feed made
// by "bundle index" brings the next sequence, and a missing address fails
// with a message that says what to check.
func TestImportURL(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	pub := filepath.Join(work, "pub")
	os.Mkdir(pub, 0o755)
	tree, key := newPublisher(t, work, data)
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "1", "--out", filepath.Join(pub, "b1.zip"))
	srv := newCountingServer(t, pub)

	out := mustCLI(t, data, "import", srv.URL+"/b1.zip")
	if !strings.Contains(out, `installed "Gmina Testowa" sequence 1`) {
		t.Errorf("first import: got %q, want it to say sequence 1 was installed", out)
	}
	out = mustCLI(t, data, "import", srv.URL+"/b1.zip")
	if !strings.Contains(out, "nothing newer than the installed sequence 1") {
		t.Errorf("second import: got %q, want nothing newer", out)
	}
	if n := srv.count("/b1.zip"); n != 2 {
		t.Errorf("server saw %d requests for b1.zip, want 2", n)
	}
	if left, _ := os.ReadDir(filepath.Join(data, "downloads")); len(left) != 0 {
		t.Errorf("downloads folder holds %d entries after the imports, want none", len(left))
	}

	writeMessyTree(t, tree, "Dane podstawowe gminy")
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "2", "--out", filepath.Join(pub, "b2.zip"))
	out = mustCLI(t, data, "bundle", "index", pub, "--key", key+".pub")
	if !strings.Contains(out, "2 bundles") {
		t.Errorf("bundle index: got %q, want 2 bundles", out)
	}
	out = mustCLI(t, data, "import", srv.URL+"/index.json")
	if !strings.Contains(out, "sequence 2") || srv.count("/b1.zip") != 2 || srv.count("/b2.zip") != 1 {
		t.Errorf("import of the feed: got %q with b1.zip fetched %d times and b2.zip %d; want sequence 2 from b2.zip alone",
			out, srv.count("/b1.zip"), srv.count("/b2.zip"))
	}

	code, _, msg := cli(t, data, "import", srv.URL+"/b9.zip")
	if code != 1 || !strings.Contains(msg, "/b9.zip: server answered 404 Not Found: check --update-url") {
		t.Errorf("missing bundle: exit %d, %q; want exit 1 naming the status and --update-url", code, msg)
	}

	// A tampered newer bundle is refused and the bulletin stays at sequence 2.
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "3", "--out", filepath.Join(work, "b3.zip"))
	good, _ := os.ReadFile(filepath.Join(work, "b3.zip"))
	bad := bytes.Clone(good)
	bad[len(bad)/2] ^= 0xff
	os.WriteFile(filepath.Join(pub, "bad.zip"), bad, 0o644)
	code, _, msg = cli(t, data, "import", srv.URL+"/bad.zip")
	t.Logf("tampered bundle: %s", msg)
	if code != 1 || !strings.Contains(msg, "refused") {
		t.Errorf("tampered bundle: exit %d, %q; want a refusal", code, msg)
	}
	if out := mustCLI(t, data, "status", "--json"); !strings.Contains(out, `"sequence": 2`) && !strings.Contains(out, `"sequence":2`) {
		t.Errorf("status after the refusal: %s, want sequence 2", out)
	}
}

// TestStartUpdates polls a bundle in the background as serve and desktop do,
// and stops before the store is closed.
func TestStartUpdates(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree, key := newPublisher(t, work, data)
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "3", "--out", filepath.Join(work, "b.zip"))
	srv := newCountingServer(t, work)

	cfg := DefaultConfig()
	cfg.DataDir, cfg.UpdateURL = data, srv.URL+"/b.zip"
	var logs bytes.Buffer
	e := &env{stdout: &logs, stderr: &logs, log: slog.New(slog.NewTextHandler(&logs, nil))}
	st, err := openStore(t.Context(), e, cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	stop, err := startUpdates(t.Context(), e, st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var c store.UpdateCheck
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err = st.LastUpdateCheck(); !errors.Is(err, store.ErrNotFound) {
			break
		}
	}
	stop()
	if c.Result != store.UpdateInstalled || c.Sequence != 3 || c.Next.Sub(c.At) < time.Hour || c.Next.Sub(c.At) > time.Hour+time.Minute {
		t.Errorf("recorded check %+v (%v), want installed sequence 3, next in 1h", c, err)
	}
	if g, _ := st.Current(); g.Edition.Sequence != 3 || g.Edition.Publisher != "Gmina Testowa" {
		t.Errorf("installed %q sequence %d, want the polled bundle over the default bulletin", g.Edition.Publisher, g.Edition.Sequence)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "update_checked") {
		t.Errorf("log %q, want an update_checked line", logs.String())
	}
}

// newPublisher makes a source tree and a key pair for "Gmina Testowa" in
// work, trusted in data, and returns the tree and the key's prefix.
func newPublisher(t *testing.T, work, data string) (tree, key string) {
	t.Helper()
	tree, key = filepath.Join(work, "tree"), filepath.Join(work, "gmina")
	writeMessyTree(t, tree, "Dane podstawowe")
	mustCLI(t, data, "keygen", "--out", key, "--publisher", "Gmina Testowa")
	mustCLI(t, data, "trust", key+".pub")
	return tree, key
}
