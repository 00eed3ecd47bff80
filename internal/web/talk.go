package web

import (
	"encoding/json"
	"errors"
	"strings"
)

// SpeechOutput is where a talking kiosk's speech is heard: an operator
// setting (--speech-output), since only the operator knows whether the
// terminal has a headphone socket or a speaker.
type SpeechOutput string

// The speech outputs. Headphones are the default: what a visitor hears may
// be what they searched for, and EN 301 549 5.1.3.9 asks for private
// listening where personal data is spoken.
const (
	SpeechHeadphones SpeechOutput = "headphones"
	SpeechSpeakers   SpeechOutput = "speakers"
)

// ErrSpeechOutput reports a speech output other than headphones or speakers.
var ErrSpeechOutput = errors.New(`web: speech output must be "headphones" or "speakers"`)

// ParseSpeechOutput reads a --speech-output value; empty means headphones.
func ParseSpeechOutput(s string) (SpeechOutput, error) {
	switch o := SpeechOutput(strings.TrimSpace(s)); o {
	case "", SpeechHeadphones:
		return SpeechHeadphones, nil
	case SpeechSpeakers:
		return SpeechSpeakers, nil
	default:
		return "", ErrSpeechOutput
	}
}

// defaultVolume is the talking kiosk's starting volume (of the page's audio
// element, 0.1 to 1 in tenths; the system mixer sets the ceiling): lower in
// headphones, close to the ear; higher from a speaker in a noisy hall. Every
// new visitor starts here again (EN 301 549 5.1.3.13).
func (o SpeechOutput) defaultVolume() float64 {
	if o == SpeechSpeakers {
		return 0.8
	}
	return 0.5
}

// talkPhraseKeys are the catalogue keys (under "talk.") of what the talking
// kiosk says besides the page itself: its announcements, roles and states.
// The script gets them translated, as one JSON object on its button.
var talkPhraseKeys = []string{
	"on", "off", "unavailable", "headphones", "speakers", "help1", "help2", "help3",
	"help4", "page", "top", "end", "nothingBack", "noRead", "volume", "speed",
	"role.link", "role.button", "role.heading", "role.field", "role.search", "role.checkbox", "role.radio", "role.list",
	"role.dialog", "role.nav", "role.key", "state.pressed", "state.notPressed", "state.expanded", "state.collapsed", "state.current",
	"state.disabled", "state.checked", "state.notChecked", "state.empty", "masked",
}

// talkView is what the talking kiosk's button carries for its script.
type talkView struct {
	Output  string // "headphones" or "speakers"
	Volume  float64
	Phrases string // JSON: key → the phrase in the page's language
	Silent  bool   // no speech engine: the button says speech is not available
}

// Talk is the talking kiosk's data for the frame; nil outside a kiosk.
func (l *Layout) Talk() *talkView {
	if !l.frame.kiosk {
		return nil
	}
	phrases := make(map[string]string, len(talkPhraseKeys))
	for _, k := range talkPhraseKeys {
		phrases[k] = l.T("talk." + k)
	}
	data, _ := json.Marshal(phrases) // strings only: cannot fail
	out := cmpOutput(l.frame.speechOutput)
	return &talkView{Output: string(out), Volume: out.defaultVolume(), Phrases: string(data), Silent: l.frame.speechSilent}
}

// cmpOutput is o, or headphones when unset (a Deps without the field).
func cmpOutput(o SpeechOutput) SpeechOutput {
	if o == "" {
		return SpeechHeadphones
	}
	return o
}
