package samplescan

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	long := strings.Repeat("słowo ", 40)   // wider than a line
	many := strings.Repeat("wiersz\n", 40) // more lines than a page holds
	lines := pageGeometry(150).lines
	tests := []struct {
		name      string
		text      string
		wantPages []int // lines on each page
		check     func(t *testing.T, pages [][]string)
	}{
		{name: "short lines as they are", text: "§ 1. Jeden.\n\n§ 2. Dwa.\n", wantPages: []int{3},
			check: func(t *testing.T, p [][]string) {
				if !slices.Equal(p[0], []string{"§ 1. Jeden.", "", "§ 2. Dwa."}) {
					t.Errorf("got %q", p[0])
				}
			}},
		{name: "a long paragraph broken at spaces", text: long, wantPages: []int{4},
			check: func(t *testing.T, p [][]string) {
				if got := strings.Join(p[0], " "); got != strings.TrimSpace(long) {
					t.Errorf("got %q, want the words of the paragraph in order", got)
				}
			}},
		{name: "a page break", text: "strona 1\n" + PageBreak + "\nstrona 2", wantPages: []int{1, 1}},
		{name: "a full page goes on to the next", text: many, wantPages: []int{lines, 40 - lines}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages, err := Wrap(tt.text, 150)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, p := range pages {
				got = append(got, len(p))
			}
			if !slices.Equal(got, tt.wantPages) {
				t.Fatalf("got pages of %v lines, want %v", got, tt.wantPages)
			}
			if tt.check != nil {
				tt.check(t, pages)
			}
		})
	}
}

// TestPDF checks that a scan is made again byte for byte from its seed, and
// that another seed gives another noise.
func TestPDF(t *testing.T) {
	pages := [][]string{{"Uchwała nr 1"}, {"§ 2. Strona druga."}}
	o := Options{DPI: 72, Seed: 1}
	a, err := PDF(pages, o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PDF(pages, o)
	o.Seed = 2
	c, _ := PDF(pages, o)
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Errorf("same seed equal: %v, other seed equal: %v; want true, false", bytes.Equal(a, b), bytes.Equal(a, c))
	}
	for _, want := range []string{"%PDF-1.7", "/Count 2", "/Filter /DCTDecode", "%%EOF"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("the PDF has no %q", want)
		}
	}
}
