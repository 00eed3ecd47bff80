package store

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"bipkiosk/internal/content"
)

func TestRollbackRefusals(t *testing.T) {
	tests := []struct {
		name    string
		seqs    []uint64
		want    error
		wantMsg string
	}{
		{name: "empty store", want: ErrEmpty, wantMsg: "store: no bulletin installed"},
		{name: "one generation", seqs: []uint64{7}, want: ErrNothingToRollBack, wantMsg: "store: nothing to roll back to: only sequence 7 is kept"},
		{name: "after rolling back once", seqs: []uint64{6, 7}, want: ErrNothingToRollBack, wantMsg: "store: nothing to roll back to: only sequence 6 is kept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			for _, seq := range tt.seqs {
				mustImport(t, s, bulletin(seq, "bytes"))
			}
			if len(tt.seqs) == 2 {
				if _, _, err := s.Rollback(); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := s.Current()
			_, _, err := s.Rollback()
			if !errors.Is(err, tt.want) || err.Error() != tt.wantMsg {
				t.Fatalf("got %v, want %q", err, tt.wantMsg)
			}
			if after, _ := s.Current(); after != before {
				t.Errorf("current after a refused rollback: got %+v, want %+v", after, before)
			}
		})
	}
}

func TestRollbackReturnsToPreviousAndDropsTheLeftOne(t *testing.T) {
	s, dir := openTest(t, Options{KeepGenerations: 2})
	src1 := bulletin(1, "shared", "only in one")
	g1 := mustImport(t, s, src1)
	g2 := mustImport(t, s, bulletin(2, "shared", "only in two"))

	to, left, err := s.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	if to != g1 || left != g2 {
		t.Fatalf("rollback: got to %d (seq %d), left %d (seq %d); want to %d, left %d",
			to.Number, to.Edition.Sequence, left.Number, left.Edition.Sequence, g1.Number, g2.Number)
	}
	checkBulletin(t, s, src1)
	if !s.RolledBack(testPublisher, 2) || s.RolledBack(testPublisher, 1) || s.RolledBack(otherPublisher, 2) {
		t.Errorf("RolledBack: want true only for the left edition (publisher, sequence 2)")
	}
	if n := keysWithPrefix(t, s, genPrefix(g2.Number)); n != 0 {
		t.Errorf("keys of the left generation: got %d, want 0", n)
	}
	onlyIn2, _ := blob("only in two", "")
	if hasBlobHex(t, s, onlyIn2) {
		t.Errorf("blob only the left generation used is still stored")
	}
	assertGenerations(t, s, g1.Number)

	// The rollback is durable: a reopened store still shows sequence 1.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, dir, Options{KeepGenerations: 2})
	checkBulletin(t, s, src1)

	// The next import keeps the generation rolled back to as the previous one,
	// so a second rollback returns to it, not to the rejected sequence 2.
	g3 := mustImport(t, s, bulletin(3, "shared"))
	assertGenerations(t, s, g3.Number, g1.Number)
	if to, _, err := s.Rollback(); err != nil || to.Number != g1.Number {
		t.Fatalf("second rollback: got generation %d, %v; want %d", to.Number, err, g1.Number)
	}

	// Importing the rolled-back bundle again is allowed on purpose.
	src2 := bulletin(2, "shared", "only in two")
	g := mustImport(t, s, src2)
	if g.Edition.Sequence != 2 || g.Number <= g3.Number {
		t.Errorf("re-import of sequence 2: got generation %d sequence %d, want a new generation after %d", g.Number, g.Edition.Sequence, g3.Number)
	}
	checkBulletin(t, s, src2)
	assertGenerations(t, s, g.Number, g1.Number)
}

func TestRollbackKeepsAPinnedReaderWhole(t *testing.T) {
	s, dir := openTest(t, Options{})
	mustImport(t, s, bulletin(1, "one"))
	src2 := bulletin(2, "two")
	g2 := mustImport(t, s, src2)
	id := content.NodeID("urzad/regulamin")
	err := s.Read(func(r *Reader) error {
		if _, _, err := s.Rollback(); err != nil {
			return err
		}
		n, err := r.Node(id)
		if err != nil || n.Title != editionName(2) {
			t.Errorf("reader of generation 2 after the rollback: got %q, %v; want %q", n.Title, err, editionName(2))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Current(); g.Edition.Sequence != 1 {
		t.Errorf("current after rollback: got sequence %d, want 1", g.Edition.Sequence)
	}
	// The sweep deferred the pinned generation; it is not listed and the next Open removes it.
	gens, _ := s.Generations()
	if len(gens) != 1 || gens[0].Edition.Sequence != 1 {
		t.Errorf("generations: got %+v, want only sequence 1", gens)
	}
	s.Close()
	s = reopen(t, dir, Options{})
	if n := keysWithPrefix(t, s, genPrefix(g2.Number)); n != 0 {
		t.Errorf("keys of the left generation after reopening: got %d, want 0", n)
	}
}

// assertGenerations checks the numbers of the kept generations, newest first.
func assertGenerations(t *testing.T, s *Store, want ...uint64) {
	t.Helper()
	gens, err := s.Generations()
	if err != nil {
		t.Fatal(err)
	}
	var got []uint64
	for _, g := range gens {
		got = append(got, g.Number)
	}
	if !slices.Equal(got, want) {
		t.Errorf("kept generations: got %v, want %v", got, want)
	}
	if n := keysWithPrefix(t, s, genRecordPrefix()); n != len(want) {
		t.Errorf("generation records: got %d, want %d", n, len(want))
	}
}

// TestOpenRemovesEmptyMemtableLeftByACrash: a process killed between creating
// a memtable log and sizing it leaves an empty .mem file, which Badger alone
// refuses to open (found by the SIGKILL tests in tests/reliability).
func TestOpenRemovesEmptyMemtableLeftByACrash(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := bulletin(1, "kept")
	mustImport(t, s, src)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "00099.mem")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, dir, Options{})
	checkBulletin(t, s, src)
	if _, err := os.Stat(empty); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty memtable log: got %v, want it removed", err)
	}
}
