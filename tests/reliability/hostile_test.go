package reliability

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/bundletest"
	"bipkiosk/internal/store"
	"bipkiosk/internal/synth"
)

// hostileEntry is one zip entry of a crafted bundle.
type hostileEntry struct {
	name     string
	data     []byte          // what is written (compressed already when raw is set)
	raw      *zip.FileHeader // written as is, sizes and CRC included
	listed   *bundle.Entry   // what the manifest says of it; nil lists data honestly
	unlisted bool
}

// craftBundle writes a zip of entries behind a manifest that lists them and
// is signed with the fixture's trusted key, so only the content is hostile.
func craftBundle(path string, entries []hostileEntry) error {
	m := bundle.Manifest{Format: bundle.FormatName, Version: bundle.Version, Publisher: fx.key.Publisher, Sequence: 5, Created: fxCreated(5)}
	for _, e := range entries {
		switch {
		case e.unlisted:
		case e.listed != nil:
			m.Entries = append(m.Entries, *e.listed)
		default:
			sum := sha256.Sum256(e.data)
			m.Entries = append(m.Entries, bundle.Entry{Path: e.name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(e.data))})
		}
	}
	man, err := json.Marshal(m)
	if err != nil {
		return err
	}
	sig := base64.StdEncoding.EncodeToString(ed25519.Sign(fx.key.Key, man))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	zw := zip.NewWriter(bw)
	all := append([]hostileEntry{{name: bundle.ManifestName, data: man}, {name: bundle.SignatureName, data: []byte(sig)}}, entries...)
	for _, e := range all {
		var w io.Writer
		if e.raw != nil {
			w, err = zw.CreateRaw(e.raw)
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: fxCreated(5)})
		}
		if err == nil {
			_, err = w.Write(e.data)
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	err = zw.Close()
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// baseEntries returns the entries of a small valid bundle, to which each
// hostile case adds its poison.
func baseEntries(t *testing.T) []hostileEntry {
	t.Helper()
	b, err := makeBulletin(synth.Options{Articles: 5, Seed: 3}, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	data := bundletest.Bytes(t, b.content(), bundle.WriteOptions{Key: fx.key, Sequence: 5, Created: fxCreated(5)})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []hostileEntry
	for _, f := range zr.File {
		if f.Name == bundle.ManifestName || f.Name == bundle.SignatureName {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, hostileEntry{name: f.Name, data: data})
	}
	return out
}

// firstNode returns the index of the first node entry.
func firstNode(t *testing.T, es []hostileEntry) int {
	t.Helper()
	for i, e := range es {
		if strings.HasPrefix(e.name, "nodes/") {
			return i
		}
	}
	t.Fatal("no node entry")
	return -1
}

// setTitle returns a node's JSON with its title replaced by raw JSON bytes.
func setTitle(t *testing.T, data, title []byte) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["title"] = nil
	out, _ := json.Marshal(m)
	return bytes.Replace(out, []byte(`"title":null`), append([]byte(`"title":`), title...), 1)
}

// deflateZeros returns a deflate stream of n zero bytes, flushed but not
// finished, so further blocks may follow it.
func deflateZeros(n int64) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	chunk := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(chunk)) {
		fw.Write(chunk[:min(int64(len(chunk)), left)])
	}
	fw.Flush()
	return buf.Bytes()
}

// finalBlock returns a complete deflate stream of data, to end a flushed one.
func finalBlock(data []byte) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestSpeed)
	fw.Write(data)
	fw.Close()
	return buf.Bytes()
}

// hostileCase is one hostile bundle and what must become of it.
type hostileCase struct {
	name  string
	build func(t *testing.T, base []hostileEntry) []hostileEntry
	want  string // part of the one-line refusal
}

func hostileCases() []hostileCase {
	bomb := bombSize()
	return []hostileCase{
		{name: "zip bomb: one entry whose header says 1 KiB, inflating to 1 GiB", want: "damaged", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			zeros := make([]byte, 1024)
			sum := sha256.Sum256(zeros)
			sha := hex.EncodeToString(sum[:])
			data := bombStream()
			return append(base, hostileEntry{name: "files/" + sha, data: data, raw: &zip.FileHeader{
				Name: "files/" + sha, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(zeros),
				CompressedSize64: uint64(len(data)), UncompressedSize64: 1024,
			}, listed: &bundle.Entry{Path: "files/" + sha, SHA256: sha, Size: 1024}})
		}},
		{name: "zip bomb: one entry honestly " + mib(bomb), want: "the limit", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			data := bombStream()
			sha := hex.EncodeToString(make([]byte, 32)) // never read: the size is refused first
			return append(base, hostileEntry{name: "files/" + sha, data: data,
				raw:    &zip.FileHeader{Name: "files/" + sha, Method: zip.Deflate, CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(bomb)},
				listed: &bundle.Entry{Path: "files/" + sha, SHA256: sha, Size: bomb}})
		}},
		{name: "zip bomb: 9 000 entries of 1 MiB each (8.8 GiB)", want: "the limit", build: manyMiB(9000)},
		{name: "100 000 tiny entries", want: "", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			for i := range 100_000 {
				data := binary.BigEndian.AppendUint64(nil, uint64(i))
				sum := sha256.Sum256(data)
				base = append(base, hostileEntry{name: "files/" + hex.EncodeToString(sum[:]), data: data})
			}
			return base
		}},
		{name: "deeply nested path (5 000 levels)", want: "refusing the bundle", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			return append(base, hostileEntry{name: "nodes/" + strings.Repeat("a/", 5000) + "x.json", data: []byte("{}")})
		}},
		{name: "invalid UTF-8 in an entry name", want: "not valid UTF-8", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			return append(base, hostileEntry{name: "nodes/\xff\xfe.json", data: []byte("{}")})
		}},
		{name: "NUL byte in an entry name", want: "control character", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			return append(base, hostileEntry{name: "nodes/a\x00.json", data: []byte("{}")})
		}},
		{name: "duplicate entry names", want: "twice", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			return append(base, base[len(base)-1])
		}},
		{name: "invalid UTF-8 inside node JSON", want: "", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			i := firstNode(t, base)
			base[i].data = setTitle(t, base[i].data, []byte("\"Zarz\xc4dzenie \xff\xfe\""))
			return base
		}},
		{name: "NUL bytes inside node JSON", want: "", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			i := firstNode(t, base)
			base[i].data = setTitle(t, base[i].data, []byte(`"Zarz\u0000dzenie\u0000"`))
			return base
		}},
		{name: "100 MB title string in node JSON", want: "the limit", build: func(t *testing.T, base []hostileEntry) []hostileEntry {
			i := firstNode(t, base)
			base[i].data = setTitle(t, base[i].data, []byte(`"`+strings.Repeat("a", 100<<20)+`"`))
			return base
		}},
	}
}

// bombSize is how far the bombs inflate: 1 GiB, or 128 MiB under -short.
func bombSize() int64 {
	if testing.Short() {
		return 128 << 20
	}
	return 1 << 30
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// bombStream returns a finished deflate stream of bombSize zeros, made once.
func bombStream() []byte {
	bombOnce.Do(func() { bomb = append(deflateZeros(bombSize()), finalBlock(nil)...) })
	return bomb
}

// manyMiB returns a build of n entries of 1 MiB of zeros plus a counter, each
// a different file, made cheaply by ending one flushed stream n ways.
func manyMiB(n int) func(t *testing.T, base []hostileEntry) []hostileEntry {
	return func(t *testing.T, base []hostileEntry) []hostileEntry {
		const size = 1 << 20
		head := deflateZeros(size - 8)
		h := sha256.New()
		h.Write(make([]byte, size-8))
		state, _ := h.(encoding.BinaryMarshaler).MarshalBinary()
		crc := crc32.ChecksumIEEE(make([]byte, size-8))
		for i := range n {
			tail := binary.BigEndian.AppendUint64(nil, uint64(i))
			hi := sha256.New()
			hi.(encoding.BinaryUnmarshaler).UnmarshalBinary(state)
			hi.Write(tail)
			sha := hex.EncodeToString(hi.Sum(nil))
			data := append(append([]byte(nil), head...), finalBlock(tail)...)
			base = append(base, hostileEntry{name: "files/" + sha, data: data,
				raw: &zip.FileHeader{Name: "files/" + sha, Method: zip.Deflate, CRC32: crc32.Update(crc, crc32.IEEETable, tail),
					CompressedSize64: uint64(len(data)), UncompressedSize64: size},
				listed: &bundle.Entry{Path: "files/" + sha, SHA256: sha, Size: size}})
		}
		return base
	}
}

// hostileLimits bound each refusal; generous, since the machine may be busy.
const (
	hostileMaxTime   = 15 * time.Second
	hostileMaxRSS    = 400 << 20
	hostileMaxGrowth = 8 << 20
)

// TestHostileBundlesAreRefused imports each hostile bundle with the real
// binary into a store holding a small bulletin: each must be refused (or its
// poison neutralised) quickly, in bounded memory, without filling the disk,
// and the installed bulletin must stay as it was.
func TestHostileBundlesAreRefused(t *testing.T) {
	tpl := filepath.Join(t.TempDir(), "small")
	small := filepath.Join(t.TempDir(), "small-v1.zip")
	b, err := makeBulletin(synth.Options{Articles: 20, Seed: 5, AttachmentsEvery: 3, AttachmentBytes: 4096}, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeBundle(small, fx.key, 1, b); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"trust", fx.pub}, {"import", small}} {
		if res := fx.cli(tpl, args...); res.code != 0 {
			t.Fatalf("bipkiosk %s: exit %d: %s", args[0], res.code, res.stderr)
		}
	}
	before, err := snapshotDir(tpl, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	refused := 0
	cases := hostileCases()
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), fmt.Sprintf("hostile-%d.zip", i))
			base := baseEntries(t)
			poisoned := base[firstNode(t, base)].name
			if err := craftBundle(path, tc.build(t, base)); err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(path)
			dir := filepath.Join(t.TempDir(), "store")
			if err := copyDir(tpl, dir); err != nil {
				t.Fatal(err)
			}
			used, _ := diskUsage(dir)
			res := fx.cli(dir, "import", path)
			grown, _ := diskUsage(dir)
			msg := strings.TrimSpace(res.stderr)
			outcome := "refused"
			switch {
			case res.code == 1 && tc.want != "" && strings.Contains(msg, tc.want) && !strings.Contains(msg, "\n"):
				refused++
			case res.code == 1 && tc.want == "" && !strings.Contains(msg, "\n"):
				refused++
			case res.code == 0 && tc.want == "":
				outcome = "neutralised, imported"
				msg = checkNeutralised(t, dir, poisoned)
				if t.Failed() {
					outcome = "FAILED: imported, not neutralised"
				}
			default:
				t.Errorf("got exit %d, stderr %q; want a one-line refusal containing %q", res.code, msg, tc.want)
				outcome = "FAILED"
			}
			if res.wall > hostileMaxTime || res.maxRSS > hostileMaxRSS || grown-used > hostileMaxGrowth {
				t.Errorf("took %v, peak RSS %s, store grew %s; want under %v, %s and %s",
					res.wall, mib(res.maxRSS), mib(grown-used), hostileMaxTime, mib(hostileMaxRSS), mib(hostileMaxGrowth))
			}
			if outcome == "refused" {
				after, err := snapshotDir(dir, nil)
				if err != nil || after.diff(before) != "" {
					t.Errorf("installed bulletin after the refusal: %v %s", err, after.diff(before))
				}
			}
			rows = append(rows, []string{tc.name, mib(st.Size()), outcome, ms(res.wall), mib(res.maxRSS), mib(grown - used), "`" + clipMsg(msg) + "`"})
		})
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "## Hostile bundles\n\n")
	fmt.Fprintf(&sb, "Each bundle is signed with the trusted key (so only its content is hostile) and imported with the real\n")
	fmt.Fprintf(&sb, "binary into a store holding a small bulletin; time is the whole process's wall time and memory its peak\n")
	fmt.Fprintf(&sb, "RSS (the Go runtime and an opened store included). Bounds asserted: under %v, under %s, store growth under %s,\n",
		hostileMaxTime, mib(hostileMaxRSS), mib(hostileMaxGrowth))
	fmt.Fprintf(&sb, "installed bulletin unchanged after a refusal. Invalid bytes inside JSON may instead be neutralised.\n\n")
	fmt.Fprintf(&sb, "**Refused: %d of %d; the rest neutralised.**\n\n", refused, len(cases))
	sb.WriteString(table([]string{"input", "file", "outcome", "time", "peak RSS", "store growth", "message"}, rows))
	rep.set("hostile", sb.String())
}

// checkNeutralised checks that the poisoned node of an imported hostile
// bulletin has a title of valid UTF-8 without NUL, and says what it holds.
func checkNeutralised(t *testing.T, dir, entry string) string {
	t.Helper()
	id, err := uuid.Parse(strings.TrimSuffix(strings.TrimPrefix(entry, "nodes/"), ".json"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var title string
	err = st.Read(func(r *store.Reader) error {
		n, err := r.Node(id)
		title = n.Title
		return err
	})
	if err != nil {
		t.Fatalf("read the poisoned node: %v", err)
	}
	if !utf8.ValidString(title) || strings.ContainsRune(title, 0) {
		t.Errorf("stored title %q holds invalid UTF-8 or NUL", title)
	}
	return fmt.Sprintf("installed; title stored as %q", title)
}

// clipMsg shortens a message for the table and keeps it on one cell.
func clipMsg(s string) string {
	s = strings.ReplaceAll(s, "|", "/")
	s = strings.ReplaceAll(s, "`", "'")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
