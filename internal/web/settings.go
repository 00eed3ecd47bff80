package web

import (
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"

	"bipkiosk/internal/i18n"
)

// Theme is a colour theme.
type Theme string

// The themes: the default, and two high-contrast themes of at least 7:1.
const (
	ThemeDefault     Theme = "default"
	ThemeYellowBlack Theme = "yellow-black"
	ThemeBlackYellow Theme = "black-yellow"
)

// themes lists the themes in the order the settings show them.
var themes = []Theme{ThemeDefault, ThemeYellowBlack, ThemeBlackYellow}

// textSizes lists the text sizes, in percent.
var textSizes = []int{100, 150, 200}

// Settings are one reader's display settings. The server turns them into
// classes on <html>, so pages never flash in the wrong style and need no script.
type Settings struct {
	Lang      i18n.Lang
	Text      int // percent: 100, 150 or 200
	Theme     Theme
	Spacing   bool // WCAG 1.4.12 text spacing
	Font      bool // Atkinson Hyperlegible
	Underline bool // underline every link
	LowVision bool // "Wersja dla niedowidzących": also one column
}

// DefaultSettings returns the settings of a first visit.
func DefaultSettings() Settings {
	return Settings{Lang: i18n.Default, Text: 100, Theme: ThemeDefault}
}

// errBadSetting reports a settings request with an unknown value.
var errBadSetting = errors.New("web: unknown display setting value")

// The query and form keys of the settings, shared by links, the form and the
// stored encoding.
const (
	keyLang      = "lang"
	keyText      = "text"
	keyTheme     = "theme"
	keySpacing   = "spacing"
	keyFont      = "font"
	keyUnderline = "underline"
	keyLowVision = "lowvision"
	keyReset     = "reset"
)

// Encode returns the settings as a query string, the form both stores keep.
func (s Settings) Encode() string {
	v := url.Values{}
	v.Set(keyLang, string(s.Lang))
	v.Set(keyText, strconv.Itoa(s.Text))
	v.Set(keyTheme, string(s.Theme))
	v.Set(keySpacing, flag(s.Spacing))
	v.Set(keyFont, flag(s.Font))
	v.Set(keyUnderline, flag(s.Underline))
	v.Set(keyLowVision, flag(s.LowVision))
	return v.Encode()
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// decodeSettings reads settings written by Encode; anything it cannot read
// falls back to the default, since a stale cookie must never break a page.
func decodeSettings(s string) Settings {
	q, err := url.ParseQuery(s)
	if err != nil {
		return DefaultSettings()
	}
	out, err := DefaultSettings().apply(q, false)
	if err != nil {
		return DefaultSettings()
	}
	return out
}

// Apply returns s changed by the keys present in q (other keys are ignored).
// Turning the low-vision version on sets its preset (200 % text, yellow on
// black unless another high-contrast theme is chosen, spacing, underlined
// links); turning it off returns to the standard version in the same language.
func (s Settings) Apply(q url.Values) (Settings, error) {
	return s.apply(q, true)
}

func (s Settings) apply(q url.Values, presets bool) (Settings, error) {
	out := s
	if last(q, keyReset) == "1" {
		out = DefaultSettings()
		out.Lang = s.Lang
	}
	if v := last(q, keyLang); v != "" {
		l, ok := i18n.Parse(v)
		if !ok {
			return s, fmt.Errorf("%w: language %q; use pl, en or uk", errBadSetting, v)
		}
		out.Lang = l
	}
	if v := last(q, keyText); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !validText(n) {
			return s, fmt.Errorf("%w: text size %q; use 100, 150 or 200", errBadSetting, v)
		}
		out.Text = n
	}
	if v := last(q, keyTheme); v != "" {
		if !validTheme(Theme(v)) {
			return s, fmt.Errorf("%w: theme %q", errBadSetting, v)
		}
		out.Theme = Theme(v)
	}
	for key, field := range map[string]*bool{keySpacing: &out.Spacing, keyFont: &out.Font, keyUnderline: &out.Underline} {
		if err := setFlag(q, key, field); err != nil {
			return s, err
		}
	}
	low := out.LowVision
	if err := setFlag(q, keyLowVision, &low); err != nil {
		return s, err
	}
	if !presets || low == out.LowVision {
		out.LowVision = low
		return out, nil
	}
	return out.withLowVision(low), nil
}

// withLowVision switches the low-vision version on or off as one preset.
func (s Settings) withLowVision(on bool) Settings {
	if !on {
		out := DefaultSettings()
		out.Lang = s.Lang
		out.Font = s.Font
		return out
	}
	s.LowVision = true
	s.Text = max(s.Text, 200)
	if s.Theme == ThemeDefault {
		s.Theme = ThemeYellowBlack
	}
	s.Spacing = true
	s.Underline = true
	return s
}

func setFlag(q url.Values, key string, field *bool) error {
	switch v := last(q, key); v {
	case "":
	case "1", "on":
		*field = true
	case "0", "off":
		*field = false
	default:
		return fmt.Errorf("%w: %s=%q; use 1 or 0", errBadSetting, key, v)
	}
	return nil
}

// last returns the last value of key: a form sends a hidden "0" before its
// checkbox, so a ticked box wins.
func last(q url.Values, key string) string {
	vs := q[key]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

func validText(n int) bool {
	for _, t := range textSizes {
		if n == t {
			return true
		}
	}
	return false
}

func validTheme(t Theme) bool {
	for _, x := range themes {
		if t == x {
			return true
		}
	}
	return false
}

// Classes returns the classes the server renders on <html> for these settings.
func (s Settings) Classes(shell Shell, kiosk bool) string {
	c := []string{"bk-template", "bk-text-" + strconv.Itoa(s.Text), "bk-theme-" + string(s.Theme), "bk-shell-" + string(shell)}
	if s.Spacing {
		c = append(c, "bk-spacing")
	}
	if s.Font {
		c = append(c, "bk-font-legible")
	}
	if s.Underline {
		c = append(c, "bk-underline")
	}
	if s.LowVision {
		c = append(c, "bk-lowvision")
	}
	if kiosk {
		c = append(c, "bk-kiosk")
	}
	return strings.Join(c, " ")
}

// key returns a short digest of the settings for ETags.
func (s Settings) key() string {
	h := fnv.New64a()
	h.Write([]byte(s.Encode()))
	return strconv.FormatUint(h.Sum64(), 36)
}
