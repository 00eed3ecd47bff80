package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
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
