package web

import (
	"errors"
	"html/template"
	"net/http"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/webvtt"
)

// The accessibility law asks every public body to publish information
// about itself in easy-to-read text (ETR) and as a video in Polish Sign
// Language (PJM). A bundle carries both in its site (content.Site), and
// the home page links them when present. The video plays from the store,
// offline, in both shells: never on its own, with its captions on and
// the captions also as text under it (for a deafblind reader's Braille
// display, and anyone who cannot play video here).

// The paths of the two pages and of the video's files.
const (
	easyToReadPath   = "/tekst-latwy"
	signLanguagePath = "/jezyk-migowy"
	signVideoPath    = signLanguagePath + "/nagranie"
	signCaptionsPath = signLanguagePath + "/napisy"
)

// easyToReadPage is the bulletin's easy-to-read text.
type easyToReadPage struct {
	*Layout
	Text template.HTML
}

// showEasyToRead is GET /tekst-latwy: a 404 when the bundle has none.
func (h *handler) showEasyToRead(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "easy-to-read", func(rd *store.Reader, lay *Layout) (any, error) {
		if lay.Site.EasyToRead == "" {
			return nil, errNotFound()
		}
		lay.Title = lay.T("etr.title")
		return easyToReadPage{Layout: lay, Text: lay.Body(lay.Site.EasyToRead)}, nil
	})
}

// signLanguagePage is the bulletin's sign-language recording.
type signLanguagePage struct {
	*Layout
	Heading    string   // the recording's title, else the page's
	VideoType  string   // for <source type>
	Video      string   // URL of the video
	Captions   string   // URL of the WebVTT captions
	Transcript []string // the captions' cues as text
}

// showSignLanguage is GET /jezyk-migowy: a 404 when the bundle has no video.
func (h *handler) showSignLanguage(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "sign-language", func(rd *store.Reader, lay *Layout) (any, error) {
		v := lay.Site.SignLanguage
		if v == nil || v.Check() != nil || !sha256Hex.MatchString(v.Video.SHA256) || !sha256Hex.MatchString(v.Captions.SHA256) {
			return nil, errNotFound()
		}
		lay.Title = lay.T("pjm.title")
		// The files' addresses name their hashes, so a new recording is
		// never answered from a cache that kept the old one.
		p := signLanguagePage{Layout: lay, Heading: v.Title, VideoType: v.Video.Type,
			Video: signVideoPath + "?v=" + v.Video.SHA256[:16], Captions: signCaptionsPath + "?v=" + v.Captions.SHA256[:16]}
		err := rd.Blob(v.Captions.SHA256, func(data []byte) error {
			p.Transcript = webvtt.Text(data)
			return nil
		})
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return p, nil
	})
}

// serveSignVideo is GET /jezyk-migowy/nagranie: the recording's bytes, in
// ranges as a video element asks for them.
func (h *handler) serveSignVideo(w http.ResponseWriter, r *http.Request) {
	h.serveSignFile(w, r, func(v content.SignVideo) (content.Blob, string) { return v.Video, v.Video.Type })
}

// serveSignCaptions is GET /jezyk-migowy/napisy: the WebVTT captions.
func (h *handler) serveSignCaptions(w http.ResponseWriter, r *http.Request) {
	h.serveSignFile(w, r, func(v content.SignVideo) (content.Blob, string) {
		return v.Captions, content.CaptionsType + "; charset=utf-8"
	})
}

// serveSignFile serves one file of the site's recording, with a type from
// the allowed few (content.SignVideo.Check), never the bundle's own words.
func (h *handler) serveSignFile(w http.ResponseWriter, r *http.Request, pick func(content.SignVideo) (content.Blob, string)) {
	var v *content.SignVideo
	err := h.store.Read(func(rd *store.Reader) error {
		site, err := rd.Site()
		v = site.SignLanguage
		return err
	})
	if err != nil || v == nil || v.Check() != nil {
		h.showNotFound(w, r)
		return
	}
	b, ctype := pick(*v)
	if !sha256Hex.MatchString(b.SHA256) {
		h.showNotFound(w, r)
		return
	}
	h.serveBlob(w, r, b.SHA256, ctype, "")
}
