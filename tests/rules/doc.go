// Package rules checks, in CI, the conventions that are written down in the
// tree, so that they cannot drift from the code: every package's doc.go
// names what the package may import, and the code imports exactly that.
//
// It has no code outside its tests. It may import the standard library.
package rules
