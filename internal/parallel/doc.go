// Package parallel runs the independent steps of a job on several goroutines
// and hands their results back one at a time, in input order, on the
// caller's goroutine: reading a bundle's nodes, encoding them for a new
// bundle, parsing a source tree's pages, extracting attachments' text for
// the search index.
//
// The outcome never depends on timing: the caller sees the same results, and
// gets the same error, as if each step ran just before its result was used.
// The first error stops the rest, and no goroutine outlives the call.
//
// It may import only the standard library.
package parallel
