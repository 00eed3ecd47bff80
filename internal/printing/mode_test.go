package printing

import (
	"errors"
	"testing"
)

func TestParseMode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Mode
		wantErr error
	}{
		{name: "default", in: "", want: Mode{Kind: Dialog}},
		{name: "dialog", in: "dialog", want: Mode{Kind: Dialog}},
		{name: "off", in: "off", want: Mode{Kind: Off}},
		{name: "printer", in: "printer:Brother_HL-L2350DW", want: Mode{Kind: Printer, Printer: "Brother_HL-L2350DW"}},
		{name: "no name", in: "printer:", wantErr: ErrMode},
		{name: "name like an option", in: "printer:-o", wantErr: ErrMode},
		{name: "space in name", in: "printer:a b", wantErr: ErrMode},
		{name: "unknown", in: "pdf", wantErr: ErrMode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMode(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if err == nil && tt.in != "" && got.String() != tt.in {
				t.Errorf("String: got %q, want %q", got.String(), tt.in)
			}
		})
	}
}
