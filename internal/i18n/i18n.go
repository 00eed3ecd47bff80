package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Warsaw on machines without zone data

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Lang is a user-interface language, as its BCP 47 code.
type Lang string

// The user-interface languages. Polish is the default: it is the language of the
// bulletins themselves.
const (
	Polish    Lang = "pl"
	English   Lang = "en"
	Ukrainian Lang = "uk"
)

// Default is the language used when none is chosen.
const Default = Polish

// Langs lists the user-interface languages in the order the language switch shows them.
var Langs = []Lang{Polish, English, Ukrainian}

// Parse returns the language with the code s ("pl", "en", "uk"), or false.
func Parse(s string) (Lang, bool) {
	for _, l := range Langs {
		if string(l) == s {
			return l, true
		}
	}
	return "", false
}

// Name returns the language's own name for itself ("Polski", "English", "Українська"),
// as a language switch shows it.
func (l Lang) Name() string {
	switch l {
	case English:
		return "English"
	case Ukrainian:
		return "Українська"
	default:
		return "Polski"
	}
}

// Translator renders user-interface strings in one language. It is a small value,
// safe to copy and to use from many goroutines.
type Translator struct {
	lang Lang
	tag  language.Tag
	cat  map[string]string
}

// New returns the translator for l, falling back to Polish for an unknown language.
func New(l Lang) Translator {
	switch l {
	case English:
		return Translator{lang: English, tag: language.English, cat: english}
	case Ukrainian:
		return Translator{lang: Ukrainian, tag: language.Ukrainian, cat: ukrainian}
	default:
		return Translator{lang: Polish, tag: language.Polish, cat: polish}
	}
}

// Lang returns the translator's language.
func (t Translator) Lang() Lang { return t.lang }

// T returns the string for key, formatted with args as by fmt.Sprintf when args
// are given. A missing key comes back as the key itself, so it shows up on screen
// and in tests rather than as an empty space.
func (t Translator) T(key string, args ...any) string {
	msg, ok := t.cat[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// N returns the plural form of key that fits the count n ("1 plik", "2 pliki",
// "5 plików"), formatted with n followed by args.
func (t Translator) N(key string, n int, args ...any) string {
	form := pluralSuffix(plural.Cardinal.MatchPlural(t.tag, abs(n), 0, 0, 0, 0))
	msg, ok := t.cat[key+"#"+form]
	if !ok {
		msg, ok = t.cat[key+"#other"]
	}
	if !ok {
		return key
	}
	return fmt.Sprintf(msg, append([]any{n}, args...)...)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func pluralSuffix(f plural.Form) string {
	switch f {
	case plural.One:
		return "one"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	default:
		return "other"
	}
}

// DateTime formats t as the bulletin shows dates and times: "2003-11-18 14:00:26"
// in Polish, as on the reference BIP page, and spelled-out months in English and
// Ukrainian. Times are shown on Polish wall-clock time, the bulletin's own,
// whatever zone the terminal runs in.
func (t Translator) DateTime(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	at = at.In(bulletinZone)
	if t.lang == Polish {
		return at.Format("2006-01-02 15:04:05")
	}
	return t.Date(at) + ", " + at.Format("15:04:05")
}

// Date formats the day of t: "2003-11-18" in Polish, "18 November 2003" in English,
// "18 листопада 2003 р." in Ukrainian.
func (t Translator) Date(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	at = at.In(bulletinZone)
	switch t.lang {
	case English:
		return fmt.Sprintf("%d %s %d", at.Day(), englishMonths[at.Month()-1], at.Year())
	case Ukrainian:
		return fmt.Sprintf("%d %s %d р.", at.Day(), ukrainianMonths[at.Month()-1], at.Year())
	default:
		return at.Format("2006-01-02")
	}
}

// bulletinZone is the time zone of every Polish BIP. The zone data is embedded
// (time/tzdata) so that Windows kiosks without it show the same times.
var bulletinZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		panic("i18n: no Europe/Warsaw zone data: " + err.Error())
	}
	return loc
}()

var englishMonths = [12]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// ukrainianMonths are in the genitive, as a date needs them ("18 листопада").
var ukrainianMonths = [12]string{"січня", "лютого", "березня", "квітня", "травня", "червня",
	"липня", "серпня", "вересня", "жовтня", "листопада", "грудня"}

// Size formats a byte count for people, in decimal units with the language's
// decimal separator: "1,2 MB" in Polish, "1.2 MB" in English, "1,2 МБ" in Ukrainian.
func (t Translator) Size(n int64) string {
	units := []string{t.T("unit.bytes"), t.T("unit.kb"), t.T("unit.mb"), t.T("unit.gb")}
	if n < 1000 {
		return strconv.FormatInt(n, 10) + "\u00a0" + units[0]
	}
	v := float64(n)
	i := 0
	for v >= 1000 && i < len(units)-1 {
		v /= 1000
		i++
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if t.lang != English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "\u00a0" + units[i]
}

// Keys returns every key of the default catalogue, plural keys without their
// form suffix; tests use it to find untranslated keys on rendered pages.
func Keys() []string {
	seen := map[string]bool{}
	var out []string
	for k := range polish {
		base, _, _ := strings.Cut(k, "#")
		if !seen[base] {
			seen[base] = true
			out = append(out, base)
		}
	}
	return out
}
