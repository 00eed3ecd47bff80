package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/printing"
	"bipkiosk/internal/speech"
	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

// Config holds what every command needs; each command fills its part from flags.
type Config struct {
	DataDir     string        // where the Badger store lives
	Listen      string        // serve: address to listen on
	Kiosk       bool          // kiosk mode (window or browser kiosk)
	IdleTimeout time.Duration // kiosk: return home after this long without input
	UpdateURL   string        // serve, desktop: where to poll for new bundles; empty turns polling off
	UpdateEvery time.Duration // serve, desktop: time between update checks
	UpdateDir   string        // serve, desktop: a folder (a USB stick) watched for bundles; empty turns it off
	OperatorPIN string        // kiosk: PIN for the operator screen; empty hides it
	Print       string        // kiosk: "dialog", "off" or "printer:NAME"
	// OperatorRemote lets other hosts than the terminal itself open the
	// operator screen (web.Deps.OperatorRemote).
	OperatorRemote bool
	SpeechOutput   string // kiosk: "headphones" or "speakers" (web.ParseSpeechOutput)
}

// DefaultConfig returns the configuration used when no flag says otherwise.
func DefaultConfig() Config {
	return Config{
		DataDir:      defaultDataDir(),
		Listen:       "127.0.0.1:8080",
		IdleTimeout:  2 * time.Minute,
		UpdateEvery:  time.Hour,
		Print:        "dialog",
		SpeechOutput: string(web.SpeechHeadphones),
	}
}

// Validate reports the first setting that cannot work, saying how to fix it.
func (c Config) Validate() error {
	if c.DataDir == "" {
		return errors.New("config: no data directory: pass --data DIR or set BIPKIOSK_DATA")
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("config: --listen %q is not host:port (e.g. 127.0.0.1:8080): %w", c.Listen, err)
	}
	if c.IdleTimeout < 10*time.Second {
		return fmt.Errorf("config: --idle-timeout %s is too short for a visitor to read a page: use 10s or more", c.IdleTimeout)
	}
	if _, err := printing.ParseMode(c.Print); err != nil {
		return fmt.Errorf("config: --print: %w", err)
	}
	if _, err := web.ParseSpeechOutput(c.SpeechOutput); err != nil {
		return fmt.Errorf("config: --speech-output %q: use headphones or speakers: %w", c.SpeechOutput, err)
	}
	if c.UpdateEvery < time.Minute {
		return fmt.Errorf("config: --update-every %s would poll the publisher too often: use 1m or more", c.UpdateEvery)
	}
	return nil
}

// addReaderFlags declares the flags that serve and desktop share: kiosk mode
// and its options, and background updates.
func addReaderFlags(fs *flag.FlagSet, cfg *Config, kioskHelp string) {
	fs.BoolVar(&cfg.Kiosk, "kiosk", false, kioskHelp)
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "kiosk: return to the home page after this long without input")
	fs.StringVar(&cfg.OperatorPIN, "operator-pin", os.Getenv("BIPKIOSK_OPERATOR_PIN"),
		"kiosk: PIN that opens the operator screen, at least 4 characters; empty hides it. Set it in the environment as BIPKIOSK_OPERATOR_PIN: on the command line every user of the computer can read it (ps)")
	fs.BoolVar(&cfg.OperatorRemote, "operator-remote", false,
		"kiosk: let other computers on the network open the operator screen; without it only the terminal itself may (the desktop window, or a browser on the same computer)")
	fs.StringVar(&cfg.Print, "print", cfg.Print, `kiosk: how "Wersja do wydruku" prints: dialog, off, or printer:NAME (no dialog, through the system's print service)`)
	fs.StringVar(&cfg.SpeechOutput, "speech-output", cfg.SpeechOutput,
		"kiosk: where the talking kiosk is heard: headphones (private, a lower starting volume) or speakers")
	fs.StringVar(&cfg.UpdateURL, "update-url", "", "poll this http(s) address for new bundles of the installed publisher")
	fs.DurationVar(&cfg.UpdateEvery, "update-every", cfg.UpdateEvery, "time between update checks (with --update-url)")
	fs.StringVar(&cfg.UpdateDir, "update-dir", "", "watch this folder (e.g. a mounted USB stick) for signed bundles and install the newest")
}

// defaultDataDir is BIPKIOSK_DATA, or the OS's per-user data directory.
func defaultDataDir() string {
	if d := os.Getenv("BIPKIOSK_DATA"); d != "" {
		return d
	}
	var base string
	switch runtime.GOOS {
	case "windows":
		base = os.Getenv("LocalAppData")
	case "darwin":
		base, _ = os.UserConfigDir() // ~/Library/Application Support
	default:
		base = os.Getenv("XDG_DATA_HOME")
		if base == "" {
			if home, err := os.UserHomeDir(); err == nil {
				base = filepath.Join(home, ".local", "share")
			}
		}
	}
	if base == "" {
		return ""
	}
	return filepath.Join(base, "bipkiosk")
}

// readerDeps is what the web handler gets from the configuration, the same for
// both shells; the desktop adds its window's hooks.
func readerDeps(e *env, st *store.Store, cfg Config, shell web.Shell) (web.Deps, error) {
	mode, err := printing.ParseMode(cfg.Print)
	if err != nil {
		return web.Deps{}, fmt.Errorf("config: --print: %w", err)
	}
	output, err := web.ParseSpeechOutput(cfg.SpeechOutput)
	if err != nil {
		return web.Deps{}, fmt.Errorf("config: --speech-output: %w", err)
	}
	return web.Deps{
		SpeechOutput:   output,
		Store:          st,
		Logger:         e.log,
		Shell:          shell,
		Kiosk:          cfg.Kiosk,
		IdleTimeout:    kioskIdle(cfg),
		Print:          mode,
		OperatorPIN:    cfg.OperatorPIN,
		OperatorRemote: cfg.OperatorRemote,
		AttachmentText: attachment.NewReader(attachment.DefaultParallel, attachment.DefaultTimeout),
		Version:        readBuildInfo().String(),
		Speech:         speechService(e),
		SpeechTrace:    speechTrace(e),
	}, nil
}

// speechService reads pages aloud through espeak-ng; without it the reader
// is silent, the player hidden, and the log says why.
func speechService(e *env) *speech.Service {
	engine, err := speech.NewEspeak(speech.EspeakOptions{})
	if err != nil {
		e.log.Warn("speech_off", "err", err)
		return speech.NewService(nil, 0)
	}
	return speech.NewService(engine, speech.DefaultCacheBytes)
}

// speechTraceEnv names a file that gets one JSON line for every phrase and
// sentence sent to synthesis (docs/speech.md): a support and test hook.
const speechTraceEnv = "BIPKIOSK_SPEECH_TRACE"

// speechTrace opens the file BIPKIOSK_SPEECH_TRACE names for appending; nil
// (no trace) when it is unset or cannot be opened. The file stays open for
// the life of the process, which closes it on exit; every line is written
// whole and unbuffered, so nothing is lost on a kill.
func speechTrace(e *env) io.Writer {
	name := os.Getenv(speechTraceEnv)
	if name == "" {
		return nil
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		e.log.Warn("speech_trace_off", "path", name, "err", err)
		return nil
	}
	e.log.Info("speech_trace_on", "path", name)
	return f
}
