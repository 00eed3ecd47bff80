package attachment

import (
	"strings"
	"testing"
)

// checkContains fails the test unless got contains every want and no not.
func checkContains(t *testing.T, got string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("got %q, want it to contain %q", got, w)
		}
	}
	for _, n := range not {
		if strings.Contains(got, n) {
			t.Errorf("got %q, want no %q", got, n)
		}
	}
}
