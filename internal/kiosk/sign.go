package kiosk

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// macLen is the length of a signature on a token or code.
const macLen = sha256.Size

// signer signs tokens and codes under a key made at start, bound to the
// terminal they were handed to.
type signer struct{ key []byte }

func newSigner(what string) (signer, error) {
	s := signer{key: make([]byte, 32)}
	if _, err := rand.Read(s.key); err != nil {
		return s, fmt.Errorf("kiosk: %s key: %w", what, err)
	}
	return s, nil
}

// seal is payload and its signature for terminal, as text for a form field.
func (s signer) seal(payload []byte, terminal string) string {
	return base64.RawURLEncoding.EncodeToString(append(payload[:len(payload):len(payload)], s.mac(payload, terminal)...))
}

// open is the payload of text sealed for terminal, or false when text is
// damaged, made up, of another length or sealed for another terminal.
func (s signer) open(text, terminal string, payloadLen int) ([]byte, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil || len(raw) != payloadLen+macLen {
		return nil, false
	}
	p := raw[:payloadLen]
	return p, hmac.Equal(raw[payloadLen:], s.mac(p, terminal))
}

func (s signer) mac(payload []byte, terminal string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write(payload)
	m.Write([]byte(terminal))
	return m.Sum(nil)
}

// clock is now, or time.Now when now is nil.
func clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
