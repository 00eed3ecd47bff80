package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// synthSource generates a bulletin of n articles on the fly, so the benchmark
// measures the store and not a bulletin held in memory: sections of 100
// articles, ~3 KB bodies, two changes each, an attachment on every fifth.
type synthSource struct {
	articles int
	ed       content.Edition
}

const (
	synthPerSection = 100
	synthBlobEvery  = 5
	synthBlobSize   = 24 << 10
)

var synthBody = strings.Repeat("<p>Zarządzenie Burmistrza Miasta w sprawie zmian w budżecie gminy na rok bieżący, wraz z uzasadnieniem i załącznikami.</p>\n", 24)

func (s *synthSource) Edition() content.Edition { return s.ed }
func (s *synthSource) sections() int            { return (s.articles + synthPerSection - 1) / synthPerSection }
func (s *synthSource) Counts() (int, int) {
	return s.sections() + s.articles, s.articles / synthBlobEvery
}

func (s *synthSource) Site() (content.Site, error) {
	site := content.Site{Name: "Biuletyn syntetyczny", Owner: "Miasto Syntetyczne"}
	grp := content.Group{Title: "URZĄD MIEJSKI"}
	for i := range s.sections() {
		grp.Nodes = append(grp.Nodes, content.NodeID(fmt.Sprint("dzial-", i)))
	}
	site.Groups = []content.Group{grp}
	return site, nil
}

func (s *synthSource) EachNode(fn func(content.Node) error) error {
	for sec := range s.sections() {
		path := fmt.Sprint("dzial-", sec)
		if err := fn(content.Node{ID: content.NodeID(path), Path: path, Kind: content.KindSection, Title: "Dział " + fmt.Sprint(sec), Order: sec}); err != nil {
			return err
		}
	}
	for i := range s.articles {
		if err := fn(s.article(i)); err != nil {
			return err
		}
	}
	return nil
}

func (s *synthSource) article(i int) content.Node {
	sec := fmt.Sprint("dzial-", i/synthPerSection)
	path := fmt.Sprintf("%s/artykul-%d", sec, i)
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 37 * time.Minute)
	n := content.Node{
		ID: content.NodeID(path), Parent: content.NodeID(sec), Path: path, Kind: content.KindArticle,
		Title: fmt.Sprintf("Zarządzenie nr %d/2024", i), Order: i % synthPerSection, Body: synthBody,
		Meta: content.Meta{Publisher: "Urząd Miasta", Author: "Jan Kowalski", Created: at, Published: at, Updated: at.Add(time.Hour), Visits: int64(i * 7919 % 10007)},
		History: []content.Change{
			{At: at, By: "Jan Kowalski", Kind: content.ChangeCreated, Summary: "nowa pozycja"},
			{At: at.Add(time.Hour), By: "Anna Nowak", Kind: content.ChangeModified, Summary: "modyfikacja"},
		},
	}
	if i%synthBlobEvery == 0 {
		sha, _ := synthBlob(i)
		n.Attachments = []content.Attachment{{Blob: content.Blob{SHA256: sha, Size: synthBlobSize, Type: "application/pdf"}, Title: "Załącznik", Name: "zalacznik.pdf"}}
	}
	return n
}

// synthBlob returns the SHA-256 and bytes of article i's attachment.
func synthBlob(i int) (string, []byte) {
	data := bytes.Repeat([]byte(fmt.Sprintf("%%PDF-1.4 zalacznik %08d ", i)), synthBlobSize/28+1)[:synthBlobSize]
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), data
}

func (s *synthSource) EachBlob(fn func(string, int64, io.Reader) error) error {
	for i := 0; i < s.articles; i += synthBlobEvery {
		sha, data := synthBlob(i)
		if err := fn(sha, int64(len(data)), bytes.NewReader(data)); err != nil {
			return err
		}
	}
	return nil
}

func BenchmarkImport(b *testing.B) {
	for _, articles := range []int{10000} {
		b.Run(fmt.Sprint("articles=", articles), func(b *testing.B) {
			benchmarkImport(b, articles)
		})
	}
}

func benchmarkImport(b *testing.B, articles int) {
	var size int64
	for b.Loop() {
		dir := b.TempDir()
		s, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		src := &synthSource{articles: articles, ed: content.Edition{PublisherID: uuid.New(), Publisher: "Miasto Syntetyczne", Sequence: 1}}
		g, err := s.Import(context.Background(), src, ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if g.Articles != articles {
			b.Fatalf("got %d articles, want %d", g.Articles, articles)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if size, err = DiskUsage(dir); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(articles)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(size)/(1<<20), "MB_on_disk")
}
