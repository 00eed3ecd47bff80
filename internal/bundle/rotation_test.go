package bundle

import (
	"bytes"
	"strings"
	"testing"
)

// The keys of the rotation tests: chojnow (A) hands over to successor (B);
// stranger (C) is a third key of the same publisher id that nobody trusts.
var (
	successor = testKey(3, "Miasto Chojnów")
	stranger  = testKey(4, "Miasto Chojnów")
)

func mustRotate(t testing.TB, old PrivateKey, next PublicKey, from uint64) *KeyRotation {
	t.Helper()
	r, err := SignKeyRotation(old, next, from)
	if err != nil {
		t.Fatalf("SignKeyRotation: %v", err)
	}
	return &r
}

func TestKeyRotationOpen(t *testing.T) {
	trust := func(k PrivateKey) OpenOptions { return OpenOptions{Trust: TrustKeys(k.Public())} }
	tests := []struct {
		name     string
		signer   PrivateKey
		rotation func(t *testing.T) *KeyRotation
		opts     OpenOptions
		handOver bool  // want KeyHandOver to report A → B
		want     error // nil: opens
		phrase   string
	}{
		{name: "hand-over from the pinned key", signer: successor, opts: trust(chojnow), handOver: true,
			rotation: func(t *testing.T) *KeyRotation { return mustRotate(t, chojnow, successor.Public(), 7) }},
		{name: "hand-over from an earlier sequence", signer: successor, opts: trust(chojnow), handOver: true,
			rotation: func(t *testing.T) *KeyRotation { return mustRotate(t, chojnow, successor.Public(), 3) }},
		{name: "reader already pins the new key", signer: successor, opts: trust(successor),
			rotation: func(t *testing.T) *KeyRotation { return mustRotate(t, chojnow, successor.Public(), 7) }},
		{name: "new key without a hand-over", signer: successor, opts: trust(chojnow),
			want: ErrSignature, phrase: "signature does not match the trusted key"},
		{name: "forged: signed by a third key", signer: successor, opts: trust(chojnow),
			rotation: func(t *testing.T) *KeyRotation {
				r := mustRotate(t, stranger, successor.Public(), 7)
				r.OldKey = mustRotate(t, chojnow, successor.Public(), 7).OldKey
				return r
			}, want: ErrSignature, phrase: "not signed by the key it hands over from; it is forged or damaged"},
		{name: "from a key the reader does not pin", signer: successor, opts: trust(chojnow),
			rotation: func(t *testing.T) *KeyRotation { return mustRotate(t, stranger, successor.Public(), 7) },
			want:     ErrSignature, phrase: "which is not the trusted key " + chojnow.Public().Fingerprint()},
		{name: "made for another publisher", signer: successor, opts: trust(chojnow),
			rotation: func(t *testing.T) *KeyRotation {
				other := chojnow
				other.Publisher = testKey(0, "Gmina Obca").Publisher
				next := successor.Public()
				next.Publisher = other.Publisher
				return mustRotate(t, other, next, 7)
			}, want: ErrSignature, phrase: "it is made for publisher id"},
		{name: "hands over to another key than the signer", signer: successor, opts: trust(chojnow),
			rotation: func(t *testing.T) *KeyRotation { return mustRotate(t, chojnow, stranger.Public(), 7) },
			want:     ErrSignature, phrase: "signature does not match the key that the key_rotation"},
		{name: "old key signs with a hand-over to the new", signer: chojnow, opts: trust(chojnow),
			rotation: func(t *testing.T) *KeyRotation { return mustRotate(t, chojnow, successor.Public(), 7) },
			want:     ErrSignature, phrase: "hands over to"},
		{name: "holds only from a later sequence", signer: successor, opts: trust(chojnow),
			rotation: func(t *testing.T) *KeyRotation { return mustRotate(t, chojnow, successor.Public(), 8) },
			want:     ErrSignature, phrase: "holds from sequence 8, after this bundle's sequence 7"},
		{name: "from sequence altered", signer: successor, opts: trust(chojnow),
			rotation: func(t *testing.T) *KeyRotation {
				r := mustRotate(t, chojnow, successor.Public(), 9)
				r.FromSequence = 7
				return r
			}, want: ErrSignature, phrase: "forged or damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCraft(t)
			c.signer = tt.signer
			if tt.rotation != nil {
				c.manifest.KeyRotation = tt.rotation(t)
			}
			b, err := Open(c.save(t), tt.opts)
			if tt.want != nil {
				checkRefusal(t, err, tt.want, tt.phrase)
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer b.Close()
			if !bytes.Equal(b.Key().Key, tt.signer.Public().Key) {
				t.Errorf("Key: got %s, want the signer's %s", b.Key().Fingerprint(), tt.signer.Public().Fingerprint())
			}
			old, next, ok := b.KeyHandOver()
			if ok != tt.handOver {
				t.Fatalf("KeyHandOver: got ok %v, want %v", ok, tt.handOver)
			}
			if ok && (!bytes.Equal(old, chojnow.Public().Key) || !bytes.Equal(next, successor.Public().Key)) {
				t.Errorf("KeyHandOver: got %x → %x, want A → B", old, next)
			}
		})
	}
}

func TestWriteWithKeyRotation(t *testing.T) {
	s := newSample()
	tests := []struct {
		name     string
		rotation *KeyRotation
		phrase   string // empty: written and opened by a reader pinning the old key
	}{
		{name: "hand-over to the signing key", rotation: mustRotate(t, chojnow, successor.Public(), 2)},
		{name: "hand-over to another key", rotation: mustRotate(t, chojnow, stranger.Public(), 2), phrase: "hands over to another key"},
		{name: "hand-over from a later sequence", rotation: mustRotate(t, chojnow, successor.Public(), 3), phrase: "holds from sequence 3"},
		{name: "forged hand-over", rotation: func() *KeyRotation {
			r := mustRotate(t, chojnow, successor.Public(), 2)
			r.FromSequence = 1
			return r
		}(), phrase: "forged or damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, WriteOptions{Key: successor, Sequence: 2, Created: created, KeyRotation: tt.rotation}, s.site, s.nodes, s.opener())
			if tt.phrase != "" {
				if err == nil || !strings.Contains(err.Error(), tt.phrase) {
					t.Fatalf("got %v, want an error containing %q", err, tt.phrase)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sum, err := Inspect(save(t, "bundle.zip", buf.Bytes()), trustChojnow())
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			if sum.Fingerprint != successor.Public().Fingerprint() || sum.HandOverFrom != chojnow.Public().Fingerprint() {
				t.Errorf("Inspect: got key %s handed over from %s, want %s from %s", sum.Fingerprint, sum.HandOverFrom,
					successor.Public().Fingerprint(), chojnow.Public().Fingerprint())
			}
		})
	}
}

func TestSignKeyRotationRefuses(t *testing.T) {
	tests := []struct {
		name   string
		old    PrivateKey
		next   PublicKey
		from   uint64
		phrase string
	}{
		{name: "other publisher", old: chojnow, next: testKey(3, "Gmina Obca").Public(), from: 1, phrase: "stays within one publisher id"},
		{name: "same key", old: chojnow, next: chojnow.Public(), from: 1, phrase: "are the same"},
		{name: "from zero", old: chojnow, next: successor.Public(), from: 0, phrase: "1 or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := SignKeyRotation(tt.old, tt.next, tt.from); err == nil || !strings.Contains(err.Error(), tt.phrase) {
				t.Fatalf("got %v, want an error containing %q", err, tt.phrase)
			}
		})
	}
}

// TestKeyRotationMessage pins the signed message, which other producers
// must build byte for byte (docs/bundle-format.md).
func TestKeyRotationMessage(t *testing.T) {
	got := string(keyRotationMessage(chojnow.ID, chojnow.Public().Key, successor.Public().Key, 12))
	r := mustRotate(t, chojnow, successor.Public(), 12)
	want := "bipkiosk-key-rotation-v1\npublisher_id " + chojnow.ID.String() + "\nold_key " + r.OldKey + "\nnew_key " + r.NewKey + "\nfrom_sequence 12\n"
	if got != want {
		t.Errorf("message:\n got %q\nwant %q", got, want)
	}
	if _, _, err := r.verify(chojnow.ID); err != nil {
		t.Errorf("verify: %v", err)
	}
}
