package source

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
)

// octetStream is the type of a file that is neither named nor recognised.
const octetStream = attachment.OctetStream

// blobFile is the hashed content of one local file.
type blobFile struct {
	once sync.Once
	blob content.Blob
	note string // a doubt about the type, reported by each page that uses the file
	err  error
}

// blobs hashes each local file once, however many pages name it and
// whichever worker gets there first.
type blobs struct {
	mu sync.Mutex
	m  map[string]*blobFile // real path → file
}

func (b *blobs) get(real string) *blobFile {
	b.mu.Lock()
	f, ok := b.m[real]
	if !ok {
		f = &blobFile{}
		b.m[real] = f
	}
	b.mu.Unlock()
	f.once.Do(func() { f.blob, f.note, f.err = hashFile(real) })
	return f
}

// hashFile reads a file once for its SHA-256, size and type.
func hashFile(real string) (content.Blob, string, error) {
	f, err := os.Open(real)
	if err != nil {
		return content.Blob{}, "", err
	}
	defer f.Close()
	h := sha256.New()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return content.Blob{}, "", err
	}
	head = head[:n]
	h.Write(head)
	rest, err := io.Copy(h, f)
	if err != nil {
		return content.Blob{}, "", err
	}
	typ, note := fileType(real, head)
	return content.Blob{SHA256: hex.EncodeToString(h.Sum(nil)), Size: int64(n) + rest, Type: typ}, note, nil
}

// fileType names a file's type from its extension, by the one table of
// file types (a fixed table, so bundles do not depend on the building
// machine's), checked against its first bytes; note is non-empty when the
// two disagree or neither knows.
func fileType(name string, head []byte) (typ, note string) {
	sniffed := http.DetectContentType(head)
	t, known := attachment.ByExt(filepath.Base(name))
	typ = t.MIME
	if !known {
		if sniffed == octetStream {
			return octetStream, "unknown file type; offered for download as " + octetStream
		}
		return sniffed, ""
	}
	switch {
	case typ == "application/pdf" && sniffed != typ:
		return typ, fmt.Sprintf("file is named .pdf but its content looks like %s; check the file", sniffed)
	case strings.HasPrefix(typ, "image/") && typ != "image/svg+xml" && sniffed != typ && sniffed != octetStream:
		return typ, fmt.Sprintf("file extension says %s but its content looks like %s; check the file", typ, sniffed)
	}
	return typ, ""
}

// relPath joins a path written in a file (relative to that file's folder,
// slash-separated) to the folder, refusing paths that climb out of the tree.
func relPath(dir, p string) (string, error) {
	p = strings.ReplaceAll(strings.TrimSpace(p), `\`, "/")
	if p == "" {
		return "", fmt.Errorf("empty file name")
	}
	if path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "" {
		return "", fmt.Errorf("%w: %q is an absolute path; give it relative to the page's folder", ErrOutsideTree, p)
	}
	rel := path.Clean(path.Join(dir, p))
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Errorf("%w: %q leads out of the source tree; keep files inside it", ErrOutsideTree, p)
	}
	return rel, nil
}

// realPath returns the local path of rel after following symlinks, and
// refuses one that ends outside the tree.
func (r *reader) realPath(rel string) (string, error) {
	real, err := filepath.EvalSymlinks(filepath.Join(r.root, filepath.FromSlash(rel)))
	if err != nil {
		return "", fmt.Errorf("%w: %s does not exist; add it or fix the name (names are case-sensitive)", ErrMissingFile, rel)
	}
	if !r.inside(real) {
		return "", fmt.Errorf("%w: %s is a symlink to %s; copy the file into the tree", ErrOutsideTree, rel, real)
	}
	return real, nil
}

// inside reports whether real (symlinks resolved) is within the tree.
func (r *reader) inside(real string) bool {
	rel, err := filepath.Rel(r.root, real)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// blob hashes the file at rel for a page or site.yaml and records it in Files.
func (r *reader) blob(rel string) (content.Blob, string, string, error) {
	real, err := r.realPath(rel)
	if err != nil {
		return content.Blob{}, "", "", err
	}
	if fi, err := os.Stat(real); err != nil || !fi.Mode().IsRegular() {
		return content.Blob{}, "", "", fmt.Errorf("%w: %s is not a regular file", ErrMissingFile, rel)
	}
	f := r.blobs.get(real)
	if f.err != nil {
		return content.Blob{}, "", "", fmt.Errorf("%w: %s: %w", ErrMissingFile, rel, f.err)
	}
	return f.blob, real, f.note, nil
}
