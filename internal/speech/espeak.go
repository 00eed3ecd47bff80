package speech

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// EspeakOptions configures the espeak-ng engine; zero values take defaults.
type EspeakOptions struct {
	Program  string        // the program to run; default "espeak-ng", found in PATH
	MaxProcs int           // at most this many processes at once; default 2
	MaxQueue int           // at most this many requests waiting; default 16
	Timeout  time.Duration // per request, waiting included; default 10s
}

// espeakVoices maps our languages to espeak-ng voice names.
var espeakVoices = []Voice{
	{ID: "espeak-ng/pl", Lang: "pl", Name: "eSpeak NG, polski"},
	{ID: "espeak-ng/uk", Lang: "uk", Name: "eSpeak NG, українська"},
	{ID: "espeak-ng/en-gb", Lang: "en", Name: "eSpeak NG, English"},
}

// espeakWordsPerMinute is espeak-ng's normal rate (its -s default).
const espeakWordsPerMinute = 175

// Espeak is the espeak-ng engine: one process per request, through a
// bounded pool.
type Espeak struct {
	program string
	timeout time.Duration
	slots   chan struct{} // one token per running process
	queue   chan struct{} // one token per request admitted (running or waiting)
}

// NewEspeak finds espeak-ng and returns the engine, or an error wrapping
// ErrNoEngine when the program is not installed.
func NewEspeak(opts EspeakOptions) (*Espeak, error) {
	if opts.Program == "" {
		opts.Program = "espeak-ng"
	}
	path, err := findProgram(opts.Program)
	if err != nil {
		return nil, fmt.Errorf("%w (%q: %v)", ErrNoEngine, opts.Program, err)
	}
	if opts.MaxProcs <= 0 {
		opts.MaxProcs = 2
	}
	if opts.MaxQueue <= 0 {
		opts.MaxQueue = 16
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	return &Espeak{
		program: path,
		timeout: opts.Timeout,
		slots:   make(chan struct{}, opts.MaxProcs),
		queue:   make(chan struct{}, opts.MaxProcs+opts.MaxQueue),
	}, nil
}

// findProgram looks in PATH, then, on Windows, where the espeak-ng
// installer puts it (it does not add itself to PATH).
func findProgram(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err == nil || runtime.GOOS != "windows" || name != "espeak-ng" {
		return path, err
	}
	for _, dir := range []string{os.Getenv("ProgramFiles"), os.Getenv("ProgramFiles(x86)")} {
		if dir == "" {
			continue
		}
		if p, err2 := exec.LookPath(filepath.Join(dir, "eSpeak NG", "espeak-ng.exe")); err2 == nil {
			return p, nil
		}
	}
	return "", err
}

// Voices lists espeak-ng's voice for a language.
func (e *Espeak) Voices(lang string) []Voice {
	var out []Voice
	for _, v := range espeakVoices {
		if v.Lang == lang {
			out = append(out, v)
		}
	}
	return out
}

// Synthesize runs espeak-ng once and returns its WAV output with correct
// sizes in the header.
func (e *Espeak) Synthesize(ctx context.Context, voiceID string, speed float64, text string) ([]byte, error) {
	name, ok := strings.CutPrefix(voiceID, "espeak-ng/")
	if !ok || !e.hasVoice(voiceID) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownVoice, voiceID)
	}
	select {
	case e.queue <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	defer func() { <-e.queue }()
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("speech: waiting for espeak-ng: %w", ctx.Err())
	}
	defer func() { <-e.slots }()
	return e.run(ctx, name, speed, text)
}

func (e *Espeak) hasVoice(id string) bool {
	for _, v := range espeakVoices {
		if v.ID == id {
			return true
		}
	}
	return false
}

// run starts one process; exec.CommandContext kills it when ctx is done.
// The text goes through stdin, so text that starts with "-" is not an option.
func (e *Espeak) run(ctx context.Context, voice string, speed float64, text string) ([]byte, error) {
	rate := int(math.Round(espeakWordsPerMinute * ClampSpeed(speed)))
	cmd := exec.CommandContext(ctx, e.program,
		"-v", voice, "-s", strconv.Itoa(rate), "-b", "1", "--stdout", "--stdin")
	cmd.Stdin = strings.NewReader(text)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("speech: espeak-ng stopped: %w", ctxErr)
		}
		return nil, fmt.Errorf("speech: espeak-ng voice %q failed: %w: %s", voice, err, firstLine(stderr.String()))
	}
	wav, err := fixWAVSizes(stdout.Bytes())
	if err != nil {
		return nil, fmt.Errorf("speech: espeak-ng voice %q gave no audio (is espeak-ng-data installed?): %w", voice, err)
	}
	return wav, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

var _ Engine = (*Espeak)(nil)
