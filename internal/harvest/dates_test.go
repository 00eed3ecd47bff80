package harvest

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // Warsaw local time; "" for no date
	}{
		{"25.04.2019", "2019-04-25 00:00:00"},
		{"2019/11/06 08:39:36", "2019-11-06 08:39:36"},
		{"7 grudnia 2018, 12:43:44", "2018-12-07 12:43:44"},
		{"20-08-2019", "2019-08-20 00:00:00"},
		{"2019-11-06 08:39", "2019-11-06 08:39:00"},
		{"1 października 2020 r., godz. 9:05", "2020-10-01 09:05:00"},
		{"15 maja 2021", "2021-05-15 00:00:00"},
		{"3 luty 2016", "2016-02-03 00:00:00"},
		{"2019-11-06T08:39:36+01:00", "2019-11-06 08:39:36"},
		{"dnia 04.03.2022 r.", "2022-03-04 00:00:00"},
		{"31.02.2019", ""},
		{"wczoraj", ""},
		{"12 foo 2019", ""},
		{"1234", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ParseDate(tt.in)
			if tt.want == "" {
				if ok {
					t.Fatalf("got %v, want no date", got)
				}
				return
			}
			if !ok || got.In(warsaw).Format(time.DateTime) != tt.want {
				t.Fatalf("got %v (ok=%v), want %s", got, ok, tt.want)
			}
		})
	}
}

func TestStripDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jan Kowalski, 25.04.2019", "Jan Kowalski"},
		{"Anna Nowak (2019/11/06 08:39:36)", "Anna Nowak"},
		{"Sekretarz Gminy dnia 7 grudnia 2018, 12:43:44", "Sekretarz Gminy"},
		{"Jan Kowalski", "Jan Kowalski"},
	}
	for _, tt := range tests {
		if got := stripDate(tt.in); got != tt.want {
			t.Errorf("stripDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
