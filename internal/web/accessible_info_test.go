package web

import (
	"net/http"
	"strings"
	"testing"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// Stand-ins for a sign-language recording: the page and the server care
// about its type and bytes, not its pictures.
var (
	signVideoData = []byte("\x1a\x45\xdf\xa3 a WebM recording made for the tests, not real video")
	signVTTData   = []byte("WEBVTT\n\n1\n00:00.000 --> 00:03.000\n<v Tłumaczka>Dzień dobry.</v>\n\n00:03.000 --> 00:06.000\nTo jest Urząd Miejski w Testowie.\n")
)

// withAccessibleInfo gives the test bulletin an easy-to-read text and a
// sign-language recording.
func withAccessibleInfo(src *storetest.Source) {
	src.SiteData.EasyToRead = "<p>To jest urząd.</p><p>Urząd pracuje dla mieszkańców.</p>"
	src.Blobs[sha(signVideoData)] = signVideoData
	src.Blobs[sha(signVTTData)] = signVTTData
	src.SiteData.SignLanguage = &content.SignVideo{Title: "Urząd w PJM",
		Video:    content.Blob{SHA256: sha(signVideoData), Size: int64(len(signVideoData)), Type: "video/webm"},
		Captions: content.Blob{SHA256: sha(signVTTData), Size: int64(len(signVTTData)), Type: content.CaptionsType}}
}

func accessibleHandler(t *testing.T, with bool) http.Handler {
	t.Helper()
	src := testBulletin()
	if with {
		withAccessibleInfo(src)
	}
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, src, store.ImportOptions{})
	return newTestHandler(t, Deps{Store: st})
}

func TestAccessibleInfoPages(t *testing.T) {
	h := accessibleHandler(t, true)
	tests := []struct {
		path      string
		want, not []string
	}{
		{"/", []string{`href="/tekst-latwy">Informacje o urzędzie w tekście łatwym do czytania</a>`,
			`href="/jezyk-migowy">Informacje o urzędzie w polskim języku migowym (PJM)</a>`}, nil},
		{"/tekst-latwy", []string{"<h1>Tekst łatwy do czytania</h1>", `<div class="bk-prose bk-etr"><p>To jest urząd.</p><p>Urząd pracuje dla mieszkańców.</p></div>`}, nil},
		{"/jezyk-migowy", []string{
			`<video class="bk-pjm__video" controls preload="metadata" playsinline`,
			`<source src="/jezyk-migowy/nagranie?v=` + sha(signVideoData)[:16] + `" type="video/webm">`,
			`<track kind="captions" src="/jezyk-migowy/napisy?v=` + sha(signVTTData)[:16] + `" srclang="pl" label="Napisy po polsku" default>`,
			"<p>Dzień dobry.</p>", "<p>To jest Urząd Miejski w Testowie.</p>", "Urząd w PJM", "Nagranie nie włącza się samo"},
			[]string{"autoplay", "Tłumaczka"}},
	}
	for _, tt := range tests {
		rec := get(h, tt.path)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: got status %d, want 200", tt.path, rec.Code)
		}
		body := rec.Body.String()
		checkPage(t, tt.path, body)
		checkContains(t, tt.path, body, tt.want, tt.not)
	}

	files := []struct {
		path, ctype string
		data        []byte
	}{
		{signVideoPath, "video/webm", signVideoData},
		{signCaptionsPath, "text/vtt; charset=utf-8", signVTTData},
	}
	for _, f := range files {
		rec := get(h, f.path)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != f.ctype || rec.Body.String() != string(f.data) {
			t.Errorf("%s: got %d %q %q, want 200 %q with the stored bytes", f.path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String(), f.ctype)
		}
	}
	// A video element asks for ranges.
	rec := get(h, signVideoPath, func(r *http.Request) { r.Header.Set("Range", "bytes=0-3") })
	if rec.Code != http.StatusPartialContent || rec.Body.String() != string(signVideoData[:4]) {
		t.Errorf("range of the video: got %d %q, want 206 with the first 4 bytes", rec.Code, rec.Body.String())
	}
}

func TestAccessibleInfoAbsent(t *testing.T) {
	h := accessibleHandler(t, false)
	body := get(h, "/").Body.String()
	checkContains(t, "/", body, nil, []string{"/tekst-latwy", "/jezyk-migowy", "bk-home-access"})
	for _, p := range []string{easyToReadPath, signLanguagePath, signVideoPath, signCaptionsPath} {
		if rec := get(h, p); rec.Code != http.StatusNotFound {
			t.Errorf("%s without the site's text or recording: got status %d, want 404", p, rec.Code)
		}
	}
	if strings.Contains(body, "bk-pjm") {
		t.Error("home without a recording shows the recording")
	}
}
