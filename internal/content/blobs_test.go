package content

import (
	"errors"
	"slices"
	"testing"
)

func TestPageText(t *testing.T) {
	const text = "pierwsza\fdruga\f\fczwarta"
	tests := []struct {
		k    int
		want string
		ok   bool
	}{
		{1, "pierwsza", true}, {2, "druga", true}, {3, "", true}, {4, "czwarta", true},
		{5, "", false}, {0, "", false}, {-1, "", false},
	}
	for _, tt := range tests {
		if got, ok := PageText(text, tt.k); got != tt.want || ok != tt.ok {
			t.Errorf("PageText(%d): got %q, %v, want %q, %v", tt.k, got, ok, tt.want, tt.ok)
		}
	}
	if got, ok := PageText("bez stron", 1); got != "bez stron" || !ok {
		t.Errorf("PageText of a text without pages: got %q, %v, want it whole", got, ok)
	}
}

func TestPageOf(t *testing.T) {
	const text = "ab\fcd\fef"
	for at, want := range map[int]int{-5: 1, 0: 1, 2: 1, 3: 2, 5: 2, 6: 3, 7: 3, 100: 3} {
		if got := PageOf(text, at); got != want {
			t.Errorf("PageOf(%d): got %d, want %d", at, got, want)
		}
	}
}

func TestBlobs(t *testing.T) {
	b := func(s string) Blob { return Blob{SHA256: s} }
	a := Attachment{Blob: b("file"), Text: &AttachmentText{Blob: b("text")}, Pages: []PageImage{{Blob: b("p1")}, {Blob: b("p2")}}}
	if got, want := a.Blobs(), []Blob{b("file"), b("text"), b("p1"), b("p2")}; !slices.Equal(got, want) {
		t.Errorf("Attachment.Blobs: got %v, want %v", got, want)
	}
	if got := (Attachment{Blob: b("file")}).Blobs(); !slices.Equal(got, []Blob{b("file")}) {
		t.Errorf("Attachment.Blobs of a plain file: got %v", got)
	}
	logo := b("logo")
	s := Site{Logo: &logo, SignLanguage: &SignVideo{Video: b("video"), Captions: b("vtt")}}
	if got, want := s.Blobs(), []Blob{b("logo"), b("video"), b("vtt")}; !slices.Equal(got, want) {
		t.Errorf("Site.Blobs: got %v, want %v", got, want)
	}
}

func TestSignVideoCheck(t *testing.T) {
	ok := SignVideo{Video: Blob{Type: "video/webm", Size: 1000}, Captions: Blob{Type: "text/vtt; charset=utf-8", Size: 100}}
	tests := []struct {
		name   string
		change func(v *SignVideo)
		bad    bool
	}{
		{"WebM with WebVTT", func(*SignVideo) {}, false},
		{"MP4", func(v *SignVideo) { v.Video.Type = "video/mp4" }, false},
		{"AVI", func(v *SignVideo) { v.Video.Type = "video/x-msvideo" }, true},
		{"no type", func(v *SignVideo) { v.Video.Type = "" }, true},
		{"SRT captions", func(v *SignVideo) { v.Captions.Type = "application/x-subrip" }, true},
		{"video too large", func(v *SignVideo) { v.Video.Size = MaxSignVideo + 1 }, true},
		{"captions too large", func(v *SignVideo) { v.Captions.Size = MaxSignCaptions + 1 }, true},
	}
	for _, tt := range tests {
		v := ok
		tt.change(&v)
		err := v.Check()
		if (err != nil) != tt.bad || (err != nil && !errors.Is(err, ErrSignVideo)) {
			t.Errorf("%s: got %v, want an ErrSignVideo: %v", tt.name, err, tt.bad)
		}
	}
}
