package web

import "testing"

func TestValidExternal(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"https", "https://www.gov.pl/bip", true},
		{"mailto", "mailto:sekretariat@chojnow.eu", true},
		{"tel, as bodies and link nodes may carry", "tel:+48768186690", true},
		{"empty tel", "tel:", false},
		{"javascript", "javascript:alert(1)", false},
		{"no host", "https://", false},
		{"header injection", "https://a.pl/\r\nSet-Cookie: x", false},
		{"relative", "/p/1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validExternal(tt.in); got != tt.want {
				t.Errorf("validExternal(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
