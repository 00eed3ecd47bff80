package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/parallel"
	"bipkiosk/internal/store"
)

// The warm-up renders every node's fragment (nodefragment.go) once per
// generation, in the background, so that no visitor waits for it and the
// serving path never writes to the store. It renders the default language:
// a page in another language is rendered from the node when it is shown
// (and kept by the page cache), since three languages of every node would
// triple the fragments on disk for pages few read in them.
//
// It never blocks an import or the flip: it reads the current generation
// batch by batch, each in its own short read, and keeps each batch in one
// write (store.PutFragments) that a sweep of the generation makes fail. A
// new generation ends the walk of the old one at the next batch. Serving
// comes first: while pages are being served, each batch is followed by a
// pause several times as long as the batch took. After a restart or a crash
// the walk finds only the nodes still without a fragment.

// Warm-up pacing.
const (
	warmBatch = 32 // nodes rendered per read and kept per write
	// warmYield is how many times a batch's own time the warm-up pauses
	// after it when pages were served meanwhile: a fifth of a core at most.
	warmYield = 4
	warmPoll  = 2 * time.Second // how often an idle warm-up looks for a new generation
	// warmDelay leaves the first seconds after start to the first pages (the
	// desktop window's first content above all).
	warmDelay = 2 * time.Second
)

// errGenerationChanged ends the walk of a generation no longer current.
var errGenerationChanged = errors.New("web: the generation changed during the fragment warm-up")

// Warmup renders the node fragments of each new generation ahead of visits.
type Warmup struct {
	h     *handler
	delay time.Duration // before the first generation is warmed
}

// NewHandlerWithWarmup is NewHandler with the handler's fragment warm-up,
// which the caller runs (Warmup.Run) for as long as the handler serves.
func NewHandlerWithWarmup(deps Deps) (http.Handler, *Warmup, error) {
	h, err := newHandler(deps)
	if err != nil {
		return nil, nil, err
	}
	return recoverPanics(h.log, h.shell == ShellWeb, h.mux), &Warmup{h: h, delay: warmDelay}, nil
}

// Run warms every generation that becomes current until ctx ends, and
// returns then; it never fails, a generation it cannot warm is only logged.
func (w *Warmup) Run(ctx context.Context) {
	h := w.h
	var warmed uint64
	start := time.NewTimer(w.delay)
	select {
	case <-ctx.Done():
		start.Stop()
		return
	case <-start.C:
	}
	tick := time.NewTicker(warmPoll)
	defer tick.Stop()
	for {
		if gen, err := h.store.CurrentNumber(); err == nil && gen != warmed {
			start := time.Now()
			n, err := h.warmGeneration(ctx, gen)
			switch {
			case ctx.Err() != nil:
				return
			case errors.Is(err, errGenerationChanged) && h.currentIsNot(gen):
				continue
			case err != nil:
				h.log.Warn("web_fragments_not_warmed", "generation", gen, "nodes", n, "err", err)
			default:
				h.log.Info("web_fragments_warmed", "generation", gen, "nodes", n,
					"seconds", time.Since(start).Seconds())
				if n > 0 {
					// The walk rendered every page on every core: give the
					// memory it used back now, not over the next minutes.
					debug.FreeOSMemory()
				}
			}
			warmed = gen
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// currentIsNot reports whether a generation other than gen is current now.
func (h *handler) currentIsNot(gen uint64) bool {
	cur, err := h.store.CurrentNumber()
	return err == nil && cur != gen
}

// warmGeneration keeps the fragment of every node of generation gen that
// has none yet, and returns how many it kept. On an idle reader it renders
// a batch on every core at once; while pages are being served, one batch at
// a time, each followed by a pause.
func (h *handler) warmGeneration(ctx context.Context, gen uint64) (int, error) {
	after, kept, busy := uuid.Nil, 0, false
	for ctx.Err() == nil {
		start, served := time.Now(), h.served.Load()
		workers := runtime.GOMAXPROCS(0)
		if busy {
			workers = 1
		}
		ids, name, err := h.unwarmed(gen, after, warmBatch*workers)
		if err != nil || len(ids) == 0 {
			return kept, err
		}
		batches := (len(ids) + warmBatch - 1) / warmBatch
		err = parallel.Each(ctx, batches, parallel.Options{Workers: workers}, func(_ context.Context, i int) error {
			return h.warmNodes(gen, name, ids[i*warmBatch:min((i+1)*warmBatch, len(ids))])
		})
		if err != nil {
			return kept, err
		}
		kept += len(ids)
		after = ids[len(ids)-1]
		if h.warmHook != nil {
			h.warmHook(gen, kept)
		}
		busy = h.served.Load() != served || h.inFlight.Load() > 0
		if busy {
			pause := time.NewTimer(warmYield * time.Since(start))
			select {
			case <-ctx.Done():
				pause.Stop()
			case <-pause.C:
			}
		} else {
			runtime.Gosched()
		}
	}
	return kept, ctx.Err()
}

// unwarmed returns up to limit nodes of generation gen after node after that
// have no fragment yet, with the name their fragments are kept by.
func (h *handler) unwarmed(gen uint64, after uuid.UUID, limit int) ([]uuid.UUID, string, error) {
	var ids []uuid.UUID
	var name string
	err := h.store.Read(func(rd *store.Reader) error {
		if rd.Generation().Number != gen {
			return errGenerationChanged
		}
		lay, err := h.newLayout(rd, warmRequest, DefaultSettings())
		if err != nil {
			return err
		}
		name = h.fragmentName(lay)
		ids, err = rd.NodesWithoutFragment(name, after, limit)
		return err
	})
	return ids, name, err
}

// warmNodes renders the fragments of nodes ids of generation gen in one read
// and keeps them, as name, in one write.
func (h *handler) warmNodes(gen uint64, name string, ids []uuid.UUID) error {
	frags := make([]store.NodeFragment, 0, len(ids))
	err := h.store.Read(func(rd *store.Reader) error {
		if rd.Generation().Number != gen {
			return errGenerationChanged
		}
		for _, id := range ids {
			n, err := rd.Node(id)
			if err != nil {
				return fmt.Errorf("web: warm fragment of node %s: %w", id, err)
			}
			// Each page in a layout of its own address (its snapshot
			// carries its path, breadcrumbs and menu).
			lay, err := h.newLayout(rd, snapshotRequest(id), DefaultSettings())
			if err != nil {
				return err
			}
			f, err := h.warmNode(rd, lay, n)
			if err != nil {
				return err
			}
			frags = append(frags, store.NodeFragment{ID: id, Data: f.encode()})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := h.store.PutFragments(gen, name, frags); errors.Is(err, store.ErrNotFound) {
		return errGenerationChanged // being swept: a newer one is current
	} else if err != nil {
		return err
	}
	return nil
}

// warmRequest stands for a visit in the warm-up's layouts: fragments do not
// depend on the page's address, query or settings beyond the language.
var warmRequest = &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}}
