package web

import (
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"

	"bipkiosk/internal/store"
)

// SettingsStore loads and saves the display settings that apply to a request.
type SettingsStore interface {
	Load(r *http.Request) Settings
	Save(w http.ResponseWriter, r *http.Request, s Settings) error
}

func defaultSettingsStore(shell Shell, st *store.Store) SettingsStore {
	if shell == ShellDesktop {
		return NewInstallationSettings(st)
	}
	return cookieSettings{}
}

// cookieName is the settings cookie of the web shell.
const cookieName = "bk_ustawienia"

// cookieSettings keeps settings per browser in a cookie (web shell). The
// cookie holds only the display settings, nothing about the person.
type cookieSettings struct{}

// Load reads the settings cookie, or the defaults.
func (cookieSettings) Load(r *http.Request) Settings {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return DefaultSettings()
	}
	return decodeSettings(c.Value)
}

// Save sets the settings cookie for a year.
func (cookieSettings) Save(w http.ResponseWriter, r *http.Request, s Settings) error {
	http.SetCookie(w, &http.Cookie{
		Name:     cookieName,
		Value:    s.Encode(),
		Path:     "/",
		MaxAge:   365 * 24 * 3600,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// settingKey is the store setting that holds the installation's display settings.
const settingKey = "web.display"

// InstallationSettings keeps one set of settings per installation in the store
// (desktop shell, where the wails:// webview keeps no cookies). It caches the
// value in memory; it is the only writer of its key.
type InstallationSettings struct {
	st     *store.Store
	cached atomic.Pointer[Settings]
}

// NewInstallationSettings returns a settings store kept in st.
func NewInstallationSettings(st *store.Store) *InstallationSettings {
	return &InstallationSettings{st: st}
}

// Load returns the installation's settings, or the defaults.
func (s *InstallationSettings) Load(*http.Request) Settings {
	if c := s.cached.Load(); c != nil {
		return *c
	}
	v, err := s.st.Setting(settingKey)
	out := DefaultSettings()
	if err == nil {
		out = decodeSettings(string(v))
	}
	if err == nil || errors.Is(err, store.ErrNotFound) {
		s.cached.Store(&out)
	}
	return out
}

// Save writes the installation's settings.
func (s *InstallationSettings) Save(_ http.ResponseWriter, _ *http.Request, v Settings) error {
	if err := s.st.PutSetting(settingKey, []byte(v.Encode())); err != nil {
		return fmt.Errorf("web: save display settings: %w", err)
	}
	s.cached.Store(&v)
	return nil
}
