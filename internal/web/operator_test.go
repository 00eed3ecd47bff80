package web

import (
	"encoding/csv"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const testPIN = "2468"

// operatorHandler is a kiosk with an operator PIN and a clock the test moves.
func operatorHandler(t *testing.T, deps Deps) (*handler, *time.Time) {
	t.Helper()
	deps.Store = openStore(t)
	deps.Kiosk, deps.OperatorPIN = true, testPIN
	h, err := newHandler(deps)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	h.operator.now = func() time.Time { return now }
	return h, &now
}

func postForm(h http.Handler, target string, form url.Values) *httptest.ResponseRecorder {
	return do(h, http.MethodPost, target, func(r *http.Request) {
		r.Body = ioNopCloser(strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	})
}

var sessionRE = regexp.MustCompile(`name="t" value="([^"]+)"`)

// login enters the right PIN and returns the screen's session token.
func login(t *testing.T, h http.Handler) (string, string) {
	t.Helper()
	rec := postForm(h, "/obsluga", url.Values{"pin": {testPIN}})
	if rec.Code != 200 {
		t.Fatalf("right PIN: got %d, want 200", rec.Code)
	}
	m := sessionRE.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("operator screen carries no session token")
	}
	return m[1], rec.Body.String()
}

func TestOperatorOff(t *testing.T) {
	tests := []struct {
		name string
		deps Deps
	}{
		{name: "kiosk without PIN", deps: Deps{Kiosk: true}},
		{name: "PIN outside a kiosk", deps: Deps{OperatorPIN: testPIN}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			if body := get(h, "/").Body.String(); strings.Contains(body, `href="/obsluga"`) {
				t.Errorf("home links to the operator screen, want no link without one")
			}
			for _, p := range []string{"/obsluga", "/obsluga/panel", "/obsluga/odwiedziny.csv"} {
				if got := get(h, p).Code; got != 404 {
					t.Errorf("GET %s: got %d, want 404", p, got)
				}
			}
			if got := postForm(h, "/obsluga", url.Values{"pin": {testPIN}}).Code; got != 404 {
				t.Errorf("POST /obsluga: got %d, want 404", got)
			}
		})
	}
	if _, err := newHandler(Deps{Store: openStore(t), Kiosk: true, OperatorPIN: "12"}); !errors.Is(err, ErrOperatorPIN) {
		t.Errorf("two-digit PIN: got %v, want ErrOperatorPIN", err)
	}
}

func TestOperatorFooterLink(t *testing.T) {
	h, _ := operatorHandler(t, Deps{})
	for _, p := range []string{"/", "/mapa", "/szukaj?q=mops"} {
		if body := get(h.mux, p).Body.String(); !strings.Contains(body, `<a href="/obsluga">Obsługa</a>`) {
			t.Errorf("%s: no footer link to the operator screen", p)
		}
	}
}

func TestOperatorPIN(t *testing.T) {
	h, now := operatorHandler(t, Deps{})
	body := get(h.mux, "/obsluga").Body.String()
	checkPage(t, "/obsluga", body)
	checkContains(t, "/obsluga", body, []string{`<label for="bk-pin-input"`, `autocomplete="off"`, `role="group"`}, []string{`role="alert"`})
	for i := 1; i <= 4; i++ {
		rec := postForm(h.mux, "/obsluga", url.Values{"pin": {"1111"}})
		if rec.Code != http.StatusForbidden {
			t.Fatalf("wrong PIN %d: got %d, want 403", i, rec.Code)
		}
		checkContains(t, "wrong PIN", rec.Body.String(), []string{`role="alert"`, "Nieprawidłowy PIN", `aria-invalid="true"`}, []string{`name="t"`})
	}
	rec := postForm(h.mux, "/obsluga", url.Values{"pin": {"1111"}})
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "Zbyt wiele błędnych prób. Spróbuj ponownie za 60 s.") {
		t.Fatalf("fifth wrong PIN: got %d, want 429 and the lockout", rec.Code)
	}
	*now = now.Add(30 * time.Second)
	if rec := postForm(h.mux, "/obsluga", url.Values{"pin": {testPIN}}); rec.Code != http.StatusTooManyRequests ||
		!strings.Contains(rec.Body.String(), "za 30 s") {
		t.Errorf("right PIN while locked: got %d, want 429 with 30 s left", rec.Code)
	}
	*now = now.Add(31 * time.Second)
	tok, body := login(t, h.mux)
	checkPage(t, "operator screen", body)
	checkContains(t, "operator screen", body, []string{"Miasto Testowo", "Ten terminal jeszcze nie sprawdzał aktualizacji.",
		"systemctl stop bipkiosk-browser", `href="/obsluga/odwiedziny.csv?t=`}, []string{"Zamknij kiosk", "/obsluga/zapisz"})

	if rec := get(h.mux, "/obsluga/panel?t="+url.QueryEscape(tok)); rec.Code != 200 || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("panel with token: got %d %q, want 200 no-store", rec.Code, rec.Header().Get("Cache-Control"))
	}
	tampered := []byte(tok)
	tampered[len(tampered)-2] ^= 1
	for _, bad := range []string{"", "abc", string(tampered)} {
		if rec := get(h.mux, "/obsluga/panel?t="+url.QueryEscape(bad)); rec.Code != http.StatusForbidden {
			t.Errorf("panel with token %q: got %d, want 403", bad, rec.Code)
		}
	}
	*now = now.Add(operatorTTL + time.Second)
	rec = get(h.mux, "/obsluga/panel?t="+url.QueryEscape(tok))
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Sesja obsługi wygasła") {
		t.Errorf("expired token: got %d, want 403 and the PIN form saying so", rec.Code)
	}
}

func TestOperatorSessionEnds(t *testing.T) {
	tests := []struct {
		name string
		end  func(h http.Handler, tok string)
	}{
		{name: "idle reset", end: func(h http.Handler, _ string) { get(h, kioskResetPath) }},
		{name: "end button", end: func(h http.Handler, tok string) { postForm(h, "/obsluga/wyloguj", url.Values{"t": {tok}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := operatorHandler(t, Deps{IdleTimeout: time.Minute})
			tok, _ := login(t, h.mux)
			tt.end(h.mux, tok)
			if got := get(h.mux, "/obsluga/panel?t="+url.QueryEscape(tok)).Code; got != http.StatusForbidden {
				t.Errorf("token after %s: got %d, want 403", tt.name, got)
			}
		})
	}
}

func TestOperatorVisitsCSV(t *testing.T) {
	h, _ := operatorHandler(t, Deps{})
	for range 3 {
		get(h.mux, "/p/"+idStatut.String())
	}
	get(h.mux, "/p/"+idZlobek.String())
	tok, body := login(t, h.mux)
	checkContains(t, "operator screen", body, []string{"Wszystkich odsłon: 4, różnych stron: 2.", "Statut MOPS", "Żłobek Miejski"}, nil)
	rec := get(h.mux, "/obsluga/odwiedziny.csv?t="+url.QueryEscape(tok))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="odwiedziny-`) {
		t.Fatalf("CSV: got %d %q, want 200 and an attachment", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	data := rec.Body.String()
	if !strings.HasPrefix(data, "\ufeff") || !strings.Contains(data, "\r\n") {
		t.Errorf("CSV: want a UTF-8 BOM and CRLF line ends, got %q", data[:min(40, len(data))])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Miejsce", "Strona", "Identyfikator strony", "Odsłony"},
		{"1", "Statut MOPS", idStatut.String(), "3"}, {"2", "Żłobek Miejski", idZlobek.String(), "1"}}
	if len(rows) != len(want) {
		t.Fatalf("got rows %q, want %q", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %q, want %q", i, rows[i], want[i])
		}
	}
	if got := get(h.mux, "/obsluga/odwiedziny.csv").Code; got != http.StatusForbidden {
		t.Errorf("CSV without a session: got %d, want 403", got)
	}
}

func TestInertCell(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "formula", in: "=HYPERLINK(\"x\")", want: "'=HYPERLINK(\"x\")"},
		{name: "plus", in: "+48 76", want: "'+48 76"},
		{name: "minus", in: "-1", want: "'-1"},
		{name: "at", in: "@SUM(A1)", want: "'@SUM(A1)"},
		{name: "tab", in: "\t=1", want: "'\t=1"},
		{name: "plain", in: "Statut MOPS", want: "Statut MOPS"},
		{name: "inner equals", in: "a=b", want: "a=b"},
		{name: "empty", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inertCell(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOperatorDesktop(t *testing.T) {
	var mu sync.Mutex
	var saved []byte
	quit := make(chan struct{}, 1)
	h, _ := operatorHandler(t, Deps{Shell: ShellDesktop,
		SaveFile: func(name string, data []byte) (string, error) {
			mu.Lock()
			defer mu.Unlock()
			saved = data
			return "/home/kiosk/" + name, nil
		},
		Quit: func() { quit <- struct{}{} }})
	tok, body := login(t, h.mux)
	checkContains(t, "desktop operator screen", body, []string{`action="/obsluga/zapisz"`, "Zamknij kiosk"}, []string{"odwiedziny.csv?t=", "systemctl"})
	rec := postForm(h.mux, "/obsluga/zapisz", url.Values{"t": {tok}})
	checkContains(t, "save", rec.Body.String(), []string{`role="status"`, "Zapisano statystykę odwiedzin: /home/kiosk/odwiedziny-"}, nil)
	mu.Lock()
	if !strings.HasPrefix(string(saved), "\ufeffMiejsce,Strona") {
		t.Errorf("saved %q, want the CSV", saved)
	}
	mu.Unlock()
	tok = sessionRE.FindStringSubmatch(rec.Body.String())[1]
	postForm(h.mux, "/obsluga/zamknij", url.Values{"t": {tok}})
	select {
	case <-quit:
	case <-time.After(5 * time.Second):
		t.Error("Quit was not called")
	}
}
