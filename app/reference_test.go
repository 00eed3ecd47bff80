package app

import (
	"slices"
	"testing"
)

func TestReference(t *testing.T) {
	ref := Reference()
	byName := map[string]CommandHelp{}
	for _, c := range ref {
		byName[c.Name] = c
	}
	wantNames := []string{"bundle build", "bundle diff", "bundle generate", "bundle index", "bundle inspect",
		"desktop", "harvest", "import", "keygen", "rollback", "serve", "status", "trust", "version"}
	var got []string
	for _, c := range ref {
		got = append(got, c.Name)
	}
	if !slices.Equal(got, wantNames) {
		t.Fatalf("got commands %q, want %q", got, wantNames)
	}
	tests := []struct {
		command, flag, arg, def string
	}{
		{"serve", "listen", "string", "127.0.0.1:8080"},
		{"serve", "data", "string", ""},
		{"bundle build", "sequence", "uint", ""},
		{"status", "json", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.command+" --"+tt.flag, func(t *testing.T) {
			c := byName[tt.command]
			if c.Synopsis == "" || c.Summary == "" {
				t.Errorf("got synopsis %q summary %q, want both", c.Synopsis, c.Summary)
			}
			i := slices.IndexFunc(c.Flags, func(f FlagHelp) bool { return f.Name == tt.flag })
			if i < 0 {
				t.Fatalf("got flags %+v, want --%s", c.Flags, tt.flag)
			}
			if f := c.Flags[i]; f.Arg != tt.arg || f.Default != tt.def || f.Usage == "" {
				t.Errorf("got %+v, want arg %q default %q and a usage text", f, tt.arg, tt.def)
			}
		})
	}
}
