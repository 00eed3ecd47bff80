// Package printingtest is test support for packages that print: a stand-in
// for CUPS' lp, put first on PATH, that records its arguments and keeps the
// file it was given, so tests check a real print job without a printer.
//
// Only tests may import it. It may import the standard library and testing.
package printingtest
