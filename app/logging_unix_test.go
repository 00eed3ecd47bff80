//go:build unix

package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestToJournal: the priority prefix is used only when stderr is the stream
// JOURNAL_STREAM names, not when the variable is merely inherited.
func TestToJournal(t *testing.T) {
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
