package bundle

import (
	"bytes"
	"encoding/binary"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"bipkiosk/internal/content"
)

// heapPeak samples the heap in use while fn runs and returns how far above
// its starting point it rose, with fn's duration.
func heapPeak(fn func()) (peak uint64, took time.Duration) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var top atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > top.Load() {
				top.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	start := time.Now()
	fn()
	took = time.Since(start)
	close(stop)
	wg.Wait()
	if top.Load() < base {
		return 0, took
	}
	return top.Load() - base, took
}

// readWhole opens the bundle at path and reads every part of it, returning the
// first error and the nodes it read.
func readWhole(path string, opts OpenOptions) ([]content.Node, error) {
	b, err := Open(path, opts)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if _, err := b.Site(); err != nil {
		return nil, err
	}
	var nodes []content.Node
	if err := b.EachNode(func(n content.Node) error { nodes = append(nodes, n); return nil }); err != nil {
		return nil, err
	}
	err = b.EachBlob(func(_ string, _ int64, r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		return err
	})
	return nodes, err
}

// nodeTitle replaces the title of a node's JSON with raw JSON bytes.
func nodeTitle(data, title []byte) []byte {
	i := bytes.Index(data, []byte(`"title":"`))
	j := bytes.Index(data[i+9:], []byte(`"`))
	return append(append(append([]byte{}, data[:i+8]...), title...), data[i+9+j+1:]...)
}

// TestHostileInputs: each hostile bundle is refused (or its poison
// neutralised) quickly, with bounded memory, with an error naming the fault.
func TestHostileInputs(t *testing.T) {
	limits := Limits{MaxEntries: 200_000, MaxEntryBytes: 8 << 20, MaxTotalBytes: 64 << 20, MaxJSONBytes: 64 << 20}
	tests := []struct {
		name     string
		edit     func(t *testing.T, c *craft)
		want     error  // nil: the bundle may be read, but check must hold
		phrase   string // in the error
		maxHeap  uint64
		maxTime  time.Duration
		checkOut func(t *testing.T, nodes []content.Node)
	}{
		{name: "100 000 tiny entries", maxHeap: 256 << 20, maxTime: 20 * time.Second, edit: func(t *testing.T, c *craft) {
			for i := range 100_000 {
				data := binary.BigEndian.AppendUint64(nil, uint64(i))
				c.entries = append(c.entries, zipEntry{name: filePath(blob(data, "").SHA256), data: data})
			}
			c.relist()
		}},
		{name: "entries expanding past the total limit", want: ErrLimit, phrase: "the limit", maxHeap: 32 << 20, maxTime: 5 * time.Second, edit: func(t *testing.T, c *craft) {
			for i := range 80 {
				data := append(make([]byte, 1<<20-8), binary.BigEndian.AppendUint64(nil, uint64(i))...)
				c.entries = append(c.entries, zipEntry{name: filePath(blob(data, "").SHA256), data: data, method: 8})
			}
			c.relist()
		}},
		{name: "deeply nested path", want: ErrUnsafe, phrase: "refusing the bundle", maxHeap: 16 << 20, maxTime: time.Second, edit: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "nodes/" + strings.Repeat("a/", 5000) + "x.json", data: []byte("{}")})
			c.relist()
		}},
		{name: "invalid UTF-8 in a name", want: ErrUnsafe, phrase: "not valid UTF-8", maxHeap: 16 << 20, maxTime: time.Second, edit: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "files/\xff\xfe", data: []byte("x")})
		}},
		{name: "NUL in a name", want: ErrUnsafe, phrase: "control character", maxHeap: 16 << 20, maxTime: time.Second, edit: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "files/a\x00b", data: []byte("x")})
		}},
		{name: "duplicate names", want: ErrUnsafe, phrase: "twice", maxHeap: 16 << 20, maxTime: time.Second, edit: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, c.entries[0])
		}},
		{name: "title of 100 MB", want: ErrLimit, phrase: "the limit", maxHeap: 16 << 20, maxTime: 5 * time.Second, edit: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.data = nodeTitle(e.data, []byte(`"`+strings.Repeat("a", 100<<20)+`"`))
			e.method = 8
			c.relist()
		}},
		{name: "invalid UTF-8 in JSON", maxHeap: 16 << 20, maxTime: time.Second, edit: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.data = nodeTitle(e.data, []byte("\"Zarz\xc4dzenie \xff\xfe\""))
			c.relist()
		}, checkOut: func(t *testing.T, nodes []content.Node) {
			for _, n := range nodes {
				if !utf8.ValidString(n.Title) || !utf8.ValidString(n.Body) {
					t.Errorf("node %s: got title %q, want valid UTF-8", n.ID, n.Title)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCraft(t)
			tt.edit(t, c)
			path := c.save(t)
			opts := trustChojnow()
			opts.Limits = limits
			var nodes []content.Node
			var err error
			peak, took := heapPeak(func() { nodes, err = readWhole(path, opts) })
			t.Logf("%s: %v in %v, heap rose %d MiB", tt.name, err, took, peak>>20)
			switch {
			case tt.want != nil:
				checkRefusal(t, err, tt.want, tt.phrase)
			case err != nil:
				checkOurs(t, err)
			case tt.checkOut != nil:
				tt.checkOut(t, nodes)
			}
			if peak > tt.maxHeap || took > tt.maxTime {
				t.Errorf("got heap +%d MiB in %v, want at most %d MiB in %v", peak>>20, took, tt.maxHeap>>20, tt.maxTime)
			}
		})
	}
}
