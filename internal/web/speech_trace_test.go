package web

import (
	"bytes"
	"net/url"
	"testing"
)

// TestSpeechTrace: with a trace, every phrase and sentence the endpoints
// accept is one JSON line, in order, cached or not; a refused request is
// not traced.
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
	if got := trace.String(); got != want {
		t.Errorf("trace:\n%s\nwant:\n%s", got, want)
	}
}
