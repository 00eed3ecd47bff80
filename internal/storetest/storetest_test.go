package storetest

import (
	"io"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/synth"
)

// TestSynthBlobs checks that the synth adapter hands over every blob the
// bulletin refers to, once each, with the bytes its name says.
func TestSynthBlobs(t *testing.T) {
	src := Synth(synth.Options{Articles: 200, Seed: 3, AttachmentsEvery: 4})
	want := map[string]int64{}
	if src.SiteData.Logo != nil {
		want[src.SiteData.Logo.SHA256] = src.SiteData.Logo.Size
	}
	for _, n := range src.Nodes {
		for _, a := range n.Attachments {
			want[a.SHA256] = a.Size
		}
	}
	if len(want) < 2 {
		t.Fatalf("got %d blobs in the generated bulletin, want several", len(want))
	}
	got := map[string]bool{}
	err := src.EachBlob(func(sum string, size int64, r io.Reader) error {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		if got[sum] {
			t.Errorf("blob %s: handed over twice", sum)
		}
		got[sum] = true
		if SHA256(data) != sum || int64(len(data)) != size || size != want[sum] {
			t.Errorf("blob %s: got %d bytes hashing to %s, want %d", sum, len(data), SHA256(data), want[sum])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("got %d blobs, want %d", len(got), len(want))
	}
	if nodes, blobs := src.Counts(); nodes != len(src.Nodes) || blobs != len(want) {
		t.Errorf("Counts: got %d nodes and %d blobs, want %d and %d", nodes, blobs, len(src.Nodes), len(want))
	}
}

// TestImportSource imports a Source into a store from Open and reads it back.
func TestImportSource(t *testing.T) {
	data := []byte("%PDF-1.4 zalacznik")
	sec := content.NodeID("urzad")
	src := &Source{
		Ed:       content.Edition{PublisherID: content.NodeID("wydawca"), Publisher: "Miasto Testowe", Sequence: 3},
		SiteData: content.Site{Name: "BIP testowy", Owner: "Miasto Testowe", Groups: []content.Group{{Title: "URZĄD", Nodes: []uuid.UUID{sec}}}},
		Nodes: []content.Node{{ID: sec, Path: "urzad", Kind: content.KindArticle, Title: "Urząd Miejski",
			Attachments: []content.Attachment{{Blob: content.Blob{SHA256: SHA256(data), Size: int64(len(data)), Type: "application/pdf"}, Title: "Załącznik", Name: "z.pdf"}}}},
		Blobs: map[string][]byte{SHA256(data): data},
	}
	st := Open(t, store.Options{})
	g := Import(t, st, src, store.ImportOptions{})
	if g.Edition.Sequence != 3 {
		t.Errorf("generation edition: got sequence %d, want 3", g.Edition.Sequence)
	}
	err := st.Read(func(rd *store.Reader) error {
		n, err := rd.Node(sec)
		if err != nil {
			return err
		}
		if n.Title != "Urząd Miejski" {
			t.Errorf("node title: got %q, want %q", n.Title, "Urząd Miejski")
		}
		return rd.Blob(SHA256(data), func(got []byte) error {
			if string(got) != string(data) {
				t.Errorf("blob: got %q, want %q", got, data)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
