package sanitize

import (
	"strings"
	"testing"
)

// BenchmarkHTML sanitises a body the size of a long BIP article.
func BenchmarkHTML(b *testing.B) {
	var sb strings.Builder
	for range 40 {
		for _, tc := range cases[:12] {
			sb.WriteString(tc.in)
		}
	}
	body := sb.String()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		HTML(body)
	}
}
