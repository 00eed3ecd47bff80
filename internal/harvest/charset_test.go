package harvest

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestDecode(t *testing.T) {
	const text = "Zarządzenie Wójta: źródła, świadczenia, łąka, ŻÓŁĆ"
	const noBigL = "Zarządzenie Wójta: źródła, świadczenia, łąka, ŻÓĆ" // Windows-1250 cannot carry "Ł" twice
	iso, _ := charmap.ISO8859_2.NewEncoder().String(text)
	win, _ := charmap.Windows1250.NewEncoder().String(text)
	tests := []struct {
		name, contentType, body, want string
		charset                       Charset
	}{
		{"utf-8 declared", "text/html; charset=utf-8", text, text, UTF8},
		{"iso declared, iso bytes", "text/html; charset=iso-8859-2", iso, text, ISO88592},
		{"cp1250 declared, cp1250 bytes", "text/html; charset=windows-1250", win, text, Windows1250},
		{"iso declared but bytes are utf-8", "text/html; charset=iso-8859-2", text, text, UTF8},
		{"utf-8 declared but cp1250 bytes", "text/html; charset=utf-8", win, text, Windows1250},
		{"utf-8 declared but iso bytes", "text/html; charset=utf-8", iso, text, ISO88592},
		{"iso declared but cp1250 bytes", "text/html; charset=iso-8859-2", win, text, Windows1250},
		{"meta tag only, cp1250 bytes", "", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">` + win, text, Windows1250},
		{"utf-8 saved twice through latin-1", "text/html; charset=utf-8", doubled(charmap.ISO8859_1, text), text, DoubleUTF8},
		{"utf-8 saved twice through cp1250", "text/html; charset=utf-8", doubled(charmap.Windows1250, noBigL), noBigL, DoubleUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := Decode([]byte(tt.body), tt.contentType)
			if cs != tt.charset {
				t.Errorf("charset %s, want %s", cs, tt.charset)
			}
			if !strings.HasSuffix(got, tt.want) {
				t.Errorf("got %q, want it to end in %q", got, tt.want)
			}
		})
	}
}

// doubled is s in UTF-8, read as cm and written out as UTF-8 again.
func doubled(cm *charmap.Charmap, s string) string {
	out, _ := cm.NewDecoder().String(s)
	return out
}

// TestDecodeLeavesPartlyGarbledAlone: one garbled word in a page of good
// Polish is not "repaired" into worse text.
func TestDecodeLeavesPartlyGarbledAlone(t *testing.T) {
	s := "Zażółć gęślą jaźń, a tu Ä… jedno przekłamanie"
	if got, cs := Decode([]byte(s), "text/html"); got != s || cs != UTF8 {
		t.Errorf("got %q (%s), want it unchanged", got, cs)
	}
}
