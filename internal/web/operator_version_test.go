package web

import (
	"strings"
	"testing"
)

// TestOperatorShowsVersion: the operator screen names the program's version.
func TestOperatorShowsVersion(t *testing.T) {
	h, _ := operatorHandler(t, Deps{Version: "1.4.0 (0123456789ab)"})
	_, body := login(t, h.mux)
	if !strings.Contains(body, "1.4.0 (0123456789ab)") {
		t.Error("the operator screen does not show Deps.Version")
	}
}
