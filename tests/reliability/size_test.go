package reliability

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/internal/content"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/synth"
)

// memSource hands a generated bulletin to the store without a bundle.
type memSource struct {
	ed    content.Edition
	b     bulletin
	blobs []content.Blob
}

func newMemSource(ed content.Edition, b bulletin) *memSource {
	s := &memSource{ed: ed, b: b}
	seen := map[string]bool{}
	add := func(bl content.Blob) {
		if !seen[bl.SHA256] {
			seen[bl.SHA256] = true
			s.blobs = append(s.blobs, bl)
		}
	}
	if b.site.Logo != nil {
		add(*b.site.Logo)
	}
	for _, n := range b.nodes {
		for _, a := range n.Attachments {
			add(a.Blob)
		}
	}
	return s
}

func (s *memSource) Edition() content.Edition    { return s.ed }
func (s *memSource) Site() (content.Site, error) { return s.b.site, nil }
func (s *memSource) Counts() (nodes, blobs int)  { return len(s.b.nodes), len(s.blobs) }
func (s *memSource) EachNode(fn func(content.Node) error) error {
	for _, n := range s.b.nodes {
		if err := fn(n); err != nil {
			return err
		}
	}
	return nil
}

func (s *memSource) EachBlob(fn func(string, int64, io.Reader) error) error {
	for _, bl := range s.blobs {
		rc, err := s.b.open(bl.SHA256)
		if err != nil {
			return err
		}
		err = fn(bl.SHA256, bl.Size, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// sizeBound is how far the store may grow over 20 updates, as a multiple of
// its size after the first import: two kept generations plus garbage not yet
// collected.
const sizeBound = 2.5

// TestStoreSizeStaysBounded imports a bulletin of the same size 20 times,
// every page and a tenth of the attachments new each time; the store's size
// on disk must stay within sizeBound times its size after the first import.
func TestStoreSizeStaysBounded(t *testing.T) {
	opts := synth.Options{Articles: 800, Seed: 11, AttachmentsEvery: 2, AttachmentBytes: 24 << 10}
	imports := 20
	if testing.Short() {
		imports = 5
	}
	dir := filepath.Join(t.TempDir(), "store")
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var sizes []int64
	var rows [][]string
	for seq := 1; seq <= imports; seq++ {
		b, err := makeBulletin(opts, seq, 10)
		if err != nil {
			t.Fatal(err)
		}
		ed := content.Edition{PublisherID: fx.key.ID, Publisher: fx.key.Name, Sequence: uint64(seq), Created: fxCreated(seq)}
		g, err := st.Import(context.Background(), newMemSource(ed, b), store.ImportOptions{Indexers: []store.Indexer{search.NewIndexer(nil)}})
		if err != nil {
			t.Fatalf("import %d: %v", seq, err)
		}
		size, err := diskUsage(dir)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, size)
		ratio := float64(size) / float64(sizes[0])
		rows = append(rows, []string{fmt.Sprint(seq), mib(size), fmt.Sprintf("%.2f", ratio), mib(g.Bytes)})
		if ratio > sizeBound {
			t.Errorf("after import %d the store is %s, %.2f× its size after the first (%s); want at most %.1f×",
				seq, mib(size), ratio, mib(sizes[0]), sizeBound)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Store size over %d updates\n\n", imports)
	fmt.Fprintf(&b, "A bulletin of %d articles (an attachment of %d KiB on every %d.) is imported %d times as sequences 1..%d;\n",
		opts.Articles, opts.AttachmentBytes>>10, opts.AttachmentsEvery, imports, imports)
	fmt.Fprintf(&b, "each time every page and a tenth of the attachments are new. Two generations are kept. The size is the\n")
	fmt.Fprintf(&b, "disk space the store's files occupy, measured with the store open right after each import.\n")
	fmt.Fprintf(&b, "**Bound: %.1f× the size after the first import; largest seen: %.2f×.**\n\n", sizeBound, maxRatio(sizes))
	b.WriteString(table([]string{"import", "store on disk", "× first", "attachment bytes of the generation"}, rows))
	rep.set("size", b.String())
}

func maxRatio(sizes []int64) float64 {
	m := 0.0
	for _, s := range sizes {
		m = max(m, float64(s)/float64(sizes[0]))
	}
	return m
}
