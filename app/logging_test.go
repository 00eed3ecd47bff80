package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestLogFormat: BIPKIOSK_LOG picks the format and the level; to the journal
// every line starts with its syslog priority.
func TestLogFormat(t *testing.T) {
	tests := []struct {
		setting     string
		longRunning bool
		journal     bool
		want        []string // the lines written for a debug, info, warn and error record
	}{
		{"", true, false, []string{`level=INFO msg=started n=1`, `level=WARN msg=slow n=1`, `level=ERROR msg=failed n=1`}},
		{"", false, false, []string{`level=WARN msg=slow n=1`, `level=ERROR msg=failed n=1`}},
		{"debug", false, false, []string{`level=DEBUG msg=detail n=1`, `level=INFO msg=started n=1`, `level=WARN msg=slow n=1`, `level=ERROR msg=failed n=1`}},
		{"json", true, false, []string{`{"level":"INFO","msg":"started","n":1}`, `{"level":"WARN","msg":"slow","n":1}`, `{"level":"ERROR","msg":"failed","n":1}`}},
		{"JSON, warn", true, false, []string{`{"level":"WARN","msg":"slow","n":1}`, `{"level":"ERROR","msg":"failed","n":1}`}},
		{"text,error", true, false, []string{`level=ERROR msg=failed n=1`}},
		{"", true, true, []string{`<6>level=INFO msg=started n=1`, `<4>level=WARN msg=slow n=1`, `<3>level=ERROR msg=failed n=1`}},
		{"json,debug", true, true, []string{`<7>{"level":"DEBUG","msg":"detail","n":1}`, `<6>{"level":"INFO","msg":"started","n":1}`, `<4>{"level":"WARN","msg":"slow","n":1}`, `<3>{"level":"ERROR","msg":"failed","n":1}`}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q,%v,%v", tt.setting, tt.longRunning, tt.journal), func(t *testing.T) {
			var buf bytes.Buffer
			log := buildLogger(&buf, parseLogSettings(tt.setting, tt.longRunning), tt.journal).With("n", 1)
			log.Debug("detail")
			log.Info("started")
			log.Warn("slow")
			log.Error("failed")
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				if line == "" {
					continue
				}
				// Drop the time, which changes.
				if i := strings.Index(line, `"time":`); i >= 0 {
					var m map[string]any
					if err := json.Unmarshal([]byte(line[strings.Index(line, "{"):]), &m); err != nil {
						t.Fatalf("not a JSON line: %q", line)
					}
					line = line[:i] + line[strings.Index(line, `"level"`):]
				}
				if i := strings.Index(line, "time="); i >= 0 {
					line = line[:i] + line[strings.Index(line, "level="):]
				}
				got = append(got, line)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestToJournal: the priority prefix is used only when stderr is the stream
// JOURNAL_STREAM names, not when the variable is merely inherited.
func TestToJournal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no journal")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	st := info.Sys().(*syscall.Stat_t)
	t.Setenv("JOURNAL_STREAM", fmt.Sprintf("%d:%d", st.Dev, st.Ino))
	if !toJournal(f) {
		t.Error("stderr is the journal stream, toJournal says no")
	}
	t.Setenv("JOURNAL_STREAM", fmt.Sprintf("%d:%d", st.Dev, st.Ino+1))
	if toJournal(f) {
		t.Error("another stream: toJournal says yes")
	}
	t.Setenv("JOURNAL_STREAM", "")
	var b bytes.Buffer
	if toJournal(&b) {
		t.Error("no JOURNAL_STREAM: toJournal says yes")
	}
}
