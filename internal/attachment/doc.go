// Package attachment knows the files a bulletin publishes: the one table of
// file types (extensions, MIME type, the label people see, how a browser is
// given the file, whether and how the app reads its text) and the one
// answer to "what text does this attachment have", with the readers behind
// it: PDF text layers (encrypted ones with an empty password included),
// office documents (DOCX, ODT, XLSX, ODS, RTF, in Go) and, on the machine
// that builds bundles only, DOC and XLS through catdoc (PublishText), and
// Publish: a PDF's text page by page, its pages rendered by pdftoppm and
// its scanned pages recognised by tesseract with a correction pass for the
// signs of legal texts (CorrectOCR). A bundle carries what Publish made;
// CarriedText, PageTexts and PageAt read it back in the reader.
// The bundle builder (internal/source), the reader's pages (internal/web)
// and the search index (internal/search) all ask here, so a file the search
// finds by its text is a file whose page shows that text.
//
// It may import the standard library and golang.org/x/text/encoding/charmap
// (RTF code pages). Its tests also use gopdf, x/image and internal/samplescan
// (the generated scans), to write PDFs to
// read back, and run qpdf and pdftotext when installed. It knows nothing of
// the store, bundles or HTTP.
package attachment
