package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"bipkiosk/internal/readaloud"
	"bipkiosk/internal/speech"
)

// Reading a page aloud. A page that shows the player (the "speech-player"
// partial) marks the regions it reads with data-speak; after the template
// has run, readaloud wraps their sentences in spans and gives the list of
// sentences, which is kept here for the audio requests that follow. Audio
// of sentence N is made from exactly the text the page shows: on a miss
// (a restart, an evicted page) the page is rendered again through its own
// handler to get it.

// The read-aloud paths: sentence audio keyed by the generation, and the
// whole page for a reader without scripts. The page is named by its own
// path and query in the parameter s.
const (
	readPath  = "/mowa/czytaj"
	wholePath = "/mowa/calosc"
)

// Bounds of the whole-page audio: it is made at once, in memory.
const (
	maxWholeSentences = 100
	maxWholeSeconds   = 600
)

// playerMarker is in every page that shows the player.
var playerMarker = []byte(`data-module="bk-speech"`)

// bulletinLang is the language of the bulletin's text.
const bulletinLang = "pl"

// speechOn reports whether pages show the player.
func (h *handler) speechOn() bool { return h.speech.Available() == nil }

// speechVersion is the part of the pages' version that says whether they
// carry the player: a restart with or without an engine must not be
// answered 304 with the other markup.
func (h *handler) speechVersion() string {
	if h.speechOn() {
		return "-speech"
	}
	return ""
}

// scriptKey names a page's script: the generation, the UI language (the
// metryczka's labels) and the page's path and query.
func scriptKey(gen uint64, lang, page string) string {
	return strconv.FormatUint(gen, 10) + " " + lang + " " + page
}

// scriptCache keeps the sentences of the pages read most recently.
type scriptCache struct {
	mu    sync.Mutex
	gen   uint64
	items map[string]readaloud.Script
}

// maxScripts bounds the script cache; it is emptied when full, as a page
// rendered again gives its script back.
const maxScripts = 256

func (c *scriptCache) get(gen uint64, key string) (readaloud.Script, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.items[key]
	return s, ok && gen == c.gen
}

func (c *scriptCache) put(gen uint64, key string, s readaloud.Script) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || len(c.items) >= maxScripts || c.items == nil {
		c.gen, c.items = gen, map[string]readaloud.Script{}
	}
	c.items[key] = s
}

// captureKey marks a page rendered only for its sentences: it is not
// counted as a visit, nor answered from the page cache (which keeps no
// sentences).
type captureKey struct{}

func capturing(r *http.Request) bool { return r.Context().Value(captureKey{}) != nil }

// markSpeech wraps the sentences of a page that shows the player and keeps
// its script.
func (h *handler) markSpeech(r *http.Request, s Settings, gen uint64, buf *bytes.Buffer) {
	if !h.speechOn() || !bytes.Contains(buf.Bytes(), playerMarker) {
		return
	}
	marked, script := readaloud.Mark(bulletinLang, buf.Bytes())
	h.scripts.put(gen, scriptKey(gen, string(s.Lang), shownPath(r)), script)
	buf.Reset()
	buf.Write(marked)
}

// pageScript returns the sentences of the page at target as shown to the
// asker of r (the same settings), rendering it again when they are not kept.
func (h *handler) pageScript(r *http.Request, gen uint64, target *url.URL) (readaloud.Script, bool) {
	s := h.settingsFor(r)
	key := scriptKey(gen, string(s.Lang), target.RequestURI())
	if script, ok := h.scripts.get(gen, key); ok {
		return script, true
	}
	r2 := r.Clone(context.WithValue(r.Context(), captureKey{}, true))
	r2.Method, r2.URL, r2.RequestURI = http.MethodGet, target, target.RequestURI()
	r2.Header.Del("If-None-Match")
	// Rendered as the page it is: a kiosk shows a file's address as its
	// attachment page only to a navigation.
	r2.Header.Set("Sec-Fetch-Mode", "navigate")
	r2.Header.Set("Accept", "text/html")
	h.mux.ServeHTTP(discard{header: http.Header{}}, r2)
	return h.scripts.get(gen, key)
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}

// speakablePage parses the s parameter: the path and query of a page that
// may show the player (a node, an attachment, the search results; in a
// kiosk also a file's address, which shows the attachment's page).
func (h *handler) speakablePage(s string) (*url.URL, error) {
	u, err := url.ParseRequestURI(s)
	if err == nil && u.Host == "" &&
		(strings.HasPrefix(u.Path, "/p/") || u.Path == "/szukaj" || h.kiosk && strings.HasPrefix(u.Path, "/pliki/")) {
		return u, nil
	}
	return nil, fmt.Errorf("%w: s %q: give the path of a page that reads aloud", errBadSpeechRequest, s)
}

// readRequest is what both read-aloud endpoints take.
type readRequest struct {
	gen   uint64
	page  *url.URL
	speed float64
	voice string
}

// parseReadRequest reads {gen}, s, speed and voice, and refuses a
// generation that is no longer installed.
func (h *handler) parseReadRequest(r *http.Request) (readRequest, error) {
	var rr readRequest
	if err := h.speech.Available(); err != nil {
		return rr, err
	}
	gen, err := strconv.ParseUint(r.PathValue("gen"), 10, 64)
	if err != nil {
		return rr, fmt.Errorf("%w: generation %q is not a number", errBadSpeechRequest, r.PathValue("gen"))
	}
	if gen != h.speechGeneration() {
		return rr, fmt.Errorf("%w: generation %d is not installed: load the page again", errGone, gen)
	}
	rr.gen = gen
	if rr.page, err = h.speakablePage(r.URL.Query().Get("s")); err != nil {
		return rr, err
	}
	if rr.speed, err = speechSpeed(r.URL.Query().Get("speed")); err != nil {
		return rr, err
	}
	rr.voice = r.URL.Query().Get("voice")
	return rr, nil
}

// errGone marks audio of a generation replaced since the page was shown.
var errGone = errors.New("web: page changed")

// sentenceID parses a sentence's id: its list ("" or "m") and index.
func sentenceID(id string) (string, int, error) {
	list := strings.TrimRight(id, "0123456789")
	n, err := strconv.Atoi(id[len(list):])
	if err != nil || (list != "" && list != "m") || len(id) > 8 {
		return "", 0, fmt.Errorf("%w: sentence %q: give its number, or m and a number for the metryczka", errBadSpeechRequest, id)
	}
	return list, n, nil
}

// listLang is the language a list is read in: the metryczka's labels and
// dates are in the UI language, the page's text in the bulletin's.
func (h *handler) listLang(r *http.Request, list string) string {
	if list == "m" {
		return string(h.settingsFor(r).Lang)
	}
	return bulletinLang
}

// readSentence answers GET /mowa/czytaj/{gen}/{n}?s=…: one sentence of a
// page as WAV. The URL names the generation, so the answer never changes.
func (h *handler) readSentence(w http.ResponseWriter, r *http.Request) {
	rr, err := h.parseReadRequest(r)
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	list, n, err := sentenceID(r.PathValue("n"))
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	script, ok := h.pageScript(r, rr.gen, rr.page)
	text, found := script.Sentence(list, n)
	if !ok || !found {
		h.speechError(w, r, fmt.Errorf("%w: the page %s has no sentence %s", errNoSentence, rr.page, r.PathValue("n")))
		return
	}
	lang := h.listLang(r, list)
	voice, err := h.speechVoice(lang, rr.voice)
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	h.trace.record(traceLine{Kind: traceRead, Lang: lang, Speed: rr.speed, ID: r.PathValue("n"), Page: rr.page.RequestURI(), Text: text})
	sn := speech.Sentence{Index: n, End: len(text), Text: text, Spoken: speech.Normalize(lang, text)}
	audio, err := h.speech.Audio(r.Context(), rr.gen, voice, rr.speed, sn)
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	writeWAV(w, audio, h.audioCacheControl())
}

// errNoSentence marks a sentence the page does not have.
var errNoSentence = errors.New("web: no such sentence")

// audioCacheControl is the caching of audio whose URL names the generation:
// kept for good, except in a kiosk, which keeps nothing of a visitor's.
func (h *handler) audioCacheControl() string {
	if h.kiosk {
		return "no-store"
	}
	return "private, max-age=31536000, immutable"
}

// readWhole answers GET /mowa/calosc/{gen}?s=…: the page's text as one
// WAV, for a reader without scripts; at most maxWholeSentences sentences
// and maxWholeSeconds of audio.
func (h *handler) readWhole(w http.ResponseWriter, r *http.Request) {
	rr, err := h.parseReadRequest(r)
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	script, ok := h.pageScript(r, rr.gen, rr.page)
	if !ok || len(script[""]) == 0 {
		h.speechError(w, r, fmt.Errorf("%w: the page %s has nothing to read", errNoSentence, rr.page))
		return
	}
	voice, err := h.speechVoice(bulletinLang, rr.voice)
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	h.trace.record(traceLine{Kind: traceWhole, Lang: bulletinLang, Speed: rr.speed, Page: rr.page.RequestURI()})
	audio, err := h.wholeAudio(r.Context(), rr, voice, script[""])
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	writeWAV(w, audio, h.audioCacheControl())
}

// wholeAudio speaks sentences one after another up to the bounds.
func (h *handler) wholeAudio(ctx context.Context, rr readRequest, voice string, texts []string) ([]byte, error) {
	var parts [][]byte
	var seconds float64
	for i, text := range texts[:min(len(texts), maxWholeSentences)] {
		sn := speech.Sentence{Index: i, End: len(text), Text: text, Spoken: speech.Normalize(bulletinLang, text)}
		audio, err := h.speech.Audio(ctx, rr.gen, voice, rr.speed, sn)
		if err != nil {
			return nil, err
		}
		if info, err := speech.ParseWAV(audio); err == nil {
			seconds += info.Duration().Seconds()
		}
		parts = append(parts, audio)
		if seconds >= maxWholeSeconds {
			break
		}
	}
	return speech.JoinWAV(parts)
}

// speechPlayer is what the player partial shows.
type speechPlayer struct {
	Src    string // sentence audio: Src + "/" + id + "?s=" + Page
	Page   string // the page's path and query
	Whole  string // the whole page's audio, for a reader without scripts
	Speeds []speedChoice
}

// speedChoice is one speed the player offers.
type speedChoice struct {
	Value, Label string
	Normal       bool
}

// playerSpeeds are the speeds offered, 0.75× to 2×.
var playerSpeeds = []float64{0.75, 1, 1.25, 1.5, 1.75, 2}

// SpeechPlayer is the read-aloud player of the page, or nil when speech is off.
func (l *Layout) SpeechPlayer() *speechPlayer {
	if !l.frame.speech {
		return nil
	}
	gen := strconv.FormatUint(l.Gen.Number, 10)
	p := &speechPlayer{
		Src:   readPath + "/" + gen,
		Page:  l.Path,
		Whole: wholePath + "/" + gen + "?" + url.Values{"s": {l.Path}}.Encode(),
	}
	for _, v := range playerSpeeds {
		label := strconv.FormatFloat(v, 'f', -1, 64)
		if l.Lang() != "en" {
			label = strings.Replace(label, ".", ",", 1)
		}
		p.Speeds = append(p.Speeds, speedChoice{Value: strconv.FormatFloat(v, 'f', -1, 64), Label: label + "×", Normal: v == 1})
	}
	return p
}

// SpeakAttr marks an element whose text the page reads aloud (data-speak),
// when speech is on; list names its list ("" the page's text, "m" the metryczka).
func (l *Layout) SpeakAttr(list ...string) template.HTMLAttr {
	if !l.frame.speech {
		return ""
	}
	if len(list) == 0 || list[0] == "" {
		return " data-speak"
	}
	return template.HTMLAttr(` data-speak="` + template.HTMLEscapeString(list[0]) + `"`)
}
