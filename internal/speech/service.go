package speech

import (
	"context"
	"fmt"
	"math"
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
	return &Service{engine: engine, cache: NewCache(cacheBytes)}
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
	audio, err := s.engine.Synthesize(ctx, voiceID, speed, sentence.Spoken)
	if err != nil {
		return nil, fmt.Errorf("speech: sentence %d: %w", sentence.Index, err)
	}
	s.cache.Put(gen, key, audio)
	return audio, nil
}

// CacheStats reports the audio cache's counters.
func (s *Service) CacheStats() CacheStats { return s.cache.Stats() }
