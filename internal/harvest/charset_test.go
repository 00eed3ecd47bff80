package harvest

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestDecode(t *testing.T) {
	const text = "Zarządzenie Wójta: źródła, świadczenia, łąka, ŻÓŁĆ"
	iso, _ := charmap.ISO8859_2.NewEncoder().String(text)
	win, _ := charmap.Windows1250.NewEncoder().String(text)
	tests := []struct {
		name, contentType, body string
		want                    Charset
	}{
		{"utf-8 declared", "text/html; charset=utf-8", text, UTF8},
		{"iso declared, iso bytes", "text/html; charset=iso-8859-2", iso, ISO88592},
		{"cp1250 declared, cp1250 bytes", "text/html; charset=windows-1250", win, Windows1250},
		{"iso declared but bytes are utf-8", "text/html; charset=iso-8859-2", text, UTF8},
		{"utf-8 declared but cp1250 bytes", "text/html; charset=utf-8", win, Windows1250},
		{"utf-8 declared but iso bytes", "text/html; charset=utf-8", iso, ISO88592},
		{"iso declared but cp1250 bytes", "text/html; charset=iso-8859-2", win, Windows1250},
		{"meta tag only, cp1250 bytes", "", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">` + win, Windows1250},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := Decode([]byte(tt.body), tt.contentType)
			if cs != tt.want {
				t.Errorf("charset %s, want %s", cs, tt.want)
			}
			if len(got) < len(text) || got[len(got)-len(text):] != text {
				t.Errorf("got %q, want it to end in %q", got, text)
			}
		})
	}
}
