package update

import (
	"strings"
	"testing"

	"bipkiosk/internal/store"
)

// TestRolledBackNotReinstalled: after "bipkiosk rollback" the poller must not
// install the rolled-back sequence again, even when the server sends it anew;
// a newer sequence installs, and a person may install the old one on purpose.
func TestRolledBackNotReinstalled(t *testing.T) {
	f := newFixture(t)
	srv := newServer(t)
	u := f.updater(t, f.options(srv.URL+"/bulletin.zip"))
	for seq := uint64(1); seq <= 2; seq++ {
		srv.put("/bulletin.zip", makeBundle(t, seq), int(seq))
		if c, err := u.Check(t.Context()); err != nil || c.Result != store.UpdateInstalled {
			t.Fatalf("install sequence %d: got %s (%v)", seq, c.Result, err)
		}
	}
	if _, _, err := f.st.Rollback(); err != nil {
		t.Fatal(err)
	}
	srv.put("/bulletin.zip", makeBundle(t, 2), 3) // the same sequence under a new ETag: downloaded again

	c, err := u.Check(t.Context())
	if c.Result != store.UpdateRefused || err == nil || !strings.Contains(err.Error(), "was rolled back on this terminal") {
		t.Fatalf("after rollback: got %s (%v), want refused as rolled back", c.Result, err)
	}
	if got := f.installed(t); got != 1 {
		t.Fatalf("installed: got sequence %d, want 1", got)
	}

	byHand := f.options(srv.URL + "/bulletin.zip")
	byHand.RetryRefused = true
	if c, err := f.updater(t, byHand).Check(t.Context()); err != nil || c.Result != store.UpdateInstalled || c.Sequence != 2 {
		t.Fatalf("import by hand: got %s seq %d (%v), want installed seq 2", c.Result, c.Sequence, err)
	}

	if _, _, err := f.st.Rollback(); err != nil {
		t.Fatal(err)
	}
	srv.put("/bulletin.zip", makeBundle(t, 3), 4)
	if c, err := u.Check(t.Context()); err != nil || c.Result != store.UpdateInstalled || c.Sequence != 3 {
		t.Fatalf("newer sequence after rollback: got %s seq %d (%v), want installed seq 3", c.Result, c.Sequence, err)
	}
}
