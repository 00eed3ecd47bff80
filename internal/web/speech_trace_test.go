package web

import (
	"bytes"
	"net/url"
	"regexp"
	"testing"
	"time"
)

// TestSpeechTrace: with a trace, every phrase and sentence the endpoints
// accept is one JSON line, in order, cached or not, stamped with the time
// it came; a refused request is not traced.
func TestSpeechTrace(t *testing.T) {
	page := url.QueryEscape(nodePath(idStatut))
	requests := []string{
		sayPath + "?lang=pl&t=Menu,+przycisk",
		readPath + "/1/1?s=" + page + "&speed=1.5",
		readPath + "/1/m2?s=" + page,
		sayPath + "?lang=pl&speed=9&t=Refused",
		sayPath + "?lang=pl&t=Menu,+przycisk",
		wholePath + "/1?s=" + page,
	}
	want := `{"kind":"say","lang":"pl","speed":1,"text":"Menu, przycisk"}
{"kind":"read","lang":"pl","speed":1.5,"id":"1","page":"/p/` + idStatut.String() + `","text":"Ośrodek działa na podstawie statutu z 2004 roku."}
{"kind":"read","lang":"pl","speed":1,"id":"m2","page":"/p/` + idStatut.String() + `","text":"Podmiot udostępniający"}
{"kind":"say","lang":"pl","speed":1,"text":"Menu, przycisk"}
{"kind":"whole","lang":"pl","speed":1,"page":"/p/` + idStatut.String() + `"}
`
	var trace bytes.Buffer
	on := speakingHandler(t, &fakeVoice{}, Deps{SpeechTrace: &trace})
	for _, r := range requests {
		get(on, r)
	}
	stamp := regexp.MustCompile(`"at":"([^"]*)",`)
	var last time.Time
	stamps := stamp.FindAllStringSubmatch(trace.String(), -1)
	if lines := bytes.Count(trace.Bytes(), []byte("\n")); len(stamps) != lines {
		t.Errorf("trace: %d times for %d lines; want one on every line", len(stamps), lines)
	}
	for _, m := range stamps {
		at, err := time.Parse("2006-01-02T15:04:05.000Z", m[1])
		if err != nil || at.Before(last) || time.Since(at) > time.Minute {
			t.Errorf("trace time %q: want UTC to the millisecond, now and in order (after %s)", m[1], last)
		}
		last = at
	}
	if got := stamp.ReplaceAllString(trace.String(), ""); got != want {
		t.Errorf("trace, times taken out:\n%s\nwant:\n%s", got, want)
	}
}
