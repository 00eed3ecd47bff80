package app

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Config holds what every command needs; each command fills its part from flags.
type Config struct {
	DataDir     string        // where the Badger store lives
	Listen      string        // serve: address to listen on
	Kiosk       bool          // kiosk mode (window or browser kiosk)
	IdleTimeout time.Duration // kiosk: return home after this long without input
}

// DefaultConfig returns the configuration used when no flag says otherwise.
func DefaultConfig() Config {
	return Config{
		DataDir:     defaultDataDir(),
		Listen:      "127.0.0.1:8080",
		IdleTimeout: 2 * time.Minute,
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
	return nil
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
