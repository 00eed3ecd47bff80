package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
)

// TestImportStopsBeforeTheDiskIsFull checks both guards: a disk with clearly
// too little room refuses the import before anything is written, and a disk
// that fills during the import stops it cleanly. Either way the installed
// bulletin stays as it was and nothing of the new one is left behind.
func TestImportStopsBeforeTheDiskIsFull(t *testing.T) {
	texts := make([]string, 40)
	for i := range texts {
		texts[i] = fmt.Sprintf("załącznik numer %d", i)
	}
	tests := []struct {
		name string
		free func(calls int64) int64 // free bytes at the n-th look (1-based)
	}{
		{"refused before writing", func(int64) int64 { return 10 << 20 }},
		{"stopped while writing", func(n int64) int64 {
			if n == 1 {
				return 8 << 30 // the check before the import sees plenty
			}
			return minFreeBytes - 1
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			mustImport(t, s, bulletin(5, "installed"))
			before, _ := s.Current()
			var calls atomic.Int64
			diskFree = func(string) (int64, error) { return tt.free(calls.Add(1)), nil }
			defer func() { diskFree = freeBytes }()

			_, err := s.Import(context.Background(), bulletin(6, texts...), ImportOptions{})
			if !errors.Is(err, ErrDiskFull) {
				t.Fatalf("got %v, want ErrDiskFull", err)
			}
			if after, _ := s.Current(); !reflect.DeepEqual(after, before) {
				t.Errorf("current: got %+v, want %+v", after, before)
			}
			if n := keysWithPrefix(t, s, genRecordPrefix()); n != 1 {
				t.Errorf("generation records: got %d, want 1", n)
			}
			diskFree = freeBytes
			mustImport(t, s, bulletin(6, texts...)) // with room again the same import succeeds
		})
	}
}

func TestSpaceGuardLooksNowAndThen(t *testing.T) {
	looks := 0
	g := spaceGuard{dir: "store", free: func(string) (int64, error) { looks++; return 0, nil }}
	var err error
	for i := 0; i < spaceCheckEvery-1; i++ {
		if err = g.check(); err != nil {
			break
		}
	}
	if err != nil || looks != 0 {
		t.Fatalf("first %d calls: got %v after %d looks, want no look", spaceCheckEvery-1, err, looks)
	}
	if err := g.check(); !errors.Is(err, ErrDiskFull) || looks != 1 {
		t.Errorf("call %d: got %v after %d looks, want ErrDiskFull after 1", spaceCheckEvery, err, looks)
	}
}
