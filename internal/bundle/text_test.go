package bundle

import (
	"testing"

	"bipkiosk/internal/content"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"polish text kept", "Zarządzenie nr 12/2024 – „pomoc”", "Zarządzenie nr 12/2024 – „pomoc”"},
		{"NUL removed", "Zarz\x00dzenie\x00", "Zarzdzenie"},
		{"tab and newline kept", "ul. Rynek 1\n59-225\tChojnów", "ul. Rynek 1\n59-225\tChojnów"},
		{"other C0, DEL and C1 removed", "a\x01b\x1bc\x7fd\u0085e\u009ff", "abcdef"},
		{"bidi override removed", "faktura\u202etxt.exe", "fakturatxt.exe"},
		{"bidi isolate removed", "\u2066abc\u2069", "abc"},
		{"replacement character kept", "zły \ufffd bajt", "zły \ufffd bajt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanNodeText(t *testing.T) {
	n := content.Node{Title: "Uchwa\x00ła", Meta: content.Meta{Author: "Jan\x07 Kowalski"},
		Attachments: []content.Attachment{{Title: "\u202eplik"}},
		History:     []content.Change{{By: "Anna\x00", Summary: "Dodano\x1b"}}}
	cleanNodeText(&n)
	if n.Title != "Uchwała" || n.Meta.Author != "Jan Kowalski" || n.Attachments[0].Title != "plik" ||
		n.History[0].By != "Anna" || n.History[0].Summary != "Dodano" {
		t.Errorf("got %+v, want every control character gone", n)
	}
}
