// Package reliability holds the tests that show bipkiosk keeps the last good
// bulletin whatever happens to an update: real SIGKILLs of a real import at
// many moments, a disk that fills up mid-import, readers hammering the HTTP
// handler while a generation flips, hostile bundles, and a store that stays
// bounded over many updates. The tests build the real binary once and drive
// it as a child process where the operating system's behaviour matters.
//
// With BIPKIOSK_RELIABILITY_REPORT=FILE set, the tests write their figures as
// the markdown report that docs/reliability.md is taken from. The tests assert
// the bounds the report states, so a regression fails the run.
//
// It holds only tests. It may import every internal package, the standard
// library and github.com/google/uuid.
package reliability
