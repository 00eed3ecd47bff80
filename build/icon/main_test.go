package main

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// draw512 is drawn once: every case but one looks at the same picture.
var draw512 = sync.OnceValue(func() *image.NRGBA { return Draw(512) })

func TestDraw(t *testing.T) {
	tests := []struct {
		name string
		size int
		x, y int
		want color.NRGBA
	}{
		{name: "corner is transparent", size: 512, x: 0, y: 0, want: color.NRGBA{}},
		{name: "ground", size: 512, x: 40, y: 256, want: ground},
		{name: "page", size: 512, x: 140, y: 400, want: paper},
		{name: "highlight", size: 512, x: 150, y: 245, want: mark},
		{name: "heading ink", size: 512, x: 200, y: 145, want: ink},
		{name: "small size ground", size: 32, x: 2, y: 16, want: ground},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := draw512()
			if tt.size != 512 {
				img = Draw(tt.size)
			}
			if got := img.Bounds().Dx(); got != tt.size {
				t.Fatalf("width: got %d, want %d", got, tt.size)
			}
			if got := img.NRGBAAt(tt.x, tt.y); got != tt.want {
				t.Errorf("pixel (%d,%d): got %v, want %v", tt.x, tt.y, got, tt.want)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "appicon.png")
	if err := write(path, 64); err != nil {
		t.Fatalf("write: got %v, want nil", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if cfg.Width != 64 || cfg.Height != 64 {
		t.Errorf("size: got %d×%d, want 64×64", cfg.Width, cfg.Height)
	}
	if err := write(path, 8); err == nil {
		t.Error("write(size 8): got nil error, want one")
	}
}

// TestWriteICO reads the written .ico's directory back: every size, 32-bit,
// each picture where the directory says and of the size it says.
func TestWriteICO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "icon.ico")
	if err := writeICO(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(b[0:]) != 0 || le.Uint16(b[2:]) != 1 || int(le.Uint16(b[4:])) != len(icoSizes) {
		t.Fatalf("got header % x, want an icon with %d pictures", b[:6], len(icoSizes))
	}
	for i, size := range icoSizes {
		e := b[6+16*i:]
		w := int(e[0])
		if w == 0 {
			w = 256
		}
		n, off := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		want := 40 + 4*size*size + (size+31)/32*4*size
		if w != size || le.Uint16(e[6:]) != 32 || n != want || off+n > len(b) {
			t.Errorf("picture %d: got %dpx, %d bits, %d bytes at %d; want %dpx, 32 bits, %d bytes inside the file", i, w, le.Uint16(e[6:]), n, off, size, want)
			continue
		}
		if got := int(int32(le.Uint32(b[off+8:]))); got != 2*size {
			t.Errorf("picture %d: got bitmap height %d, want %d (colour and mask)", i, got, 2*size)
		}
	}
}
