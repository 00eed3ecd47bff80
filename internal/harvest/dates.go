package harvest

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Warsaw on machines without a zone database
)

// warsaw is the zone of the dates bulletins print: local time, no zone.
var warsaw = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		panic("harvest: time zone Europe/Warsaw missing: " + err.Error())
	}
	return loc
}()

// months maps the stems of Polish month names (nominative "grudzień" and
// genitive "grudnia" share them) and Roman numerals to month numbers.
var months = []struct {
	stem string
	m    int
}{
	{"stycz", 1}, {"styc", 1}, {"luty", 2}, {"lut", 2}, {"marz", 3}, {"marc", 3}, {"kwie", 4}, {"kwiec", 4},
	{"maj", 5}, {"czerw", 6}, {"lip", 7}, {"sierp", 8}, {"wrze", 9}, {"paźdz", 10}, {"pazdz", 10},
	{"listop", 11}, {"grud", 12},
}

var (
	numericDateRE = regexp.MustCompile(`(\d{1,4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,4})`)
	wordDateRE    = regexp.MustCompile(`(\d{1,2})\s+([\p{L}]+)\s+(\d{4})`)
	clockRE       = regexp.MustCompile(`(\d{1,2}):(\d{2})(?::(\d{2}))?`)
)

// ParseDate reads a date as Polish bulletins print it — "25.04.2019",
// "2019/11/06 08:39:36", "7 grudnia 2018, 12:43:44", "20-08-2019",
// "2019-11-06T08:39:36+01:00" — in Warsaw time when no zone is given.
// ok is false when s holds no date.
func ParseDate(s string) (t time.Time, ok bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	y, m, d, rest, ok := dayOf(strings.ToLower(s))
	if !ok {
		return time.Time{}, false
	}
	var hh, mm, ss int
	if c := clockRE.FindStringSubmatch(rest); c != nil {
		hh, _ = strconv.Atoi(c[1])
		mm, _ = strconv.Atoi(c[2])
		ss, _ = strconv.Atoi(c[3] + "0")
		ss /= 10
		if hh > 23 || mm > 59 || ss > 59 {
			hh, mm, ss = 0, 0, 0
		}
	}
	return time.Date(y, time.Month(m), d, hh, mm, ss, 0, warsaw), true
}

// dayOf finds the calendar day in s and returns the text after it.
func dayOf(s string) (y, m, d int, rest string, ok bool) {
	if loc := numericDateRE.FindStringSubmatchIndex(s); loc != nil {
		a, b, c := s[loc[2]:loc[3]], s[loc[4]:loc[5]], s[loc[6]:loc[7]]
		m, _ = strconv.Atoi(b)
		switch {
		case len(a) == 4:
			y, _ = strconv.Atoi(a)
			d, _ = strconv.Atoi(c)
		case len(c) == 4:
			y, _ = strconv.Atoi(c)
			d, _ = strconv.Atoi(a)
		default:
			return 0, 0, 0, "", false
		}
		return y, m, d, s[loc[1]:], valid(y, m, d)
	}
	if loc := wordDateRE.FindStringSubmatchIndex(s); loc != nil {
		d, _ = strconv.Atoi(s[loc[2]:loc[3]])
		y, _ = strconv.Atoi(s[loc[6]:loc[7]])
		m = monthOf(s[loc[4]:loc[5]])
		return y, m, d, s[loc[1]:], m > 0 && valid(y, m, d)
	}
	return 0, 0, 0, "", false
}

func monthOf(word string) int {
	for _, mo := range months {
		if strings.HasPrefix(word, mo.stem) {
			return mo.m
		}
	}
	return 0
}

func valid(y, m, d int) bool {
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// stripDate returns s without the first date (and clock) in it, for
// metadata lines that give a person and a date together.
func stripDate(s string) string {
	low := strings.ToLower(s)
	for _, re := range []*regexp.Regexp{numericDateRE, wordDateRE} {
		if loc := re.FindStringIndex(low); loc != nil {
			end := loc[1]
			if c := clockRE.FindStringIndex(low[end:]); c != nil && strings.TrimLeft(low[end:end+c[0]], " ,godz.r") == "" {
				end += c[1]
			}
			out := strings.Trim(collapse(s[:loc[0]]+s[end:]), " ,;-–()")
			for _, w := range []string{" z dnia", " dnia", " w dniu", ","} {
				out = strings.TrimSuffix(out, w)
			}
			return out
		}
	}
	return s
}
