package update

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// Zip record signatures and sizes (APPNOTE.TXT 4.3).
var (
	sigLocal     = []byte("PK\x03\x04")
	sigCentral   = []byte("PK\x01\x02")
	sigEnd       = []byte("PK\x05\x06")
	sigEnd64     = []byte("PK\x06\x06")
	sigLocator64 = []byte("PK\x06\x07")
)

const (
	endLen       = 22 // end of central directory record, without its comment
	locator64Len = 20
	end64Len     = 56
	maxComment   = 0xffff
)

// zipIntact reports, as an ErrDamaged error, a file that does not end as a
// whole zip archive: no end-of-central-directory record at its end, or one
// whose central directory does not lie inside the file and start with its
// signature. A transfer cut short, or a tail of zeros left by a power loss,
// fails here; only a file that passes is judged by the verifier, so a
// refusal is about what the publisher published, not about the transfer.
// It reads a few records, never the central directory itself, so a hostile
// file costs no memory.
func zipIntact(path, rawURL string) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if why := zipShape(file, info.Size()); why != "" {
		return &kindError{ErrDamaged, fmt.Errorf("%s: the downloaded file (%d bytes) is not a whole zip archive: %s; will try again", rawURL, info.Size(), why)}
	}
	return nil
}

// zipShape says what is wrong with the outline of the zip archive r of size
// bytes, or "" when nothing is.
func zipShape(r io.ReaderAt, size int64) string {
	if size < endLen {
		return "it is too short"
	}
	tailLen := min(size, endLen+maxComment)
	tail := make([]byte, tailLen)
	if _, err := r.ReadAt(tail, size-tailLen); err != nil {
		return "it cannot be read"
	}
	at := endRecord(tail)
	if at < 0 {
		return "it has no end-of-central-directory record at its end"
	}
	end := tail[at:]
	endPos := size - tailLen + int64(at)
	entries := uint64(binary.LittleEndian.Uint16(end[10:]))
	cdSize := uint64(binary.LittleEndian.Uint32(end[12:]))
	cdOffset := uint64(binary.LittleEndian.Uint32(end[16:]))
	if entries == 0xffff || cdSize == 0xffffffff || cdOffset == 0xffffffff {
		var why string
		if entries, cdSize, cdOffset, endPos, why = zip64End(r, endPos); why != "" {
			return why
		}
	}
	if cdOffset > uint64(endPos) || cdSize > uint64(endPos)-cdOffset {
		return "its central directory lies outside the file"
	}
	if entries == 0 {
		return ""
	}
	if !hasAt(r, int64(cdOffset), sigCentral) {
		return "its central directory does not start where the end record says"
	}
	if !hasAt(r, 0, sigLocal) {
		return "it does not start with a zip entry"
	}
	return ""
}

// endRecord returns the offset in tail of the end-of-central-directory
// record whose comment runs exactly to the end of tail, or -1.
func endRecord(tail []byte) int {
	for i := len(tail) - endLen; i >= 0; i-- {
		if !bytes.Equal(tail[i:i+4], sigEnd) {
			continue
		}
		if comment := int(binary.LittleEndian.Uint16(tail[i+20:])); i+endLen+comment == len(tail) {
			return i
		}
	}
	return -1
}

// zip64End reads the zip64 end record that the locator just before endPos
// points at, and returns its counts and where it starts.
func zip64End(r io.ReaderAt, endPos int64) (entries, cdSize, cdOffset uint64, at int64, why string) {
	const missing = "its zip64 end record is missing"
	if endPos < locator64Len {
		return 0, 0, 0, 0, missing
	}
	loc := make([]byte, locator64Len)
	if _, err := r.ReadAt(loc, endPos-locator64Len); err != nil || !bytes.Equal(loc[:4], sigLocator64) {
		return 0, 0, 0, 0, missing
	}
	off := binary.LittleEndian.Uint64(loc[8:])
	if off > uint64(endPos-locator64Len) {
		return 0, 0, 0, 0, missing
	}
	rec := make([]byte, end64Len)
	if _, err := r.ReadAt(rec, int64(off)); err != nil || !bytes.Equal(rec[:4], sigEnd64) {
		return 0, 0, 0, 0, missing
	}
	return binary.LittleEndian.Uint64(rec[32:]), binary.LittleEndian.Uint64(rec[40:]), binary.LittleEndian.Uint64(rec[48:]), int64(off), ""
}

// hasAt reports whether r holds sig at off.
func hasAt(r io.ReaderAt, off int64, sig []byte) bool {
	buf := make([]byte, len(sig))
	_, err := r.ReadAt(buf, off)
	return err == nil && bytes.Equal(buf, sig)
}
