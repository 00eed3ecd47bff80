package web

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// The speech trace is a support and test hook (Deps.SpeechTrace, the
// environment variable BIPKIOSK_SPEECH_TRACE of the program): one JSON line
// for every request the speech endpoints accept, in the order they reach
// synthesis, so what a kiosk said can be followed afterwards without a
// microphone, also in the desktop window, which has no HTTP traffic to
// listen in on. It is off (nil) unless asked for; when on it costs one
// small write per phrase or sentence.

// The kinds of traced request.
const (
	traceSay   = "say"   // a phrase of the talking kiosk (sayPath)
	traceRead  = "read"  // one sentence of a page (readPath)
	traceWhole = "whole" // a whole page, for a reader without scripts (wholePath)
)

// traceLine is one line of the speech trace.
type traceLine struct {
	At    string  `json:"at"` // when the request came, UTC to the millisecond: matched against what the visitor did
	Kind  string  `json:"kind"`
	Lang  string  `json:"lang"`
	Speed float64 `json:"speed"`
	ID    string  `json:"id,omitempty"`   // read: the sentence's id ("3", "m0")
	Page  string  `json:"page,omitempty"` // read, whole: the page's path and query
	Text  string  `json:"text,omitempty"` // say, read: the text as shown, before the normaliser
}

// speechTrace writes the trace; a nil *speechTrace traces nothing.
type speechTrace struct {
	mu sync.Mutex
	w  io.Writer
}

// newSpeechTrace traces to w; nil when w is nil (the trace is off).
func newSpeechTrace(w io.Writer) *speechTrace {
	if w == nil {
		return nil
	}
	return &speechTrace{w: w}
}

// record writes one line, whole, in one Write: a file opened for appending
// then never holds half a line. A failed write is dropped: the trace must
// never stop the reader speaking.
func (t *speechTrace) record(l traceLine) {
	if t == nil {
		return
	}
	l.At = time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	data, err := json.Marshal(l)
	if err != nil {
		return
	}
	data = append(data, '\n')
	t.mu.Lock()
	defer t.mu.Unlock()
	_, _ = t.w.Write(data)
}
