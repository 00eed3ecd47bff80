package attachment

import (
	"context"
	"reflect"
	"testing"
)

func TestBlocks(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Block
	}{
		{"paragraphs and a table", "Wykaz\n\nLp.\tNazwa\n1\tŻłobek\n\nKoniec\n", []Block{
			{Lines: []string{"Wykaz"}},
			{Rows: [][]string{{"Lp.", "Nazwa"}, {"1", "Żłobek"}}},
			{Lines: []string{"Koniec"}},
		}},
		{"lines of one paragraph", "Uchwała nr 5\nRady Gminy\n", []Block{{Lines: []string{"Uchwała nr 5", "Rady Gminy"}}}},
		{"a table right after a line", "Arkusz1\nA\tB\n", []Block{{Lines: []string{"Arkusz1"}}, {Rows: [][]string{{"A", "B"}}}}},
		{"one-cell row", "tu\t\n", []Block{{Rows: [][]string{{"tu", ""}}}}},
		{"nothing", "\n \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Blocks(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// TestBlocksReadsOfficeText checks that Blocks gives back the tables the
// office readers wrote.
func TestBlocksReadsOfficeText(t *testing.T) {
	got := Blocks(Extract(mimeDOCX, "", docx(t, wp(wt("Wykaz"))+wtbl([]string{"Lp.", "Nazwa"}, []string{"1", "Żłobek"}))).Text)
	want := []Block{{Lines: []string{"Wykaz"}}, {Rows: [][]string{{"Lp.", "Nazwa"}, {"1", "Żłobek"}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

// TestReaderOfficeSlots checks that office files, like PDFs, wait for a
// slot and give up when none comes.
func TestReaderOfficeSlots(t *testing.T) {
	r := NewReader(1, 0)
	data := docx(t, wp(wt("Uchwała")))
	if got := r.Text(context.Background(), mimeDOCX, "a.docx", data); got != Extract(mimeDOCX, "a.docx", data) {
		t.Errorf("Reader.Text gives %v, Extract another", got.Status)
	}
	r.slots <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := r.Text(ctx, mimeDOCX, "a.docx", data); got.Status != TimedOut {
		t.Errorf("DOCX with no slot and an ended context: got %v, want %v", got.Status, TimedOut)
	}
}
