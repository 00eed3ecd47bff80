package bundle

import (
	"errors"
	"testing"
)

// TestInspectUntrusted: without a trusted key a well-formed bundle is
// summarised with its signature marked unchecked, or checked against the key
// its key_rotation names; a damaged or forged one still fails.
func TestInspectUntrusted(t *testing.T) {
	rotated := func(t *testing.T, signer PrivateKey) string {
		c := newCraft(t)
		c.signer = signer
		c.manifest.KeyRotation = mustRotate(t, chojnow, successor.Public(), 7)
		return c.save(t)
	}
	damaged := func(t *testing.T) string {
		c := newCraft(t)
		e := c.entry(t, "files/")
		e.data = append([]byte("x"), e.data[1:]...)
		return c.save(t)
	}
	plain := func(t *testing.T) string { return newCraft(t).save(t) }
	tests := []struct {
		name         string
		path         func(t *testing.T) string
		opts         OpenOptions
		want         SignatureCheck
		fingerprint  string
		handOverFrom string
		err          error
	}{
		{name: "trusted", path: plain, opts: trustChojnow(), want: SignatureTrusted, fingerprint: chojnow.Public().Fingerprint()},
		{name: "no trusted key", path: plain, want: SignatureNotChecked},
		{name: "another publisher's key", path: plain, opts: OpenOptions{Trust: TrustKeys(testKey(5, "Gmina Obca").Public())}, want: SignatureNotChecked},
		{name: "trusted key does not match", path: plain, opts: OpenOptions{Trust: TrustKeys(stranger.Public())}, err: ErrSignature},
		{name: "key named by a key rotation", path: func(t *testing.T) string { return rotated(t, successor) },
			want: SignatureUntrusted, fingerprint: successor.Public().Fingerprint(), handOverFrom: chojnow.Public().Fingerprint()},
		{name: "signed by a key the rotation does not name", path: func(t *testing.T) string { return rotated(t, stranger) }, err: ErrSignature},
		{name: "damaged entry", path: damaged, err: ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := InspectUntrusted(tt.path(t), tt.opts)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("got %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Signature != tt.want || sum.Fingerprint != tt.fingerprint || sum.HandOverFrom != tt.handOverFrom {
				t.Errorf("got signature %d by %q from %q, want %d by %q from %q", sum.Signature, sum.Fingerprint, sum.HandOverFrom, tt.want, tt.fingerprint, tt.handOverFrom)
			}
			if sum.Sequence != 7 || sum.Articles != 1 || sum.Blobs != 3 || sum.Publisher != chojnow.Publisher {
				t.Errorf("got %+v, want the summary of the sample at sequence 7", sum)
			}
			if _, err := Open(tt.path(t), tt.opts); tt.want != SignatureTrusted && !errors.Is(err, ErrUntrusted) {
				t.Errorf("Open: got %v, want ErrUntrusted: only InspectUntrusted reads an untrusted bundle", err)
			}
		})
	}
}
