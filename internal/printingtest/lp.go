package printingtest

import (
	_ "embed"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

//go:embed lp.sh
var lpScript []byte

// FakeLP puts the stand-in lp first on PATH for the rest of the test and
// returns its directory, where it leaves its arguments, one a line ("args"),
// and a copy of the file it got ("job.pdf"). LP_EXIT in the environment
// makes it fail with that status.
func FakeLP(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake lp is a shell script")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lp"), lpScript, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}
