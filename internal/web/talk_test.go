package web

import (
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"bipkiosk/internal/i18n"
	"bipkiosk/internal/speech"
)

func TestParseSpeechOutput(t *testing.T) {
	tests := []struct {
		in      string
		want    SpeechOutput
		wantErr bool
	}{
		{in: "", want: SpeechHeadphones},
		{in: "headphones", want: SpeechHeadphones},
		{in: "speakers", want: SpeechSpeakers},
		{in: " speakers ", want: SpeechSpeakers},
		{in: "Speakers", wantErr: true},
		{in: "loud", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseSpeechOutput(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSpeechOutput(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrSpeechOutput) {
			t.Errorf("ParseSpeechOutput(%q): error %v does not wrap ErrSpeechOutput", tt.in, err)
		}
	}
	if _, err := NewHandler(Deps{Store: openStore(t), Kiosk: true, SpeechOutput: "loud"}); !errors.Is(err, ErrSpeechOutput) {
		t.Errorf("NewHandler with SpeechOutput \"loud\": got %v, want ErrSpeechOutput", err)
	}
}

var talkButtonRE = regexp.MustCompile(`<button class="bk-kiosknav__button bk-talk"[^>]*>`)

// TestTalkButton: a kiosk page carries the talking kiosk's button with the
// operator's speech output, its starting volume, whether there is a voice,
// and every phrase translated; a page outside a kiosk carries none.
func TestTalkButton(t *testing.T) {
	voice := speech.NewService(&fakeVoice{}, 0)
	tests := []struct {
		name       string
		deps       Deps
		lang       i18n.Lang
		wantButton bool
		want       []string // in the button's tag
		wantState  string
	}{
		{name: "not a kiosk", deps: Deps{Speech: voice}},
		{name: "headphones", deps: Deps{Kiosk: true, Speech: voice}, lang: i18n.Polish, wantButton: true,
			want: []string{`data-output="headphones"`, `data-volume="0.5"`, `aria-pressed="false"`, ` hidden`}, wantState: "wyłączona"},
		{name: "speakers", deps: Deps{Kiosk: true, Speech: voice, SpeechOutput: SpeechSpeakers}, lang: i18n.English, wantButton: true,
			want: []string{`data-output="speakers"`, `data-volume="0.8"`}, wantState: "off"},
		{name: "no voice", deps: Deps{Kiosk: true}, lang: i18n.Ukrainian, wantButton: true,
			want: []string{`aria-disabled="true"`, `data-silent`}, wantState: "недоступне"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			s := DefaultSettings()
			if tt.lang != "" {
				s.Lang = tt.lang
			}
			rec := get(h, "/", withCookie(&http.Cookie{Name: cookieName, Value: s.Encode()}))
			body := rec.Body.String()
			tag := talkButtonRE.FindString(body)
			if (tag != "") != tt.wantButton {
				t.Fatalf("talk button: got %q, want one %v", tag, tt.wantButton)
			}
			if tag == "" {
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(tag, w) {
					t.Errorf("talk button %s lacks %s", tag, w)
				}
			}
			if tt.deps.Speech != nil && strings.Contains(tag, "data-silent") {
				t.Errorf("talk button with a voice is marked silent: %s", tag)
			}
			if !strings.Contains(body, `aria-hidden="true"`) || !strings.Contains(body, ">"+tt.wantState+"</span></button>") {
				t.Errorf("talk button's state word: want %q", tt.wantState)
			}
			m := regexp.MustCompile(`data-phrases="([^"]*)"`).FindStringSubmatch(tag)
			if m == nil {
				t.Fatalf("talk button has no phrases: %s", tag)
			}
			var phrases map[string]string
			if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &phrases); err != nil {
				t.Fatalf("phrases: %v", err)
			}
			for _, k := range talkPhraseKeys {
				if v := phrases[k]; v == "" || v == "talk."+k {
					t.Errorf("phrase %q in %s: got %q, want a translation", k, tt.lang, v)
				}
			}
		})
	}
}
