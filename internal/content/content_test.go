package content

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestNodeIDIsStableAndDistinct(t *testing.T) {
	tests := []struct {
		name  string
		a, b  string
		equal bool
	}{
		{name: "same path", a: "inne/mops", b: "inne/mops", equal: true},
		{name: "slashes trimmed", a: "/inne/mops/", b: "inne/mops", equal: true},
		{name: "different paths", a: "inne/mops", b: "inne/zlobek", equal: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := NodeID(tt.a), NodeID(tt.b)
			if (a == b) != tt.equal {
				t.Errorf("NodeID(%q)=%s, NodeID(%q)=%s, want equal=%v", tt.a, a, tt.b, b, tt.equal)
			}
			if a.Version() != 5 {
				t.Errorf("got version %d, want 5", a.Version())
			}
		})
	}
	// A fixed value guards the namespace: changing it would re-id every published page.
	if got, want := NodeID("inne/mops"), uuid.MustParse("175356db-476e-57d6-85e9-2834f89d0ba5"); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestLastChange(t *testing.T) {
	t0 := time.Date(2003, 11, 18, 14, 5, 8, 0, time.UTC)
	n := Node{Meta: Meta{Updated: t0}, History: []Change{{At: t0.Add(-time.Hour)}, {At: t0.Add(time.Hour)}}}
	if got := n.LastChange(); !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("got %v, want %v", got, t0.Add(time.Hour))
	}
}

func TestKindsValid(t *testing.T) {
	for _, k := range []Kind{KindSection, KindArticle, KindLink} {
		if !k.Valid() {
			t.Errorf("%q: got invalid, want valid", k)
		}
	}
	if Kind("page").Valid() {
		t.Error(`"page": got valid, want invalid`)
	}
}
