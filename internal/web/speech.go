package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"bipkiosk/internal/speech"
)

// The speech endpoints (docs/speech.md).
const (
	// sayPath speaks a short phrase: the talking kiosk's announcements.
	sayPath = "/mowa/powiedz"
	// maxPhraseChars bounds a phrase of sayPath, in characters.
	maxPhraseChars = 300
)

// speechLangs are the languages the reader speaks.
var speechLangs = map[string]bool{"pl": true, "uk": true, "en": true}

// errBadSpeechRequest marks a request the speech endpoints refuse with 400.
var errBadSpeechRequest = errors.New("web: bad speech request")

// speechSpeed reads the speed parameter: empty is normal speed, anything else
// must be a number from speech.MinSpeed to speech.MaxSpeed.
func speechSpeed(v string) (float64, error) {
	if v == "" {
		return 1, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f >= speech.MinSpeed && f <= speech.MaxSpeed) {
		return 0, fmt.Errorf("%w: speed %q: give a number from %g to %g", errBadSpeechRequest, v, speech.MinSpeed, speech.MaxSpeed)
	}
	return f, nil
}

// speechLang reads the lang parameter: pl (the default), uk or en.
func speechLang(v string) (string, error) {
	if v == "" {
		return "pl", nil
	}
	if !speechLangs[v] {
		return "", fmt.Errorf("%w: lang %q: give pl, uk or en", errBadSpeechRequest, v)
	}
	return v, nil
}

// phraseText reads the t parameter: a phrase of 1 to maxPhraseChars characters.
func phraseText(v string) (string, error) {
	v = strings.TrimSpace(v)
	switch n := utf8.RuneCountInString(v); {
	case !utf8.ValidString(v):
		return "", fmt.Errorf("%w: t is not UTF-8", errBadSpeechRequest)
	case n == 0:
		return "", fmt.Errorf("%w: t is empty: give the text to say", errBadSpeechRequest)
	case n > maxPhraseChars:
		return "", fmt.Errorf("%w: t has %d characters, at most %d are said", errBadSpeechRequest, n, maxPhraseChars)
	}
	return v, nil
}

// saySpeech answers GET /mowa/powiedz?lang=pl|uk|en&speed=…&t=…: the phrase
// t, normalised and spoken, as one WAV. Each sentence is cached as a page's
// sentences are.
func (h *handler) saySpeech(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang, err := speechLang(q.Get("lang"))
	var speed float64
	var text string
	if err == nil {
		speed, err = speechSpeed(q.Get("speed"))
	}
	if err == nil {
		text, err = phraseText(q.Get("t"))
	}
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	voice, err := h.speechVoice(lang, q.Get("voice"))
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	sentences := h.speech.Sentences(lang, text)
	if len(sentences) == 0 {
		h.speechError(w, r, fmt.Errorf("%w: t %q has nothing to say", errBadSpeechRequest, text))
		return
	}
	h.trace.record(traceLine{Kind: traceSay, Lang: lang, Speed: speed, Text: text})
	audio, err := h.speech.Join(r.Context(), h.speechGeneration(), voice, speed, sentences)
	if err != nil {
		h.speechError(w, r, err)
		return
	}
	// A phrase may carry what a visitor typed: a kiosk keeps nothing.
	cc := "private, max-age=3600"
	if h.kiosk {
		cc = "no-store"
	}
	writeWAV(w, audio, cc)
}

// speechVoice picks the voice for lang: the one asked for when it speaks
// lang, else the best one.
func (h *handler) speechVoice(lang, asked string) (string, error) {
	voices := h.speech.Voices(lang)
	if len(voices) == 0 {
		if err := h.speech.Available(); err != nil {
			return "", err
		}
		return "", fmt.Errorf("%w: no voice for %q", speech.ErrUnknownVoice, lang)
	}
	if asked == "" {
		return voices[0].ID, nil
	}
	for _, v := range voices {
		if v.ID == asked {
			return v.ID, nil
		}
	}
	return "", fmt.Errorf("%w %q for %q", speech.ErrUnknownVoice, asked, lang)
}

// speechGeneration is the installed generation, which keys the audio cache;
// 0 when none is installed.
func (h *handler) speechGeneration() uint64 {
	g, err := h.store.Current()
	if err != nil {
		return 0
	}
	return g.Number
}

// writeWAV answers audio.
func writeWAV(w http.ResponseWriter, audio []byte, cacheControl string) {
	hd := w.Header()
	hd.Set("Content-Type", "audio/wav")
	hd.Set("Content-Length", strconv.Itoa(len(audio)))
	hd.Set("Cache-Control", cacheControl)
	hd.Set("X-Content-Type-Options", "nosniff")
	w.Write(audio)
}

// speechError answers a speech request that failed, in plain text: 400 for a
// bad request, 503 without an engine or with the queue full, nothing when
// the client went away.
func (h *handler) speechError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch {
	case r.Context().Err() != nil && errors.Is(err, context.Canceled):
		return // the listener pressed stop or moved on
	case errors.Is(err, errBadSpeechRequest), errors.Is(err, speech.ErrUnknownVoice):
		status = http.StatusBadRequest
	case errors.Is(err, errNoSentence):
		status = http.StatusNotFound
	case errors.Is(err, errGone):
		status = http.StatusGone
	case errors.Is(err, speech.ErrNoEngine):
		status = http.StatusServiceUnavailable
	case errors.Is(err, speech.ErrBusy):
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", "1")
	default:
		h.log.Warn("speech_failed", "path", r.URL.Path, "err", err)
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/plain; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintln(w, err.Error())
}
