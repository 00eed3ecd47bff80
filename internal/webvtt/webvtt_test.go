package webvtt

import (
	"slices"
	"testing"
)

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"WEBVTT\n\n00:00.000 --> 00:01.000\nA", true},
		{"\uFEFFWEBVTT - napisy\n", true},
		{"WEBVTT", true},
		{"WEBVTTX\n", false},
		{"1\n00:00:00,000 --> 00:00:01,000\nSRT\n", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Valid([]byte(tt.in)); got != tt.want {
			t.Errorf("Valid(%q): got %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"cues with ids, notes, styles and markup",
			"WEBVTT\r\n\r\nNOTE made by hand\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\n1\r\n00:00.000 --> 00:02.000 line:90%\r\n<v Tłumaczka>Dzień dobry.</v>\r\n\r\n00:02.000 --> 00:04.000\r\nTo jest <i>urząd</i>\r\nmiasta &amp; gminy.\r\n",
			[]string{"Dzień dobry.", "To jest urząd miasta & gminy."}},
		{"not WebVTT", "1\n00:00:00,000 --> 00:00:01,000\nSRT\n", nil},
		{"not UTF-8", "WEBVTT\n\n00:00.000 --> 00:01.000\n\xff\n", nil},
		{"empty cue left out", "WEBVTT\n\n00:00.000 --> 00:01.000\n\n00:01.000 --> 00:02.000\nB\n", []string{"B"}},
	}
	for _, tt := range tests {
		if got := Text([]byte(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
