package source

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Warsaw must resolve on Windows build machines too

	"bipkiosk/internal/content"
)

// warsaw is the zone of dates written without one: Polish CMSs print local time.
var warsaw = mustZone("Europe/Warsaw")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("source: time zone " + name + " missing: " + err.Error())
	}
	return loc
}

// localLayouts are the zone-less forms read as Warsaw time, longest first.
var localLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// parseTime reads RFC 3339 or one of localLayouts; ok is false for
// anything else, which the caller reports and leaves empty.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, warsaw); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseCount reads a whole number written the Polish way too ("7 936",
// "7\u00a0936"); ok is false for anything else.
func parseCount(s string) (int64, bool) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '_' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// linkURL reports whether s is an address a link may point to: web pages,
// e-mail and telephone — never javascript: or a relative path.
func linkURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto", "tel":
		return u.Opaque != ""
	}
	return false
}

// changeKinds maps the words of real change registers to change kinds.
var changeKinds = map[string]content.ChangeKind{
	"created":      content.ChangeCreated,
	"modified":     content.ChangeModified,
	"deleted":      content.ChangeDeleted,
	"nowa pozycja": content.ChangeCreated,
	"utworzenie":   content.ChangeCreated,
	"modyfikacja":  content.ChangeModified,
	"zmiana":       content.ChangeModified,
	"usunięcie":    content.ChangeDeleted,
}
