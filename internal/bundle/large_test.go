package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// manyNodes returns n articles of about 1 KB each under one section.
func manyNodes(n int) (content.Site, []content.Node) {
	sec := content.NodeID("sekcja")
	nodes := make([]content.Node, 0, n+1)
	nodes = append(nodes, content.Node{ID: sec, Path: "sekcja", Kind: content.KindSection, Title: "Sekcja"})
	body := "<p>" + strings.Repeat("Zarządzenie burmistrza w sprawie budżetu. ", 24) + "</p>"
	for i := range n {
		p := fmt.Sprintf("sekcja/artykul-%d", i)
		nodes = append(nodes, content.Node{
			ID: content.NodeID(p), Parent: sec, Path: p, Kind: content.KindArticle,
			Title: fmt.Sprintf("Artykuł %d", i), Order: i, Body: body,
			Meta: content.Meta{Publisher: "Urząd Miejski", Author: "Jan Kowalski", Published: created, Visits: int64(i)},
		})
	}
	site := content.Site{Name: "Biuletyn", Owner: "Miasto", Groups: []content.Group{{Title: "INNE", Nodes: []uuid.UUID{sec}}}}
	return site, nodes
}

// TestLargeBundle writes and reads 100 000 nodes and logs how long it took;
// run with -v for the figures.
func TestLargeBundle(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 000 nodes")
	}
	site, nodes := manyNodes(100_000)
	path := filepath.Join(t.TempDir(), "large.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := Write(f, WriteOptions{Key: chojnow, Sequence: 1, Created: created}, site, nodes, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	wrote := time.Since(start)
	st, _ := os.Stat(path)

	start = time.Now()
	b, err := Open(path, trustChojnow())
	if err != nil {
		t.Fatal(err)
	}
	opened := time.Since(start)
	start = time.Now()
	count := 0
	if err := b.EachNode(func(content.Node) error { count++; return nil }); err != nil {
		t.Fatal(err)
	}
	read := time.Since(start)
	b.Close()
	if count != len(nodes) {
		t.Errorf("EachNode: got %d nodes, want %d", count, len(nodes))
	}
	t.Logf("100 000 nodes: write %v, %.1f MB on disk; open %v; read and sanitise all %v", wrote, float64(st.Size())/1e6, opened, read)
}

func BenchmarkWrite10k(b *testing.B) {
	site, nodes := manyNodes(10_000)
	for b.Loop() {
		if err := Write(discard{}, WriteOptions{Key: chojnow, Sequence: 1, Created: created}, site, nodes, nil); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
