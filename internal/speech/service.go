package speech

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
)

// Sentence is one unit of speech: a span of the source text and what is
// said for it.
type Sentence struct {
	Index      int    // position in the text, from 0
	Start, End int    // byte offsets of the sentence in the source text
	Text       string // the source text, text[Start:End]
	Spoken     string // Text normalised for the ear
}

// Service is what the web layer uses: sentences of a page, and the audio of
// one sentence, cached.
type Service struct {
	engine Engine // nil when no engine is installed
	cache  *Cache

	mu       sync.Mutex
	inFlight map[flightKey]*flight // one synthesis per sentence at a time
}

// flightKey is a cache key within a generation.
type flightKey struct {
	gen uint64
	key CacheKey
}

// flight is one synthesis that later askers of the same sentence wait for
// (a player that prefetches the next sentence and then plays it).
type flight struct {
	done    chan struct{}
	waiters int // guarded by Service.mu
	audio   []byte
	err     error
}

// DefaultCacheBytes bounds the audio cache: at 22 kHz 16-bit mono, about
// twelve minutes of speech.
const DefaultCacheBytes = 32 << 20

// NewService returns a service speaking through engine (nil: silent, every
// Audio call returns ErrNoEngine) with a cache of cacheBytes.
func NewService(engine Engine, cacheBytes int) *Service {
	if cacheBytes <= 0 {
		cacheBytes = DefaultCacheBytes
	}
	return &Service{engine: engine, cache: NewCache(cacheBytes), inFlight: map[flightKey]*flight{}}
}

// Available reports nil when speech works, else ErrNoEngine.
func (s *Service) Available() error {
	if s.engine == nil {
		return ErrNoEngine
	}
	return nil
}

// Voices lists the voices for a language; empty without an engine.
func (s *Service) Voices(lang string) []Voice {
	if s.engine == nil {
		return nil
	}
	return s.engine.Voices(lang)
}

// Sentences splits text in a language ("pl", "uk", "en") into sentences,
// each with its normalised spoken form. Lines are blocks: a sentence never
// crosses a line break.
func (s *Service) Sentences(lang, text string) []Sentence {
	spans := Split(lang, text)
	out := make([]Sentence, 0, len(spans))
	for _, sp := range spans {
		src := text[sp.Start:sp.End]
		spoken := Normalize(lang, src)
		if spoken == "" {
			continue
		}
		out = append(out, Sentence{Index: len(out), Start: sp.Start, End: sp.End, Text: src, Spoken: spoken})
	}
	return out
}

// Audio returns the WAV audio of one sentence in a voice at a speed,
// from the cache of generation gen when it is there.
func (s *Service) Audio(ctx context.Context, gen uint64, voiceID string, speed float64, sentence Sentence) ([]byte, error) {
	if s.engine == nil {
		return nil, ErrNoEngine
	}
	speed = ClampSpeed(speed)
	key := CacheKey{Voice: voiceID, Speed: int(math.Round(speed * 100)), Text: sentence.Spoken}
	if audio, ok := s.cache.Get(gen, key); ok {
		return audio, nil
	}
	audio, err := s.synthesizeOnce(ctx, gen, key, speed)
	if err != nil {
		return nil, fmt.Errorf("speech: sentence %d: %w", sentence.Index, err)
	}
	return audio, nil
}

// synthesizeOnce runs the engine for key, or waits for the run already
// under way for it. When that run was stopped by its own caller's context
// (the prefetch was abandoned), a waiter still wanting the audio runs it
// itself.
func (s *Service) synthesizeOnce(ctx context.Context, gen uint64, key CacheKey, speed float64) ([]byte, error) {
	fk := flightKey{gen, key}
	for {
		s.mu.Lock()
		f, running := s.inFlight[fk]
		if !running {
			f = &flight{done: make(chan struct{})}
			s.inFlight[fk] = f
			s.mu.Unlock()
			return s.run(ctx, fk, f, speed)
		}
		f.waiters++
		s.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if f.err == nil || !isContextError(f.err) || ctx.Err() != nil {
			return f.audio, f.err
		}
	}
}

// run synthesises for a flight and lets its waiters go.
func (s *Service) run(ctx context.Context, fk flightKey, f *flight, speed float64) ([]byte, error) {
	f.audio, f.err = s.engine.Synthesize(ctx, fk.key.Voice, speed, fk.key.Text)
	if f.err == nil {
		s.cache.Put(fk.gen, fk.key, f.audio)
	}
	s.mu.Lock()
	delete(s.inFlight, fk)
	s.mu.Unlock()
	close(f.done)
	return f.audio, f.err
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// CacheStats reports the audio cache's counters.
func (s *Service) CacheStats() CacheStats { return s.cache.Stats() }

// Join returns the audio of sentences said one after another as one WAV, each
// sentence synthesised (or taken from the cache) as Audio does.
func (s *Service) Join(ctx context.Context, gen uint64, voiceID string, speed float64, sentences []Sentence) ([]byte, error) {
	if s.engine == nil {
		return nil, ErrNoEngine
	}
	parts := make([][]byte, 0, len(sentences))
	for _, sn := range sentences {
		audio, err := s.Audio(ctx, gen, voiceID, speed, sn)
		if err != nil {
			return nil, err
		}
		parts = append(parts, audio)
	}
	return JoinWAV(parts)
}
