package bundle

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestKeyFiles(t *testing.T) {
	pub := Publisher{ID: uuid.New(), Name: "Gmina Testowa"}
	k, err := GenerateKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	prefix := filepath.Join(t.TempDir(), "gmina")
	if err := WriteKeyFiles(prefix, k); err != nil {
		t.Fatalf("WriteKeyFiles: %v", err)
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(prefix + ".key")
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("PREFIX.key: got mode %v, want 0600", st.Mode().Perm())
		}
	}
	priv, err := ReadPrivateKey(prefix + ".key")
	if err != nil {
		t.Fatalf("ReadPrivateKey: %v", err)
	}
	if priv.Publisher != pub || !bytes.Equal(priv.Key, k.Key) {
		t.Errorf("ReadPrivateKey: got %v, want the written key of %v", priv.Publisher, pub)
	}
	pk, err := ReadPublicKey(prefix + ".pub")
	if err != nil {
		t.Fatalf("ReadPublicKey: %v", err)
	}
	if pk.Publisher != pub || !bytes.Equal(pk.Key, k.Public().Key) {
		t.Errorf("ReadPublicKey: got %v, want the public half of the written key", pk.Publisher)
	}
	if fp := pk.Fingerprint(); len(fp) != 16 || fp != k.Public().Fingerprint() {
		t.Errorf("Fingerprint: got %q, want 16 hex digits equal to the private key's public half", fp)
	}
	data, _ := os.ReadFile(prefix + ".pub")
	if parsed, err := ParsePublicKey("gmina.pub", data); err != nil || !bytes.Equal(parsed.Key, pk.Key) {
		t.Errorf("ParsePublicKey: got %v, %v; want the same key as ReadPublicKey", parsed, err)
	}

	// Never overwrite: a second keygen with the same prefix fails and leaves the first key.
	other, _ := GenerateKey(pub)
	if err := WriteKeyFiles(prefix, other); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second WriteKeyFiles: got %v, want fs.ErrExist", err)
	}
	again, err := ReadPrivateKey(prefix + ".key")
	if err != nil || !bytes.Equal(again.Key, k.Key) {
		t.Errorf("after refused overwrite: got %v, want the first key unchanged", err)
	}
}

func TestWriteKeyFilesRefusesExistingPub(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "k")
	if err := os.WriteFile(prefix+".pub", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteKeyFiles(prefix, chojnow); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("got %v, want fs.ErrExist", err)
	}
	if _, err := os.Stat(prefix + ".key"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want no .key left behind", err)
	}
}

func TestFingerprintsDiffer(t *testing.T) {
	if a, b := chojnow.Public().Fingerprint(), testKey(2, "x").Public().Fingerprint(); a == b {
		t.Fatalf("two keys share fingerprint %s", a)
	}
}

func TestReadKeyRefuses(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "chojnow")
	if err := WriteKeyFiles(prefix, chojnow); err != nil {
		t.Fatal(err)
	}
	pubData, _ := os.ReadFile(prefix + ".pub")
	keyData, _ := os.ReadFile(prefix + ".key")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		path    string
		private bool
		phrase  string
	}{
		{"pub given for key", prefix + ".pub", true, "is a public key file; signing needs the private key file"},
		{"key given for pub", prefix + ".key", false, "is a private key file; give the public key file"},
		{"not a key file", write("bundle.zip", []byte("PK\x03\x04 zip")), false, "is not a bipkiosk key file"},
		{"newer version", write("v2.pub", bytes.Replace(pubData, []byte(`"version": 1`), []byte(`"version": 2`), 1)), false, "update bipkiosk"},
		{"damaged public key", write("bad.pub", bytes.Replace(pubData, []byte(`"public_key": "`), []byte(`"public_key": "!!`), 1)), false, "public_key is not a base64"},
		{"mismatched halves", write("mixed.key", bytes.Replace(keyData, []byte(`"public_key": "`), []byte(`"public_key": "`+strings.Repeat("A", 43)+"=\",\"x\": \""), 1)), true, "does not belong to private_key"},
		{"no publisher", write("anon.pub", bytes.Replace(pubData, []byte(chojnow.ID.String()), []byte(uuid.Nil.String()), 1)), false, "publisher id is missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.private {
				_, err = ReadPrivateKey(tc.path)
			} else {
				_, err = ReadPublicKey(tc.path)
			}
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tc.phrase) {
				t.Errorf("got %v, want ErrFormat saying %q", err, tc.phrase)
			}
		})
	}
}
