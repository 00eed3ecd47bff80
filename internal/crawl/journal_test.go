package crawl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJournalTornLine: a record cut by a kill is dropped, and appending
// continues on a fresh line.
func TestJournalTornLine(t *testing.T) {
	tests := []struct {
		name, journal string
		pages         int
		open          bool
	}{
		{"whole", `{"k":"run","run":1}` + "\n" + `{"k":"page","run":1,"p":{"url":"http://a.pl/"}}` + "\n", 1, true},
		{"torn record", `{"k":"run","run":1}` + "\n" + `{"k":"page","run":1,"p":{"url":"http://a.pl/"}}` + "\n" + `{"k":"page","run":1,"p":{"ur`, 1, true},
		{"ended", `{"k":"run","run":1}` + "\n" + `{"k":"end","run":1,"complete":true}` + "\n", 0, false},
		{"ended by a limit", `{"k":"run","run":1}` + "\n" + `{"k":"end","run":1,"limit":"pages"}` + "\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, stateDir, journalName)
			os.MkdirAll(filepath.Dir(path), 0o755)
			os.WriteFile(path, []byte(tt.journal), 0o644)
			j, h, err := openJournal(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.current) != tt.pages || h.open != tt.open {
				t.Errorf("%d pages, open %v; want %d, %v", len(h.current), h.open, tt.pages, tt.open)
			}
			if err := j.append(record{K: "run", Run: 2}); err != nil {
				t.Fatal(err)
			}
			j.close()
			b, _ := os.ReadFile(path)
			if !strings.HasSuffix(string(b), "}\n"+`{"k":"run","run":2}`+"\n") {
				t.Errorf("journal after append:\n%s", b)
			}
		})
	}
}

// TestLoadInterrupted: Load of an interrupted re-harvest gives the new
// run's pages and the old run's others, and says it was interrupted.
func TestLoadInterrupted(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, stateDir, journalName)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte(strings.Join([]string{
		`{"k":"run","run":1}`,
		`{"k":"page","run":1,"p":{"url":"http://a.pl/","body":"aa11"}}`,
		`{"k":"page","run":1,"p":{"url":"http://a.pl/b"}}`,
		`{"k":"skip","run":1,"s":{"url":"http://a.pl/x","reason":"r"}}`,
		`{"k":"end","run":1,"complete":true}`,
		`{"k":"run","run":2}`,
		`{"k":"page","run":2,"p":{"url":"http://a.pl/","nm":true,"body":"aa11"}}`,
		`{"k":"skip","run":2,"s":{"url":"http://a.pl/y","reason":"r"}}`,
		`{"k":"skip","run":2,"s":{"url":"http://a.pl/y","reason":"r"}}`,
	}, "\n")+"\n"), 0o644)
	res, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 2 || !res.Pages[0].NotModified || res.Pages[1].URL != "http://a.pl/b" {
		t.Errorf("pages %+v", res.Pages)
	}
	if res.Pages[0].BodyPath != filepath.Join(dir, ".crawl", "bodies", "aa", "aa11") {
		t.Errorf("body path %q", res.Pages[0].BodyPath)
	}
	if len(res.Report.Skipped) != 1 || !strings.Contains(res.Report.Stopped, "interrupted") {
		t.Errorf("skipped %v, stopped %q", res.Report.Skipped, res.Report.Stopped)
	}
}
