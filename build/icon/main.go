// Command icon draws bipkiosk's application icon, so the PNG is generated
// source and never a binary blob in the repository:
//
//	go run ./build/icon -out build/appicon.png
//	go run ./build/icon -out build/windows/icon.ico    (16 to 256 pixels, for Windows)
//
// The picture: a white bulletin page with dark text lines and a yellow
// highlight bar (the app's focus colour) on a dark blue rounded square. It is
// drawn with 4×4 supersampling so the edges stay smooth at every size Windows
// and the Linux desktops scale it to.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strings"
)

func main() {
	out := flag.String("out", "appicon.png", "PNG file to write; a name ending in .ico writes a Windows icon of several sizes")
	size := flag.Int("size", 512, "width and height in pixels")
	flag.Parse()
	write := write
	if strings.HasSuffix(*out, ".ico") {
		write = func(path string, _ int) error { return writeICO(path) }
	}
	if err := write(*out, *size); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func write(path string, size int) error {
	if size < 16 || size > 4096 {
		return fmt.Errorf("icon: size %d is out of range: use 16 to 4096", size)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, Draw(size)); err != nil {
		return fmt.Errorf("icon: encode %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("icon: %w", err)
	}
	return nil
}

// Colours: dark blue ground, white page, near-black text, yellow highlight.
var (
	ground = color.NRGBA{0x0b, 0x3d, 0x91, 0xff}
	paper  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	fold   = color.NRGBA{0xc8, 0xd4, 0xe8, 0xff}
	ink    = color.NRGBA{0x0b, 0x0c, 0x0c, 0xff}
	mark   = color.NRGBA{0xff, 0xdd, 0x00, 0xff}
)

// Draw renders the icon at size×size pixels.
func Draw(size int) *image.NRGBA {
	const ss = 4 // samples per pixel side
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					// Shape coordinates are in a 0..1 square.
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					c, ok := colourAt(x, y)
					if !ok {
						continue
					}
					r += float64(c.R)
					g += float64(c.G)
					b += float64(c.B)
					a++
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(r / a), G: uint8(g / a), B: uint8(b / a),
				A: uint8(math.Round(a / ss / ss * 255)),
			})
		}
	}
	return img
}

// colourAt is the colour of the point (x, y), later shapes on top; false
// outside the rounded square, where the icon is transparent.
func colourAt(x, y float64) (color.NRGBA, bool) {
	if !inRoundRect(x, y, 0.02, 0.02, 0.98, 0.98, 0.18) {
		return color.NRGBA{}, false
	}
	c := ground
	// The page, its top right corner folded over.
	const l, t, r, b, f = 0.24, 0.14, 0.76, 0.86, 0.14
	if inRoundRect(x, y, l, t, r, b, 0.03) && !(x > r-f && y < t+f && (x-(r-f)) > (y-t)) {
		c = paper
		if x > r-f && y < t+f {
			c = fold
		}
	}
	// A heading bar and text lines; the yellow bar marks "the line you are on".
	lines := []struct {
		top, right float64
		col        color.NRGBA
	}{
		{0.25, 0.56, ink},
		{0.40, 0.68, ink},
		{0.49, 0.62, ink},
		{0.58, 0.68, ink},
		{0.67, 0.52, ink},
	}
	for i, ln := range lines {
		h := 0.045
		if i == 0 {
			h = 0.07
		}
		if i == 2 && inRoundRect(x, y, 0.28, ln.top-0.025, 0.72, ln.top+h+0.025, 0.015) {
			c = mark
		}
		if inRoundRect(x, y, 0.32, ln.top, ln.right, ln.top+h, h/2) {
			c = ln.col
		}
	}
	return c, true
}

// inRoundRect reports whether (x, y) lies in the rectangle with corner radius rad.
func inRoundRect(x, y, l, t, r, b, rad float64) bool {
	if x < l || x > r || y < t || y > b {
		return false
	}
	cx := math.Max(l+rad, math.Min(x, r-rad))
	cy := math.Max(t+rad, math.Min(y, b-rad))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= rad*rad
}
