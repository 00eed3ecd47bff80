package web

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCSSOrder(t *testing.T) {
	files := func(order string, css ...string) fstest.MapFS {
		m := fstest.MapFS{cssOrderFile: {Data: []byte(order)}, "js/app.js": {Data: []byte("1")}}
		for _, name := range css {
			m["css/"+name] = &fstest.MapFile{Data: []byte("/*" + name + "*/")}
		}
		return m
	}
	tests := []struct {
		name   string
		static fstest.MapFS
		bundle string // the stylesheets in the bundle's order; empty when start-up fails
	}{
		{"listed order, not name order", files("# comment\nb.css\n\na.css\n", "a.css", "b.css"), "/*b.css*//*a.css*/"},
		{"file not listed", files("a.css\n", "a.css", "b.css"), ""},
		{"listed but absent", files("a.css\nb.css\n", "a.css"), ""},
		{"listed twice", files("a.css\na.css\n", "a.css"), ""},
		{"no order file", fstest.MapFS{"css/a.css": {Data: []byte("x")}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := buildAssetsFrom(tt.static)
			if tt.bundle == "" {
				if !errors.Is(err, errCSSOrder) {
					t.Fatalf("buildAssetsFrom: error %v, want errCSSOrder", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(string(a.files[a.css].data), "\n", "")
			if got != tt.bundle {
				t.Errorf("bundle %q, want %q", got, tt.bundle)
			}
		})
	}
}

// The embedded stylesheets and their order file agree: the program starts.
func TestEmbeddedCSSOrder(t *testing.T) {
	if _, err := buildAssets(); err != nil {
		t.Fatal(err)
	}
}
