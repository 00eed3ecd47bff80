package harvest

import (
	"os"
	"testing"
)

func TestDebugPage(t *testing.T) {
	f := os.Getenv("HARVEST_DEBUG")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	p := Page{URL: "http://x/" + f, ContentType: os.Getenv("HARVEST_CT"), Body: data}
	a := Choose(p)
	got := a.Parse(p, nil)
	t.Logf("%s %+v", a.Name(), got)
}
