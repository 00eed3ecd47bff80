package store

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

func TestCurrentNumber(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CurrentNumber(); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty store: got %v, want ErrEmpty", err)
	}
	src := &synthSource{articles: 3, ed: content.Edition{PublisherID: uuid.New(), Publisher: "Miasto Syntetyczne", Sequence: 1}}
	g, err := s.Import(context.Background(), src, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.CurrentNumber()
	if err != nil || n != g.Number {
		t.Errorf("got %d (%v), want %d", n, err, g.Number)
	}
}

// sectionsStore is a store with the synthetic bulletin of 250 articles in
// three sections (100, 100 and 50), closed when the test ends.
func sectionsStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	src := &synthSource{articles: 250, ed: content.Edition{PublisherID: uuid.New(), Publisher: "Miasto Syntetyczne", Sequence: 1}}
	if _, err := s.Import(context.Background(), src, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestChildCount(t *testing.T) {
	s := sectionsStore(t)
	err := s.Read(func(r *Reader) error {
		for _, tt := range []struct {
			name   string
			parent uuid.UUID
			most   int
			want   int
		}{
			{"the top level, all counted", uuid.Nil, 10, 3},
			{"a section of 100, counted to 2", content.NodeID("dzial-0"), 2, 2},
			{"a section of 50, counted to 80", content.NodeID("dzial-2"), 80, 50},
			{"an article", content.NodeID("dzial-0/artykul-3"), 2, 0},
			{"a node that is not there", uuid.New(), 2, 0},
			{"counted to nothing", content.NodeID("dzial-0"), 0, 0},
		} {
			got, err := r.ChildCount(tt.parent, tt.most)
			if err != nil {
				return err
			}
			if got != tt.want {
				t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestChildrenBrief(t *testing.T) {
	s := sectionsStore(t)
	err := s.Read(func(r *Reader) error {
		tests := []struct {
			name      string
			parent    uuid.UUID
			limit     int
			wantLen   int
			wantTotal int
		}{
			{name: "sections are all listed whatever the limit", parent: uuid.Nil, limit: 0, wantLen: 3, wantTotal: 3},
			{name: "articles up to the limit", parent: content.NodeID("dzial-0"), limit: 5, wantLen: 5, wantTotal: 100},
			{name: "limit above the count", parent: content.NodeID("dzial-2"), limit: 80, wantLen: 50, wantTotal: 50},
			{name: "no children", parent: content.NodeID("dzial-0/artykul-3"), limit: 5, wantLen: 0, wantTotal: 0},
		}
		for _, tt := range tests {
			got, total, err := r.ChildrenBrief(tt.parent, tt.limit)
			if err != nil {
				return err
			}
			if len(got) != tt.wantLen || total != tt.wantTotal {
				t.Errorf("%s: got %d of %d, want %d of %d", tt.name, len(got), total, tt.wantLen, tt.wantTotal)
			}
			all, err := r.Children(tt.parent)
			if err != nil {
				return err
			}
			for i := range got {
				if got[i] != all[i] {
					t.Errorf("%s: child %d: got %+v, want %+v", tt.name, i, got[i], all[i])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
