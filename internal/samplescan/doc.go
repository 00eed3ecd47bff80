// Package samplescan makes scans for tests and sample bulletins: text drawn
// as a scanner makes a picture of a printed page (the Go font on a grey
// background, turned by a little skew, with noise, JPEG-compressed) and
// wrapped as the only image of each page of a PDF, with no text layer. The
// attachment tests measure OCR on them, and the default bulletin renders
// its sample scanned resolution with them at "go generate", so no scan is
// committed.
//
// It may import the standard library and golang.org/x/image (the Go fonts
// and the font drawer). It knows nothing of bundles, OCR or the store.
package samplescan
