package speech

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

func TestEspeakSpeaksEachLanguage(t *testing.T) {
	e := requireEspeak(t)
	sentences := map[string]string{
		"pl": "Miejski Ośrodek Pomocy Społecznej przyjmuje wnioski w poniedziałki.",
		"uk": "Центр соціальної допомоги приймає заяви щопонеділка.",
		"en": "The social welfare centre accepts applications on Mondays.",
	}
	for lang, text := range sentences {
		t.Run(lang, func(t *testing.T) {
			voices := e.Voices(lang)
			if len(voices) == 0 {
				t.Fatalf("no voice for %q", lang)
			}
			audio, err := e.Synthesize(context.Background(), voices[0].ID, 1, text)
			if err != nil {
				t.Fatal(err)
			}
			w, err := ParseWAV(audio)
			if err != nil {
				t.Fatal(err)
			}
			if w.SampleRate < 16000 || w.Channels != 1 || w.BitsPerSample != 16 {
				t.Errorf("WAV is %d Hz, %d channels, %d bits; want speech-quality mono 16-bit", w.SampleRate, w.Channels, w.BitsPerSample)
			}
			if w.DataOffset+w.DataBytes != len(audio) {
				t.Errorf("header says %d bytes of samples at %d, file has %d bytes", w.DataBytes, w.DataOffset, len(audio))
			}
			// Speech runs at roughly 10 to 20 characters a second.
			chars := utf8.RuneCountInString(text)
			low := time.Duration(chars) * time.Second / 40
			high := time.Duration(chars)*time.Second/6 + time.Second
			if d := w.Duration(); d < low || d > high {
				t.Errorf("%d characters gave %v of audio, want between %v and %v", chars, d, low, high)
			}
		})
	}
}

func TestEspeakSpeedShortensAudio(t *testing.T) {
	e := requireEspeak(t)
	text := "Sesja Rady Miejskiej odbędzie się w sali konferencyjnej urzędu."
	durations := map[float64]time.Duration{}
	for _, speed := range []float64{1, 2} {
		audio, err := e.Synthesize(context.Background(), "espeak-ng/pl", speed, text)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := ParseWAV(audio)
		durations[speed] = w.Duration()
	}
	if durations[2] > durations[1]*3/4 {
		t.Errorf("at 2× the audio lasts %v, at 1× %v: want 2× much shorter", durations[2], durations[1])
	}
}

func TestEspeakMissingProgram(t *testing.T) {
	_, err := NewEspeak(EspeakOptions{Program: "bipkiosk-no-such-speech-program"})
	if !errors.Is(err, ErrNoEngine) {
		t.Fatalf("err = %v, want ErrNoEngine", err)
	}
	if !strings.Contains(err.Error(), "install espeak-ng and espeak-ng-data") {
		t.Errorf("error %q does not say what to install", err)
	}
}

func TestEspeakUnknownVoice(t *testing.T) {
	e := fakeEspeak(t, "plain:", EspeakOptions{})
	if _, err := e.Synthesize(context.Background(), "espeak-ng/xx", 1, "tekst"); !errors.Is(err, ErrUnknownVoice) {
		t.Fatalf("err = %v, want ErrUnknownVoice", err)
	}
}

func TestEspeakFixesWAVSizes(t *testing.T) {
	e := fakeEspeak(t, "plain:", EspeakOptions{})
	audio, err := e.Synthesize(context.Background(), "espeak-ng/pl", 1, "tekst")
	if err != nil {
		t.Fatal(err)
	}
	w, err := ParseWAV(audio)
	if err != nil {
		t.Fatal(err)
	}
	if w.DataBytes != 2*2205 || w.Duration() != 100*time.Millisecond {
		t.Errorf("data %d bytes, %v; want 4410 bytes, 100ms", w.DataBytes, w.Duration())
	}
	if got := int(audio[4]) | int(audio[5])<<8 | int(audio[6])<<16 | int(audio[7])<<24; got != len(audio)-8 {
		t.Errorf("RIFF size %d, want %d", got, len(audio)-8)
	}
}

func TestEspeakPoolBound(t *testing.T) {
	dir := t.TempDir()
	e := fakeEspeak(t, "count:"+dir, EspeakOptions{MaxProcs: 2})
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if _, err := e.Synthesize(context.Background(), "espeak-ng/pl", 1, "tekst"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	seen, _ := filepath.Glob(filepath.Join(dir, "seen-*"))
	if len(seen) != 6 {
		t.Fatalf("%d processes ran, want 6", len(seen))
	}
	most := 0
	for _, f := range seen {
		b, _ := os.ReadFile(f)
		n, _ := strconv.Atoi(string(b))
		most = max(most, n)
	}
	if most > 2 {
		t.Errorf("%d engine processes ran at once, want at most 2", most)
	}
}

func TestEspeakQueueBound(t *testing.T) {
	dir := t.TempDir()
	e := fakeEspeak(t, "count:"+dir, EspeakOptions{MaxProcs: 1, MaxQueue: 1})
	var wg sync.WaitGroup
	defer wg.Wait()
	for range 2 { // one runs, one waits
		wg.Go(func() { _, _ = e.Synthesize(context.Background(), "espeak-ng/pl", 1, "tekst") })
	}
	waitFor(t, func() bool { return len(e.queue) == 2 })
	if _, err := e.Synthesize(context.Background(), "espeak-ng/pl", 1, "tekst"); !errors.Is(err, ErrBusy) {
		t.Fatalf("third request: err = %v, want ErrBusy", err)
	}
}

func TestEspeakTimeout(t *testing.T) {
	e := fakeEspeak(t, "hang:"+filepath.Join(t.TempDir(), "pid"), EspeakOptions{Timeout: 300 * time.Millisecond})
	_, err := e.Synthesize(context.Background(), "espeak-ng/pl", 1, "tekst")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a deadline error", err)
	}
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 10s")
}
