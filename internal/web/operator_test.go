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
	"sync/atomic"
	"testing"
	"time"

	"bipkiosk/internal/kiosk"
)

const testPIN = "2468"

// terminalAddr is the address of a browser on the kiosk's own computer.
const terminalAddr = "127.0.0.1:40000"

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

// from sets the client's address.
func from(addr string) func(*http.Request) {
	return func(r *http.Request) { r.RemoteAddr = addr }
}

func postForm(h http.Handler, target string, form url.Values, mod ...func(*http.Request)) *httptest.ResponseRecorder {
	return do(h, http.MethodPost, target, append([]func(*http.Request){func(r *http.Request) {
		r.Body = ioNopCloser(strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}}, mod...)...)
}

// getTerminal and postTerminal come from the kiosk's own computer.
func getTerminal(h http.Handler, target string) *httptest.ResponseRecorder {
	return get(h, target, from(terminalAddr))
}

func postTerminal(h http.Handler, target string, form url.Values) *httptest.ResponseRecorder {
	return postForm(h, target, form, from(terminalAddr))
}

var (
	sessionRE = regexp.MustCompile(`name="t" value="([^"]+)"`)
	codeRE    = regexp.MustCompile(`name="c" value="([^"]*)"`)
)

// formCode is the one-time code of the form in body.
func formCode(t *testing.T, body string) string {
	t.Helper()
	m := codeRE.FindStringSubmatch(body)
	if m == nil || m[1] == "" {
		t.Fatal("the form carries no one-time code")
	}
	return m[1]
}

// tryPIN sends pin with a fresh PIN form's code, as a person at the terminal does.
func tryPIN(t *testing.T, h http.Handler, pin string) *httptest.ResponseRecorder {
	t.Helper()
	code := formCode(t, getTerminal(h, "/obsluga").Body.String())
	return postTerminal(h, "/obsluga", url.Values{"pin": {pin}, "c": {code}})
}

// login enters the right PIN and returns the screen's session token.
func login(t *testing.T, h http.Handler) (string, string) {
	t.Helper()
	rec := tryPIN(t, h, testPIN)
	if rec.Code != 200 {
		t.Fatalf("right PIN: got %d, want 200", rec.Code)
	}
	m := sessionRE.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatal("operator screen carries no session token")
	}
	return m[1], rec.Body.String()
}

// isScreen reports the operator screen, as opposed to the PIN form.
func isScreen(body string) bool {
	return strings.Contains(body, `id="bk-op-bundle"`) || sessionRE.MatchString(body)
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
				if got := getTerminal(h, p).Code; got != 404 {
					t.Errorf("GET %s: got %d, want 404", p, got)
				}
			}
			if got := postTerminal(h, "/obsluga", url.Values{"pin": {testPIN}}).Code; got != 404 {
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
	body := getTerminal(h.mux, "/obsluga").Body.String()
	checkPage(t, "/obsluga", body)
	checkContains(t, "/obsluga", body, []string{`<label for="bk-pin-input"`, `autocomplete="off"`, `role="group"`, `name="c" value="`},
		[]string{`role="alert"`})
	for i := 1; i <= 4; i++ {
		rec := tryPIN(t, h.mux, "1111")
		if rec.Code != http.StatusForbidden {
			t.Fatalf("wrong PIN %d: got %d, want 403", i, rec.Code)
		}
		checkContains(t, "wrong PIN", rec.Body.String(), []string{`role="alert"`, "Nieprawidłowy PIN", `aria-invalid="true"`}, []string{`name="t"`})
	}
	rec := tryPIN(t, h.mux, "1111")
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "Zbyt wiele błędnych prób. Spróbuj ponownie za 60 s.") {
		t.Fatalf("fifth wrong PIN: got %d, want 429 and the lockout", rec.Code)
	}
	*now = now.Add(30 * time.Second)
	if rec := tryPIN(t, h.mux, testPIN); rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "za 30 s") {
		t.Errorf("right PIN while locked: got %d, want 429 with 30 s left", rec.Code)
	}
	*now = now.Add(31 * time.Second)
	tok, body := login(t, h.mux)
	checkPage(t, "operator screen", body)
	checkContains(t, "operator screen", body, []string{"Miasto Testowo", "Ten terminal jeszcze nie sprawdzał aktualizacji.",
		"systemctl stop bipkiosk-browser", `action="/obsluga/zapisz"`, "Pobierz statystykę odwiedzin (CSV)", `action="/obsluga"`},
		[]string{"Zamknij kiosk", "?t=", "odwiedziny.csv"})

	// Refreshing is a POST of the session; a GET of any screen address is the PIN form.
	if rec := postTerminal(h.mux, "/obsluga", url.Values{"t": {tok}}); rec.Code != 200 || !isScreen(rec.Body.String()) ||
		rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("refresh with the session: got %d %q, want the screen, 200 no-store", rec.Code, rec.Header().Get("Cache-Control"))
	}
	for _, p := range []string{"/obsluga/panel?t=" + url.QueryEscape(tok), "/obsluga/odwiedziny.csv?t=" + url.QueryEscape(tok), "/obsluga?t=" + url.QueryEscape(tok)} {
		rec := getTerminal(h.mux, p)
		if b := rec.Body.String(); rec.Code != 200 || isScreen(b) || !strings.Contains(b, `id="bk-pin-input"`) {
			t.Errorf("GET %s: got %d, screen %v, want 200 and the PIN form", p, rec.Code, isScreen(b))
		}
	}
	tampered := []byte(tok)
	tampered[len(tampered)-2] ^= 1
	for _, bad := range []string{"", "abc", string(tampered)} {
		if rec := postTerminal(h.mux, "/obsluga/panel", url.Values{"t": {bad}}); rec.Code == 200 && isScreen(rec.Body.String()) {
			t.Errorf("POST /obsluga/panel with token %q: got the screen", bad)
		}
		if bad == "" {
			continue
		}
		if rec := postTerminal(h.mux, "/obsluga", url.Values{"t": {bad}}); rec.Code != http.StatusForbidden || isScreen(rec.Body.String()) {
			t.Errorf("refresh with token %q: got %d, want 403 and the PIN form", bad, rec.Code)
		}
	}
	*now = now.Add(kiosk.SessionTTL + time.Second)
	rec = postTerminal(h.mux, "/obsluga", url.Values{"t": {tok}})
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Sesja obsługi wygasła") {
		t.Errorf("expired token: got %d, want 403 and the PIN form saying so", rec.Code)
	}
}

// TestOperatorFormCode: the PIN is checked only with a one-time code of a
// PIN form this process showed this terminal, unused and unexpired.
func TestOperatorFormCode(t *testing.T) {
	tests := []struct {
		name string
		code func(t *testing.T, h *handler, now *time.Time) string
	}{
		{name: "no code", code: func(*testing.T, *handler, *time.Time) string { return "" }},
		{name: "another process's", code: func(t *testing.T, _ *handler, _ *time.Time) string {
			other, _ := operatorHandler(t, Deps{})
			return formCode(t, getTerminal(other.mux, "/obsluga").Body.String())
		}},
		{name: "another host's", code: func(t *testing.T, h *handler, _ *time.Time) string {
			return formCode(t, get(h.mux, "/obsluga", from("192.168.1.20:5000")).Body.String())
		}},
		{name: "sent again", code: func(t *testing.T, h *handler, _ *time.Time) string {
			code := formCode(t, getTerminal(h.mux, "/obsluga").Body.String())
			if rec := postTerminal(h.mux, "/obsluga", url.Values{"pin": {testPIN}, "c": {code}}); !isScreen(rec.Body.String()) {
				t.Fatalf("first send: got %d without the screen, want the screen", rec.Code)
			}
			return code
		}},
		{name: "expired", code: func(t *testing.T, h *handler, now *time.Time) string {
			code := formCode(t, getTerminal(h.mux, "/obsluga").Body.String())
			*now = now.Add(kiosk.FormCodes.TTL + time.Second)
			return code
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, now := operatorHandler(t, Deps{OperatorRemote: true}) // other hosts get PIN forms too
			code := tt.code(t, h, now)
			rec := postTerminal(h.mux, "/obsluga", url.Values{"pin": {testPIN}, "c": {code}})
			if rec.Code != http.StatusForbidden || isScreen(rec.Body.String()) ||
				!strings.Contains(rec.Body.String(), "Ten formularz jest nieważny") {
				t.Errorf("got %d (screen %v), want 403 and the PIN form saying the form is no longer valid", rec.Code, isScreen(rec.Body.String()))
			}
			// A refused form is not a wrong PIN.
			for i := 1; i < kiosk.PINTries; i++ {
				if rec := tryPIN(t, h.mux, "1111"); rec.Code != http.StatusForbidden {
					t.Fatalf("wrong PIN %d after the refused form: got %d, want 403", i, rec.Code)
				}
			}
		})
	}
}

// TestOperatorRemote: only the terminal itself opens the operator screen,
// unless OperatorRemote allows other hosts.
func TestOperatorRemote(t *testing.T) {
	tests := []struct {
		name string
		deps Deps
		addr string
		want int
	}{
		{name: "browser on the terminal", addr: "127.0.0.1:5000", want: 200},
		{name: "browser on the terminal, IPv6", addr: "[::1]:5000", want: 200},
		{name: "host on the network", addr: "192.168.1.20:5000", want: http.StatusForbidden},
		{name: "host on the network allowed", deps: Deps{OperatorRemote: true}, addr: "192.168.1.20:5000", want: 200},
		{name: "desktop window", deps: Deps{Shell: ShellDesktop}, addr: "192.0.2.1:1234", want: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := operatorHandler(t, tt.deps)
			rec := get(h.mux, "/obsluga", from(tt.addr))
			if rec.Code != tt.want {
				t.Fatalf("GET /obsluga: got %d, want %d", rec.Code, tt.want)
			}
			if tt.want != 200 {
				checkContains(t, "refused", rec.Body.String(), []string{"tylko na samym terminalu"}, []string{`name="c"`})
				post := postForm(h.mux, "/obsluga", url.Values{"pin": {testPIN}}, from(tt.addr))
				if post.Code != tt.want || isScreen(post.Body.String()) {
					t.Errorf("POST /obsluga: got %d, want %d without the screen", post.Code, tt.want)
				}
				return
			}
			code := formCode(t, rec.Body.String())
			post := postForm(h.mux, "/obsluga", url.Values{"pin": {testPIN}, "c": {code}}, from(tt.addr))
			if !isScreen(post.Body.String()) {
				t.Errorf("right PIN: got %d without the screen", post.Code)
			}
		})
	}
}

// TestOperatorSessionEnds: the session ends when its terminal is shown any
// page outside the operator screen, by the idle reset and by the end
// button; parts of pages, files and another terminal's pages do not end it.
func TestOperatorSessionEnds(t *testing.T) {
	node := "/p/" + idStatut.String()
	tests := []struct {
		name string
		end  func(h *handler, tok string)
		ends bool
	}{
		{name: "idle reset", end: func(h *handler, _ string) { getTerminal(h.mux, kioskResetPath) }, ends: true},
		{name: "end button", end: func(h *handler, tok string) { postTerminal(h.mux, "/obsluga/wyloguj", url.Values{"t": {tok}}) }, ends: true},
		{name: "home page", end: func(h *handler, _ string) { getTerminal(h.mux, "/") }, ends: true},
		{name: "home page from the page cache", end: func(h *handler, _ string) { get(h.mux, "/"); getTerminal(h.mux, "/") }, ends: true},
		{name: "article", end: func(h *handler, _ string) { getTerminal(h.mux, node) }, ends: true},
		{name: "search", end: func(h *handler, _ string) { getTerminal(h.mux, "/szukaj?q=mops") }, ends: true},
		{name: "page not found", end: func(h *handler, _ string) { getTerminal(h.mux, "/nie-ma") }, ends: true},
		{name: "settings change", end: func(h *handler, _ string) { getTerminal(h.mux, "/ustawienia/ustaw?text=150&wroc=/mapa") }, ends: true},
		{name: "menu branch", end: func(h *handler, _ string) { getTerminal(h.mux, "/menu/"+idMops.String()) }},
		{name: "search suggestions", end: func(h *handler, _ string) { getTerminal(h.mux, "/api/search?q=mops") }},
		{name: "static file", end: func(h *handler, _ string) { getTerminal(h.mux, h.assets.css) }},
		{name: "the PIN form", end: func(h *handler, _ string) { getTerminal(h.mux, "/obsluga") }},
		{name: "another terminal's page", end: func(h *handler, _ string) { get(h.mux, "/", from("192.168.1.20:5000")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := operatorHandler(t, Deps{IdleTimeout: time.Minute, OperatorRemote: true})
			tok, _ := login(t, h.mux)
			tt.end(h, tok)
			rec := postTerminal(h.mux, "/obsluga", url.Values{"t": {tok}})
			if got := isScreen(rec.Body.String()); got == tt.ends {
				t.Errorf("refresh after %s: got the screen %v, want %v (status %d)", tt.name, got, !tt.ends, rec.Code)
			}
		})
	}
}

// TestOperatorActionsNeedSession: closing the kiosk and saving the
// statistics do nothing without this terminal's live session.
func TestOperatorActionsNeedSession(t *testing.T) {
	var quits, saves atomic.Int32
	h, _ := operatorHandler(t, Deps{Shell: ShellWeb, OperatorRemote: true,
		SaveFile: func(string, []byte) (string, error) { saves.Add(1); return "/tmp/x.csv", nil },
		Quit:     func() { quits.Add(1) }})
	tok, _ := login(t, h.mux)
	tampered := []byte(tok)
	tampered[5] ^= 1
	tests := []struct {
		name string
		send func(path string) *httptest.ResponseRecorder
	}{
		{name: "no token", send: func(p string) *httptest.ResponseRecorder { return postTerminal(h.mux, p, nil) }},
		{name: "bad token", send: func(p string) *httptest.ResponseRecorder {
			return postTerminal(h.mux, p, url.Values{"t": {string(tampered)}})
		}},
		{name: "another terminal's token", send: func(p string) *httptest.ResponseRecorder {
			return postForm(h.mux, p, url.Values{"t": {tok}}, from("192.168.1.20:5000"))
		}},
		{name: "token in the address", send: func(p string) *httptest.ResponseRecorder {
			return postTerminal(h.mux, p+"?t="+url.QueryEscape(tok), nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range []string{"/obsluga/zamknij", "/obsluga/zapisz"} {
				if rec := tt.send(p); rec.Code != http.StatusForbidden || isScreen(rec.Body.String()) {
					t.Errorf("POST %s: got %d, want 403 and the PIN form", p, rec.Code)
				}
			}
		})
	}
	time.Sleep(600 * time.Millisecond) // quitting waits 500 ms for the page to show
	if q, s := quits.Load(), saves.Load(); q != 0 || s != 0 {
		t.Errorf("got %d quits and %d saves, want none", q, s)
	}
}

// TestOperatorIdleKeepsFailures: the idle reset ends sessions but does not
// forgive wrong PINs.
func TestOperatorIdleKeepsFailures(t *testing.T) {
	h, _ := operatorHandler(t, Deps{IdleTimeout: time.Minute})
	for range kiosk.PINTries - 1 {
		tryPIN(t, h.mux, "1111")
	}
	getTerminal(h.mux, kioskResetPath)
	if rec := tryPIN(t, h.mux, "1111"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("wrong PIN %d, after an idle reset: got %d, want 429", kiosk.PINTries, rec.Code)
	}
}

// TestOperatorPagesFrame: the operator's pages carry no kiosk Home/Back
// bar, and their settings links return to the PIN form's address.
func TestOperatorPagesFrame(t *testing.T) {
	h, _ := operatorHandler(t, Deps{IdleTimeout: time.Minute})
	_, screen := login(t, h.mux)
	pages := map[string]string{"PIN form": getTerminal(h.mux, "/obsluga/panel?t=x").Body.String(), "screen": screen}
	for name, body := range pages {
		checkContains(t, name, body, []string{`wroc=%2Fobsluga"`, "data-idle-timeout"}, []string{"bk-kiosknav", "wroc=%2Fobsluga%2F", "%3Ft%3D"})
	}
	checkContains(t, "home", get(h.mux, "/").Body.String(), []string{"bk-kiosknav"}, nil)
}

func TestOperatorVisitsCSV(t *testing.T) {
	h, _ := operatorHandler(t, Deps{})
	for range 3 {
		get(h.mux, "/p/"+idStatut.String())
	}
	get(h.mux, "/p/"+idZlobek.String())
	tok, body := login(t, h.mux)
	checkContains(t, "operator screen", body, []string{"Wszystkich odsłon: 4, różnych stron: 2.", "Statut MOPS", "Żłobek Miejski"}, nil)
	rec := postTerminal(h.mux, "/obsluga/zapisz", url.Values{"t": {tok}})
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="odwiedziny-`) ||
		rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("CSV: got %d %q %q, want 200, an attachment, no-store", rec.Code, rec.Header().Get("Content-Disposition"), rec.Header().Get("Cache-Control"))
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
	if rec := getTerminal(h.mux, "/obsluga/odwiedziny.csv?t="+url.QueryEscape(tok)); strings.Contains(rec.Header().Get("Content-Type"), "csv") {
		t.Errorf("GET of the old CSV address with a token: got the CSV, want the PIN form")
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
	checkContains(t, "desktop operator screen", body, []string{`action="/obsluga/zapisz"`, "Zamknij kiosk", "Zapisz statystykę"},
		[]string{"Pobierz statystykę", "systemctl"})
	rec := postTerminal(h.mux, "/obsluga/zapisz", url.Values{"t": {tok}})
	checkContains(t, "save", rec.Body.String(), []string{`role="status"`, "Zapisano statystykę odwiedzin: /home/kiosk/odwiedziny-"}, nil)
	mu.Lock()
	if !strings.HasPrefix(string(saved), "\ufeffMiejsce,Strona") {
		t.Errorf("saved %q, want the CSV", saved)
	}
	mu.Unlock()
	tok = sessionRE.FindStringSubmatch(rec.Body.String())[1]
	postTerminal(h.mux, "/obsluga/zamknij", url.Values{"t": {tok}})
	select {
	case <-quit:
	case <-time.After(5 * time.Second):
		t.Error("Quit was not called")
	}
}
