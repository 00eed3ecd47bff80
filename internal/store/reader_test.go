package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

func TestChangesFilterAndPages(t *testing.T) {
	s, _ := openTest(t, Options{})
	src := bulletin(1)
	// One article with a change every day of March 2024 at noon.
	art := &src.nodes[4]
	for d := 1; d <= 31; d++ {
		art.History = append(art.History, content.Change{At: time.Date(2024, 3, d, 12, 0, 0, 0, time.UTC), Kind: content.ChangeModified, Summary: fmt.Sprint(d)})
	}
	for i := range src.nodes {
		if i != 4 {
			src.nodes[i].History = nil
		}
	}
	mustImport(t, s, src)
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		q         ChangeQuery
		wantDays  []string
		wantTotal int
	}{
		{name: "all, first page", q: ChangeQuery{Limit: 3}, wantDays: []string{"31", "30", "29"}, wantTotal: 31},
		{name: "all, second page", q: ChangeQuery{Offset: 3, Limit: 2}, wantDays: []string{"28", "27"}, wantTotal: 31},
		{name: "past the end", q: ChangeQuery{Offset: 40, Limit: 2}, wantDays: nil, wantTotal: 31},
		{name: "from only", q: ChangeQuery{From: day(29)}, wantDays: []string{"31", "30", "29"}, wantTotal: 3},
		{name: "to only, exclusive", q: ChangeQuery{To: day(3), Limit: 10}, wantDays: []string{"2", "1"}, wantTotal: 2},
		{name: "to at the exact time of a change", q: ChangeQuery{To: day(3).Add(12 * time.Hour)}, wantDays: []string{"2", "1"}, wantTotal: 2},
		{name: "range, paged", q: ChangeQuery{From: day(10), To: day(20), Offset: 2, Limit: 3}, wantDays: []string{"17", "16", "15"}, wantTotal: 10},
		{name: "empty range", q: ChangeQuery{From: day(20), To: day(10)}, wantDays: nil, wantTotal: 0},
	}
	err := s.Read(func(r *Reader) error {
		for _, tt := range tests {
			got, total, err := r.Changes(tt.q)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var days []string
			for _, e := range got {
				days = append(days, e.Change.Summary)
				if e.Node.ID != art.ID || art.History[e.Index] != e.Change {
					t.Errorf("%s: entry %+v does not match the node's history", tt.name, e)
				}
			}
			if fmt.Sprint(days) != fmt.Sprint(tt.wantDays) || total != tt.wantTotal {
				t.Errorf("%s: got %v of %d, want %v of %d", tt.name, days, total, tt.wantDays, tt.wantTotal)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReadSeesOneGeneration imports new editions in a loop while readers check
// that the site and a node always come from the same edition.
func TestReadSeesOneGeneration(t *testing.T) {
	s, _ := openTest(t, Options{})
	mustImport(t, s, bulletin(1, "a"))
	imports := 12
	if testing.Short() {
		imports = 4
	}
	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer done.Store(true)
		for seq := uint64(2); seq < uint64(2+imports); seq++ {
			blobText := fmt.Sprint("blob ", seq)
			if _, err := s.Import(context.Background(), bulletin(seq, blobText), ImportOptions{}); err != nil {
				errs <- err
				return
			}
		}
	}()
	var reads, spanned atomic.Int64
	reg := content.NodeID("urzad/regulamin")
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				err := s.Read(func(r *Reader) error {
					seq := r.Generation().Edition.Sequence
					site, err := r.Site()
					if err != nil {
						return err
					}
					time.Sleep(time.Millisecond) // let an import flip meanwhile
					if cur, err := s.Current(); err == nil && cur.Edition.Sequence != seq {
						spanned.Add(1)
					}
					n, err := r.Node(reg)
					if err != nil {
						return err
					}
					want := editionName(seq)
					if site.Name != want || n.Title != want {
						return fmt.Errorf("generation of sequence %d: site %q, node %q, want %q", seq, site.Name, n.Title, want)
					}
					return r.Blob(n.Attachments[0].SHA256, func([]byte) error { return nil })
				})
				if err != nil {
					t.Error(err)
					return
				}
				reads.Add(1)
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
	t.Logf("%d reads, %d spanning a flip", reads.Load(), spanned.Load())
	if spanned.Load() == 0 && !testing.Short() {
		t.Fatal("no read spanned a flip; the test proved nothing")
	}
	g, _ := s.Current()
	if want := uint64(1 + imports); g.Edition.Sequence != want {
		t.Errorf("final sequence: got %d, want %d", g.Edition.Sequence, want)
	}
}

func TestTerminalVisitsFlushAndPersist(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{FlushInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	a, b := uuid.New(), uuid.New()
	for range 3 {
		s.CountVisit(a)
	}
	s.CountVisit(b)
	list, total, err := s.TerminalVisits(10)
	if err != nil || total != 4 || len(list) != 2 || list[0] != (VisitCount{ID: a, Count: 3}) {
		t.Fatalf("before flush: got %+v, %d, %v", list, total, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for keysWithPrefix(t, s, []byte{prefixVisit}) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("visit counts not flushed by the ticker")
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.CountVisit(b) // only in memory until Close
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, dir, Options{})
	tests := []struct {
		name      string
		limit     int
		want      []VisitCount
		wantTotal int64
	}{
		{name: "all", limit: 0, want: []VisitCount{{ID: a, Count: 3}, {ID: b, Count: 2}}, wantTotal: 5},
		{name: "top one", limit: 1, want: []VisitCount{{ID: a, Count: 3}}, wantTotal: 5},
	}
	for _, tt := range tests {
		got, total, err := s.TerminalVisits(tt.limit)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) || total != tt.wantTotal {
			t.Errorf("%s: got %v, %d, %v, want %v, %d", tt.name, got, total, err, tt.want, tt.wantTotal)
		}
	}
}

// TestChangeRegisterKeepsNoPreviousBody checks that a register record does
// not repeat the earlier version the node's History already holds, and that
// the register still tells which changes have one, in a new store and in one
// written by schema 1, whose records kept the previous body.
func TestChangeRegisterKeepsNoPreviousBody(t *testing.T) {
	s, _ := openTest(t, Options{})
	src := bulletin(1)
	art := src.nodes[1] // its second change has a previous body
	g := mustImport(t, s, src)
	for i, c := range art.History {
		raw, err := unpackValue(rawValue(t, s, changeKey(g.Number, c.At, art.ID, i)))
		if err != nil {
			t.Fatal(err)
		}
		if c.PreviousBody != "" && bytes.Contains(raw, []byte(c.PreviousBody)) {
			t.Errorf("change %d: the register record repeats the previous body: %s", i, raw)
		}
	}
	check := func(when string) {
		t.Helper()
		err := s.Read(func(r *Reader) error {
			entries, _, err := r.Changes(ChangeQuery{})
			for _, e := range entries {
				if e.Node.ID != art.ID {
					continue
				}
				want := art.History[e.Index]
				if e.HasPrevious != (want.PreviousBody != "") || e.Change.PreviousBody != "" {
					t.Errorf("%s: change %d: HasPrevious %v, PreviousBody %q; want %v and none",
						when, e.Index, e.HasPrevious, e.Change.PreviousBody, want.PreviousBody != "")
				}
				want.PreviousBody = ""
				if e.Change != want {
					t.Errorf("%s: change %d: got %+v, want %+v", when, e.Index, e.Change, want)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check("new store")
	// As schema 1 stored it: the whole change.
	err := s.db.Update(func(txn *badger.Txn) error {
		for i, c := range art.History {
			v, _ := json.Marshal(c)
			if err := txn.Set(changeKey(g.Number, c.At, art.ID, i), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check("schema-1 records")
}
