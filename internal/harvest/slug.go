package harvest

import (
	"strings"
	"unicode"
)

// polishASCII folds the letters of Polish (and the few others bulletins
// use) to ASCII for file names.
var polishASCII = strings.NewReplacer(
	"ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
	"Ą", "a", "Ć", "c", "Ę", "e", "Ł", "l", "Ń", "n", "Ó", "o", "Ś", "s", "Ź", "z", "Ż", "z",
	"ä", "a", "ö", "o", "ü", "u", "ß", "ss", "é", "e", "è", "e", "á", "a", "í", "i", "ú", "u", "č", "c", "š", "s", "ž", "z",
)

// maxSlug keeps file names well below every file system's limit, with
// room for "-2" and an extension.
const maxSlug = 60

// Slug makes a file name from a Polish title: "Zarządzenie Wójta nr 12/2019"
// gives "zarzadzenie-wojta-nr-12-2019". It is never empty.
func Slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range polishASCII.Replace(strings.ToLower(title)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" || strings.HasPrefix(s, "_") {
		return "strona"
	}
	return s
}
