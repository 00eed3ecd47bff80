package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

// bomb is a deflate stream of many zeros, made once per test binary.
var bomb struct {
	once       sync.Once
	size       int64
	compressed []byte
	sha        string
	crc        uint32
}

// zeroBomb returns size zero bytes deflated; 1 GiB normally, 64 MiB under -short.
func zeroBomb(t *testing.T) (size int64, compressed []byte, sha string, crc uint32) {
	bomb.once.Do(func() {
		bomb.size = 1 << 30
		if testing.Short() {
			bomb.size = 64 << 20
		}
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
		h, c := sha256.New(), crc32.NewIEEE()
		zeros := make([]byte, 1<<20)
		for n := int64(0); n < bomb.size; n += int64(len(zeros)) {
			fw.Write(zeros)
			h.Write(zeros)
			c.Write(zeros)
		}
		fw.Close()
		bomb.compressed, bomb.sha, bomb.crc = buf.Bytes(), hex.EncodeToString(h.Sum(nil)), c.Sum32()
	})
	return bomb.size, bomb.compressed, bomb.sha, bomb.crc
}

func TestOpenRefuses(t *testing.T) {
	other := testKey(2, "Gmina Obca")
	tests := []struct {
		name   string
		craft  func(t *testing.T, c *craft)
		opts   func() OpenOptions // default: trust Chojnów, default limits
		whole  bool               // refusal only when content is read (Inspect)
		want   error
		phrase string // in the message
	}{
		{name: "untrusted publisher", craft: func(t *testing.T, c *craft) {},
			opts: func() OpenOptions { return OpenOptions{Trust: TrustKeys(other.Public())} },
			want: ErrUntrusted, phrase: `run "bipkiosk trust PUBLISHER.pub" with the key file the publisher gave you`},
		{name: "nil trust trusts nobody", craft: func(t *testing.T, c *craft) {},
			opts: func() OpenOptions { return OpenOptions{} }, want: ErrUntrusted, phrase: "Miasto Chojnów"},
		{name: "wrong key", craft: func(t *testing.T, c *craft) {},
			opts: func() OpenOptions {
				return OpenOptions{Trust: func(Publisher) (ed25519.PublicKey, error) { return other.Public().Key, nil }}
			},
			want: ErrSignature, phrase: "signature does not match the trusted key"},
		{name: "signed by another key", craft: func(t *testing.T, c *craft) { c.signer = other },
			want: ErrSignature, phrase: "signature does not match"},
		{name: "tampered manifest", craft: func(t *testing.T, c *craft) {
			c.tamper = func(m []byte) []byte { return bytes.Replace(m, []byte(`"sequence":7`), []byte(`"sequence":9`), 1) }
		}, want: ErrSignature, phrase: "signature does not match"},
		{name: "garbage signature", craft: func(t *testing.T, c *craft) { c.sig = []byte("not base64!") },
			want: ErrSignature, phrase: "not a base64 Ed25519 signature"},
		{name: "no signature", craft: func(t *testing.T, c *craft) { c.noSig = true }, want: ErrSignature, phrase: "has no manifest.sig"},
		{name: "no manifest", craft: func(t *testing.T, c *craft) { c.noMan = true }, want: ErrFormat, phrase: "has no manifest.json"},
		{name: "tampered entry", whole: true, craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.data = bytes.Replace(e.data, []byte("Chojnowie"), []byte("Chojnowiu"), 1)
		}, want: ErrCorrupt, phrase: "does not match its SHA-256"},
		{name: "tampered file", whole: true, craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "files/")
			e.data = append([]byte{e.data[0] ^ 1}, e.data[1:]...)
		}, want: ErrCorrupt, phrase: "does not match its SHA-256"},
		{name: "size mismatch", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.data = append(e.data, ' ')
		}, want: ErrCorrupt, phrase: "bytes in the archive but"},
		{name: "extra unknown entry", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "README.txt", data: []byte("hi")})
		}, want: ErrUnsafe, phrase: `"README.txt", which manifest.json does not list`},
		{name: "listed entry of unknown kind", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "files/README.txt", data: []byte("hi")})
			c.relist()
		}, want: ErrUnsafe, phrase: "is not site.json, nodes/<uuid>.json or files/<sha256>"},
		{name: "node file named by a non-canonical uuid", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.name = strings.ToUpper(e.name[:len(e.name)-5]) + ".json"
			c.relist()
		}, want: ErrUnsafe, phrase: "is not site.json"},
		{name: "missing entry", craft: func(t *testing.T, c *craft) {
			c.entries = c.entries[:len(c.entries)-1]
		}, want: ErrCorrupt, phrase: "but the archive has no such entry"},
		{name: "missing site", craft: func(t *testing.T, c *craft) {
			c.entries = c.entries[1:]
			c.relist()
		}, want: ErrCorrupt, phrase: "has no site.json"},
		{name: "file not named by its hash", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "files/")
			e.name = "files/" + strings.Repeat("0", 64)
			c.relist()
		}, want: ErrCorrupt, phrase: "a file's name is its SHA-256"},
		{name: "dot-dot path", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "files/../../etc/cron.d/x", data: []byte("x")})
		}, want: ErrUnsafe, phrase: "has a .. path segment"},
		{name: "absolute path", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "/etc/passwd", data: []byte("x")})
		}, want: ErrUnsafe, phrase: "is an absolute path"},
		{name: "backslash", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: `files\..\x`, data: []byte("x")})
		}, want: ErrUnsafe, phrase: "holds a backslash"},
		{name: "empty segment", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "files//x", data: []byte("x")})
		}, want: ErrUnsafe, phrase: "empty path segment"},
		{name: "directory entry", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, zipEntry{name: "nodes/", data: nil})
		}, want: ErrUnsafe, phrase: "empty path segment"},
		{name: "symlink mode", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "files/")
			e.mode = os.ModeSymlink | 0o777
		}, want: ErrUnsafe, phrase: "is a symbolic link"},
		{name: "directory mode", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "files/")
			e.mode = os.ModeDir | 0o755
		}, want: ErrUnsafe, phrase: "is a directory"},
		{name: "duplicate names", craft: func(t *testing.T, c *craft) {
			c.entries = append(c.entries, *c.entry(t, "nodes/"))
		}, want: ErrUnsafe, phrase: "appears twice"},
		{name: "duplicate in manifest", craft: func(t *testing.T, c *craft) {
			c.manifest.Entries = append(c.manifest.Entries, c.manifest.Entries[1])
		}, want: ErrCorrupt, phrase: "twice"},
		{name: "unsupported compression", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "files/")
			e.raw = &zip.FileHeader{Name: e.name, Method: 12, CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(len(e.data))}
		}, want: ErrFormat, phrase: "compression method 12"},
		{name: "stored entry with two sizes", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "files/")
			e.raw = &zip.FileHeader{Name: e.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(e.data),
				CompressedSize64: uint64(len(e.data)) - 1, UncompressedSize64: uint64(len(e.data))}
			e.data = e.data[1:]
		}, want: ErrCorrupt, phrase: "stored uncompressed but its sizes differ"},
		{name: "too many entries", craft: func(t *testing.T, c *craft) {},
			opts: func() OpenOptions { o := trustChojnow(); o.Limits.MaxEntries = 4; return o },
			want: ErrLimit, phrase: "entries; the limit is 4"},
		{name: "entry too large", craft: func(t *testing.T, c *craft) {},
			opts: func() OpenOptions { o := trustChojnow(); o.Limits.MaxEntryBytes = 1000; return o },
			want: ErrLimit, phrase: "the limit is 1000 per entry"},
		{name: "JSON entry too large", craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.data = bytes.Replace(e.data, []byte(`"title":"`), []byte(`"title":"`+strings.Repeat("x", 5000)), 1)
			c.relist()
		}, opts: func() OpenOptions { o := trustChojnow(); o.Limits.MaxJSONBytes = 3000; return o },
			want: ErrLimit, phrase: "per JSON entry"},
		{name: "manifest too large", craft: func(t *testing.T, c *craft) {},
			opts: func() OpenOptions { o := trustChojnow(); o.Limits.MaxJSONBytes = 100; return o },
			want: ErrLimit, phrase: "manifest.json is"},
		{name: "total too large", craft: func(t *testing.T, c *craft) {},
			opts: func() OpenOptions { o := trustChojnow(); o.Limits.MaxTotalBytes = 4000; return o },
			want: ErrLimit, phrase: "expands to more than 4000 bytes"},
		{name: "bad format version", craft: func(t *testing.T, c *craft) { c.manifest.Version = 3 },
			want: ErrFormat, phrase: "version 3; this bipkiosk reads versions 1 and 2, so update bipkiosk"},
		{name: "bad format name", craft: func(t *testing.T, c *craft) { c.manifest.Format = "other" },
			want: ErrFormat, phrase: `has format "other"`},
		{name: "delta on its own sequence", craft: func(t *testing.T, c *craft) { c.manifest.BaseSequence = 7 },
			want: ErrFormat, phrase: "is a delta on sequence 7 but has sequence 7"},
		{name: "full bundle removes nodes", craft: func(t *testing.T, c *craft) { c.manifest.Removed = []uuid.UUID{uuid.New()} },
			want: ErrFormat, phrase: "lists removed nodes but has no base_sequence"},
		{name: "delta removes a node twice", craft: func(t *testing.T, c *craft) {
			id := uuid.New()
			c.manifest.BaseSequence, c.manifest.Removed = 6, []uuid.UUID{id, id}
		}, want: ErrCorrupt, phrase: "twice"},
		{name: "delta removes and carries a node", craft: func(t *testing.T, c *craft) {
			c.manifest.BaseSequence, c.manifest.Removed = 6, []uuid.UUID{content.NodeID("inne/jednostki")}
		}, want: ErrCorrupt, phrase: "both as removed and as an entry"},
		{name: "delta nodes out of id order", craft: func(t *testing.T, c *craft) {
			c.manifest.BaseSequence = 6
			slices.Reverse(c.manifest.Entries)
		}, want: ErrFormat, phrase: "not in ascending id order"},
		{name: "malformed key rotation", craft: func(t *testing.T, c *craft) { c.extraJSON = `"key_rotation":{"to":"x"}` },
			want: ErrSignature, phrase: "key_rotation that is refused: old_key is not a base64 Ed25519 public key"},
		{name: "unknown manifest field", craft: func(t *testing.T, c *craft) { c.extraJSON = `"colour":"red"` },
			want: ErrFormat, phrase: "does not follow format version 1"},
		{name: "sequence zero", craft: func(t *testing.T, c *craft) { c.manifest.Sequence = 0 },
			want: ErrFormat, phrase: "sequence 0"},
		{name: "node id does not match its file", whole: true, craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.name = nodePath(content.NodeID("somewhere/else"))
			c.relist()
		}, want: ErrCorrupt, phrase: "a node's file is named by its id"},
		{name: "node with bad JSON", whole: true, craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "nodes/")
			e.data = []byte(`{"id":`)
			c.relist()
		}, want: ErrCorrupt, phrase: "is not valid"},
		{name: "node with javascript link", whole: true, craft: func(t *testing.T, c *craft) {
			for i := range c.entries {
				c.entries[i].data = bytes.Replace(c.entries[i].data, []byte("https://www.sejm.gov.pl/"), []byte("javascript:alert(1)"), 1)
			}
			c.relist()
		}, want: ErrUnsafe, phrase: `has address "javascript:alert(1)"`},
		{name: "attachment size differs from file", whole: true, craft: func(t *testing.T, c *craft) {
			for i := range c.entries {
				c.entries[i].data = bytes.Replace(c.entries[i].data, []byte(`"size":14,"type":"text/plain`), []byte(`"size":15,"type":"text/plain`), 1)
			}
			c.relist()
		}, want: ErrCorrupt, phrase: "is said to be 15 bytes but is 14"},
		{name: "attachment name with a path", whole: true, craft: func(t *testing.T, c *craft) {
			for i := range c.entries {
				c.entries[i].data = bytes.Replace(c.entries[i].data, []byte(`"name":"tekst.txt"`), []byte(`"name":"../tekst.txt"`), 1)
			}
			c.relist()
		}, want: ErrUnsafe, phrase: "is not a plain file name"},
		{name: "group names a missing node", whole: true, craft: func(t *testing.T, c *craft) {
			e := c.entry(t, "site.json")
			e.data = bytes.Replace(e.data, []byte(content.NodeID("urzedy/sejm").String()), []byte(content.NodeID("nowhere").String()), 1)
			c.relist()
		}, want: ErrCorrupt, phrase: "which the bundle does not hold"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCraft(t)
			tc.craft(t, c)
			path := c.save(t)
			opts := trustChojnow()
			if tc.opts != nil {
				opts = tc.opts()
			}
			b, err := Open(path, opts)
			if tc.whole {
				if err != nil {
					t.Fatalf("Open: got %v, want success (the fault is in content)", err)
				}
				b.Close()
				_, err = Inspect(path, opts)
			} else if err == nil {
				b.Close()
				t.Fatalf("Open: got success, want %v", tc.want)
			}
			checkRefusal(t, err, tc.want, tc.phrase)
		})
	}
}

// checkRefusal checks the kind of err, that its message starts with the
// bundle's file name and that it says what went wrong.
func checkRefusal(t *testing.T, err, want error, phrase string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", want)
	}
	if !errors.Is(err, want) {
		t.Errorf("got %v, want an error matching %v", err, want)
	}
	if !strings.HasPrefix(err.Error(), "bundle.zip: ") {
		t.Errorf("got message %q, want it to start with %q", err, "bundle.zip: ")
	}
	if !strings.Contains(err.Error(), phrase) {
		t.Errorf("got message %q, want it to contain %q", err, phrase)
	}
}

func TestOpenRefusesNotAZip(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"text", []byte("this is not a zip file at all, just some words")},
		{"end record only", append([]byte("PK\x05\x06"), make([]byte, 18)...)[:20]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(save(t, "bundle.zip", tc.data), trustChojnow())
			checkRefusal(t, err, ErrFormat, "is not a zip archive")
		})
	}
}

func TestOpenMissingFile(t *testing.T) {
	_, err := Open(t.TempDir()+"/bundle.zip", trustChojnow())
	if !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), "bundle.zip: ") {
		t.Fatalf("got %v, want a not-exist error starting with the file name", err)
	}
}

// TestZipBombHonest: an entry of many zeros that says so in its header is
// refused by the per-entry limit at Open, before a byte is inflated.
func TestZipBombHonest(t *testing.T) {
	size, compressed, sha, crc := zeroBomb(t)
	c := newCraft(t)
	c.entries = append(c.entries, zipEntry{name: filePath(sha), data: compressed, raw: &zip.FileHeader{
		Name: filePath(sha), Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(compressed)), UncompressedSize64: uint64(size),
	}})
	c.relist()
	c.manifest.Entries[len(c.manifest.Entries)-1] = Entry{Path: filePath(sha), SHA256: sha, Size: size}
	path := c.save(t)
	opts := trustChojnow()
	if testing.Short() {
		opts.Limits.MaxEntryBytes = size / 4 // the default limit scaled to the smaller bomb
	}
	start := time.Now()
	_, err := Open(path, opts)
	checkRefusal(t, err, ErrLimit, "per entry")
	if d := time.Since(start); d > 2*time.Second { // generous: the test machine may be busy
		t.Errorf("refusing took %v, want well under 2s", d)
	}
}

// TestZipBombLyingHeader: an entry whose header and manifest say 1000 bytes
// but whose deflate stream expands to a gigabyte passes Open (which reads no
// content) and fails after at most 1001 bytes when read.
func TestZipBombLyingHeader(t *testing.T) {
	_, compressed, _, _ := zeroBomb(t)
	zeros := make([]byte, 1000)
	sum := sha256.Sum256(zeros)
	sha := hex.EncodeToString(sum[:])
	c := newCraft(t)
	c.entries = append(c.entries, zipEntry{name: filePath(sha), data: compressed, raw: &zip.FileHeader{
		Name: filePath(sha), Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(zeros),
		CompressedSize64: uint64(len(compressed)), UncompressedSize64: 1000,
	}})
	c.relist()
	c.manifest.Entries[len(c.manifest.Entries)-1] = Entry{Path: filePath(sha), SHA256: sha, Size: 1000}
	path := c.save(t)

	b, err := Open(path, trustChojnow())
	if err != nil {
		t.Fatalf("Open: got %v, want success (the header is consistent)", err)
	}
	defer b.Close()
	start := time.Now()
	var read int64
	err = b.EachBlob(func(s string, size int64, r io.Reader) error {
		n, err := io.Copy(io.Discard, r)
		if s == sha {
			read = n
		}
		return err
	})
	checkRefusal(t, err, ErrCorrupt, filePath(sha))
	if read > 1000 {
		t.Errorf("got %d bytes from the lying entry, want at most 1000", read)
	}
	if d := time.Since(start); d > 2*time.Second { // generous: the test machine may be busy
		t.Errorf("refusing took %v, want well under 2s", d)
	}
}

// TestEachBlobChecksUnreadRest: a consumer that stops early still gets the
// error for a bad file.
func TestEachBlobChecksUnreadRest(t *testing.T) {
	c := newCraft(t)
	e := c.entry(t, "files/")
	e.data = append(append([]byte{}, e.data[:len(e.data)-1]...), e.data[len(e.data)-1]^0xff)
	b, err := Open(c.save(t), trustChojnow())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.EachBlob(func(string, int64, io.Reader) error { return nil })
	checkRefusal(t, err, ErrCorrupt, "does not match its SHA-256")
}

// centralDirectoryOnly returns a zip made of nothing but real central
// directory headers whose end record declares only declared entries.
func centralDirectoryOnly(real int, declared uint16) []byte {
	var b bytes.Buffer
	for range real {
		h := make([]byte, 46)
		binary.LittleEndian.PutUint32(h[0:], 0x02014b50)
		binary.LittleEndian.PutUint16(h[28:], 1) // name length
		b.Write(h)
		b.WriteByte('a')
	}
	dirSize := b.Len()
	end := make([]byte, 22)
	binary.LittleEndian.PutUint32(end[0:], 0x06054b50)
	binary.LittleEndian.PutUint16(end[8:], declared)
	binary.LittleEndian.PutUint16(end[10:], declared)
	binary.LittleEndian.PutUint32(end[12:], uint32(dirSize))
	b.Write(end)
	return b.Bytes()
}

// A lying end record must not make archive/zip parse a huge directory: it
// checks the declared count only modulo 65536.
func TestOpenCountsCentralDirectoryNotTheEndRecord(t *testing.T) {
	tests := []struct {
		name     string
		real     int
		declared uint16
	}{
		{"count wraps modulo 65536", 65536*4 + 3, 3},
		{"declared zero", 65536 * 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := centralDirectoryOnly(tt.real, tt.declared)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := open(bytes.NewReader(data), int64(len(data)), "evil.zip", OpenOptions{Limits: Limits{MaxEntries: 10}}, false)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("got %v, want ErrLimit", err)
			}
			// archive/zip would hold about 5 bytes per directory byte; counting holds none.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(len(data)) {
				t.Errorf("refusing a %d-byte directory allocated %d bytes", len(data), grew)
			}
		})
	}
}
