package i18n

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and strips diacritics ("Żłobek" → "zlobek"), so a search
// typed on a keyboard without Polish or Ukrainian letters still matches. Ł has
// no decomposition and is mapped by hand.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'ł':
			r = 'l'
		}
		b.WriteRune(r)
	}
	return b.String()
}
