package update

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// zipOf returns a zip archive of n empty entries and one with a comment.
func zipOf(t testing.TB, n int, comment string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := range n {
		if _, err := w.CreateHeader(&zip.FileHeader{Name: strconv.Itoa(i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if comment != "" {
		w.SetComment(comment)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestZipShape tells a whole zip archive from the damage a transfer or a
// power loss leaves.
func TestZipShape(t *testing.T) {
	b := makeBundle(t, 1)
	cd := int(binary.LittleEndian.Uint32(b[len(b)-endLen+16:])) // where the end record says the directory starts
	zeroAt := func(data []byte, from, n int) []byte {
		out := bytes.Clone(data)
		clear(out[from : from+n])
		return out
	}
	z64 := zipOf(t, 65536, "")
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"bundle", b, true},
		{"empty archive", zipOf(t, 0, ""), true},
		{"with a comment", zipOf(t, 3, "opublikowano 2025-06-09"), true},
		{"zip64, 65 536 entries", z64, true},
		{"cut after a third", b[:len(b)/3], false},
		{"cut one byte short", b[:len(b)-1], false},
		{"cut inside the end record", b[:len(b)-10], false},
		{"tail of zeros", zeroAt(b, len(b)-4096, 4096), false},
		{"zeros over the central directory", zeroAt(b, cd, 64), false},
		{"zeros at the start", zeroAt(b, 0, 4), false},
		{"zip64 locator lost", zeroAt(z64, len(z64)-endLen-locator64Len, 4), false},
		{"an HTML error page", []byte("<html><body>502 Bad Gateway</body></html>"), false},
		{"nothing", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.zip")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			err := zipIntact(path, "https://x/b.zip")
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrDamaged)) {
				t.Errorf("got %v, want whole: %t (else ErrDamaged)", err, tt.ok)
			}
		})
	}
}
