package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeUpdateDir: serve --update-dir installs a bundle put into the
// folder, serves it at once, and records the check for status and the
// operator screen.
func TestServeUpdateDir(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	stick := filepath.Join(work, "usb")
	tree, key := newPublisher(t, work, data)
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "1", "--out", filepath.Join(work, "b1.zip"))
	mustCLI(t, data, "import", filepath.Join(work, "b1.zip"))
	writeMessyTree(t, tree, "Dane z pendrive'a")
	os.Mkdir(stick, 0o755)

	base := startReader(t, data, "--update-dir", stick)
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "2", "--out", filepath.Join(stick, "bip-2.zip"))
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if strings.Contains(get(t, base+"/mapa"), "Dane z pendrive") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the bundle in the watched folder was not installed")
		}
	}
	// The page shows the bundle from the flip on; the check is recorded
	// once the import has returned (after the sweep), so status may lag.
	var rep statusReport
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		rep = statusReport{}
		if err := json.Unmarshal([]byte(mustCLI(t, data, "status", "--json")), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.LastUpdateCheck != nil || time.Now().After(deadline) {
			break
		}
	}
	c := rep.LastUpdateCheck
	if rep.Sequence != 2 || c == nil || c.Result != "installed" || c.URL != filepath.Join(stick, "bip-2.zip") {
		t.Errorf("status: sequence %d, last check %+v; want sequence 2 installed from the stick", rep.Sequence, c)
	}
}
