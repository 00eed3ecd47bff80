package web

import (
	"html"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/store"
)

// TestUpdateLine renders the footer after each kind of update check, in each
// shell and language: outside kiosk mode the footer says when the last check
// was and how it ended; in kiosk mode it says nothing of it.
func TestUpdateLine(t *testing.T) {
	at := time.Date(2025, 6, 9, 8, 15, 0, 0, time.UTC) // 10:15 in Warsaw
	long := strings.Repeat("x", 300)
	tests := []struct {
		name  string
		check *store.UpdateCheck
		kiosk bool
		lang  string
		want  []string
		not   []string
	}{
		{name: "never checked", not: []string{"Ostatnie sprawdzenie"}},
		{name: "unchanged", check: &store.UpdateCheck{At: at, Result: store.UpdateUnchanged, Sequence: 1},
			want: []string{"Ostatnie sprawdzenie aktualizacji: 2025-06-09 10:15:00, brak nowszej wersji."}},
		{name: "installed", check: &store.UpdateCheck{At: at, Result: store.UpdateInstalled, Sequence: 7},
			want: []string{"zainstalowano wydanie nr 7"}},
		{name: "failed with reason", check: &store.UpdateCheck{URL: "https://bip.example.pl/bulletin.zip", At: at, Result: store.UpdateFailed,
			Error: "https://bip.example.pl/bulletin.zip: server answered 404 Not Found: check --update-url"},
			want: []string{"nie powiodło się", `<span lang="en">server answered 404 Not Found: check --update-url</span>`},
			not:  []string{"https://bip.example.pl/bulletin.zip: server"}},
		{name: "refused, long reason cut", check: &store.UpdateCheck{At: at, Result: store.UpdateRefused, Error: long},
			want: []string{"odrzucona", strings.Repeat("x", 119) + "…"}, not: []string{strings.Repeat("x", 120)}},
		{name: "english", lang: "en", check: &store.UpdateCheck{At: at, Result: store.UpdateUnchanged},
			want: []string{"Last update check: 9 June 2025, 10:15:00, no newer version."}},
		{name: "ukrainian", lang: "uk", check: &store.UpdateCheck{At: at, Result: store.UpdateUnchanged},
			want: []string{"Остання перевірка оновлень: 9 червня 2025 р., 10:15:00, новішої версії немає."}},
		{name: "kiosk shows nothing", kiosk: true, check: &store.UpdateCheck{At: at, Result: store.UpdateFailed, Error: "boom"},
			not: []string{"Ostatnie sprawdzenie", "boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			if tt.check != nil {
				if err := st.RecordUpdateCheck(*tt.check); err != nil {
					t.Fatal(err)
				}
			}
			h := newTestHandler(t, Deps{Store: st, Kiosk: tt.kiosk})
			target := "/"
			if tt.lang != "" {
				target = "/ustawienia/ustaw?lang=" + tt.lang + "&wroc=/"
			}
			rec := get(h, target)
			body := html.UnescapeString(rec.Body.String())
			footer := body[strings.Index(body, "<footer"):]
			for _, w := range tt.want {
				if !strings.Contains(footer, html.UnescapeString(w)) {
					t.Errorf("footer does not contain %q:\n%s", w, footer)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(footer, n) {
					t.Errorf("footer contains %q:\n%s", n, footer)
				}
			}
		})
	}
}

// TestUpdateStamp: the ETag part for the update line changes with every
// recorded check, and is empty in kiosk mode, where the footer omits the line.
func TestUpdateStamp(t *testing.T) {
	st := openStore(t)
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	k, err := newHandler(Deps{Store: st, Kiosk: true})
	if err != nil {
		t.Fatal(err)
	}
	if s := h.updateStamp(); s != "" {
		t.Errorf("never checked: got %q, want empty", s)
	}
	at := time.Date(2025, 6, 9, 8, 0, 0, 0, time.UTC)
	st.RecordUpdateCheck(store.UpdateCheck{At: at, Result: store.UpdateUnchanged})
	first := h.updateStamp()
	st.RecordUpdateCheck(store.UpdateCheck{At: at.Add(time.Hour), Result: store.UpdateUnchanged})
	if second := h.updateStamp(); first == "" || second == first {
		t.Errorf("stamps %q then %q, want two different non-empty stamps", first, second)
	}
	if s := k.updateStamp(); s != "" {
		t.Errorf("kiosk: got %q, want empty", s)
	}
}
