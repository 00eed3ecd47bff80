// Package printing turns one article into a PDF and hands PDFs to the
// system's print service, for kiosks that print without a dialog.
//
// Render lays out a Document (title, body, metadata, closing notes; every
// label already translated by the caller) on A4 pages in the Go fonts, which
// are embedded in the binary and cover Polish and Ukrainian. Send runs
// "lp -d PRINTER -t TITLE FILE" without a shell. ParseMode reads the --print
// setting.
//
// It may import the standard library, github.com/signintech/gopdf,
// golang.org/x/image/font/gofont (the Go fonts, with Polish and Cyrillic) and
// golang.org/x/net/html. It knows nothing of the content model, the store or
// HTTP.
package printing
