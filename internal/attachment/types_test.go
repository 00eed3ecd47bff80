package attachment

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name, mime, file string
		wantLabel        string
		wantText         bool
	}{
		{name: "PDF by type", mime: "application/pdf", file: "a", wantLabel: "PDF", wantText: true},
		{name: "PDF by name in capitals", file: "A.PDF", wantLabel: "PDF", wantText: true},
		{name: "type with a charset", mime: "TEXT/PLAIN; charset=windows-1250", file: "a", wantLabel: "TXT", wantText: true},
		{name: "CSV recorded without its charset", mime: "text/csv", file: "a.csv", wantLabel: "CSV", wantText: true},
		{name: "second extension", mime: "", file: "foto.JPEG", wantLabel: "JPG"},
		{name: "the recorded type first", mime: "application/msword", file: "a.pdf", wantLabel: "DOC"},
		{name: "an unknown type falls back to the name", mime: "application/octet-stream", file: "a.pdf", wantLabel: "PDF", wantText: true},
		{name: "HTML has no text for the app", mime: "text/html; charset=utf-8", file: "a.htm", wantLabel: "HTML"},
		{name: "XAdES recorded as XML", mime: "application/xml", file: "podpis.xades", wantLabel: "XML"},
		{name: "unknown extension in capitals", file: "mapa.dwg", wantLabel: "DWG"},
		{name: "unknown type, no extension", mime: "application/x-foo", file: "plik", wantLabel: "application/x-foo"},
		{name: "nothing known", wantLabel: "?"},
		{name: "office files the app reads", file: "uchwala.docx", wantLabel: "DOCX", wantText: true},
		{name: "OpenDocument spreadsheet", mime: "application/vnd.oasis.opendocument.spreadsheet", wantLabel: "ODS", wantText: true},
		{name: "RTF", file: "pismo.rtf", wantLabel: "RTF", wantText: true},
		{name: "Word 97 only a publishing tool reads", file: "umowa.doc", wantLabel: "DOC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Label(tt.mime, tt.file); got != tt.wantLabel {
				t.Errorf("Label(%q, %q): got %q, want %q", tt.mime, tt.file, got, tt.wantLabel)
			}
			if got := MayHaveText(tt.mime, tt.file); got != tt.wantText {
				t.Errorf("MayHaveText(%q, %q): got %v, want %v", tt.mime, tt.file, got, tt.wantText)
			}
		})
	}
}

// TestTable checks what the rest of the program relies on in the table.
func TestTable(t *testing.T) {
	seen := map[string]string{}
	for _, ty := range Types() {
		if ty.Label == "" || ty.MIME == "" {
			t.Errorf("%+v: want a label and a MIME type", ty)
		}
		for _, e := range ty.Exts {
			if !strings.HasPrefix(e, ".") || e != strings.ToLower(e) {
				t.Errorf("%s: extension %q, want lower case with the dot", ty.Label, e)
			}
			if other, dup := seen[e]; dup {
				t.Errorf("extension %s in both %s and %s", e, other, ty.Label)
			}
			seen[e] = ty.Label
		}
		// The type a bundle records for a file must be read as its name says.
		if byMIME, _ := ByMIME(ty.MIME); byMIME.Text != ty.Text {
			t.Errorf("%s: its MIME type %s reads text as %v, its name as %v", ty.Label, ty.MIME, byMIME.Text, ty.Text)
		}
		// Markup and scripts are never served as what they are.
		if s := baseMIME(ty.Serve); strings.Contains(s, "html") || strings.Contains(s, "svg") || strings.Contains(s, "javascript") {
			t.Errorf("%s: served as %s, want bytes to download", ty.Label, ty.Serve)
		}
		if ty.Inline && ty.Serve == "" {
			t.Errorf("%s: inline but served as bytes to download", ty.Label)
		}
	}
	for _, must := range []string{".pdf", ".txt", ".csv", ".docx", ".html", ".svg"} {
		if _, ok := ByExt("a" + must); !ok {
			t.Errorf("no type for %s", must)
		}
	}
}

// TestTypesIsACopy checks that a caller cannot change the one table.
func TestTypesIsACopy(t *testing.T) {
	ts := Types()
	ts[0].Exts[0] = ".changed"
	ts[0].Label = "changed"
	if ty, ok := ByExt("a.pdf"); !ok || ty.Label != "PDF" {
		t.Errorf("after changing Types()'s result: ByExt(a.pdf) = %+v, %v", ty, ok)
	}
}
