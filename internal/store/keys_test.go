package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestKeyRoundTrips(t *testing.T) {
	id := uuid.MustParse("175356db-476e-57d6-85e9-2834f89d0ba5")
	sha := sha256.Sum256([]byte("x"))
	at := time.Date(2003, 11, 18, 14, 0, 26, 123456789, time.UTC)
	tests := []struct {
		name  string
		check func() (got, want any)
	}{
		{name: "generation record", check: func() (any, any) {
			n, err := parseGenRecordKey(genRecordKey(1 << 40))
			return [2]any{n, err}, [2]any{uint64(1 << 40), nil}
		}},
		{name: "child", check: func() (any, any) {
			order, got, err := parseChildKey(childKey(7, id, -3, "Tytuł\x00z NUL", id))
			return [3]any{order, got, err}, [3]any{-3, id, nil}
		}},
		{name: "child with long title", check: func() (any, any) {
			order, got, err := parseChildKey(childKey(7, uuid.Nil, 1<<40, string(bytes.Repeat([]byte("ż"), 200)), id))
			return [3]any{order, got, err}, [3]any{1 << 40, id, nil}
		}},
		{name: "attachment", check: func() (any, any) {
			got, index, err := parseAttachmentKey(attachmentKey(7, "a/b", "Zał. 1", id, 3))
			return [3]any{got, index, err}, [3]any{id, 3, nil}
		}},
		{name: "change", check: func() (any, any) {
			gotAt, got, index, err := parseChangeKey(changeKey(7, at, id, 2))
			return [4]any{gotAt, got, index, err}, [4]any{at, id, 2, nil}
		}},
		{name: "change before 1970", check: func() (any, any) {
			old := time.Date(1901, 1, 1, 0, 0, 0, 1, time.UTC)
			gotAt, _, _, err := parseChangeKey(changeKey(7, old, id, 0))
			return [2]any{gotAt, err}, [2]any{old, nil}
		}},
		{name: "popular", check: func() (any, any) {
			got, err := parseTrailingID(popularKey(7, 7936, id))
			return [2]any{got, err}, [2]any{id, nil}
		}},
		{name: "recent", check: func() (any, any) {
			got, err := parseTrailingID(recentKey(7, at, id))
			return [2]any{got, err}, [2]any{id, nil}
		}},
		{name: "reference", check: func() (any, any) {
			got, err := parseRefKey(refKey(7, sha))
			return [2]any{got, err}, [2]any{sha, nil}
		}},
		{name: "blob", check: func() (any, any) {
			got, err := parseBlobKey(blobKey(sha))
			return [2]any{got, err}, [2]any{sha, nil}
		}},
		{name: "visit", check: func() (any, any) {
			got, err := parseVisitKey(visitKey(id))
			return [2]any{got, err}, [2]any{id, nil}
		}},
		{name: "sha256 hex", check: func() (any, any) {
			got, err := parseSHA256(hex.EncodeToString(sha[:]))
			return [2]any{got, err}, [2]any{sha, nil}
		}},
		{name: "counter", check: func() (any, any) {
			got, err := getU64(u64(1<<63 + 5))
			return [2]any{got, err}, [2]any{uint64(1<<63 + 5), nil}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.check(); got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// TestKeyOrder checks that byte order of keys is the order the reader needs.
func TestKeyOrder(t *testing.T) {
	a, b := uuid.MustParse("00000000-0000-0000-0000-000000000001"), uuid.MustParse("00000000-0000-0000-0000-000000000002")
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		first, second []byte
	}{
		{name: "child: lower order first", first: childKey(1, a, -1, "Z", b), second: childKey(1, a, 0, "A", a)},
		{name: "child: then title", first: childKey(1, a, 2, "Ab", b), second: childKey(1, a, 2, "Abc", a)},
		{name: "child: then id", first: childKey(1, a, 2, "A", a), second: childKey(1, a, 2, "A", b)},
		{name: "child: one parent's children together", first: childKey(1, a, 1<<30, "Z", b), second: childKey(1, b, -1<<30, "A", a)},
		{name: "change: newer first", first: changeKey(1, at.Add(time.Nanosecond), b, 9), second: changeKey(1, at, a, 0)},
		{name: "change: newer first across 1970", first: changeKey(1, time.Unix(1, 0), b, 0), second: changeKey(1, time.Unix(-1, 0), a, 0)},
		{name: "popular: more visits first", first: popularKey(1, 7936, b), second: popularKey(1, 120, a)},
		{name: "recent: newer first", first: recentKey(1, at.Add(time.Second), b), second: recentKey(1, at, a)},
		{name: "attachment: by path", first: attachmentKey(1, "a/b", "Z", b, 9), second: attachmentKey(1, "a/c", "A", a, 0)},
		{name: "attachment: path prefix first", first: attachmentKey(1, "a", "Z", b, 9), second: attachmentKey(1, "a/b", "A", a, 0)},
		{name: "attachment: then title", first: attachmentKey(1, "a", "Aneks", b, 9), second: attachmentKey(1, "a", "Zarządzenie", a, 0)},
		{name: "generation: numeric", first: genPrefix(255), second: genPrefix(256)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if bytes.Compare(tt.first, tt.second) >= 0 {
				t.Errorf("got %x not before %x", tt.first, tt.second)
			}
		})
	}
}

func TestMalformedKeysAreRefused(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{name: "generation record", err: func() error { _, err := parseGenRecordKey([]byte("meta/gen/x")); return err }()},
		{name: "child", err: func() error { _, _, err := parseChildKey([]byte("gc")); return err }()},
		{name: "change", err: func() error { _, _, _, err := parseChangeKey([]byte("gx")); return err }()},
		{name: "blob", err: func() error { _, err := parseBlobKey([]byte("b12")); return err }()},
		{name: "sha256 too short", err: func() error { _, err := parseSHA256("abc"); return err }()},
		{name: "sha256 not hex", err: func() error { _, err := parseSHA256(string(bytes.Repeat([]byte("z"), 64))); return err }()},
		{name: "counter", err: func() error { _, err := getU64([]byte{1}); return err }()},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: got nil error, want one", tt.name)
		}
	}
}

func TestChildKeySortsTitlesInPolishOrder(t *testing.T) {
	titles := []string{"Ankiety", "Łąki", "Lublin", "Zarząd", "Żłobek", "Źródła", "Ośrodek", "Opłaty"}
	want := []string{"Ankiety", "Lublin", "Łąki", "Opłaty", "Ośrodek", "Zarząd", "Źródła", "Żłobek"}
	sorted := append([]string(nil), titles...)
	sort.Slice(sorted, func(i, j int) bool {
		return bytes.Compare(childKey(1, uuid.Nil, 0, sorted[i], uuid.Nil), childKey(1, uuid.Nil, 0, sorted[j], uuid.Nil)) < 0
	})
	if !reflect.DeepEqual(sorted, want) {
		t.Errorf("got %v, want %v", sorted, want)
	}
}
