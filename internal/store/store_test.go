package store

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"bipkiosk/internal/content"
)

func TestImportThenReadEverything(t *testing.T) {
	s, _ := openTest(t, Options{})
	if _, err := s.Current(); !errors.Is(err, ErrEmpty) {
		t.Fatalf("Current on an empty store: got %v, want ErrEmpty", err)
	}
	if err := s.Read(func(*Reader) error { return nil }); !errors.Is(err, ErrEmpty) {
		t.Fatalf("Read on an empty store: got %v, want ErrEmpty", err)
	}
	src := bulletin(1, "pdf one", "pdf two")
	var calls, lastDone, lastTotal int
	g, err := s.Import(context.Background(), src, ImportOptions{Progress: func(done, total int) { calls, lastDone, lastTotal = calls+1, done, total }})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || lastDone != 9 || lastTotal != 9 {
		t.Errorf("progress: got %d calls ending %d/%d, want at least one ending 9/9", calls, lastDone, lastTotal)
	}
	want := Generation{Number: 1, Edition: src.ed, ImportedAt: g.ImportedAt, Articles: 3, Sections: 3, Links: 1, Attachments: 2, Changes: 3, Bytes: 14}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("generation: got %+v, want %+v", g, want)
	}
	checkBulletin(t, s, src)
}

// checkBulletin reads everything of src back from the current generation.
func checkBulletin(t *testing.T, s *Store, src *testSource) {
	t.Helper()
	id := content.NodeID
	err := s.Read(func(r *Reader) error {
		if got := r.Generation().Edition; got != src.ed {
			t.Errorf("edition: got %+v, want %+v", got, src.ed)
		}
		site, err := r.Site()
		if err != nil || !reflect.DeepEqual(site, src.site) {
			t.Errorf("site: got %+v, %v, want %+v", site, err, src.site)
		}
		for _, n := range src.nodes {
			got, err := r.Node(n.ID)
			if err != nil || !reflect.DeepEqual(got, n) {
				t.Errorf("node %s: got %+v, %v, want %+v", n.Path, got, err, n)
			}
		}
		if _, err := r.Node(uuid.New()); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown node: got %v, want ErrNotFound", err)
		}
		checkMenu(t, r)
		anc, err := r.Ancestors(id("urzad/jednostki/mops"))
		if got, want := titles(anc), []string{"URZĄD", "Jednostki"}; err != nil || !slices.Equal(got, want) {
			t.Errorf("ancestors: got %q, %v, want %q", got, err, want)
		}
		if top, _ := r.Ancestors(id("urzad")); len(top) != 0 {
			t.Errorf("ancestors of a top-level node: got %d, want 0", len(top))
		}
		mv, err := r.MostVisited(2)
		if got, want := titles(mv), []string{"Miejski Ośrodek Pomocy Społecznej", src.site.Name}; err != nil || !slices.Equal(got, want) {
			t.Errorf("most visited: got %q, %v, want %q", got, err, want)
		}
		rc, err := r.RecentlyChanged(10)
		if got, want := titles(rc), []string{src.site.Name, "Budżet", "Miejski Ośrodek Pomocy Społecznej"}; err != nil || !slices.Equal(got, want) {
			t.Errorf("recently changed: got %q, %v, want %q", got, err, want)
		}
		checkAttachments(t, r, src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkMenu(t *testing.T, r *Reader) {
	t.Helper()
	id := content.NodeID
	tests := []struct {
		name        string
		parent      uuid.UUID
		want        []string
		hasChildren []bool
	}{
		{name: "top level", parent: uuid.Nil, want: []string{"URZĄD", "INNE"}, hasChildren: []bool{true, true}},
		{name: "by order", parent: id("urzad"), want: []string{"Budżet", "", "Jednostki"}, hasChildren: []bool{false, false, true}},
		{name: "leaf", parent: id("inne/epuap"), want: nil},
	}
	for _, tt := range tests {
		kids, err := r.Children(tt.parent)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := titles(kids)
		if tt.want != nil && tt.want[1] == "" {
			tt.want[1] = got[1] // the regulation's title carries the edition
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
		for i, k := range kids {
			if i < len(tt.hasChildren) && k.HasChildren != tt.hasChildren[i] {
				t.Errorf("%s: %q HasChildren got %v, want %v", tt.name, k.Title, k.HasChildren, tt.hasChildren[i])
			}
		}
	}
	link, err := r.Summary(id("inne/epuap"))
	if err != nil || link.URL != "https://epuap.gov.pl" || link.Kind != content.KindLink || link.Parent != id("inne") {
		t.Errorf("link summary: got %+v, %v", link, err)
	}
}

func checkAttachments(t *testing.T, r *Reader, src *testSource) {
	t.Helper()
	reg := src.nodes[1]
	list, total, err := r.Attachments(0, 0)
	if err != nil || total != len(reg.Attachments) || len(list) != total {
		t.Fatalf("attachments: got %d of %d, %v, want %d", len(list), total, err, len(reg.Attachments))
	}
	for i, e := range list {
		if e.Node.ID != reg.ID {
			t.Errorf("attachment %d: node got %s, want %s", i, e.Node.Title, reg.Title)
		}
		if i > 0 && list[i-1].Attachment.Title > e.Attachment.Title {
			t.Errorf("attachments not ordered by title: %q before %q", list[i-1].Attachment.Title, e.Attachment.Title)
		}
		var got string
		if err := r.Blob(e.Attachment.SHA256, func(b []byte) error { got = string(b); return nil }); err != nil {
			t.Errorf("blob %s: %v", e.Attachment.Title, err)
		}
		if want := string(src.blobs[e.Attachment.SHA256]); got != want {
			t.Errorf("blob %s: got %q, want %q", e.Attachment.Title, got, want)
		}
	}
	if len(list) >= 2 {
		page, total, err := r.Attachments(1, 1)
		if err != nil || total != len(list) || len(page) != 1 || !reflect.DeepEqual(page[0], list[1]) {
			t.Errorf("attachments page 2: got %+v of %d, %v, want [%+v]", page, total, err, list[1])
		}
	}
	unknown, _ := blob("never imported", "x")
	if err := r.Blob(unknown, func([]byte) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown blob: got %v, want ErrNotFound", err)
	}
}

func titles(list []NodeSummary) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Title)
	}
	return out
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := bulletin(4, "persisted pdf")
	want := mustImport(t, s, src)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, dir, Options{})
	got, err := s.Current()
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after reopen: got %+v, %v, want %+v", got, err, want)
	}
	checkBulletin(t, s, src)
}

func TestNewGenerationFlipsAndSweeps(t *testing.T) {
	s, _ := openTest(t, Options{KeepGenerations: 2})
	g1 := mustImport(t, s, bulletin(1, "only in one", "shared"))
	onlyIn1, _ := blob("only in one", "")
	shared, _ := blob("shared", "")
	only3, _ := blob("only in three", "")

	mustImport(t, s, bulletin(2, "shared"))
	if !hasBlobHex(t, s, onlyIn1) {
		t.Errorf("blob of generation 1 gone while generation 1 is still kept")
	}
	src3 := bulletin(3, "shared", "only in three")
	g3 := mustImport(t, s, src3)

	gens, err := s.Generations()
	if err != nil {
		t.Fatal(err)
	}
	var nums []uint64
	for _, g := range gens {
		nums = append(nums, g.Number)
	}
	if want := []uint64{g3.Number, g3.Number - 1}; !slices.Equal(nums, want) {
		t.Errorf("generations: got %v, want %v", nums, want)
	}
	if n := keysWithPrefix(t, s, genPrefix(g1.Number)); n != 0 {
		t.Errorf("generation 1 keys after sweep: got %d, want 0", n)
	}
	if n := keysWithPrefix(t, s, genRecordKey(g1.Number)); n != 0 {
		t.Errorf("generation 1 record after sweep: got %d, want 0", n)
	}
	tests := []struct {
		name string
		sha  string
		want bool
	}{
		{name: "unreferenced blob of a swept generation", sha: onlyIn1, want: false},
		{name: "blob shared by kept generations", sha: shared, want: true},
		{name: "blob of the new generation", sha: only3, want: true},
	}
	for _, tt := range tests {
		if got := hasBlobHex(t, s, tt.sha); got != tt.want {
			t.Errorf("%s: present got %v, want %v", tt.name, got, tt.want)
		}
	}
	checkBulletin(t, s, src3)
}

func TestRefusedImportsLeaveCurrentAlone(t *testing.T) {
	s, _ := openTest(t, Options{})
	mustImport(t, s, bulletin(5, "installed"))
	before, _ := s.Current()
	tests := []struct {
		name string
		edit func(*testSource)
		want error
	}{
		{name: "downgrade", edit: func(src *testSource) { src.ed.Sequence = 4 }, want: ErrDowngrade},
		{name: "same sequence", edit: func(src *testSource) {}, want: ErrAlreadyInstalled},
		{name: "other publisher", edit: func(src *testSource) { src.ed.PublisherID = otherPublisher; src.ed.Sequence = 9 }, want: ErrOtherPublisher},
		{name: "delta without a removed list", edit: func(src *testSource) { src.ed.Sequence = 6; src.ed.BaseSequence = 5 }, want: ErrDeltaUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := bulletin(5, "new bytes")
			tt.edit(src)
			_, err := s.Import(context.Background(), src, ImportOptions{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			after, _ := s.Current()
			if !reflect.DeepEqual(after, before) {
				t.Errorf("current: got %+v, want %+v", after, before)
			}
			if n := keysWithPrefix(t, s, genRecordPrefix()); n != 1 {
				t.Errorf("generation records: got %d, want 1", n)
			}
			if sha, _ := blob("new bytes", ""); hasBlobHex(t, s, sha) {
				t.Errorf("refused bundle's blob was written")
			}
		})
	}
	other := bulletin(1, "other")
	other.ed.PublisherID = otherPublisher
	g, err := s.Import(context.Background(), other, ImportOptions{ReplacePublisher: true})
	if err != nil || g.Edition.PublisherID != otherPublisher {
		t.Fatalf("replace publisher: got %+v, %v", g.Edition, err)
	}
}

func TestFailedImportLeavesNothingBehind(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	tests := []struct {
		name string
		edit func(*testSource)
		ctx  context.Context
		want error
	}{
		{name: "corrupt blob", edit: func(src *testSource) {
			src.corruptBlob, _ = blob("new and damaged", "")
		}},
		{name: "source fails mid-way", edit: func(src *testSource) { src.failAfter = 3 }},
		{name: "cancelled", ctx: ctx, want: context.Canceled, edit: func(src *testSource) { src.onNode = func(i int) { cancel() } }},
		{name: "missing parent", want: ErrIncomplete, edit: func(src *testSource) { src.nodes = slices.Delete(src.nodes, 3, 4) }},
		{name: "group names a missing node", want: ErrIncomplete, edit: func(src *testSource) {
			src.site.Groups = append(src.site.Groups, content.Group{Title: "X", Nodes: []uuid.UUID{uuid.New()}})
		}},
		{name: "cycle", want: ErrIncomplete, edit: func(src *testSource) { src.nodes[0].Parent = src.nodes[3].ID }},
		{name: "missing blob", want: ErrIncomplete, edit: func(src *testSource) {
			sha, _ := blob("new and damaged", "")
			delete(src.blobs, sha)
		}},
		{name: "blob size differs", edit: func(src *testSource) { src.nodes[1].Attachments[1].Size++ }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t, Options{})
			installed := bulletin(1, "kept bytes")
			mustImport(t, s, installed)
			before, _ := s.Current()
			src := bulletin(2, "kept bytes", "new and damaged")
			tt.edit(src)
			c := tt.ctx
			if c == nil {
				c = context.Background()
			}
			_, err := s.Import(c, src, ImportOptions{})
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("got %v, want an error (%v)", err, tt.want)
			}
			after, _ := s.Current()
			if !reflect.DeepEqual(after, before) {
				t.Errorf("current: got %+v, want %+v", after, before)
			}
			if n := keysWithPrefix(t, s, genPrefix(before.Number+1)); n != 0 {
				t.Errorf("keys of the failed generation: got %d, want 0", n)
			}
			if n := keysWithPrefix(t, s, genRecordPrefix()); n != 1 {
				t.Errorf("generation records: got %d, want 1", n)
			}
			if sha, _ := blob("new and damaged", ""); hasBlobHex(t, s, sha) {
				t.Errorf("blob of the failed import is still stored")
			}
			checkBulletin(t, s, installed)
		})
	}
}

func TestCrashedImportIsSweptAtOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	installed := bulletin(1, "kept")
	mustImport(t, s, installed)
	// What a crash mid-import leaves: a "writing" record, some content keys and
	// a blob no complete generation refers to, and no flip.
	n, err := s.beginGeneration(bulletin(2).ed)
	if err != nil {
		t.Fatal(err)
	}
	orphan, _ := blob("half written", "")
	sha, _ := parseSHA256(orphan)
	err = s.db.Update(func(txn *badger.Txn) error {
		for _, kv := range [][2][]byte{
			{nodeKey(n, uuid.New()), []byte("{}")},
			{refKey(n, sha), nil},
			{blobKey(sha), []byte("half written")},
		} {
			if err := txn.Set(kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, dir, Options{})
	if got := keysWithPrefix(t, s, genPrefix(n)); got != 0 {
		t.Errorf("keys of the crashed generation: got %d, want 0", got)
	}
	if got := keysWithPrefix(t, s, genRecordKey(n)); got != 0 {
		t.Errorf("record of the crashed generation: got %d, want 0", got)
	}
	if hasBlobHex(t, s, orphan) {
		t.Errorf("blob of the crashed generation is still stored")
	}
	checkBulletin(t, s, installed)
	// The next import gets a fresh number, never the crashed one.
	if g := mustImport(t, s, bulletin(2, "kept")); g.Number != n+1 {
		t.Errorf("next generation: got %d, want %d", g.Number, n+1)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(schemaKey(), binary.BigEndian.AppendUint32(nil, SchemaVersion+1))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(dir, Options{})
	if !errors.Is(err, ErrSchema) {
		t.Fatalf("got %v, want ErrSchema", err)
	}
	t.Logf("message: %v", err)
}

func TestTrustAndSettingsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Setting("display"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing setting: got %v, want ErrNotFound", err)
	}
	if _, err := s.TrustedKey(testPublisher); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing key: got %v, want ErrNotFound", err)
	}
	key := TrustedKey{PublisherID: testPublisher, Publisher: "Miasto Testowo", Key: make([]byte, 32), Added: t0}
	key.Key[0] = 7
	if err := s.Trust(key); err != nil {
		t.Fatal(err)
	}
	if err := s.Trust(TrustedKey{PublisherID: otherPublisher, Key: []byte("short")}); err == nil {
		t.Errorf("a 5-byte key was trusted")
	}
	if err := s.PutSetting("display", []byte(`{"size":150}`)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = reopen(t, dir, Options{})
	got, err := s.TrustedKey(testPublisher)
	if err != nil || !reflect.DeepEqual(got, key) {
		t.Errorf("trusted key: got %+v, %v, want %+v", got, err, key)
	}
	all, err := s.TrustedKeys()
	if err != nil || len(all) != 1 {
		t.Errorf("trusted keys: got %d, %v, want 1", len(all), err)
	}
	v, err := s.Setting("display")
	if err != nil || string(v) != `{"size":150}` {
		t.Errorf("setting: got %q, %v", v, err)
	}
}

// TestOpenLockedIsErrLocked: a second Open of a directory in use fails with
// ErrLocked, which callers test with errors.Is rather than by its wording.
func TestOpenLockedIsErrLocked(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	second, err := Open(dir, Options{})
	if err == nil {
		second.Close()
		t.Fatal("second Open of the same directory succeeded; want ErrLocked")
	}
	if !errors.Is(err, ErrLocked) {
		t.Errorf("second Open: got %v, want an error matching ErrLocked", err)
	}
}

// TestOpenBesideRunningStoreLeavesItsFiles: a second Open while the store
// runs removes nothing, not even an empty memtable log, which is the running
// store's own for a moment after it creates one.
func TestOpenBesideRunningStoreLeavesItsFiles(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	empty := filepath.Join(dir, "00099.mem")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(empty)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open: got %v, want ErrLocked", err)
	}
	if _, err := os.Stat(empty); err != nil {
		t.Errorf("the running store's empty memtable log: %v, want it left alone", err)
	}
}
