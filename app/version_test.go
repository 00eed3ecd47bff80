package app

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// TestVersion: "bipkiosk version" and "bipkiosk --version" print the
// version; a release's version set at build time is the one printed.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var out, errOut strings.Builder
		if code := Main(args, &out, &errOut); code != 0 {
			t.Fatalf("bipkiosk %v: exit %d: %s", args, code, errOut.String())
		}
		if !strings.HasPrefix(out.String(), "bipkiosk dev\n") {
			t.Errorf("bipkiosk %v printed %q; want the version first", args, out.String())
		}
	}
	old := version
	version = "1.4.0"
	defer func() { version = old }()
	var out strings.Builder
	Main([]string{"--version"}, &out, &out)
	if !strings.HasPrefix(out.String(), "bipkiosk 1.4.0\n") {
		t.Errorf("with the version set: %q, want it first", out.String())
	}
}

// TestVersionReport: the report names the commit, its date and the versions
// of badger, wails and uuid, as the Go toolchain recorded them in the binary
// (a test binary has no such record, so one is given here).
func TestVersionReport(t *testing.T) {
	info, err := debug.ParseBuildInfo("go\tgo1.26.8\npath\tbipkiosk\nmod\tbipkiosk\t(devel)\t\n" +
		"dep\tgithub.com/dgraph-io/badger/v4\tv4.9.6\th1:x=\n" +
		"dep\tgithub.com/google/uuid\tv1.6.0\th1:y=\n" +
		"dep\tgithub.com/wailsapp/wails/v2\tv2.9.2\th1:z=\n" +
		"build\tvcs.revision=0123456789abcdef0123\nbuild\tvcs.time=2026-12-01T10:00:00Z\nbuild\tvcs.modified=true\n")
	if err != nil {
		t.Fatal(err)
	}
	info.GoVersion = "go1.26.8"
	tests := []struct {
		version, want, agent string
	}{
		{"", "bipkiosk dev\ncommit    0123456789ab-modified\ndate      2026-12-01T10:00:00Z\ngo        go1.26.8\n" +
			"github.com/dgraph-io/badger/v4 v4.9.6\ngithub.com/wailsapp/wails/v2 v2.9.2\ngithub.com/google/uuid v1.6.0\n",
			"bipkiosk/dev (0123456789ab-modified)"},
		{"1.4.0", "bipkiosk 1.4.0\n", "bipkiosk/1.4.0 (0123456789ab-modified)"},
	}
	for _, tt := range tests {
		b := buildInfoFrom(tt.version, info)
		var out strings.Builder
		b.print(&out)
		if !strings.HasPrefix(out.String(), tt.want) {
			t.Errorf("version %q: printed %q, want %q", tt.version, out.String(), tt.want)
		}
		if ua := b.userAgent(); ua != tt.agent {
			t.Errorf("version %q: User-Agent %q, want %q", tt.version, ua, tt.agent)
		}
	}
}

// TestUpdateUserAgent: update requests carry the version.
func TestUpdateUserAgent(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree, key := newPublisher(t, work, data)
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "1", "--out", filepath.Join(work, "b1.zip"))
	bundle, err := os.ReadFile(filepath.Join(work, "b1.zip"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		w.Write(bundle)
	}))
	defer srv.Close()
	old := version
	version = "1.4.0"
	defer func() { version = old }()
	mustCLI(t, data, "import", srv.URL+"/b1.zip")
	mu.Lock()
	defer mu.Unlock()
	if len(agents) == 0 || !strings.HasPrefix(agents[0], "bipkiosk/1.4.0") {
		t.Errorf("User-Agent %q, want bipkiosk/1.4.0", agents)
	}
}

// TestVersionFromRelease: a release build without a VCS stamp
// (-buildvcs=false) still names its commit and date, set with -X.
func TestVersionFromRelease(t *testing.T) {
	oldV, oldC, oldD := version, commit, commitDate
	version, commit, commitDate = "1.5.0", "fedcba9876543210fedc", "2026-12-07T12:00:00Z"
	defer func() { version, commit, commitDate = oldV, oldC, oldD }()
	var out strings.Builder
	Main([]string{"version"}, &out, &out)
	for _, want := range []string{"bipkiosk 1.5.0\n", "commit    fedcba987654\n", "date      2026-12-07T12:00:00Z\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("got %q, want it to contain %q", out.String(), want)
		}
	}
}
