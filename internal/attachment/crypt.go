package attachment

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
)

// PDFs saved with "restrict permissions" are encrypted with the Standard
// Security Handler and an empty user password: anyone may open them, and
// so may the reader. The revisions office software writes are read: R2
// and R3 (RC4, 40 to 128 bits), R4 (RC4 or AES-128, by crypt filter), R5
// and R6 (AES-256). A file that needs a password to open gives no text.

// pdfPadding pads passwords in revisions 2 to 4 (an empty one is all of it).
var pdfPadding = []byte("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08" +
	"\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a")

// cryptMethod is how strings or streams are encrypted.
type cryptMethod uint8

const (
	cryptNone cryptMethod = iota
	cryptRC4
	cryptAESV2
	cryptAESV3
)

// pdfCrypt is a file's key with the methods of its streams and strings.
type pdfCrypt struct {
	key      []byte
	stm, str cryptMethod
	metadata bool // the XML metadata stream is encrypted too
}

// decrypt finds a file's encryption dictionary and decrypts every object
// read so far (object streams are decrypted as streams, before their
// objects are read). It reports false for a file it cannot open: an
// unknown handler or a user password that is not empty.
func (d *pdfDoc) decrypt() bool {
	trailer := d.encryptTrailer()
	if trailer == nil {
		return true
	}
	d.encrypted = true
	encRef, _ := trailer["Encrypt"].(pdfRef)
	c := d.cryptFor(d.dict(trailer["Encrypt"]), firstID(d.resolve(trailer["ID"])))
	if c == nil {
		return false
	}
	for num, v := range d.objs {
		if num == int(encRef) && encRef != 0 {
			continue
		}
		if s, ok := v.(pdfStream); ok && s.dict["Type"] == pdfName("XRef") {
			continue
		}
		d.objs[num] = c.value(v, num, d.gens[num], 0)
	}
	return true
}

// encryptTrailer returns the last trailer (a trailer dictionary or a
// cross-reference stream's) that names an encryption dictionary.
func (d *pdfDoc) encryptTrailer() pdfDict {
	var found pdfDict
	for i, n := 0, 0; n < maxPDFObjects; n++ {
		k := bytes.Index(d.data[i:], []byte("trailer"))
		if k < 0 {
			break
		}
		p := &pdfParser{s: d.data, i: i + k + len("trailer")}
		if t, ok := p.object(0).(pdfDict); ok && t["Encrypt"] != nil {
			found = t
		}
		i = max(p.i, i+k+len("trailer"))
	}
	if found != nil {
		return found
	}
	for _, v := range d.objs {
		if s, ok := v.(pdfStream); ok && s.dict["Type"] == pdfName("XRef") && s.dict["Encrypt"] != nil {
			return s.dict
		}
	}
	return nil
}

func firstID(v any) []byte {
	if a, ok := v.([]any); ok && len(a) > 0 {
		id, _ := a[0].([]byte)
		return id
	}
	return nil
}

// cryptFor makes the key of the empty user password, or nil when the
// handler is not the standard one or the password is not empty.
func (d *pdfDoc) cryptFor(enc pdfDict, id []byte) *pdfCrypt {
	if enc == nil || enc["Filter"] != pdfName("Standard") {
		return nil
	}
	num := func(k pdfName, def int) int {
		if f, ok := d.resolve(enc[k]).(float64); ok {
			return int(f)
		}
		return def
	}
	str := func(k pdfName) []byte { b, _ := d.resolve(enc[k]).([]byte); return b }
	v, r := num("V", 0), num("R", 2)
	em := d.resolve(enc["EncryptMetadata"])
	c := &pdfCrypt{metadata: em != false && em != pdfOp("false"), stm: cryptRC4, str: cryptRC4}
	if v >= 4 {
		cf := d.dict(enc["CF"])
		c.stm = d.filterMethod(cf, enc["StmF"])
		c.str = d.filterMethod(cf, enc["StrF"])
	}
	o, u := str("O"), str("U")
	if r >= 5 {
		c.key = aes256Key(r, u, str("UE"))
	} else {
		n := 5
		if r >= 3 {
			n = min(max(num("Length", 40)/8, 5), 16)
		}
		c.key = rc4Key(r, n, o, u, uint32(int32(int64(num("P", 0)))), id, c.metadata)
	}
	if c.key == nil {
		return nil
	}
	return c
}

// filterMethod is the method of the crypt filter a StmF or StrF names.
func (d *pdfDoc) filterMethod(cf pdfDict, name any) cryptMethod {
	n, _ := d.resolve(name).(pdfName)
	if n == "" || n == "Identity" {
		return cryptNone
	}
	switch d.dict(cf[n])["CFM"] {
	case pdfName("V2"):
		return cryptRC4
	case pdfName("AESV2"):
		return cryptAESV2
	case pdfName("AESV3"):
		return cryptAESV3
	}
	return cryptNone
}

// rc4Key is Algorithm 2 of the PDF specification for the empty password,
// checked against U (Algorithms 4 and 5); nil when it does not match.
func rc4Key(r, n int, o, u []byte, p uint32, id []byte, metadata bool) []byte {
	if len(o) < 32 || len(u) < 16 {
		return nil
	}
	h := md5.New()
	h.Write(pdfPadding)
	h.Write(o[:32])
	binary.Write(h, binary.LittleEndian, p)
	h.Write(id)
	if r >= 4 && !metadata {
		h.Write([]byte{0xff, 0xff, 0xff, 0xff})
	}
	key := h.Sum(nil)
	if r >= 3 {
		for range 50 {
			s := md5.Sum(key[:n])
			key = s[:]
		}
	}
	key = key[:n]
	if r == 2 {
		if !bytes.Equal(rc4Crypt(key, pdfPadding), u[:min(len(u), 32)]) {
			return nil
		}
		return key
	}
	x := md5.Sum(append(append([]byte{}, pdfPadding...), id...))
	check := rc4Crypt(key, x[:])
	for i := 1; i <= 19; i++ {
		k := make([]byte, len(key))
		for j := range key {
			k[j] = key[j] ^ byte(i)
		}
		check = rc4Crypt(k, check)
	}
	if !bytes.Equal(check, u[:16]) {
		return nil
	}
	return key
}

// aes256Key is the file key of revisions 5 and 6 for the empty password:
// U's hash checked, UE decrypted; nil when it does not match.
func aes256Key(r int, u, ue []byte) []byte {
	if len(u) < 48 || len(ue) < 32 {
		return nil
	}
	hash := func(salt []byte) []byte {
		if r == 5 {
			s := sha256.Sum256(salt)
			return s[:]
		}
		return hash2B(salt)
	}
	if !bytes.Equal(hash(u[32:40]), u[:32]) {
		return nil
	}
	block, err := aes.NewCipher(hash(u[40:48]))
	if err != nil {
		return nil
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(key, ue[:32])
	return key
}

// hash2B is Algorithm 2.B of ISO 32000-2 for the empty user password.
func hash2B(salt []byte) []byte {
	s := sha256.Sum256(salt)
	k := s[:]
	for i := 0; ; i++ {
		k1 := bytes.Repeat(k, 64)
		block, _ := aes.NewCipher(k[:16])
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		switch sum % 3 {
		case 0:
			h := sha256.Sum256(e)
			k = h[:]
		case 1:
			h := sha512.Sum384(e)
			k = h[:]
		default:
			h := sha512.Sum512(e)
			k = h[:]
		}
		if i >= 63 && int(e[len(e)-1]) <= i-31 {
			return k[:32]
		}
	}
}

func rc4Crypt(key, data []byte) []byte {
	c, err := rc4.NewCipher(key)
	if err != nil {
		return nil
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// value decrypts the strings and streams in an object number num.
func (c *pdfCrypt) value(v any, num, gen, depth int) any {
	if depth > maxPDFDepth {
		return v
	}
	switch v := v.(type) {
	case []byte:
		return c.bytes(c.str, v, num, gen)
	case []any:
		for i, e := range v {
			v[i] = c.value(e, num, gen, depth+1)
		}
	case pdfDict:
		for k, e := range v {
			v[k] = c.value(e, num, gen, depth+1)
		}
	case pdfStream:
		c.value(v.dict, num, gen, depth+1)
		if v.dict["Type"] != pdfName("Metadata") || c.metadata {
			v.raw = c.bytes(c.stm, v.raw, num, gen)
		}
		return v
	}
	return v
}

// bytes decrypts data of object num, generation gen.
func (c *pdfCrypt) bytes(m cryptMethod, data []byte, num, gen int) []byte {
	key := c.key
	if m == cryptRC4 || m == cryptAESV2 {
		h := md5.New()
		h.Write(key)
		h.Write([]byte{byte(num), byte(num >> 8), byte(num >> 16), byte(gen), byte(gen >> 8)})
		if m == cryptAESV2 {
			h.Write([]byte("sAlT"))
		}
		key = h.Sum(nil)[:min(len(c.key)+5, 16)]
	}
	switch m {
	case cryptRC4:
		return rc4Crypt(key, data)
	case cryptAESV2, cryptAESV3:
		return aesCBC(key, data)
	}
	return data
}

// aesCBC decrypts data that starts with its IV and ends with PKCS#7 padding.
func aesCBC(key, data []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil || len(data) < 32 {
		return nil
	}
	body := data[16 : 16+(len(data)-16)/16*16]
	out := make([]byte, len(body))
	cipher.NewCBCDecrypter(block, data[:16]).CryptBlocks(out, body)
	if n := int(out[len(out)-1]); n >= 1 && n <= 16 && n <= len(out) {
		out = out[:len(out)-n]
	}
	return out
}
