// Package docprep makes, on the machine that builds a bundle, the published
// text and page images of a bulletin's attachments (content.Attachment's
// Text and Pages), through internal/attachment's Publish: each distinct file
// once, a few at a time, its blobs written to a folder the bundle writer
// reads them from, the page images within a total per bundle. That folder
// may be kept between builds as a cache, so a nightly build recognises only
// new scans. Problems (a missing program, a failing one) are warnings: the
// file is published without what could not be made.
//
// It may import the standard library, internal/attachment, internal/content
// and internal/parallel. It knows nothing of bundles, the store or HTTP.
package docprep
