package speech

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

// stubEngine records what it was asked to say; with hold set, each call
// waits until hold is closed.
type stubEngine struct {
	mu    sync.Mutex
	calls []string
	hold  chan struct{}
}

func (s *stubEngine) Voices(lang string) []Voice {
	return []Voice{{ID: "stub/" + lang, Lang: lang, Name: "stub"}}
}

func (s *stubEngine) Synthesize(ctx context.Context, voice string, speed float64, text string) ([]byte, error) {
	s.mu.Lock()
	s.calls = append(s.calls, text)
	s.mu.Unlock()
	if s.hold != nil {
		select {
		case <-s.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return testWAV(10), nil
}

func TestServiceSentencesAreNormalised(t *testing.T) {
	text := "Sesja odbędzie się 18.11.2003 r. o godz. 10:00.\nZapraszamy na ul. Kościuszki 5."
	got := NewService(nil, 0).Sentences("pl", text)
	want := []string{
		"Sesja odbędzie się osiemnastego listopada dwa tysiące trzeciego roku o godzinie dziesiątej.",
		"Zapraszamy na ulicy Kościuszki pięć.",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d sentences, want %d: %+v", len(got), len(want), got)
	}
	for i, s := range got {
		if s.Spoken != want[i] || s.Index != i || text[s.Start:s.End] != s.Text {
			t.Errorf("sentence %d = %+v, want spoken %q", i, s, want[i])
		}
	}
}

func TestServiceCachesAudio(t *testing.T) {
	engine := &stubEngine{}
	svc := NewService(engine, 0)
	s := svc.Sentences("pl", "Urząd jest czynny.")[0]
	for range 2 {
		if _, err := svc.Audio(context.Background(), 1, "stub/pl", 1, s); err != nil {
			t.Fatal(err)
		}
	}
	if len(engine.calls) != 1 {
		t.Fatalf("engine called %d times for the same sentence, want 1", len(engine.calls))
	}
	_, _ = svc.Audio(context.Background(), 1, "stub/pl", 1.5, s)
	_, _ = svc.Audio(context.Background(), 2, "stub/pl", 1, s)
	if len(engine.calls) != 3 {
		t.Errorf("engine called %d times, want 3: another speed and a new generation are not cached", len(engine.calls))
	}
	if st := svc.CacheStats(); st.Hits != 1 {
		t.Errorf("cache stats %+v, want 1 hit", st)
	}
}

func TestServiceSynthesizesASentenceOnceAtATime(t *testing.T) {
	engine := &stubEngine{hold: make(chan struct{})}
	svc := NewService(engine, 0)
	s := svc.Sentences("pl", "Urząd jest czynny.")[0]
	var wg sync.WaitGroup
	for range 3 { // the player prefetches, then plays, then the visitor presses repeat
		wg.Go(func() {
			if _, err := svc.Audio(context.Background(), 1, "stub/pl", 1, s); err != nil {
				t.Error(err)
			}
		})
	}
	waitFor(t, func() bool { return svc.flightWaiters() == 2 }) // one runs, two wait for it
	close(engine.hold)
	wg.Wait()
	if len(engine.calls) != 1 {
		t.Errorf("engine called %d times for one sentence asked for at once, want 1", len(engine.calls))
	}
}

func TestServiceWaiterOutlivesAnAbandonedPrefetch(t *testing.T) {
	engine := &stubEngine{hold: make(chan struct{})}
	svc := NewService(engine, 0)
	s := svc.Sentences("pl", "Urząd jest czynny.")[0]
	prefetch, abandon := context.WithCancel(context.Background())
	prefetchErr := make(chan error, 1)
	go func() {
		_, err := svc.Audio(prefetch, 1, "stub/pl", 1, s)
		prefetchErr <- err
	}()
	waitFor(t, func() bool { return svc.flightWaiters() == 0 })
	played := make(chan error, 1)
	go func() {
		_, err := svc.Audio(context.Background(), 1, "stub/pl", 1, s)
		played <- err
	}()
	waitFor(t, func() bool { return svc.flightWaiters() == 1 })
	abandon()
	if err := <-prefetchErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("abandoned prefetch: err = %v, want context.Canceled", err)
	}
	close(engine.hold)
	if err := <-played; err != nil {
		t.Fatalf("the sentence played after an abandoned prefetch failed: %v", err)
	}
}

// flightWaiters is how many wait for the one synthesis under way; -1 when
// none is.
func (s *Service) flightWaiters() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.inFlight {
		return f.waiters
	}
	return -1
}

func TestServiceWithoutEngine(t *testing.T) {
	svc := NewService(nil, 0)
	if err := svc.Available(); !errors.Is(err, ErrNoEngine) {
		t.Errorf("Available() = %v, want ErrNoEngine", err)
	}
	if v := svc.Voices("pl"); len(v) != 0 {
		t.Errorf("Voices = %v, want none", v)
	}
	s := svc.Sentences("pl", "Czytanie działa bez głosu.")
	if len(s) != 1 {
		t.Fatalf("Sentences without an engine = %v, want one sentence", s)
	}
	if _, err := svc.Audio(context.Background(), 1, "espeak-ng/pl", 1, s[0]); !errors.Is(err, ErrNoEngine) {
		t.Errorf("Audio() = %v, want ErrNoEngine", err)
	}
}

func TestClampSpeed(t *testing.T) {
	for in, want := range map[float64]float64{0: 1, 0.5: 0.75, 0.75: 0.75, 1.25: 1.25, 2: 2, 3: 2} {
		if got := ClampSpeed(in); got != want {
			t.Errorf("ClampSpeed(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestParseWAVRejectsOtherData(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("RIFF0000WAVX"), []byte(strings.Repeat("x", 64)), testWAV(0)[:36]} {
		if _, err := ParseWAV(b); err == nil {
			t.Errorf("ParseWAV(%q) accepted it", b)
		}
	}
}
