package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/update"
)

// TestHints: app adds the flags to check to the typed errors of update and
// bundle, and leaves other errors and their kinds as they are.
func TestHints(t *testing.T) {
	limit := &update.LimitError{URL: "https://bip.example/b.zip", Size: 10, Max: 5}
	other := errors.New("update: something else")
	tests := []struct {
		name   string
		hint   func(error) error
		err    error
		suffix string
	}{
		{"limit, import", updateHint(true), limit, ": check --update-url or raise --max-total-bytes"},
		{"limit, poller", updateHint(false), limit, `run "bipkiosk import https://bip.example/b.zip" once with a larger limit, or ask the publisher for smaller bundles`},
		{"status", updateHint(false), fmt.Errorf("x: %w", update.ErrStatus), ": check --update-url"},
		{"address", updateHint(true), fmt.Errorf("x: %w", update.ErrAddress), ": check --update-url"},
		{"not a feed", updateHint(false), fmt.Errorf("x: %w", update.ErrNotFeed), `point --update-url at the index.json that "bipkiosk bundle index" writes, or at a bundle .zip`},
		{"delta only", updateHint(false), fmt.Errorf("x: %w", update.ErrDeltaOnly), "point --update-url at the publisher's index.json or a full bundle"},
		{"other", updateHint(true), other, "something else"},
		{"sequence", buildHint, fmt.Errorf("x: %w", bundle.ErrSequence), ": check --sequence"},
		{"same key", buildHint, fmt.Errorf("x: %w", bundle.ErrSameKey), "give the new key with --key and the old one with --rotate-from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.hint(tt.err)
			if !strings.HasSuffix(got.Error(), tt.suffix) || !errors.Is(got, tt.err) {
				t.Errorf("got %q, want it to end with %q and still match %v", got, tt.suffix, tt.err)
			}
		})
	}
}

// TestBuildHintCLI: "bundle build" names --sequence when a delta's sequence
// is not after its base's.
func TestBuildHintCLI(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	tree, key := newPublisher(t, work, data)
	base := work + "/b2.zip"
	mustCLI(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "2", "--out", base)
	code, _, msg := cli(t, data, "bundle", "build", "--from", tree, "--key", key+".key", "--sequence", "2", "--base", base, "--out", work+"/d.zip")
	if code != 1 || !strings.Contains(msg, "must be greater: check --sequence") {
		t.Errorf("delta on an equal sequence: exit %d, %q; want a refusal naming --sequence", code, msg)
	}
}
