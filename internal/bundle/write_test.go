package bundle

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

func TestRoundTrip(t *testing.T) {
	s := newSample()
	path := save(t, "chojnow-7.zip", s.write(t, chojnow, 7))

	b, err := Open(path, trustChojnow())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer b.Close()
	wantEd := content.Edition{PublisherID: chojnow.ID, Publisher: chojnow.Name, Sequence: 7, Created: created}
	if got := b.Edition(); got != wantEd {
		t.Errorf("Edition: got %+v, want %+v", got, wantEd)
	}
	site, err := b.Site()
	if err != nil {
		t.Fatalf("Site: %v", err)
	}
	if !reflect.DeepEqual(site, s.site) {
		t.Errorf("Site: got %+v, want %+v", site, s.site)
	}
	var got []content.Node
	if err := b.EachNode(func(n content.Node) error { got = append(got, n); return nil }); err != nil {
		t.Fatalf("EachNode: %v", err)
	}
	want := slices.Clone(s.nodes)
	slices.SortFunc(want, func(a, b content.Node) int { return strings.Compare(a.ID.String(), b.ID.String()) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EachNode: got %+v\nwant %+v", got, want)
	}
	blobs := map[string][]byte{}
	err = b.EachBlob(func(sha string, size int64, r io.Reader) error {
		data, err := io.ReadAll(r)
		if int64(len(data)) != size {
			t.Errorf("blob %s: got %d bytes, want %d", sha, len(data), size)
		}
		blobs[sha] = data
		return err
	})
	if err != nil {
		t.Fatalf("EachBlob: %v", err)
	}
	if !reflect.DeepEqual(blobs, s.blobs) {
		t.Errorf("EachBlob: got %d blobs, want %d with the same bytes", len(blobs), len(s.blobs))
	}

	sum, err := Inspect(path, trustChojnow())
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	wantSum := Summary{File: "chojnow-7.zip", Publisher: chojnow.Publisher, Fingerprint: chojnow.Public().Fingerprint(),
		Sequence: 7, Created: created, Articles: 1, Sections: 1, Links: 1, Attachments: 2, Blobs: 3, Entries: 9}
	wantSum.TotalBytes, wantSum.ArchiveBytes = sum.TotalBytes, sum.ArchiveBytes
	if sum != wantSum {
		t.Errorf("Inspect: got %+v, want %+v", sum, wantSum)
	}
	if sum.TotalBytes <= 0 || sum.ArchiveBytes <= 0 {
		t.Errorf("Inspect: got sizes %d and %d, want both positive", sum.TotalBytes, sum.ArchiveBytes)
	}
}

// TestEntryOrder checks the layout the spec promises: manifest, signature,
// site, nodes by id, files by hash; JSON deflated, a PDF stored.
func TestEntryOrder(t *testing.T) {
	s := newSample()
	data := s.write(t, chojnow, 1)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(created) {
			t.Errorf("%s: got time %v, want %v", f.Name, f.Modified, created)
		}
		wantMethod := zip.Deflate
		if f.Name == SignatureName || f.Name == filePath(s.nodes[1].Attachments[0].SHA256) || f.Name == filePath(s.site.Logo.SHA256) {
			wantMethod = zip.Store
		}
		if f.Method != wantMethod {
			t.Errorf("%s: got method %d, want %d", f.Name, f.Method, wantMethod)
		}
	}
	var nodes, files []string
	for _, n := range s.nodes {
		nodes = append(nodes, nodePath(n.ID))
	}
	for sha := range s.blobs {
		files = append(files, filePath(sha))
	}
	slices.Sort(nodes)
	slices.Sort(files)
	want := append(append([]string{ManifestName, SignatureName, SiteName}, nodes...), files...)
	if !slices.Equal(names, want) {
		t.Errorf("entries:\n got %q\nwant %q", names, want)
	}
}

func TestReproducible(t *testing.T) {
	s := newSample()
	first := s.write(t, chojnow, 3)
	slices.Reverse(s.nodes) // input order must not matter
	second := s.write(t, chojnow, 3)
	if !bytes.Equal(first, second) {
		t.Fatalf("two writes of the same content differ (%d and %d bytes)", len(first), len(second))
	}
	third := s.write(t, chojnow, 4)
	if bytes.Equal(first, third) {
		t.Fatal("bundles with different sequences are identical")
	}
}

// TestOpenSanitises: a producer that skips sanitising cannot get script
// through the reader.
func TestOpenSanitises(t *testing.T) {
	s := newSample()
	s.nodes[1].Body = `<p onclick="x">a</p><script>alert(1)</script><img src="https://evil.example/t.gif">`
	s.nodes[1].History[0].PreviousBody = `<iframe src="javascript:alert(1)"></iframe>`
	s.site.Instructions = `<a href="javascript:alert(1)">x</a>`
	b, err := Open(save(t, "bundle.zip", s.write(t, chojnow, 1)), trustChojnow())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	site, err := b.Site()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(site.Instructions, "javascript") {
		t.Errorf("site instructions: got %q, want no javascript", site.Instructions)
	}
	err = b.EachNode(func(n content.Node) error {
		for _, h := range append([]string{n.Body}, func() (p []string) {
			for _, c := range n.History {
				p = append(p, c.PreviousBody)
			}
			return p
		}()...) {
			if strings.Contains(h, "script") || strings.Contains(h, "onclick") || strings.Contains(h, "evil") || strings.Contains(h, "iframe") {
				t.Errorf("node %s: got %q, want it sanitised", n.Title, h)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEachNodeStopsOnCallerError(t *testing.T) {
	b, err := Open(save(t, "bundle.zip", newSample().write(t, chojnow, 1)), trustChojnow())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	stop := errors.New("stop")
	calls := 0
	err = b.EachNode(func(content.Node) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("got %v after %d calls, want the caller's error after 1", err, calls)
	}
}

func TestWriteRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *sample, o *WriteOptions)
		phrase string
	}{
		{"no key", func(s *sample, o *WriteOptions) { o.Key = PrivateKey{} }, "no Ed25519 private key"},
		{"sequence zero", func(s *sample, o *WriteOptions) { o.Sequence = 0 }, "sequence must be 1 or more"},
		{"no created time", func(s *sample, o *WriteOptions) { o.Created = time.Time{} }, "Created is required"},
		{"duplicate ids", func(s *sample, o *WriteOptions) { s.nodes = append(s.nodes, s.nodes[0]) }, "two nodes have id"},
		{"node without title", func(s *sample, o *WriteOptions) { s.nodes[0].Title = " " }, "has no title"},
		{"unknown kind", func(s *sample, o *WriteOptions) { s.nodes[0].Kind = "page" }, `has kind "page"`},
		{"missing parent", func(s *sample, o *WriteOptions) { s.nodes[0].Parent = uuid.New() }, "which the bundle does not hold"},
		{"javascript link", func(s *sample, o *WriteOptions) { s.nodes[2].URL = "javascript:alert(1)" }, "has address"},
		{"bad hash", func(s *sample, o *WriteOptions) { s.nodes[1].Attachments[0].SHA256 = "ABC" }, "not 64 lowercase hex"},
		{"two sizes for one file", func(s *sample, o *WriteOptions) {
			a := s.nodes[1].Attachments[0]
			a.Size++
			s.nodes[1].Attachments = append(s.nodes[1].Attachments, a)
		}, "two sizes"},
		{"file changed under us", func(s *sample, o *WriteOptions) {
			sha := s.nodes[1].Attachments[0].SHA256
			s.blobs[sha] = append(slices.Clone(s.blobs[sha]), '!')
		}, "changed since it was hashed"},
		{"file missing", func(s *sample, o *WriteOptions) { delete(s.blobs, s.site.Logo.SHA256) }, "open file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSample()
			o := WriteOptions{Key: chojnow, Sequence: 1, Created: created}
			tc.change(&s, &o)
			err := Write(io.Discard, o, s.site, s.nodes, s.opener())
			if err == nil {
				t.Fatalf("got success, want an error containing %q", tc.phrase)
			}
			if !strings.HasPrefix(err.Error(), "bundle: ") || !strings.Contains(err.Error(), tc.phrase) {
				t.Errorf("got %q, want it to start with %q and contain %q", err, "bundle: ", tc.phrase)
			}
		})
	}
}

func TestCountsComeFromTheManifest(t *testing.T) {
	path := save(t, "b.zip", newSample().write(t, chojnow, 3))
	b, err := Open(path, trustChojnow())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var nodes int
	blobs := map[string]bool{}
	if err := b.EachNode(func(content.Node) error { nodes++; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := b.EachBlob(func(sha string, _ int64, r io.Reader) error {
		blobs[sha] = true
		_, err := io.Copy(io.Discard, r)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if gotNodes, gotBlobs := b.Counts(); gotNodes != nodes || gotBlobs != len(blobs) || nodes == 0 || gotBlobs == 0 {
		t.Errorf("got Counts() = %d nodes, %d blobs; read %d nodes, %d blobs", gotNodes, gotBlobs, nodes, len(blobs))
	}
}

// TestWriteCompletesNodes checks that nodes left without their bodies and
// filled in by WriteOptions.Complete give the bundle the full nodes give,
// and that an error of Complete stops the write.
func TestWriteCompletesNodes(t *testing.T) {
	s := newSample()
	want := s.write(t, chojnow, 3)
	full := map[uuid.UUID]content.Node{}
	lean := slices.Clone(s.nodes)
	for i, n := range lean {
		full[n.ID] = n
		lean[i].Body = ""
		lean[i].History = slices.Clone(n.History)
		for j := range lean[i].History {
			lean[i].History[j].PreviousBody = ""
		}
	}
	complete := func(n *content.Node) error {
		f := full[n.ID]
		n.Body, n.History = f.Body, f.History
		return nil
	}
	var got bytes.Buffer
	opts := WriteOptions{Key: chojnow, Sequence: 3, Created: created, Complete: complete}
	if err := Write(&got, opts, s.site, lean, s.opener()); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("bundle of completed nodes differs from the bundle of full nodes (%d and %d bytes)", got.Len(), len(want))
	}
	for i := range lean {
		if lean[i].Body != "" {
			t.Fatalf("Complete filled the caller's node %s instead of a copy", lean[i].ID)
		}
	}
	broken := errors.New("body file gone")
	opts.Complete = func(*content.Node) error { return broken }
	if err := Write(io.Discard, opts, s.site, lean, s.opener()); !errors.Is(err, broken) {
		t.Fatalf("got %v, want the error of Complete", err)
	}
}
