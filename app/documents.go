package app

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/docprep"
	"bipkiosk/internal/source"
)

// documentFlags say what "bundle build" and "harvest" make of each
// attachment at publish time: its text and its page images
// (docs/documents.md).
type documentFlags struct {
	text      bool
	ocr       bool
	dpi       int
	maxSide   int
	pageBytes int64
	total     int64
	cache     string
	parallel  int
}

// addDocumentFlags defines the flags on fs.
func addDocumentFlags(fs *flag.FlagSet) *documentFlags {
	d := &documentFlags{}
	fs.BoolVar(&d.text, "attachment-text", true, "make each attachment's text and page images for readers (false: a format-1 bundle without them)")
	fs.BoolVar(&d.ocr, "ocr", true, "recognise the text of scanned PDF pages with tesseract")
	fs.IntVar(&d.dpi, "page-dpi", attachment.DefaultPageDPI, "render PDF pages as images at this resolution; 0 makes no page images")
	fs.IntVar(&d.maxSide, "page-image-max-side", attachment.DefaultMaxPageSide, "longest side of a page image, in pixels")
	fs.Int64Var(&d.pageBytes, "page-image-max-bytes", attachment.DefaultMaxPageBytes, "largest page image, in bytes (a larger PNG is made a JPEG; a file with a page still larger gets none)")
	fs.Int64Var(&d.total, "page-images-max-total", docprep.DefaultMaxTotalPageBytes, "page images of the whole bundle, in bytes; files in menu order get theirs while they fit")
	fs.StringVar(&d.cache, "doc-cache", "", "keep the text and page images made in this folder and reuse them in the next build (default: made anew each time)")
	fs.IntVar(&d.parallel, "doc-parallel", docprep.DefaultParallel, "attachments read, rendered and recognised at a time")
	return d
}

// args gives the flags again, for a build the harvest runs.
func (d *documentFlags) args() []string {
	if d == nil {
		return nil
	}
	return []string{
		"--attachment-text=" + strconv.FormatBool(d.text), "--ocr=" + strconv.FormatBool(d.ocr),
		"--page-dpi", strconv.Itoa(d.dpi), "--page-image-max-side", strconv.Itoa(d.maxSide),
		"--page-image-max-bytes", strconv.FormatInt(d.pageBytes, 10), "--page-images-max-total", strconv.FormatInt(d.total, 10),
		"--doc-cache", d.cache, "--doc-parallel", strconv.Itoa(d.parallel),
	}
}

// prepare makes the text and page images of the tree's attachments, adds
// them to the tree, and warns about what could not be made; done removes
// what was made once the bundle is written, unless it is kept as a cache.
func (d *documentFlags) prepare(ctx context.Context, e *env, tree *source.Tree) (done func(), err error) {
	if !d.text || len(tree.Files) == 0 {
		return func() {}, nil
	}
	if d.dpi < 0 || d.maxSide < 1 || d.pageBytes < 1 || d.total < 0 {
		return nil, fmt.Errorf("%w: --page-dpi must be 0 or more, --page-image-max-side and --page-image-max-bytes 1 or more", errUsage)
	}
	dir, done := d.cache, func() {}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "bipkiosk-documents-*"); err != nil {
			return nil, fmt.Errorf("attachment text: %w", err)
		}
		done = func() { os.RemoveAll(dir) }
	}
	p := newProgress(e, "reading attachments")
	warns, err := docprep.Prepare(ctx, tree.Nodes, tree.Files, docprep.Options{
		PublishOptions:    attachment.PublishOptions{OCR: d.ocr, PageDPI: d.dpi, MaxPageSide: d.maxSide, MaxPageBytes: d.pageBytes},
		MaxTotalPageBytes: max(d.total, 1), Parallel: d.parallel, Dir: dir, Progress: p.update,
	})
	p.finish()
	for _, w := range warns {
		fmt.Fprintf(e.stderr, "warning: attachment %s\n", w)
	}
	if err != nil {
		done()
		return nil, err
	}
	return done, nil
}
