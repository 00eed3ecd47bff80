package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"os"
)

// icoSizes are the pictures in the Windows icon: the small ones for the
// title bar, Start menu and Explorer lists, 256 for large tiles.
var icoSizes = []int{16, 24, 32, 48, 64, 256}

// writeICO writes a Windows .ico holding the icon at every icoSizes size, as
// 32-bit bitmaps (what every icon reader, NSIS's included, understands).
func writeICO(path string) error {
	var dir, data bytes.Buffer
	offset := 6 + 16*len(icoSizes)
	binary.Write(&dir, binary.LittleEndian, [3]uint16{0, 1, uint16(len(icoSizes))})
	for _, size := range icoSizes {
		bmp := icoBitmap(Draw(size))
		dim := byte(size % 256) // 0 means 256
		binary.Write(&dir, binary.LittleEndian, struct {
			W, H, Colours, Reserved byte
			Planes, BitCount        uint16
			Bytes, Offset           uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(bmp)), uint32(offset + data.Len())})
		data.Write(bmp)
	}
	if err := os.WriteFile(path, append(dir.Bytes(), data.Bytes()...), 0o644); err != nil {
		return fmt.Errorf("icon: %w", err)
	}
	return nil
}

// icoBitmap is one icon picture: a BITMAPINFOHEADER of twice the height
// (colour rows, then the mask), bottom-up BGRA rows and an all-clear AND
// mask (the alpha channel does the masking).
func icoBitmap(img *image.NRGBA) []byte {
	size := img.Bounds().Dx()
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, struct {
		Size          uint32
		W, H          int32
		Planes, Bits  uint16
		Compression   uint32
		ImageSize     uint32
		XPPM, YPPM    int32
		Used, Importa uint32
	}{40, int32(size), int32(2 * size), 1, 32, 0, 0, 0, 0, 0, 0})
	for y := size - 1; y >= 0; y-- {
		for x := 0; x < size; x++ {
			c := img.NRGBAAt(x, y)
			b.Write([]byte{c.B, c.G, c.R, c.A})
		}
	}
	maskRow := (size + 31) / 32 * 4
	b.Write(make([]byte, maskRow*size))
	return b.Bytes()
}
