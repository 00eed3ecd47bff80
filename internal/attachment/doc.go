// Package attachment knows the files a bulletin publishes: the one table of
// file types (extensions, MIME type, the label people see, how a browser is
// given the file, whether the app reads its text) and the one answer to
// "what text does this attachment have", with the PDF text reader behind it.
// The bundle builder (internal/source), the reader's pages (internal/web)
// and the search index (internal/search) all ask here, so a file the search
// finds by its text is a file whose page shows that text.
//
// It may import only the standard library. Its tests also use gopdf and
// x/image, to write PDFs to read back. It knows nothing of the store,
// bundles or HTTP.
package attachment
