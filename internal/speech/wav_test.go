package speech

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

func TestJoinWAV(t *testing.T) {
	a, _ := fixWAVSizes(testWAV(100))
	b, _ := fixWAVSizes(testWAV(50))
	raw := testWAV(30) // sizes unknown, as from a pipe
	other := testWAV(10)
	binary.LittleEndian.PutUint32(other[24:], 16000)
	tests := []struct {
		name    string
		parts   [][]byte
		samples int
		err     error
	}{
		{"one", [][]byte{a}, 100, nil},
		{"three, one with unknown sizes", [][]byte{a, b, raw}, 180, nil},
		{"none", nil, 0, errNotWAV},
		{"other rate", [][]byte{a, other}, 0, ErrWAVFormat},
		{"not a WAV", [][]byte{a, []byte("RIFX")}, 0, errNotWAV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := JoinWAV(tt.parts)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				return
			}
			w, err := ParseWAV(got)
			if err != nil {
				t.Fatal(err)
			}
			if w.DataBytes != 2*tt.samples || len(got) != w.DataOffset+w.DataBytes {
				t.Errorf("data %d bytes in a file of %d, want %d samples", w.DataBytes, len(got), tt.samples)
			}
			if riff := binary.LittleEndian.Uint32(got[4:8]); int(riff) != len(got)-8 {
				t.Errorf("RIFF size %d, want %d", riff, len(got)-8)
			}
			if !bytes.Equal(got[8:36], tt.parts[0][8:36]) {
				t.Errorf("format header changed")
			}
		})
	}
}
