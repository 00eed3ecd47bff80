package source

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"bipkiosk/internal/content"
)

// Tree is a source tree read into the content model.
type Tree struct {
	Site     content.Site
	Nodes    []content.Node    // depth-first in menu order; bodies already sanitised
	Files    map[string]string // sha256 → absolute local path of the logo and every attachment
	Warnings []Warning         // things repaired or ignored, sorted by file and line

	spill *spill // where ReadLean keeps the bodies; nil after Read
}

// Warning is something in the tree that was repaired or ignored; the tree
// still builds.
type Warning struct {
	File    string // slash path relative to the tree, e.g. "urzad/dane.md"
	Line    int    // 1-based; 0 when the warning is about the whole file
	Message string
}

// String formats the warning as "file:line: message", the form editors jump to.
func (w Warning) String() string {
	return position(w.File, w.Line) + ": " + w.Message
}

// Error is a problem in one file that stops the tree from building.
// Err wraps one of the sentinel errors below.
type Error struct {
	File string // slash path relative to the tree
	Line int    // 1-based; 0 when the problem is the whole file
	Err  error
}

// Error formats the problem as "file:line: message".
func (e *Error) Error() string { return position(e.File, e.Line) + ": " + e.Err.Error() }

// Unwrap returns the underlying cause, so errors.Is finds the sentinels.
func (e *Error) Unwrap() error { return e.Err }

func position(file string, line int) string {
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}

// Sentinel errors wrapped by every *Error, for callers to test with errors.Is.
var (
	ErrFrontMatter   = errors.New("front matter")                         // invalid YAML, unterminated front matter, a value of the wrong type, a bad id or kind
	ErrSite          = errors.New("site description")                     // site.yaml missing, invalid or without a name
	ErrNoTitle       = errors.New("no title")                             // a page with front matter but no title
	ErrNoURL         = errors.New("link without a valid url")             // kind: link without an http(s), mailto or tel url
	ErrMissingFile   = errors.New("missing file")                         // an attachment, previous body, logo or instructions file that does not exist
	ErrOutsideTree   = errors.New("outside the source tree")              // a symlink or relative path that leads out of DIR
	ErrDuplicateID   = errors.New("duplicate id")                         // two nodes with the same id
	ErrDuplicatePath = errors.New("duplicate path")                       // two nodes with the same path (a.md beside a.html, or a.md beside a folder a/)
	ErrTooLong       = errors.New("text too long")                        // a title, name, address or other field over content's limits (content.MaxTitle, ...)
	ErrTooMany       = errors.New("too many errors; fix these and retry") // the error list was cut at maxErrors
)

// maxErrors caps the joined error: beyond a screenful the first mistakes
// (often repeated ones) are what the reader needs.
const maxErrors = 50

// Read reads the source tree at dir. On success the tree holds every node,
// the files its blobs come from and the warnings; otherwise the error joins
// one *Error per broken file and line (at most maxErrors of them).
func Read(dir string) (*Tree, error) {
	return read(dir, nil)
}

// read reads the tree, writing bodies to sp when it is not nil.
func read(dir string, sp *spill) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("source: %s: %w", dir, err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("source: %s: %w; give the folder that holds site.yaml", dir, err)
	}
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("source: %s is not a folder; give the folder that holds site.yaml", dir)
	}
	r := newReader(root)
	r.spill = sp
	tree := r.read()
	if len(r.errs) > 0 {
		return nil, joinErrors(dir, r.errs)
	}
	return tree, nil
}

// joinErrors sorts the problems by position and joins them under one
// package-prefixed heading line.
func joinErrors(dir string, errs []error) error {
	slices.SortStableFunc(errs, func(a, b error) int {
		var ea, eb *Error
		errors.As(a, &ea)
		errors.As(b, &eb)
		if ea == nil || eb == nil {
			return 0
		}
		return cmp.Or(cmp.Compare(ea.File, eb.File), cmp.Compare(ea.Line, eb.Line))
	})
	n := len(errs)
	if n > maxErrors {
		errs = append(errs[:maxErrors:maxErrors], fmt.Errorf("… and %d more: %w", n-maxErrors, ErrTooMany))
	}
	head := fmt.Errorf("source: %s: %d problem(s) stop the build", dir, n)
	return errors.Join(append([]error{head}, errs...)...)
}
