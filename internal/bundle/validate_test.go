package bundle

import "testing"

func TestFileName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"plain", "uchwala-12.pdf", true},
		{"polish letters and spaces", "Regulamin Ośrodka.pdf", true},
		{"empty", "", false},
		{"dot dot", "..", false},
		{"slash", "a/b.pdf", false},
		{"backslash", `a\b.pdf`, false},
		{"control character", "a\nb.pdf", false},
		{"right-to-left override hides the extension", "faktura\u202efdp.exe", false},
		{"zero-width joiner", "fak\u200dtura.pdf", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fileName(tt.in); got != tt.want {
				t.Errorf("fileName(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
