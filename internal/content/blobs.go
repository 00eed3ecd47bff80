package content

import (
	"errors"
	"fmt"
	"mime"
	"strings"
)

// SignVideo is a recording in Polish Sign Language (PJM) with its captions,
// which the accessibility law asks a public body to publish about itself.
type SignVideo struct {
	Title    string `json:"title,omitempty"` // what the recording is about; empty means the app's own words
	Video    Blob   `json:"video"`           // video/webm or video/mp4
	Captions Blob   `json:"captions"`        // text/vtt (WebVTT), shown as the video's captions track
}

// The bounds of a sign-language recording: a few minutes of video a
// terminal plays from its own store, and captions of a few pages.
const (
	MaxSignVideo    = 100 << 20
	MaxSignCaptions = 512 << 10
)

// SignVideoTypes are the video types every shell plays: WebM (VP8/VP9)
// and MP4 (H.264).
var SignVideoTypes = []string{"video/webm", "video/mp4"}

// CaptionsType is the MIME type of WebVTT captions.
const CaptionsType = "text/vtt"

// ErrSignVideo reports a sign-language recording of a type or size the
// reader does not play.
var ErrSignVideo = errors.New("content: sign-language video")

// Check reports a recording whose video or captions are of a type the
// shells do not play or over their size bounds.
func (v SignVideo) Check() error {
	if !oneOf(v.Video.Type, SignVideoTypes) {
		return fmt.Errorf("%w: video type %q; give a WebM or MP4 file", ErrSignVideo, v.Video.Type)
	}
	if v.Video.Size > MaxSignVideo {
		return fmt.Errorf("%w: video is %d bytes; the limit is %d", ErrSignVideo, v.Video.Size, MaxSignVideo)
	}
	if !oneOf(v.Captions.Type, []string{CaptionsType}) {
		return fmt.Errorf("%w: captions type %q; give WebVTT captions (.vtt)", ErrSignVideo, v.Captions.Type)
	}
	if v.Captions.Size > MaxSignCaptions {
		return fmt.Errorf("%w: captions are %d bytes; the limit is %d", ErrSignVideo, v.Captions.Size, MaxSignCaptions)
	}
	return nil
}

// oneOf reports whether the MIME type t, parameters aside, is in types.
func oneOf(t string, types []string) bool {
	mt, _, err := mime.ParseMediaType(t)
	if err != nil {
		return false
	}
	for _, want := range types {
		if strings.EqualFold(mt, want) {
			return true
		}
	}
	return false
}

// Blobs returns every stored file the site refers to: its logo and its
// sign-language video and captions.
func (s Site) Blobs() []Blob {
	var out []Blob
	if s.Logo != nil {
		out = append(out, *s.Logo)
	}
	if v := s.SignLanguage; v != nil {
		out = append(out, v.Video, v.Captions)
	}
	return out
}

// Blobs returns every stored file the attachment refers to: the file
// itself, its text and its page images.
func (a Attachment) Blobs() []Blob {
	out := make([]Blob, 0, 2+len(a.Pages))
	out = append(out, a.Blob)
	if a.Text != nil {
		out = append(out, a.Text.Blob)
	}
	for _, p := range a.Pages {
		out = append(out, p.Blob)
	}
	return out
}

// PageText returns the text of page k (from 1) of an attachment's text, the
// k-th form-feed-separated segment, and whether the text has that page.
func PageText(text string, k int) (string, bool) {
	for i := 1; k >= 1; i++ {
		end := strings.IndexByte(text, '\f')
		if i == k {
			if end < 0 {
				return text, true
			}
			return text[:end], true
		}
		if end < 0 {
			break
		}
		text = text[end+1:]
	}
	return "", false
}

// PageOf returns the page (from 1) of an attachment's text on which the byte
// offset at falls: one more than the form feeds before it.
func PageOf(text string, at int) int {
	at = min(max(at, 0), len(text))
	return 1 + strings.Count(text[:at], "\f")
}
