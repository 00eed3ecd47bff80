// Package harvesttest is test support only: it serves a fixture BIP site
// (internal/harvest/testdata/sites) over HTTP the way its system would, for
// the harvest package's tests and the harvest command's.
//
// Only tests may import it. It may import the standard library,
// internal/attachment and testing.
package harvesttest
