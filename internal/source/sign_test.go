package source

import (
	"errors"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

const (
	testWebM = "\x1a\x45\xdf\xa3\x9fB\x86\x81\x01webm stand-in for the tests"
	testVTT  = "WEBVTT\n\n00:00.000 --> 00:02.000\nDzień dobry.\n"
)

func TestReadEasyToReadAndSignLanguage(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"site.yaml": "name: BIP Testowo\nowner: Miasto Testowo\neasy_to_read: etr.md\n" +
			"sign_language:\n  title: Urząd w PJM\n  video: pjm/urzad.webm\n  captions: pjm/urzad.vtt\n",
		"etr.md":         "To jest urząd.\n\nUrząd pracuje dla mieszkańców.\n",
		"pjm/urzad.webm": testWebM,
		"pjm/urzad.vtt":  testVTT,
		"u/a.md":         "---\ntitle: A\n---\n",
	})
	tree, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>To jest urząd.</p>\n<p>Urząd pracuje dla mieszkańców.</p>\n"; tree.Site.EasyToRead != want {
		t.Errorf("easy_to_read: got %q, want %q", tree.Site.EasyToRead, want)
	}
	v := tree.Site.SignLanguage
	if v == nil {
		t.Fatal("sign_language: got none")
	}
	if v.Title != "Urząd w PJM" || v.Video.Type != "video/webm" || v.Video.Size != int64(len(testWebM)) ||
		v.Captions.Type != content.CaptionsType || v.Captions.Size != int64(len(testVTT)) {
		t.Errorf("sign_language: got %+v", *v)
	}
	for _, b := range []content.Blob{v.Video, v.Captions} {
		if tree.Files[b.SHA256] == "" {
			t.Errorf("the tree's files lack %s (%s)", b.SHA256, b.Type)
		}
	}
	for _, n := range tree.Nodes {
		if strings.HasPrefix(n.Path, "etr") || strings.HasPrefix(n.Path, "pjm") {
			t.Errorf("a file site.yaml uses became page %q", n.Path)
		}
	}
}

func TestReadSignLanguageErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		files      map[string]string
		want       error
		phrase     string
	}{
		{"no captions", "sign_language:\n  video: v.webm\n", map[string]string{"v.webm": testWebM}, ErrSite, "needs both"},
		{"captions not WebVTT", "sign_language:\n  video: v.webm\n  captions: c.srt\n",
			map[string]string{"v.webm": testWebM, "c.srt": "1\n00:00:00,000 --> 00:00:02,000\nA\n"}, ErrSite, "not a WebVTT file"},
		{"a video type the shells do not play", "sign_language:\n  video: v.avi\n  captions: c.vtt\n",
			map[string]string{"v.avi": "RIFF avi", "c.vtt": testVTT}, ErrSite, "give a WebM or MP4 file"},
		{"missing video", "sign_language:\n  video: brak.webm\n  captions: c.vtt\n", map[string]string{"c.vtt": testVTT}, ErrMissingFile, "brak.webm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"site.yaml": "name: X\n" + tt.yaml, "u/a.md": "---\ntitle: A\n---\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			_, err := Read(writeTree(t, files))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.phrase) {
				t.Errorf("got %v, want %v containing %q", err, tt.want, tt.phrase)
			}
		})
	}
}
