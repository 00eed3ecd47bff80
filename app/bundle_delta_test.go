package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
)

const testCreated = "2025-02-01T12:00:00Z"

// nextTree turns the messy tree into its next edition: a title changes, a
// page goes, a page with a new attachment comes.
func nextTree(t *testing.T, dir string) {
	t.Helper()
	writeMessyTree(t, dir, "Dane podstawowe gminy")
	if err := os.Remove(filepath.Join(dir, "inne/bez-metryczki.md")); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"inne/nowa.md":      "---\ntitle: Ogłoszenie o przetargu\nattachments:\n  - {file: przetarg.txt, title: Warunki}\n---\nTreść ogłoszenia.\n",
		"inne/przetarg.txt": "warunki przetargu\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot returns everything a reader can see of the installed generation,
// the search index included, as text to compare.
func snapshot(t *testing.T, data string) string {
	t.Helper()
	st, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	put := func(label string, v any) {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s\n", label, j)
	}
	err = st.Read(func(r *store.Reader) error {
		g := r.Generation()
		put("counts", []any{g.Articles, g.Sections, g.Links, g.Attachments, g.Changes, g.Bytes})
		site, err := r.Site()
		put("site", site)
		var walk func(parent uuid.UUID) error
		walk = func(parent uuid.UUID) error {
			kids, err := r.Children(parent)
			for _, k := range kids {
				n, err := r.Node(k.ID)
				if err != nil {
					return err
				}
				put("child of "+parent.String(), k)
				put("node", n)
				if err := walk(k.ID); err != nil {
					return err
				}
			}
			return err
		}
		if err == nil {
			err = walk(uuid.Nil)
		}
		atts, _, err2 := r.Attachments(0, 0)
		put("attachments", atts)
		changes, _, err3 := r.Changes(store.ChangeQuery{})
		put("changes", changes)
		err4 := r.Extension(search.ExtensionName).Each(nil, func(k, v []byte) error {
			fmt.Fprintf(&b, "search %x %x\n", k, v)
			return nil
		})
		for _, e := range []error{err, err2, err3, err4} {
			if e != nil {
				return e
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDeltaBundleEndToEnd(t *testing.T) {
	work := t.TempDir()
	viaDelta, fresh := filepath.Join(work, "data-delta"), filepath.Join(work, "data-full")
	key := filepath.Join(work, "gmina")
	mustCLI(t, viaDelta, "keygen", "--out", key, "--publisher", "Gmina Testowa")
	tree1, tree2 := filepath.Join(work, "v1"), filepath.Join(work, "v2")
	writeMessyTree(t, tree1, "Dane podstawowe")
	nextTree(t, tree2)
	v1, v2, delta := filepath.Join(work, "bip-1.zip"), filepath.Join(work, "bip-2.zip"), filepath.Join(work, "bip-2-delta.zip")
	build := func(tree, out, seq string, extra ...string) string {
		args := append([]string{"bundle", "build", "--from", tree, "--key", key + ".key", "--sequence", seq, "--created", testCreated, "--out", out}, extra...)
		return mustCLI(t, viaDelta, args...)
	}
	build(tree1, v1, "1")
	build(tree2, v2, "2")
	out := build(tree2, delta, "2", "--base", v1)
	if want := "delta on sequence 1, sequence 2: 2 new or changed nodes, 1 removed, 1 new files"; !strings.Contains(out, want) {
		t.Errorf("build --base: got %q, want it to contain %q", out, want)
	}
	again := filepath.Join(work, "again.zip")
	build(tree2, again, "2", "--base", v1)
	if a, b := readFile(t, delta), readFile(t, again); !bytes.Equal(a, b) {
		t.Errorf("two builds of one delta differ")
	}
	if out := mustCLI(t, viaDelta, "bundle", "inspect", "--key", key+".pub", delta); !strings.Contains(out, "delta bundle on sequence 1, removing 1 nodes") {
		t.Errorf("inspect: got %q, want it to name the delta", out)
	}

	for _, data := range []string{viaDelta, fresh} {
		mustCLI(t, data, "trust", key+".pub")
	}
	mustCLI(t, viaDelta, "import", v1)
	mustCLI(t, viaDelta, "import", delta)
	mustCLI(t, fresh, "import", v2)
	got, want := snapshot(t, viaDelta), snapshot(t, fresh)
	if strings.Count(want, "\nsearch ") < 10 || strings.Count(want, "\nnode ") != 5 {
		t.Fatalf("snapshot of full v2: want 5 nodes and a search index, got:\n%s", want)
	}
	if got != want {
		t.Errorf("full v1 then delta v1→v2 differs from full v2:\n got %s\nwant %s", got, want)
	}

	// A delta whose base is not installed is refused, naming the full bundle to get.
	v3delta := filepath.Join(work, "bip-3-delta.zip")
	build(tree1, v3delta, "3", "--base", v2)
	behind := filepath.Join(work, "data-behind")
	mustCLI(t, behind, "trust", key+".pub")
	mustCLI(t, behind, "import", v1)
	before := installedStatus(t, behind)
	code, _, msg := cli(t, behind, "import", v3delta)
	want = "is a delta on sequence 2, but sequence 1 is installed: import the full bundle of sequence 3 (or any full bundle after 1)"
	if code != 1 || !strings.Contains(msg, want) {
		t.Errorf("import of a delta on a missing base: exit %d, %q; want 1 and %q", code, msg, want)
	}
	if after := installedStatus(t, behind); after != before {
		t.Errorf("status changed after a refused delta:\n got %s\nwant %s", after, before)
	}
	code, _, msg = cli(t, viaDelta, "bundle", "build", "--from", tree1, "--key", key+".key", "--sequence", "4", "--out", filepath.Join(work, "x.zip"), "--base", v3delta)
	if code != 1 || !strings.Contains(msg, "build a delta on a full bundle") {
		t.Errorf("build on a delta: exit %d, %q; want a refusal", code, msg)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBundleDiffCLI(t *testing.T) {
	work, data := t.TempDir(), t.TempDir()
	key := filepath.Join(work, "gmina")
	mustCLI(t, data, "keygen", "--out", key, "--publisher", "Gmina Testowa")
	tree1, tree2 := filepath.Join(work, "v1"), filepath.Join(work, "v2")
	writeMessyTree(t, tree1, "Dane podstawowe")
	nextTree(t, tree2)
	v1, v2, delta := filepath.Join(work, "bip-1.zip"), filepath.Join(work, "bip-2.zip"), filepath.Join(work, "bip-2-delta.zip")
	for _, b := range [][]string{{tree1, v1, "1"}, {tree2, v2, "2"}, {tree2, delta, "2", "--base", v1}} {
		mustCLI(t, data, append([]string{"bundle", "build", "--from", b[0], "--key", key + ".key", "--sequence", b[2], "--created", testCreated, "--out", b[1]}, b[3:]...)...)
	}
	full := mustCLI(t, data, "bundle", "diff", "--key", key+".pub", v1, v2)
	wantLines := []string{
		`old  bip-1.zip: "Gmina Testowa" sequence 1 (full)`,
		`new  bip-2.zip: "Gmina Testowa" sequence 2 (full)`,
		"added pages (1):\n  + INNE › Inne › Ogłoszenie o przetargu\n",
		"changed pages (1):\n  ~ URZĄD › Urząd Gminy › Dane podstawowe gminy: title\n",
		"removed pages (1):\n  - INNE › Inne › Strona bez metryczki\n",
		"attachments added (1):\n  + przetarg.txt (\"Warunki\", 18 B) on INNE › Inne › Ogłoszenie o przetargu\n",
		"summary: 1 pages added, 1 changed, 1 removed; 1 attachments added, 0 removed; site unchanged\n",
	}
	for _, w := range wantLines {
		if !strings.Contains(full, w) {
			t.Errorf("diff of full bundles: got\n%s\nwant it to contain %q", full, w)
		}
	}
	viaDelta := mustCLI(t, data, "bundle", "diff", "--key", key+".pub", v1, delta)
	if strip := func(s string) string { return s[strings.Index(s, "\n\n"):] }; strip(viaDelta) != strip(full) {
		t.Errorf("diff against the delta differs from the diff against the full bundle:\n got %s\nwant %s", viaDelta, full)
	}
	if again := mustCLI(t, data, "bundle", "diff", "--key", key+".pub", v1, v2); again != full {
		t.Errorf("diff output is not stable:\n got %s\nwant %s", again, full)
	}
	// Without --key, the data directory's trusted keys verify.
	if code, _, msg := cli(t, data, "bundle", "diff", v1, v2); code != 1 || !strings.Contains(msg, "bipkiosk trust") {
		t.Errorf("diff with nothing trusted: exit %d, %q; want a refusal naming \"bipkiosk trust\"", code, msg)
	}
	mustCLI(t, data, "trust", key+".pub")
	if got := mustCLI(t, data, "bundle", "diff", v1, v2); got != full {
		t.Errorf("diff with the trusted key: got\n%s\nwant\n%s", got, full)
	}
	if code, _, msg := cli(t, data, "bundle", "diff", v1); code != 2 || !strings.Contains(msg, "two bundle files") {
		t.Errorf("diff with one file: exit %d, %q; want a usage error", code, msg)
	}
}

func TestKeyRotationCLI(t *testing.T) {
	work, data, stale := t.TempDir(), t.TempDir(), t.TempDir()
	tree := filepath.Join(work, "tree")
	writeMessyTree(t, tree, "Dane podstawowe")
	a, b, c := filepath.Join(work, "a"), filepath.Join(work, "b"), filepath.Join(work, "c")
	out := mustCLI(t, data, "keygen", "--out", a, "--publisher", "Gmina Testowa")
	id := out[strings.Index(out, "id ")+3 : strings.Index(out, ", key")]
	for _, k := range []string{b, c} {
		mustCLI(t, data, "keygen", "--out", k, "--publisher", "Gmina Testowa", "--publisher-id", id)
	}
	build := func(name, seq, key string, extra ...string) string {
		p := filepath.Join(work, name)
		mustCLI(t, data, append([]string{"bundle", "build", "--from", tree, "--key", key + ".key", "--sequence", seq, "--created", testCreated, "--out", p}, extra...)...)
		return p
	}
	v1 := build("v1.zip", "1", a)
	v2 := build("v2.zip", "2", b, "--rotate-from", a+".key")
	v3 := build("v3.zip", "3", a)
	forged := build("forged.zip", "3", b, "--rotate-from", c+".key")
	delta := build("v4-delta.zip", "4", b, "--base", v2)

	for _, d := range []string{data, stale} {
		mustCLI(t, d, "trust", a+".pub")
		mustCLI(t, d, "import", v1)
	}
	if out := mustCLI(t, data, "bundle", "inspect", v2); !strings.Contains(out, "key rotation handed over from the trusted key") {
		t.Errorf("inspect of the hand-over: got %q, want it to report the rotation", out)
	}
	mustCLI(t, data, "import", v2)
	pubB, err := bundle.ReadPublicKey(b + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k, err := st.TrustedKey(pubB.ID)
	st.Close()
	if err != nil || !bytes.Equal(k.Key, pubB.Key) {
		t.Fatalf("trusted key after the hand-over: got %x, %v, want B %x", k.Key, err, []byte(pubB.Key))
	}
	mustCLI(t, data, "import", delta) // signed by B alone, now trusted

	refusals := []struct {
		name, data, file, want string
	}{
		{"old key after the rotation", data, v3, "signature does not match the trusted key"},
		{"hand-over signed by a third key", stale, forged, "hands over from key"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			before := installedStatus(t, tt.data)
			code, _, msg := cli(t, tt.data, "import", tt.file)
			if code != 1 || !strings.Contains(msg, tt.want) {
				t.Errorf("got exit %d, %q; want 1 and %q", code, msg, tt.want)
			}
			if after := installedStatus(t, tt.data); after != before {
				t.Errorf("status changed after a refused import")
			}
		})
	}
}
