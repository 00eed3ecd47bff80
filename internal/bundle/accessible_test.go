package bundle

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	"bipkiosk/internal/content"
)

// withSignLanguage gives the sample an easy-to-read text and a
// sign-language recording with captions (stand-in bytes: the bundle
// carries files, it does not play them).
func withSignLanguage(s *sample) {
	video := bytes.Repeat([]byte("\x1a\x45\xdf\xa3 webm "), 100)
	vtt := []byte("WEBVTT\n\n00:00.000 --> 00:02.000\nDzień dobry.\n")
	s.blobs[blob(video, "").SHA256] = video
	s.blobs[blob(vtt, "").SHA256] = vtt
	s.site.EasyToRead = "<p>To jest urząd.</p>"
	s.site.SignLanguage = &content.SignVideo{Title: "Urząd w PJM", Video: blob(video, "video/webm"), Captions: blob(vtt, content.CaptionsType)}
}

func TestSiteAccessibleInfoRoundTrip(t *testing.T) {
	s := newSample()
	withSignLanguage(&s)
	s.site.EasyToRead = `<p>To jest urząd.</p><script>alert(1)</script><p onclick="x">Urząd pracuje.</p>`
	b, err := Open(save(t, "bundle.zip", s.write(t, chojnow, 1)), trustChojnow())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer b.Close()
	site, err := b.Site()
	if err != nil {
		t.Fatalf("Site: %v", err)
	}
	if !reflect.DeepEqual(site.SignLanguage, s.site.SignLanguage) {
		t.Errorf("sign_language: got %+v, want %+v", site.SignLanguage, s.site.SignLanguage)
	}
	if want := "<p>To jest urząd.</p><p>Urząd pracuje.</p>"; site.EasyToRead != want {
		t.Errorf("easy_to_read: got %q, want it sanitised to %q", site.EasyToRead, want)
	}
	got := map[string]bool{}
	err = b.EachBlob(func(sha string, _ int64, r io.Reader) error {
		got[sha] = true
		_, err := io.Copy(io.Discard, r)
		return err
	})
	if err != nil {
		t.Fatalf("EachBlob: %v", err)
	}
	for _, f := range []content.Blob{site.SignLanguage.Video, site.SignLanguage.Captions} {
		if !got[f.SHA256] {
			t.Errorf("EachBlob: the recording's file %s (%s) is not in the bundle", f.SHA256, f.Type)
		}
	}
}

func TestSiteSignLanguageRefused(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *sample)
		phrase string
	}{
		{"a video type the shells do not play", func(s *sample) { s.site.SignLanguage.Video.Type = "video/x-msvideo" }, `video type "video/x-msvideo"`},
		{"captions that are not WebVTT", func(s *sample) { s.site.SignLanguage.Captions.Type = "application/x-subrip" }, "captions type"},
		{"a video over its bound", func(s *sample) { s.site.SignLanguage.Video.Size = content.MaxSignVideo + 1 }, "the limit is"},
		{"captions missing", func(s *sample) { delete(s.blobs, s.site.SignLanguage.Captions.SHA256) }, "open file"},
		{"a title over its bound", func(s *sample) { s.site.SignLanguage.Title = strings.Repeat("a", content.MaxTitle+1) }, "sign_language.title"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSample()
			withSignLanguage(&s)
			tc.change(&s)
			err := Write(io.Discard, WriteOptions{Key: chojnow, Sequence: 1, Created: created}, s.site, s.nodes, s.opener())
			if err == nil || !strings.Contains(err.Error(), tc.phrase) {
				t.Errorf("got %v, want an error containing %q", err, tc.phrase)
			}
		})
	}
}
