package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// testKey returns a fixed key, so bundles written in tests are reproducible.
func testKey(seed byte, name string) PrivateKey {
	return PrivateKey{
		Publisher: Publisher{ID: uuid.NewSHA1(uuid.NameSpaceURL, []byte(name)), Name: name},
		Key:       ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize)),
	}
}

var (
	chojnow = testKey(1, "Miasto Chojnów")
	created = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
)

// sample is a small bulletin: a site with a logo, a section with an article
// that has two attachments (one shared with the logo's type list), a link.
type sample struct {
	site  content.Site
	nodes []content.Node
	blobs map[string][]byte
}

func blob(data []byte, typ string) content.Blob {
	sum := sha256.Sum256(data)
	return content.Blob{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Type: typ}
}

func newSample() sample {
	logo := []byte("\x89PNG fake logo bytes")
	pdf := bytes.Repeat([]byte("%PDF-1.4 uchwała "), 200)
	txt := []byte("zwykły tekst\n")
	s := sample{blobs: map[string][]byte{}}
	for _, b := range [][]byte{logo, pdf, txt} {
		s.blobs[blob(b, "").SHA256] = b
	}
	section := content.NodeID("inne/jednostki")
	article := content.NodeID("inne/jednostki/mops")
	link := content.NodeID("urzedy/sejm")
	lb := blob(logo, "image/png")
	s.site = content.Site{
		Name: "Biuletyn Informacji Publicznej Miasta Chojnów", Owner: "Miasto Chojnów",
		LiveURL: "https://bip.chojnow.eu/", Logo: &lb,
		Editorial:    content.Editorial{Office: "Urząd Miejski w Chojnowie", Email: "bip@chojnow.eu"},
		Instructions: "<p>Jak korzystać</p>",
		Groups:       []content.Group{{Title: "INNE", Nodes: []uuid.UUID{section}}, {Title: "Urzędy Centralne", Nodes: []uuid.UUID{link}}},
	}
	s.nodes = []content.Node{
		{ID: section, Path: "inne/jednostki", Kind: content.KindSection, Title: "Jednostki organizacyjne", Order: 1},
		{
			ID: article, Parent: section, Path: "inne/jednostki/mops", Kind: content.KindArticle,
			Title: "Miejski Ośrodek Pomocy Społecznej", Order: 2,
			Body: `<h2>MOPS</h2><p>ul. Witosa 1, <a href="mailto:mops@chojnow.pl">mops@chojnow.pl</a></p>`,
			Meta: content.Meta{Publisher: "Urząd Miejski w Chojnowie", Author: "Jan Kowalski", Visits: 7936,
				Created: created.AddDate(-20, 0, 0), Updated: created.AddDate(-1, 0, 0), SourceURL: "https://bip.chojnow.eu/mops"},
			Attachments: []content.Attachment{
				{Blob: blob(pdf, "application/pdf"), Title: "Uchwała", Name: "uchwała nr 1.pdf"},
				{Blob: blob(txt, "text/plain; charset=utf-8"), Title: "Tekst", Name: "tekst.txt"},
			},
			History: []content.Change{{At: created.AddDate(-1, 0, 0), By: "Jan Kowalski", Kind: content.ChangeModified, Summary: "adres", PreviousBody: "<p>stary</p>"}},
		},
		{ID: link, Path: "urzedy/sejm", Kind: content.KindLink, Title: "Sejm RP", URL: "https://www.sejm.gov.pl/"},
	}
	return s
}

func (s sample) opener() BlobOpener {
	return func(sha string) (io.ReadCloser, error) {
		b, ok := s.blobs[sha]
		if !ok {
			return nil, fmt.Errorf("no blob %s: %w", sha, fs.ErrNotExist)
		}
		return io.NopCloser(bytes.NewReader(b)), nil
	}
}

func (s sample) write(t testing.TB, key PrivateKey, seq uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, WriteOptions{Key: key, Sequence: seq, Created: created}, s.site, s.nodes, s.opener()); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// save writes data to a file named name in a fresh temporary directory.
func save(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func trustChojnow() OpenOptions {
	return OpenOptions{Trust: TrustKeys(chojnow.Public())}
}

// zipEntry is one entry of a crafted zip. raw, when set, is written with
// CreateRaw as already-compressed bytes with whatever sizes header says.
type zipEntry struct {
	name   string
	data   []byte
	method uint16
	mode   fs.FileMode
	flags  uint16
	raw    *zip.FileHeader
}

// craft is a bundle under construction for refusal tests: start from a valid
// bundle, change entries, manifest or signature, then build.
type craft struct {
	entries   []zipEntry // content entries, after manifest.json and manifest.sig
	manifest  Manifest
	extraJSON string // appended inside the manifest's object before signing
	signer    PrivateKey
	tamper    func(manifest []byte) []byte // applied after signing
	sig       []byte                       // replaces manifest.sig when set
	noSig     bool
	noMan     bool
}

// newCraft unpacks a valid sample bundle into a craft.
func newCraft(t testing.TB) *craft {
	t.Helper()
	return craftFrom(t, newSample().write(t, chojnow, 7))
}

// craftFrom unpacks a bundle signed by chojnow at sequence 7 into a craft,
// leaving out its manifest and signature, which the craft writes anew.
func craftFrom(t testing.TB, data []byte) *craft {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	c := &craft{signer: chojnow}
	for _, f := range zr.File {
		if f.Name == ManifestName || f.Name == SignatureName {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		c.entries = append(c.entries, zipEntry{name: f.Name, data: b, method: f.Method})
	}
	c.manifest = Manifest{Format: FormatName, Version: VersionWithoutPages, Publisher: chojnow.Publisher, Sequence: 7, Created: created}
	c.relist()
	return c
}

// relist makes the manifest list the current entries honestly.
func (c *craft) relist() {
	c.manifest.Entries = nil
	for _, e := range c.entries {
		sum := sha256.Sum256(e.data)
		c.manifest.Entries = append(c.manifest.Entries, Entry{Path: e.name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(e.data))})
	}
}

// entry returns the first entry whose name has the given prefix.
func (c *craft) entry(t testing.TB, prefix string) *zipEntry {
	t.Helper()
	for i := range c.entries {
		if len(c.entries[i].name) >= len(prefix) && c.entries[i].name[:len(prefix)] == prefix {
			return &c.entries[i]
		}
	}
	t.Fatalf("no entry %s*", prefix)
	return nil
}

func (c *craft) bytes(t testing.TB) []byte {
	t.Helper()
	var mj bytes.Buffer
	if err := encodeJSON(&mj, c.manifest); err != nil {
		t.Fatal(err)
	}
	man := mj.Bytes()
	if c.extraJSON != "" {
		man = append(bytes.TrimRight(bytes.TrimSpace(man), "}"), []byte(","+c.extraJSON+"}\n")...)
	}
	sig := []byte(base64.StdEncoding.EncodeToString(ed25519.Sign(c.signer.Key, man)))
	if c.tamper != nil {
		man = c.tamper(man)
	}
	if c.sig != nil {
		sig = c.sig
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var all []zipEntry
	if !c.noMan {
		all = append(all, zipEntry{name: ManifestName, data: man, method: zip.Deflate})
	}
	if !c.noSig {
		all = append(all, zipEntry{name: SignatureName, data: sig})
	}
	for _, e := range append(all, c.entries...) {
		if e.raw != nil {
			w, err := zw.CreateRaw(e.raw)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(e.data); err != nil {
				t.Fatal(err)
			}
			continue
		}
		fh := &zip.FileHeader{Name: e.name, Method: e.method, Modified: created, Flags: e.flags}
		if e.mode != 0 {
			fh.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (c *craft) save(t testing.TB) string {
	t.Helper()
	return save(t, "bundle.zip", c.bytes(t))
}
