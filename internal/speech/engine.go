package speech

import (
	"context"
	"errors"
)

// ErrNoEngine means no speech engine is installed; speech is then off and the
// reader works without it.
var ErrNoEngine = errors.New("speech: no speech engine: install espeak-ng and espeak-ng-data")

// ErrBusy means the synthesis queue is full; the caller may retry shortly.
var ErrBusy = errors.New("speech: synthesis queue full: try again shortly")

// ErrUnknownVoice means a voice id the engine does not have was asked for.
var ErrUnknownVoice = errors.New("speech: unknown voice")

// Voice is one voice an engine can speak with.
type Voice struct {
	ID   string // engine-specific id, stable across runs, e.g. "espeak-ng/pl"
	Lang string // BCP 47 language of the texts it reads: "pl", "uk", "en"
	Name string // shown to the user
}

// Engine synthesises speech. Implementations must be safe for concurrent use
// and must stop work when ctx is done.
type Engine interface {
	// Voices lists the engine's voices for a language ("pl", "uk", "en"),
	// best first; empty when it has none.
	Voices(lang string) []Voice
	// Synthesize speaks already normalised text with a voice at a speed
	// (1 is normal; see ClampSpeed) and returns a complete WAV file.
	Synthesize(ctx context.Context, voiceID string, speed float64, text string) ([]byte, error)
}

// Speed bounds: the reader offers 0.75× to 2×.
const (
	MinSpeed = 0.75
	MaxSpeed = 2.0
)

// ClampSpeed brings a requested speed into [MinSpeed, MaxSpeed]; zero or a
// non-number means normal speed.
func ClampSpeed(speed float64) float64 {
	switch {
	case speed != speed || speed == 0: // NaN or unset
		return 1
	case speed < MinSpeed:
		return MinSpeed
	case speed > MaxSpeed:
		return MaxSpeed
	}
	return speed
}
