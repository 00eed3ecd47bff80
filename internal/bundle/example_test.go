package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"bipkiosk/internal/content"
)

// The worked example of docs/bundle-format.md lives in testdata/example.
// These tests keep the document honest: its signature verifies, a zip made
// from its files by any zip tool opens, and our writer produces the same bytes.

const exampleDir = "testdata/example"

var exampleNode = "nodes/aa239aca-3049-5027-9b82-bd4817c9dc63.json"

func readExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(exampleDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExampleSignature(t *testing.T) {
	priv, err := ReadPrivateKey(filepath.Join(exampleDir, "example.key"))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(readExample(t, SignatureName))))
	if err != nil {
		t.Fatal(err)
	}
	// Ed25519 signatures are deterministic, so a vendor can compare bytes.
	if got := ed25519.Sign(priv.Key, readExample(t, ManifestName)); !bytes.Equal(got, sig) {
		t.Errorf("signature of the example manifest:\n got %s\nwant %s", base64.StdEncoding.EncodeToString(got), base64.StdEncoding.EncodeToString(sig))
	}
}

func TestExampleOpens(t *testing.T) {
	pub, err := ReadPublicKey(filepath.Join(exampleDir, "example.pub"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{ManifestName, SignatureName, SiteName, exampleNode} {
		w, err := zw.Create(name) // plain defaults, as any zip library would write
		if err != nil {
			t.Fatal(err)
		}
		w.Write(readExample(t, name))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	sum, err := Inspect(save(t, "bundle.zip", buf.Bytes()), OpenOptions{Trust: TrustKeys(pub)})
	if err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	if sum.Articles != 1 || sum.Sequence != 1 || sum.Publisher.Name != "Gmina Przykładowa" {
		t.Errorf("Inspect: got %+v, want 1 article, sequence 1, Gmina Przykładowa", sum)
	}
}

func TestExampleIsWriterOutput(t *testing.T) {
	priv, err := ReadPrivateKey(filepath.Join(exampleDir, "example.key"))
	if err != nil {
		t.Fatal(err)
	}
	var site content.Site
	var node content.Node
	if err := json.Unmarshal(readExample(t, SiteName), &site); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(readExample(t, exampleNode), &node); err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(readExample(t, ManifestName), &m); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, WriteOptions{Key: priv, Sequence: m.Sequence, Created: m.Created}, site, []content.Node{node}, nil); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		got, _ := io.ReadAll(rc)
		if want := readExample(t, f.Name); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", f.Name, got, want)
		}
	}
}
