package main

import (
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
