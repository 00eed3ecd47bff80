package speech

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// WAVInfo describes a PCM WAV file.
type WAVInfo struct {
	SampleRate    int
	Channels      int
	BitsPerSample int
	DataOffset    int // where the samples start
	DataBytes     int // the samples' length in bytes
}

// Duration is how long the audio plays.
func (w WAVInfo) Duration() time.Duration {
	bytesPerSecond := w.SampleRate * w.Channels * w.BitsPerSample / 8
	if bytesPerSecond == 0 {
		return 0
	}
	return time.Duration(int64(w.DataBytes) * int64(time.Second) / int64(bytesPerSecond))
}

var errNotWAV = errors.New("speech: not a RIFF WAVE file")

// ParseWAV reads a WAV header. A data chunk whose declared size runs past the
// end (espeak-ng writing to a pipe declares 0x7fffffff) is taken to end at
// the end of the file.
func ParseWAV(b []byte) (WAVInfo, error) {
	var w WAVInfo
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return w, errNotWAV
	}
	for off := 12; off+8 <= len(b); {
		id, size := string(b[off:off+4]), int(binary.LittleEndian.Uint32(b[off+4:off+8]))
		body := off + 8
		switch id {
		case "fmt ":
			if size < 16 || body+16 > len(b) {
				return w, fmt.Errorf("speech: WAV fmt chunk of %d bytes is too short", size)
			}
			w.Channels = int(binary.LittleEndian.Uint16(b[body+2:]))
			w.SampleRate = int(binary.LittleEndian.Uint32(b[body+4:]))
			w.BitsPerSample = int(binary.LittleEndian.Uint16(b[body+14:]))
		case "data":
			if w.SampleRate == 0 {
				return w, fmt.Errorf("speech: WAV data chunk before its fmt chunk: %w", errNotWAV)
			}
			w.DataOffset = body
			w.DataBytes = min(size, len(b)-body)
			return w, nil
		}
		off = body + size + size%2
	}
	return w, fmt.Errorf("speech: WAV file has no data chunk: %w", errNotWAV)
}

// fixWAVSizes rewrites the RIFF and data sizes to the real ones, so a browser
// shows the right duration and can seek.
func fixWAVSizes(b []byte) ([]byte, error) {
	w, err := ParseWAV(b)
	if err != nil {
		return nil, err
	}
	b = b[:w.DataOffset+w.DataBytes]
	binary.LittleEndian.PutUint32(b[4:8], uint32(len(b)-8))
	binary.LittleEndian.PutUint32(b[w.DataOffset-4:w.DataOffset], uint32(w.DataBytes))
	return b, nil
}

// ErrWAVFormat means WAV files of different formats were to be joined.
var ErrWAVFormat = errors.New("speech: WAV files differ in format")

// JoinWAV joins PCM WAV files of one format into one, the samples one after
// the other under a single header (the first file's), with the real sizes.
// It is how several sentences become one answer: a phrase of the talking
// kiosk, or a whole page for a reader without JavaScript.
func JoinWAV(parts [][]byte) ([]byte, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("speech: no WAV files to join: %w", errNotWAV)
	}
	infos := make([]WAVInfo, len(parts))
	total := 0
	for i, p := range parts {
		w, err := ParseWAV(p)
		if err != nil {
			return nil, fmt.Errorf("speech: join part %d: %w", i, err)
		}
		if i > 0 && !sameFormat(w, infos[0]) {
			return nil, fmt.Errorf("speech: join part %d (%d Hz, %d channels): %w", i, w.SampleRate, w.Channels, ErrWAVFormat)
		}
		infos[i] = w
		total += w.DataBytes
	}
	head := parts[0][:infos[0].DataOffset]
	out := make([]byte, 0, len(head)+total)
	out = append(out, head...)
	for i, p := range parts {
		out = append(out, p[infos[i].DataOffset:infos[i].DataOffset+infos[i].DataBytes]...)
	}
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(out)-8))
	binary.LittleEndian.PutUint32(out[len(head)-4:len(head)], uint32(total))
	return out, nil
}

func sameFormat(a, b WAVInfo) bool {
	return a.SampleRate == b.SampleRate && a.Channels == b.Channels && a.BitsPerSample == b.BitsPerSample
}
