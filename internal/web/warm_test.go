package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
	"bipkiosk/internal/synth"
)

// warmBulletin is a generated bulletin of several warm-up batches.
func warmBulletin(t *testing.T) (*store.Store, *storetest.SynthSource) {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	src := storetest.Synth(synth.Options{Articles: 3 * warmBatch, Seed: 3})
	storetest.Import(t, st, src, store.ImportOptions{})
	return st, src
}

// withoutFragment counts the current generation's nodes that have no
// fragment of h's default-language name.
func withoutFragment(t *testing.T, h *handler) int {
	t.Helper()
	var n int
	err := h.store.Read(func(rd *store.Reader) error {
		lay, err := h.newLayout(rd, warmRequest, DefaultSettings())
		if err != nil {
			return err
		}
		ids, err := rd.NodesWithoutFragment(h.fragmentName(lay), uuid.Nil, 1<<30)
		n = len(ids)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// nodePages renders every node page of src through a new handler (so no
// page cache answers), in the given cookie settings.
func nodePages(t *testing.T, st *store.Store, src *storetest.SynthSource, cookie string) map[uuid.UUID]string {
	t.Helper()
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	out := map[uuid.UUID]string{}
	for _, n := range src.Nodes {
		rec := get(h.mux, nodePath(n.ID), withCookie(&http.Cookie{Name: cookieName, Value: cookie}))
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", nodePath(n.ID), rec.Code)
		}
		out[n.ID] = rec.Body.String()
	}
	return out
}

// samePages fails for each page of got that differs from want.
func samePages(t *testing.T, when string, got, want map[uuid.UUID]string) {
	t.Helper()
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: the page of %s differs from the page rendered from the node", when, id)
		}
	}
}

// TestWarmupCompletes runs the warm-up until every node of the generation
// has its fragment, and checks that pages served from the fragments are
// the pages rendered from the nodes, in the warmed language and another.
func TestWarmupCompletes(t *testing.T) {
	st, src := warmBulletin(t)
	want := nodePages(t, st, src, "")
	wantEN := nodePages(t, st, src, "lang=en&text=200")
	h, w := warmHandler(t, Deps{Store: st})
	if left := withoutFragment(t, h); left != len(src.Nodes) {
		t.Fatalf("before the warm-up: %d nodes without a fragment, want all %d (serving must not keep any)", left, len(src.Nodes))
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { w.Run(ctx); close(ran) }()
	waitFor(t, "the warm-up to keep every fragment", func() bool { return withoutFragment(t, h) == 0 })
	cancel()
	<-ran
	samePages(t, "after the warm-up", nodePages(t, st, src, ""), want)
	samePages(t, "after the warm-up, English", nodePages(t, st, src, "lang=en&text=200"), wantEN)
}

// TestWarmupServingDuringWarmup serves every page between two batches of
// the warm-up: each is right, and serving keeps no fragment itself.
func TestWarmupServingDuringWarmup(t *testing.T) {
	st, src := warmBulletin(t)
	want := nodePages(t, st, src, "")
	h, _ := warmHandler(t, Deps{Store: st})
	if left := withoutFragment(t, h); left != len(src.Nodes) {
		t.Fatalf("serving kept %d fragments; the serving path must not write", len(src.Nodes)-left)
	}
	batches := 0
	h.warmHook = func(gen uint64, kept int) {
		if batches++; batches != 1 {
			return
		}
		samePages(t, "during the warm-up", nodePages(t, st, src, ""), want)
		if left := withoutFragment(t, h); left != len(src.Nodes)-kept {
			t.Errorf("during the warm-up, after %d kept: %d nodes without a fragment, want %d", kept, left, len(src.Nodes)-kept)
		}
	}
	gen, _ := st.CurrentNumber()
	if _, err := h.warmGeneration(context.Background(), gen); err != nil {
		t.Fatal(err)
	}
	if batches < 2 {
		t.Fatalf("the warm-up ran %d batches; the test needs a bulletin of several", batches)
	}
}

// TestWarmupNewGeneration installs a new generation during the warm-up of
// the current one: the old walk ends at its next batch, Run goes on with the
// new generation, and no page of the new one shows a fragment of the old.
func TestWarmupNewGeneration(t *testing.T) {
	st, src := warmBulletin(t)
	h, w := warmHandler(t, Deps{Store: st})
	g1, _ := st.CurrentNumber()
	first := 0 // kept by the first step, after which the new generation comes
	h.warmHook = func(gen uint64, kept int) {
		if gen == g1 && first == 0 {
			first = kept
			src.Ed.Sequence++
			storetest.Import(t, st, src, store.ImportOptions{})
		}
	}
	kept, err := h.warmGeneration(context.Background(), g1)
	if !errors.Is(err, errGenerationChanged) || kept != first || first == 0 {
		t.Fatalf("warming the old generation: kept %d, %v; want %d, errGenerationChanged", kept, err, first)
	}
	// A fragment of the old generation, marked, must not reach the new one.
	marked := src.Nodes[len(src.Nodes)-1].ID
	f := nodeFragment{Body: "<p>old-generation-marker</p>"}
	var name string
	st.Read(func(rd *store.Reader) error {
		lay, err := h.newLayout(rd, warmRequest, DefaultSettings())
		name = h.fragmentName(lay)
		return err
	})
	if err := st.PutFragments(g1, name, []store.NodeFragment{{ID: marked, Data: f.encode()}}); err != nil {
		t.Fatal(err)
	}
	want := nodePages(t, st, src, "")
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { w.Run(ctx); close(ran) }()
	waitFor(t, "the warm-up of the new generation", func() bool { return withoutFragment(t, h) == 0 })
	cancel()
	<-ran
	got := nodePages(t, st, src, "")
	if strings.Contains(got[marked], "old-generation-marker") {
		t.Error("the new generation shows a fragment of the old one")
	}
	samePages(t, "the new generation, warmed", got, want)
}

// warmHandler is a handler and its warm-up.
func warmHandler(t *testing.T, deps Deps) (*handler, *Warmup) {
	t.Helper()
	_, w, err := NewHandlerWithWarmup(deps)
	if err != nil {
		t.Fatal(err)
	}
	w.delay = 0
	return w.h, w
}

// waitFor polls cond until it holds; the bound only keeps a broken warm-up
// from hanging the suite, it measures nothing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited a minute for %s", what)
}
