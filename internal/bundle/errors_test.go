package bundle

import (
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriterErrorsAreTyped: the writer's refusals that a command maps to
// its own flags carry a kind, and their text names no flag.
func TestWriterErrorsAreTyped(t *testing.T) {
	s := newSample()
	base := manifestOf(t, s.write(t, chojnow, 3), trustChojnow())
	existing := filepath.Join(t.TempDir(), "k")
	if err := WriteKeyFiles(existing, chojnow); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"sequence 0", func() error {
			return Write(io.Discard, WriteOptions{Key: chojnow, Created: created}, s.site, s.nodes, s.opener())
		}, ErrSequence},
		{"delta not after its base", func() error {
			return Write(io.Discard, WriteOptions{Key: chojnow, Sequence: 3, Created: created, Base: &base}, s.site, s.nodes, s.opener())
		}, ErrSequence},
		{"rotation to the same key", func() error {
			_, err := SignKeyRotation(chojnow, chojnow.Public(), 1)
			return err
		}, ErrSameKey},
		{"key files exist", func() error { return WriteKeyFiles(existing, chojnow) }, fs.ErrExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if !errors.Is(err, tt.want) || strings.Contains(err.Error(), "--") {
				t.Errorf("got %v, want %v naming no flag", err, tt.want)
			}
		})
	}
}
