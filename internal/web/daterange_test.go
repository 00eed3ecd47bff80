package web

import "testing"

func TestDateRangeFields(t *testing.T) {
	h := newTestHandler(t, Deps{})
	tests := []struct {
		name, target string
		want         []string
	}{
		{"register", "/rejestr?od=2024-01-01", []string{
			`<label for="bk-od">Od dnia</label>`,
			`id="bk-od" name="od" type="date" value="2024-01-01" aria-describedby="bk-date-hint"`,
			`<label for="bk-do">Do dnia</label>`,
			`<p class="bk-form__hint" id="bk-date-hint">`,
		}},
		{"search", "/szukaj?q=mops&do=2025-02-03", []string{
			`<label for="bk-search-od">Udostępnione od dnia</label>`,
			`id="bk-search-do" name="do" type="date" value="2025-02-03" aria-describedby="bk-search-date-hint"`,
			`<p class="bk-form__hint" id="bk-search-date-hint">`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.target)
			if rec.Code != 200 {
				t.Fatalf("%s: got status %d, want 200", tt.target, rec.Code)
			}
			checkContains(t, tt.target, rec.Body.String(), tt.want, nil)
		})
	}
}
