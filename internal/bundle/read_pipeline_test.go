package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// pipelineNodes is enough nodes that reading runs well ahead of fn and the
// queue between them fills.
const pipelineNodes = 300

// craftMany unpacks a valid bundle of many nodes into a craft, so single
// node entries can be spoilt.
func craftMany(t *testing.T) *craft {
	t.Helper()
	site, nodes := manyNodes(pipelineNodes)
	var buf bytes.Buffer
	if err := Write(&buf, WriteOptions{Key: chojnow, Sequence: 7, Created: created}, site, nodes, nil); err != nil {
		t.Fatal(err)
	}
	return craftFrom(t, buf.Bytes())
}

// nodeEntry returns the k-th node entry of the craft, counting from 0.
func (c *craft) nodeEntry(t *testing.T, k int) *zipEntry {
	t.Helper()
	for i := range c.entries {
		if kind, _ := classify(c.entries[i].name); kind == kindNode {
			if k == 0 {
				return &c.entries[i]
			}
			k--
		}
	}
	t.Fatalf("the craft has fewer than %d nodes", k)
	return nil
}

// setField rewrites one field of a node entry's JSON.
func setField(t *testing.T, e *zipEntry, field string, value any) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(e.data, &m); err != nil {
		t.Fatal(err)
	}
	m[field] = value
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	e.data = data
}

// walkResult is what one EachNode walk did.
type walkResult struct {
	ids []uuid.UUID // the nodes fn saw, in order
	err error
}

// walk runs EachNode on path with the given number of cores, fn failing
// with stop on its call number stopAt (never when 0), and checks that no
// goroutine outlives the walk.
func walk(t *testing.T, path string, procs, stopAt int, stop error) walkResult {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	b, err := Open(path, trustChojnow())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	before := runtime.NumGoroutine()
	var res walkResult
	res.err = b.EachNode(func(n content.Node) error {
		res.ids = append(res.ids, n.ID)
		if len(res.ids) == stopAt {
			return stop
		}
		return nil
	})
	// A finished goroutine may take a moment to leave the count.
	for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > before && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if got := runtime.NumGoroutine(); got > before {
		t.Errorf("goroutines after EachNode with %d cores: got %d, want at most %d", procs, got, before)
	}
	return res
}

// manifestNodes lists the node ids of the bundle at path in manifest order.
func manifestNodes(t *testing.T, path string) []uuid.UUID {
	t.Helper()
	b, err := Open(path, trustChojnow())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var ids []uuid.UUID
	for _, e := range b.Manifest().Entries {
		if kind, id := classify(e.Path); kind == kindNode {
			ids = append(ids, id)
		}
	}
	return ids
}

func TestEachNodePipeline(t *testing.T) {
	stop := errors.New("stop")
	tests := []struct {
		name   string
		spoil  func(t *testing.T, c *craft) // nil leaves the bundle valid
		stopAt int                          // fn fails on this call; 0 never
		calls  int                          // how many times fn must be called
		kind   error                        // what the error must match; nil for none
		phrase string                       // what the error must say
	}{
		{name: "every node in manifest order", calls: pipelineNodes + 1},
		{name: "caller error stops the walk", stopAt: 150, calls: 150, kind: stop, phrase: "stop"},
		{name: "caller error on the first node", stopAt: 1, calls: 1, kind: stop, phrase: "stop"},
		{name: "caller error on the last node", stopAt: pipelineNodes + 1, calls: pipelineNodes + 1, kind: stop, phrase: "stop"},
		{name: "altered node stops before it", calls: 200, kind: ErrCorrupt, phrase: "does not match its SHA-256", spoil: func(t *testing.T, c *craft) {
			c.relist()
			e := c.nodeEntry(t, 200)
			e.data = bytes.Replace(e.data, []byte("Kowalski"), []byte("Kowalsky"), 1)
		}},
		{name: "invalid node stops before it", calls: 37, kind: ErrCorrupt, phrase: `has kind "page"`, spoil: func(t *testing.T, c *craft) {
			setField(t, c.nodeEntry(t, 37), "kind", "page")
			c.relist()
		}},
		{name: "node under another id", calls: 5, kind: ErrCorrupt, phrase: "a node's file is named by its id", spoil: func(t *testing.T, c *craft) {
			setField(t, c.nodeEntry(t, 5), "id", uuid.New().String())
			c.relist()
		}},
		{name: "earliest of two bad nodes is reported", calls: 120, kind: ErrUnsafe, phrase: "source_url", spoil: func(t *testing.T, c *craft) {
			// The later node is small and fails fast, the earlier one is
			// read later by some worker: the earlier must still win.
			setField(t, c.nodeEntry(t, 120), "meta", map[string]any{"source_url": "javascript:alert(1)"})
			setField(t, c.nodeEntry(t, 121), "kind", "page")
			c.relist()
		}},
		{name: "caller error before a bad node", stopAt: 10, calls: 10, kind: stop, phrase: "stop", spoil: func(t *testing.T, c *craft) {
			setField(t, c.nodeEntry(t, 11), "kind", "page")
			c.relist()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := craftMany(t)
			if tt.spoil != nil {
				tt.spoil(t, c)
			}
			path := save(t, "bundle.zip", c.bytes(t))
			want := manifestNodes(t, path)[:tt.calls]
			seq := walk(t, path, 1, tt.stopAt, stop)
			// Many rounds give the workers many orders to finish in.
			rounds := 10
			if testing.Short() {
				rounds = 3
			}
			for round := range rounds {
				got := walk(t, path, 4, tt.stopAt, stop)
				if !slices.Equal(got.ids, want) {
					t.Fatalf("round %d: fn got %d nodes, want the first %d in manifest order", round, len(got.ids), len(want))
				}
				if tt.kind == nil {
					if got.err != nil {
						t.Fatalf("round %d: got error %v, want none", round, got.err)
					}
					continue
				}
				if !errors.Is(got.err, tt.kind) || !strings.Contains(got.err.Error(), tt.phrase) {
					t.Fatalf("round %d: got error %v, want %v saying %q", round, got.err, tt.kind, tt.phrase)
				}
				if seq.err == nil || got.err.Error() != seq.err.Error() {
					t.Fatalf("round %d: got error %q, want %q as when read on one core", round, got.err, seq.err)
				}
			}
			if !slices.Equal(seq.ids, want) {
				t.Errorf("one core: fn got %d nodes, want the first %d in manifest order", len(seq.ids), len(want))
			}
		})
	}
}

// BenchmarkEachNode10k reads, checks and sanitises 10 000 nodes.
func BenchmarkEachNode10k(b *testing.B) {
	site, nodes := manyNodes(10_000)
	var buf bytes.Buffer
	if err := Write(&buf, WriteOptions{Key: chojnow, Sequence: 1, Created: created}, site, nodes, nil); err != nil {
		b.Fatal(err)
	}
	path := save(b, "bundle.zip", buf.Bytes())
	for b.Loop() {
		bd, err := Open(path, trustChojnow())
		if err != nil {
			b.Fatal(err)
		}
		if err := bd.EachNode(func(content.Node) error { return nil }); err != nil {
			b.Fatal(err)
		}
		bd.Close()
	}
}
