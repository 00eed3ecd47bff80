package reliability

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/bundletest"
	"bipkiosk/internal/content"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/synth"
)

// fx is the shared fixture TestMain builds once: the binary, a key, two
// editions of a large bulletin and a store template with the first installed.
var fx *fixture

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	rep.begin()
	work, err := os.MkdirTemp("", "bipkiosk-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		return 1
	}
	defer os.RemoveAll(work)
	fx, err = newFixture(work, testing.Short())
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability: build the fixture:", err)
		return 1
	}
	code := m.Run()
	if path := os.Getenv("BIPKIOSK_RELIABILITY_REPORT"); path != "" {
		if err := rep.write(path, code == 0); err != nil {
			fmt.Fprintln(os.Stderr, "reliability: write the report:", err)
			return 1
		}
	}
	return code
}

// fixture is what every test shares. Nothing in it is changed by a test:
// each test works on its own copy of the template.
type fixture struct {
	dir      string
	bin      string // the real bipkiosk binary
	key      bundle.PrivateKey
	pub      string // the key's .pub file
	opts     synth.Options
	v1, v2   string // bundles of sequence 1 and 2 of the same bulletin, every page and attachment changed in 2
	template string // a closed store with the key trusted and v1 installed
	sample   []uuid.UUID
	refs     map[uint64]snapshot // what a whole v1 and v2 look like, by sequence
	build    time.Duration       // building the fixture
}

// newFixture builds the binary and the bundles and installs v1 into the template.
func newFixture(dir string, short bool) (*fixture, error) {
	start := time.Now()
	f := &fixture{dir: dir, refs: map[uint64]snapshot{}}
	// Size the bulletin so that one import takes a few seconds: enough room to
	// kill it at many distinct moments.
	f.opts = synth.Options{Articles: 3000, Seed: 7, AttachmentsEvery: 2, AttachmentBytes: 24 << 10}
	if short {
		f.opts = synth.Options{Articles: 400, Seed: 7, AttachmentsEvery: 2, AttachmentBytes: 8 << 10}
	}
	steps := []func() error{f.buildBinary, f.makeKey, f.makeBundles, f.makeTemplate}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	f.build = time.Since(start)
	return f, nil
}

// buildBinary builds the module's main package, as a user installs it.
func (f *fixture) buildBinary() error {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(out)))
	f.bin = filepath.Join(f.dir, "bipkiosk")
	cmd := exec.Command("go", "build", "-o", f.bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w: %s", err, out)
	}
	return nil
}

func (f *fixture) makeKey() error {
	k, err := bundle.GenerateKey(bundle.Publisher{ID: uuid.MustParse("3f0d9a52-6b1e-4c1b-9a0e-5d2f7c8b9a10"), Name: "Miasto Testowe"})
	if err != nil {
		return err
	}
	f.key = k
	prefix := filepath.Join(f.dir, "publisher")
	f.pub = prefix + ".pub"
	return bundle.WriteKeyFiles(prefix, k)
}

func (f *fixture) makeBundles() error {
	b1, err := makeBulletin(f.opts, 1, 0)
	if err != nil {
		return err
	}
	var articles []uuid.UUID
	for _, n := range b1.nodes {
		if n.Kind == content.KindArticle {
			articles = append(articles, n.ID)
		}
	}
	for i := 0; i < len(articles); i += max(1, len(articles)/40) {
		f.sample = append(f.sample, articles[i])
	}
	f.v1 = filepath.Join(f.dir, "v1.zip")
	if err := writeBundle(f.v1, f.key, 1, b1); err != nil {
		return err
	}
	b2, err := makeBulletin(f.opts, 2, 1)
	if err != nil {
		return err
	}
	f.v2 = filepath.Join(f.dir, "v2.zip")
	return writeBundle(f.v2, f.key, 2, b2)
}

// makeTemplate trusts the key and installs v1 with the binary, then records
// what a whole v1 and a whole v2 look like.
func (f *fixture) makeTemplate() error {
	f.template = filepath.Join(f.dir, "template")
	for _, args := range [][]string{{"trust", f.pub}, {"import", f.v1}} {
		if res := f.cli(f.template, args...); res.code != 0 {
			return fmt.Errorf("bipkiosk %s: exit %d: %s", args[0], res.code, res.stderr)
		}
	}
	s1, err := snapshotDir(f.template, f.sample)
	if err != nil {
		return err
	}
	f.refs[1] = s1
	dir := filepath.Join(f.dir, "reference-v2")
	if err := copyDir(f.template, dir); err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if res := f.cli(dir, "import", f.v2); res.code != 0 {
		return fmt.Errorf("bipkiosk import v2: exit %d: %s", res.code, res.stderr)
	}
	s2, err := snapshotDir(dir, f.sample)
	f.refs[2] = s2
	return err
}

// cliResult is how one run of the binary ended.
type cliResult struct {
	code           int
	stdout, stderr string
	wall           time.Duration
	maxRSS         int64 // bytes, peak resident size (see watchHWM)
	killed         bool  // ended by SIGKILL
}

// cli runs the binary on the store in data and waits for it.
func (f *fixture) cli(data string, args ...string) cliResult {
	cmd := f.command(data, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return cliResult{code: -1, stderr: err.Error()}
	}
	hwm := watchHWM(cmd.Process.Pid)
	res := finish(cmd, start, &out, &errOut)
	res.maxRSS = hwm()
	return res
}

// watchHWM samples the peak resident size (VmHWM) of process pid every few
// milliseconds until the returned function is called, which gives the
// largest seen. The child's rusage cannot be used: Go starts children with
// vfork, so their ru_maxrss counts this test process's memory too.
func watchHWM(pid int) func() int64 {
	var peak atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	path := fmt.Sprintf("/proc/%d/status", pid)
	go func() {
		defer close(stopped)
		for {
			if data, err := os.ReadFile(path); err == nil {
				for _, line := range strings.Split(string(data), "\n") {
					if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
						var kb int64
						fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
						if kb<<10 > peak.Load() {
							peak.Store(kb << 10)
						}
					}
				}
			}
			select {
			case <-done:
				return
			case <-time.After(3 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(done)
		<-stopped
		return peak.Load()
	}
}

// command prepares a run of the binary on the store in data.
func (f *fixture) command(data string, args ...string) *exec.Cmd {
	cmd := exec.Command(f.bin, append(args, "--data", data)...)
	cmd.Env = append(os.Environ(), "BIPKIOSK_LOG=warn")
	return cmd
}

// finish waits for a started command and gathers its result.
func finish(cmd *exec.Cmd, start time.Time, out, errOut *bytes.Buffer) cliResult {
	err := cmd.Wait()
	res := cliResult{wall: time.Since(start), stdout: out.String(), stderr: errOut.String()}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		res.code, res.stderr = -1, err.Error()
		return res
	}
	st := cmd.ProcessState
	res.code = st.ExitCode()
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		res.killed = true
	}
	return res
}

// bulletin is a generated bulletin ready for bundle.Write.
type bulletin struct {
	site  content.Site
	nodes []content.Node
	open  bundle.BlobOpener
}

// makeBulletin generates the bulletin opts describes as edition ed: every
// article's body names the edition, and every changeEvery-th attachment (none
// when 0) gets bytes of its own, so the edition brings new blobs to write.
func makeBulletin(opts synth.Options, ed, changeEvery int) (bulletin, error) {
	site, nodes, open := synth.Generate(opts)
	suffix := []byte(fmt.Sprintf("\n%% wydanie %d\n", ed))
	renamed := map[string]string{} // new SHA-256 → the generated blob it extends
	k := 0
	for i := range nodes {
		n := &nodes[i]
		if n.Kind == content.KindArticle && ed > 1 {
			n.Body += fmt.Sprintf("<p>Wydanie %d.</p>", ed)
		}
		for j := range n.Attachments {
			if k++; changeEvery == 0 || k%changeEvery != 0 {
				continue
			}
			a := &n.Attachments[j]
			data, err := readBlob(open, a.SHA256)
			if err != nil {
				return bulletin{}, err
			}
			sum := sha256.Sum256(append(data, suffix...))
			sha := hex.EncodeToString(sum[:])
			renamed[sha] = a.SHA256
			a.SHA256, a.Size = sha, int64(len(data)+len(suffix))
		}
	}
	opener := func(sha string) (io.ReadCloser, error) {
		old, ok := renamed[sha]
		if !ok {
			return open(sha)
		}
		data, err := readBlob(open, old)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(append(data, suffix...))), nil
	}
	return bulletin{site: site, nodes: nodes, open: opener}, nil
}

func readBlob(open func(string) (io.ReadCloser, error), sha string) ([]byte, error) {
	rc, err := open(sha)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// content is b as the content of a test bundle.
func (b bulletin) content() bundletest.Content {
	return bundletest.Content{Site: b.site, Nodes: b.nodes, Blobs: b.open}
}

// writeBundle writes and signs b as the given sequence.
func writeBundle(path string, key bundle.PrivateKey, seq uint64, b bulletin) error {
	return bundletest.WriteFile(path, b.content(), bundle.WriteOptions{Key: key, Sequence: seq, Created: fxCreated(int(seq))})
}

// importBundle verifies and imports the bundle at path into st in this
// process, with the search index, as the binary does.
func importBundle(ctx context.Context, st *store.Store, path string, progress func(done, total int)) (store.Generation, error) {
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: bundle.TrustKeys(fx.key.Public())})
	if err != nil {
		return store.Generation{}, err
	}
	defer b.Close()
	return st.Import(ctx, b, store.ImportOptions{Progress: progress, Indexers: []store.Indexer{search.NewIndexer(nil)}})
}

// snapshot is what a whole generation looks like from outside: its edition
// and counts, and the exact bytes of a sample of pages and attachments.
type snapshot struct {
	Edition                                               content.Edition
	Articles, Sections, Links, Attachments, Changes, Tops int
	Bytes                                                 int64
	Pages                                                 map[uuid.UUID]string // SHA-256 of the node as read
	Blobs                                                 int                  // sample attachments read whole and matching their SHA-256
}

// snapshotDir opens the store in dir, takes its snapshot and closes it.
func snapshotDir(dir string, sample []uuid.UUID) (snapshot, error) {
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		return snapshot{}, err
	}
	s, err := takeSnapshot(st, sample)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return s, err
}

// takeSnapshot reads the current generation inside one Read.
func takeSnapshot(st *store.Store, sample []uuid.UUID) (snapshot, error) {
	var s snapshot
	err := st.Read(func(r *store.Reader) error {
		g := r.Generation()
		s = snapshot{Edition: g.Edition, Articles: g.Articles, Sections: g.Sections, Links: g.Links,
			Attachments: g.Attachments, Changes: g.Changes, Bytes: g.Bytes, Pages: map[uuid.UUID]string{}}
		tops, err := r.Children(uuid.Nil)
		if err != nil {
			return err
		}
		s.Tops = len(tops)
		for _, id := range sample {
			n, err := r.Node(id)
			if err != nil {
				return fmt.Errorf("sample node %s: %w", id, err)
			}
			data, _ := json.Marshal(n)
			sum := sha256.Sum256(data)
			s.Pages[id] = hex.EncodeToString(sum[:])
			for _, a := range n.Attachments {
				err := r.Blob(a.SHA256, func(data []byte) error {
					if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != a.SHA256 {
						return fmt.Errorf("attachment %s of node %s: bytes do not match", a.SHA256, id)
					}
					return nil
				})
				if err != nil {
					return err
				}
				s.Blobs++
			}
		}
		return nil
	})
	return s, err
}

// diff returns "" when s and want describe the same bulletin, else what differs.
func (s snapshot) diff(want snapshot) string {
	a, _ := json.Marshal(s)
	b, _ := json.Marshal(want)
	if bytes.Equal(a, b) {
		return ""
	}
	if s.Edition != want.Edition {
		return fmt.Sprintf("edition %+v, want %+v", s.Edition, want.Edition)
	}
	for id, h := range want.Pages {
		if s.Pages[id] != h {
			return fmt.Sprintf("node %s differs", id)
		}
	}
	return fmt.Sprintf("counts %s, want %s", a, b)
}

// copyDir copies the regular files of src into dst, which must not exist.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// openV1Copy opens, in this process, a fresh copy of the store holding v1;
// it is closed when the test ends.
func openV1Copy(t *testing.T) (*store.Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "store")
	if err := copyDir(fx.template, dir); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// diskUsage is the bytes dir's files really occupy (Badger's files are sparse).
func diskUsage(dir string) (int64, error) { return store.DiskUsage(dir) }

// fxCreated is the creation time of edition seq.
func fxCreated(seq int) time.Time {
	return time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC).AddDate(0, 0, seq)
}
