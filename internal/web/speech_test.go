package web

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"bipkiosk/internal/content"
	"bipkiosk/internal/speech"
)

// fakeVoice is an engine in the test: each text becomes a WAV of one
// sample per byte of the text, so a test can tell what was said.
type fakeVoice struct {
	mu    sync.Mutex
	texts []string      // what it was asked to say, in order
	err   error         // returned instead of audio when set
	block chan struct{} // when set, Synthesize waits for it or for ctx
}

func (f *fakeVoice) Voices(lang string) []speech.Voice {
	return []speech.Voice{{ID: "fake/" + lang, Lang: lang, Name: "fake " + lang}}
}

func (f *fakeVoice) Synthesize(ctx context.Context, voiceID string, speed float64, text string) ([]byte, error) {
	f.mu.Lock()
	f.texts = append(f.texts, voiceID+"|"+text)
	f.mu.Unlock()
	if f.block != nil {
		select {
		case <-f.block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	return fakeWAV(len(text)), nil
}

func (f *fakeVoice) said() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.texts...)
}

// fakeWAV is a 22,050 Hz mono 16-bit WAV of n silent samples.
func fakeWAV(n int) []byte {
	b := make([]byte, 44+2*n)
	copy(b, "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(len(b)-8))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], 22050)
	binary.LittleEndian.PutUint32(b[28:], 44100)
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(2*n))
	return b
}

// wavSamples is how many samples a WAV answer holds.
func wavSamples(t *testing.T, b []byte) int {
	t.Helper()
	w, err := speech.ParseWAV(b)
	if err != nil {
		t.Fatalf("answer is not a WAV: %v", err)
	}
	return w.DataBytes / 2
}

func speakingHandler(t *testing.T, f *fakeVoice, deps Deps) http.Handler {
	t.Helper()
	deps.Speech = speech.NewService(f, 0)
	return newTestHandler(t, deps)
}

func TestSaySpeech(t *testing.T) {
	long := strings.Repeat("ż", maxPhraseChars)
	tests := []struct {
		name   string
		query  string
		status int
		said   []string // what the engine was asked to say
		body   string   // in a refusal's text
	}{
		{"polish phrase", "lang=pl&t=Menu,+przycisk", 200, []string{"fake/pl|Menu, przycisk"}, ""},
		{"lang defaults to pl", "t=Szukaj", 200, []string{"fake/pl|Szukaj"}, ""},
		{"normalised", "lang=pl&t=ul.+Rynek+1", 200, []string{"fake/pl|ulica Rynek jeden"}, ""},
		{"two sentences joined", "lang=en&speed=1.5&t=Menu.+Search.", 200, []string{"fake/en|Menu.", "fake/en|Search."}, ""},
		{"ukrainian", "lang=uk&speed=0.75&t=Пошук", 200, []string{"fake/uk|Пошук"}, ""},
		{"at most 300 characters", "t=" + url.QueryEscape(long), 200, []string{"fake/pl|" + long}, ""},
		{"too long", "t=" + url.QueryEscape(long+"a"), 400, nil, "at most 300"},
		{"empty", "lang=pl&t=", 400, nil, "t is empty"},
		{"blank", "lang=pl&t=+++", 400, nil, "t is empty"},
		{"missing text", "lang=pl", 400, nil, "t is empty"},
		{"bad lang", "lang=de&t=Hallo", 400, nil, "lang"},
		{"speed too slow", "speed=0.5&t=Menu", 400, nil, "speed"},
		{"speed too fast", "speed=2.01&t=Menu", 400, nil, "speed"},
		{"speed not a number", "speed=NaN&t=Menu", 400, nil, "speed"},
		{"unknown voice", "voice=espeak-ng/de&t=Menu", 400, nil, "unknown voice"},
		{"nothing to say", "t=...", 400, nil, "nothing to say"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeVoice{}
			h := speakingHandler(t, f, Deps{})
			rec := get(h, sayPath+"?"+tt.query)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if got := strings.Join(f.said(), "\n"); got != strings.Join(tt.said, "\n") {
				t.Errorf("said %q, want %q", f.said(), tt.said)
			}
			if tt.status != 200 {
				if !strings.Contains(rec.Body.String(), tt.body) || rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
					t.Errorf("refusal %q (%s), want plain text with %q", rec.Body, rec.Header().Get("Content-Type"), tt.body)
				}
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != "audio/wav" {
				t.Errorf("Content-Type %q, want audio/wav", ct)
			}
			want := 0
			for _, s := range tt.said {
				_, text, _ := strings.Cut(s, "|")
				want += len(text)
			}
			if got := wavSamples(t, rec.Body.Bytes()); got != want {
				t.Errorf("answer has %d samples, want %d (every sentence, joined)", got, want)
			}
		})
	}
}

func TestSaySpeechCachesAndKioskStoresNothing(t *testing.T) {
	for _, kiosk := range []bool{false, true} {
		f := &fakeVoice{}
		h := speakingHandler(t, f, Deps{Kiosk: kiosk})
		for range 3 {
			if rec := get(h, sayPath+"?t=Menu"); rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
		}
		if n := len(f.said()); n != 1 {
			t.Errorf("kiosk %t: engine ran %d times for one phrase asked thrice, want 1", kiosk, n)
		}
		rec := get(h, sayPath+"?t=Menu")
		want := map[bool]string{false: "private, max-age=3600", true: "no-store"}[kiosk]
		if cc := rec.Header().Get("Cache-Control"); cc != want {
			t.Errorf("kiosk %t: Cache-Control %q, want %q", kiosk, cc, want)
		}
	}
}

func TestSaySpeechWithoutEngineOrBusy(t *testing.T) {
	silent := newTestHandler(t, Deps{}) // no Speech: silent
	rec := get(silent, sayPath+"?t=Menu")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "espeak-ng") {
		t.Errorf("without an engine: %d %q, want 503 saying what to install", rec.Code, rec.Body)
	}
	busy := speakingHandler(t, &fakeVoice{err: speech.ErrBusy}, Deps{})
	rec = get(busy, sayPath+"?t=Menu")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("queue full: %d, Retry-After %q; want 503 and 1", rec.Code, rec.Header().Get("Retry-After"))
	}
}

func TestSaySpeechStopsWhenClientLeaves(t *testing.T) {
	f := &fakeVoice{block: make(chan struct{})}
	h := speakingHandler(t, f, Deps{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		get(h, sayPath+"?t=Menu", func(r *http.Request) { *r = *r.WithContext(ctx) })
		close(done)
	}()
	for len(f.said()) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("synthesis went on after the client left")
	}
}

func TestSpeechPlayerShownOnlyWithEngine(t *testing.T) {
	article, attachment := nodePath(idStatut), attachmentPagePath(idStatut, sha(pdfData))
	for _, tt := range []struct {
		name   string
		speech bool
		path   string
		want   []string
		not    []string
	}{
		{"article", true, article,
			[]string{`data-module="bk-speech"`, `<h1 data-speak><span data-sentence="0">Statut MOPS</span></h1>`,
				`<span data-sentence="1">Ośrodek działa na podstawie statutu z 2004 roku.</span>`,
				`<dl class="bk-meta" data-speak="m">`, `<span data-sentence="m0">`,
				`<noscript><p><a href="/mowa/calosc/1?s=%2Fp%2F` + idStatut.String() + `">`},
			nil},
		{"search results", true, "/szukaj?q=statut", []string{`data-module="bk-speech"`, `data-page="/szukaj?q=statut"`, `data-sentence="0"`}, nil},
		{"search form alone", true, "/szukaj", nil, []string{`data-module="bk-speech"`}},
		{"print version", true, printPath(idStatut), nil, []string{`data-module="bk-speech"`, `data-sentence`}},
		{"home", true, "/", nil, []string{`data-module="bk-speech"`}},
		{"silent article", false, article, []string{`<h1>Statut MOPS</h1>`}, []string{`bk-speech`, `data-speak`, `data-sentence`}},
		{"silent attachment", false, attachment, nil, []string{`bk-speech`, `data-speak`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var h http.Handler
			if tt.speech {
				h = speakingHandler(t, &fakeVoice{}, Deps{})
			} else {
				h = newTestHandler(t, Deps{})
			}
			rec := get(h, tt.path)
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			checkPage(t, tt.path, rec.Body.String())
			checkContains(t, tt.path, rec.Body.String(), tt.want, tt.not)
		})
	}
}

func TestReadSentence(t *testing.T) {
	page := url.QueryEscape(nodePath(idStatut))
	base := readPath + "/1/"
	tests := []struct {
		name   string
		target string
		status int
		said   string // what the engine was asked to say
	}{
		{"title", base + "0?s=" + page, 200, "fake/pl|Statut MOPS"},
		{"body, normalised", base + "1?s=" + page + "&speed=1.5", 200, "fake/pl|Ośrodek działa na podstawie statutu z dwa tysiące czwartego roku."},
		{"metryczka in the UI language", base + "m2?s=" + page, 200, "fake/pl|Podmiot udostępniający"},
		{"past the last sentence", base + "3?s=" + page, 404, ""},
		{"not a sentence", base + "x1?s=" + page, 400, ""},
		{"negative", base + "-1?s=" + page, 400, ""},
		{"old generation", readPath + "/0/0?s=" + page, 410, ""},
		{"generation not a number", readPath + "/g/0?s=" + page, 400, ""},
		{"no page", base + "0", 400, ""},
		{"not a reading page", base + "0?s=" + url.QueryEscape("/mowa/czytaj/1/0"), 400, ""},
		{"another host", base + "0?s=" + url.QueryEscape("//example.org/p/x"), 400, ""},
		{"page without a player", base + "0?s=" + url.QueryEscape(printPath(idStatut)), 404, ""},
		{"missing page", base + "0?s=" + url.QueryEscape(nodePath(idMissing)), 404, ""},
		{"bad speed", base + "0?s=" + page + "&speed=3", 400, ""},
		{"search results", base + "0?s=" + url.QueryEscape("/szukaj?q=statut"), 200, "fake/pl|Statut MOPS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeVoice{}
			h := speakingHandler(t, f, Deps{})
			rec := get(h, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if got := strings.Join(f.said(), "\n"); got != tt.said {
				t.Errorf("said %q, want %q", got, tt.said)
			}
			if tt.status == 200 {
				if cc := rec.Header().Get("Cache-Control"); cc != "private, max-age=31536000, immutable" {
					t.Errorf("Cache-Control %q, want immutable: the URL names the generation", cc)
				}
				_, text, _ := strings.Cut(tt.said, "|")
				if got := wavSamples(t, rec.Body.Bytes()); got != len(text) {
					t.Errorf("%d samples, want %d", got, len(text))
				}
			}
		})
	}
}

var idMissing = content.NodeID("missing")

func TestReadSentenceUsesTheRenderedPage(t *testing.T) {
	f := &fakeVoice{}
	st := openStore(t)
	h := speakingHandler(t, f, Deps{Store: st})
	en := withCookie(&http.Cookie{Name: cookieName, Value: "lang=en"})
	target := readPath + "/1/m2?s=" + url.QueryEscape(nodePath(idStatut))
	if rec := get(h, target, en); rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if got := f.said(); len(got) != 1 || got[0] != "fake/en|Publishing body" {
		t.Errorf("said %q, want the English label in the English voice", got)
	}
	// Rendering the page for its sentences is not a visit.
	get(h, readPath+"/1/1?s="+url.QueryEscape(nodePath(idStatut))+"&speed=2")
	if _, total, err := st.TerminalVisits(0); err != nil || total != 0 {
		t.Errorf("visits: %d (%v) after audio requests only, want 0", total, err)
	}
}

func TestReadWhole(t *testing.T) {
	f := &fakeVoice{}
	h := speakingHandler(t, f, Deps{})
	rec := get(h, wholePath+"/1?s="+url.QueryEscape(nodePath(idStatut)))
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	want := len("Statut MOPS") + len("Ośrodek działa na podstawie statutu z dwa tysiące czwartego roku.") + len("pomoc społeczna")
	if got := wavSamples(t, rec.Body.Bytes()); got != want || len(f.said()) != 3 {
		t.Errorf("%d samples from %q, want %d: the page's three sentences, not the metryczka", got, f.said(), want)
	}
	silent := newTestHandler(t, Deps{})
	if rec := get(silent, wholePath+"/1?s="+url.QueryEscape(nodePath(idStatut))); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("without an engine: %d, want 503", rec.Code)
	}
}

func TestReadWholeBounded(t *testing.T) {
	var texts []string
	for i := range maxWholeSentences + 20 {
		texts = append(texts, fmt.Sprintf("Zdanie %d.", i))
	}
	f := &fakeVoice{}
	inner, err := newHandler(Deps{Store: openStore(t), Speech: speech.NewService(f, 0)})
	if err != nil {
		t.Fatal(err)
	}
	audio, err := inner.wholeAudio(context.Background(), readRequest{gen: 1, speed: 1}, "fake/pl", texts)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.said()); n != maxWholeSentences {
		t.Errorf("spoke %d sentences of %d, want at most %d", n, len(texts), maxWholeSentences)
	}
	if len(audio) == 0 {
		t.Error("no audio")
	}
}

func TestReadSentenceKioskKeepsNothing(t *testing.T) {
	h := speakingHandler(t, &fakeVoice{}, Deps{Kiosk: true})
	for _, target := range []string{
		readPath + "/1/0?s=" + url.QueryEscape(nodePath(idStatut)),
		wholePath + "/1?s=" + url.QueryEscape(nodePath(idStatut)),
	} {
		rec := get(h, target)
		if rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s in a kiosk: %d, Cache-Control %q; want 200, no-store", target, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
}

func TestPageAllowsBlobAudio(t *testing.T) {
	rec := get(speakingHandler(t, &fakeVoice{}, Deps{}), nodePath(idStatut))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "media-src 'self' blob:") {
		t.Errorf("CSP %q: the player plays fetched audio from blob: addresses", csp)
	}
}

// TestReadSentenceKioskFilePage: in a kiosk a file's address shows the
// attachment's page, and its player reads from that page; outside a kiosk
// the address is the file and has nothing to read.
func TestReadSentenceKioskFilePage(t *testing.T) {
	file := "/pliki/" + sha(pdfData) + "/statut%20mops.pdf"
	nav := func(r *http.Request) { r.Header.Set("Sec-Fetch-Mode", "navigate") }
	for _, kiosk := range []bool{true, false} {
		f := &fakeVoice{}
		h := speakingHandler(t, f, Deps{Kiosk: kiosk})
		if kiosk {
			page := get(h, file, nav).Body.String()
			checkContains(t, file, page, []string{`data-page="` + file + `"`, `data-sentence="0"`}, nil)
		}
		rec := get(h, readPath+"/1/0?s="+url.QueryEscape(file))
		want := map[bool]int{true: 200, false: 400}[kiosk]
		if rec.Code != want {
			t.Errorf("kiosk %t: %d %s, want %d", kiosk, rec.Code, rec.Body, want)
		}
		if kiosk && strings.Join(f.said(), "") != "fake/pl|Statut MOPS – tekst jednolity" {
			t.Errorf("said %q, want the attachment's title", f.said())
		}
	}
}

// TestViewerTextReadAloud: the page viewer's text (a page's own text, or
// the whole file's) is read aloud as an attachment's text page is: marked
// in sentences, and each sentence's audio is that page's text.
func TestViewerTextReadAloud(t *testing.T) {
	f := &fakeVoice{}
	h, atts := viewerHandler(t, Deps{Kiosk: true, Speech: speech.NewService(f, 0)})
	page := attachmentPagePath(idZlobek, atts[0].SHA256) + "?strona=2"
	body := get(h, page).Body.String()
	checkContains(t, page, body, []string{`data-page="` + page + `"`,
		`bk-viewer__page-text" data-speak><span data-sentence="1">Druga strona mówi o opłatach za wyżywienie</span>`}, nil)
	rec := get(h, readPath+"/1/1?s="+url.QueryEscape(page))
	if rec.Code != 200 || strings.Join(f.said(), "") != "fake/pl|Druga strona mówi o opłatach za wyżywienie" {
		t.Errorf("sentence 1 of %s: %d, said %q; want page 2's text", page, rec.Code, f.said())
	}
	whole := attachmentPagePath(idZlobek, atts[3].SHA256)
	checkContains(t, whole, get(h, whole).Body.String(), []string{`<span data-sentence="1">Cennik z warstwa tekstowa</span>`}, nil)
}
