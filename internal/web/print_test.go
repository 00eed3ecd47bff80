package web

import (
	"bytes"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/i18n"
	"bipkiosk/internal/kiosk"
	"bipkiosk/internal/printing"
	"bipkiosk/internal/printingtest"
	"bipkiosk/internal/store"
)

func TestPrintModes(t *testing.T) {
	node, print := "/p/"+idStatut.String(), "/p/"+idStatut.String()+"/druk"
	tests := []struct {
		name       string
		deps       Deps
		wantLink   string // in the article's actions; "" none
		wantStatus int    // of GET print
		wantPrint  string // on the print page
	}{
		{name: "dialog", deps: Deps{Kiosk: true}, wantLink: `href="` + print + `?drukuj=1"`, wantStatus: 200, wantPrint: `data-module="bk-print"`},
		{name: "off in a kiosk", deps: Deps{Kiosk: true, Print: printing.Mode{Kind: printing.Off}}, wantStatus: 404},
		{name: "off outside a kiosk is the dialog", deps: Deps{Print: printing.Mode{Kind: printing.Off}},
			wantLink: `href="` + print + `?drukuj=1"`, wantStatus: 200, wantPrint: `data-module="bk-print"`},
		{name: "printer", deps: Deps{Kiosk: true, Print: printing.Mode{Kind: printing.Printer, Printer: "Biuro_1"}},
			wantLink: `<form method="post" action="` + print + `"`, wantStatus: 200, wantPrint: `<form method="post" action="` + print + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			body := get(h, node).Body.String()
			if got := strings.Contains(body, "/druk"); got != (tt.wantLink != "") {
				t.Errorf("article mentions /druk: got %v, want %v", got, tt.wantLink != "")
			}
			if tt.wantLink != "" && !strings.Contains(body, tt.wantLink) {
				t.Errorf("article lacks %s", tt.wantLink)
			}
			rec := get(h, print+"?drukuj=1")
			if rec.Code != tt.wantStatus {
				t.Fatalf("GET print: got %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantPrint != "" {
				checkPage(t, print, rec.Body.String())
				checkContains(t, print, rec.Body.String(), []string{tt.wantPrint, "Burmistrz Miasta"}, nil)
			}
			auto := strings.Contains(rec.Body.String(), "data-print-auto")
			if want := tt.wantPrint == `data-module="bk-print"`; auto != want {
				t.Errorf("print page opens the dialog by itself: got %v, want %v", auto, want)
			}
			if tt.deps.Print.Kind != printing.Printer {
				if got := do(h, http.MethodPost, print).Code; got != 404 {
					t.Errorf("POST print: got %d, want 404", got)
				}
				if strings.Contains(rec.Body.String(), `name="c"`) {
					t.Error("print page without a printer carries a print code")
				}
			}
		})
	}
}

func TestPrintToPrinter(t *testing.T) {
	print := "/p/" + idStatut.String() + "/druk"
	tests := []struct {
		name       string
		lp         bool
		exit       string
		wantStatus int
		want       string
	}{
		{name: "sent", lp: true, wantStatus: 200, want: "Wysłano do drukarki Biuro_1"},
		{name: "lp fails", lp: true, exit: "1", wantStatus: 503, want: "Drukarka Biuro_1 nie przyjęła wydruku"},
		{name: "no lp", wantStatus: 503, want: "Na tym terminalu nie działa usługa drukowania"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.lp {
				dir = printingtest.FakeLP(t)
			} else {
				t.Setenv("PATH", dir)
			}
			t.Setenv("LP_EXIT", tt.exit)
			h := newTestHandler(t, Deps{Kiosk: true, Print: printing.Mode{Kind: printing.Printer, Printer: "Biuro_1"}})
			// One touch: the article's own print button carries the code.
			article := get(h, "/p/"+idStatut.String()).Body.String()
			rec := postForm(h, print, url.Values{"c": {formCode(t, article)}})
			if rec.Code != tt.wantStatus {
				t.Fatalf("got status %d, want %d", rec.Code, tt.wantStatus)
			}
			body := rec.Body.String()
			checkPage(t, print, body)
			checkContains(t, print, body, []string{tt.want}, nil)
			if !tt.lp {
				return
			}
			args, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatalf("lp was not run: %v", err)
			}
			if got := strings.Split(string(args), "\n"); len(got) < 4 || got[1] != "Biuro_1" || got[3] != "Statut MOPS" {
				t.Errorf("got lp arguments %q, want -d Biuro_1 -t Statut MOPS FILE", got)
			}
			job, err := os.ReadFile(filepath.Join(dir, "job.pdf"))
			if err != nil || !bytes.HasPrefix(job, []byte("%PDF-")) {
				t.Errorf("lp got %d bytes (%v), want a PDF", len(job), err)
			}
		})
	}
}

// printerHandler is a kiosk that prints to Biuro_1 through the fake lp,
// with a clock the test moves; it returns where lp leaves its arguments.
func printerHandler(t *testing.T) (*handler, *time.Time, string) {
	t.Helper()
	dir := printingtest.FakeLP(t)
	h, err := newHandler(Deps{Store: openStore(t), Kiosk: true, Print: printing.Mode{Kind: printing.Printer, Printer: "Biuro_1"}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	h.printGuard.now = func() time.Time { return now }
	return h, &now, filepath.Join(dir, "args")
}

// printed reports whether lp ran since the last call.
func printed(t *testing.T, args string) bool {
	t.Helper()
	_, err := os.Stat(args)
	os.Remove(args)
	return err == nil
}

// TestPrintOnce: a print form prints once. Without its code (a blind POST,
// or the article's button), with a used one (the form sent again by Back or
// a reload) or a made-up one nothing is printed and the print page offers
// its button again; every page with a print form carries a new code.
func TestPrintOnce(t *testing.T) {
	print := "/p/" + idStatut.String() + "/druk"
	h, _, args := printerHandler(t)
	page := get(h.mux, print).Body.String()
	code := formCode(t, page)
	if again := formCode(t, get(h.mux, print).Body.String()); again == code {
		t.Fatal("the print page served twice carries the same code, want a new one each time")
	}
	for _, p := range []string{print, "/p/" + idStatut.String()} {
		if tag := get(h.mux, p).Header().Get("ETag"); tag != "" {
			t.Errorf("%s with a printer: got ETag %s, want none (a page with a print form is never cached)", p, tag)
		}
	}
	rec := postForm(h.mux, print, url.Values{"c": {code}})
	if rec.Code != 200 || !printed(t, args) || !strings.Contains(rec.Body.String(), "Wysłano do drukarki Biuro_1") {
		t.Fatalf("first send: got %d, want 200 and a job", rec.Code)
	}
	if next := formCode(t, rec.Body.String()); next == code {
		t.Error("the result page carries the used code, want a new one")
	}
	other, _, _ := printerHandler(t)
	tests := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{name: "sent again", form: url.Values{"c": {code}}, status: http.StatusForbidden, want: "ten formularz został już wysłany"},
		{name: "no code", status: http.StatusOK, want: "Aby wydrukować ten artykuł"},
		{name: "another process's code", form: url.Values{"c": {formCode(t, get(other.mux, print).Body.String())}},
			status: http.StatusForbidden, want: "ten formularz został już wysłany"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := postForm(h.mux, print, tt.form)
			if rec.Code != tt.status || printed(t, args) {
				t.Errorf("got %d and a job, want %d and none", rec.Code, tt.status)
			}
			checkContains(t, tt.name, rec.Body.String(), []string{tt.want, `name="c" value="`}, []string{"Wysłano do drukarki"})
		})
	}
}

// TestPrintRateLimit: a terminal sends at most kiosk.PrintJobs jobs a minute;
// the next is refused with a page that says so, and another terminal is
// not held back by it.
func TestPrintRateLimit(t *testing.T) {
	print := "/p/" + idStatut.String() + "/druk"
	h, now, args := printerHandler(t)
	send := func(addr string) *httptest.ResponseRecorder {
		code := formCode(t, get(h.mux, print, from(addr)).Body.String())
		return postForm(h.mux, print, url.Values{"c": {code}}, from(addr))
	}
	for i := 1; i <= kiosk.PrintJobs; i++ {
		if rec := send(terminalAddr); rec.Code != 200 || !printed(t, args) {
			t.Fatalf("job %d: got %d, want 200 and a job", i, rec.Code)
		}
		*now = now.Add(time.Second)
	}
	rec := send(terminalAddr)
	if rec.Code != http.StatusTooManyRequests || printed(t, args) {
		t.Fatalf("job %d within a minute: got %d, want 429 and no job", kiosk.PrintJobs+1, rec.Code)
	}
	checkPage(t, "too many", rec.Body.String())
	checkContains(t, "too many", rec.Body.String(), []string{"Wysłano zbyt wiele wydruków. Spróbuj ponownie za minutę."}, nil)
	if rec := send("127.0.0.2:1"); rec.Code != 200 || !printed(t, args) {
		t.Errorf("another terminal: got %d, want 200 and a job", rec.Code)
	}
	*now = now.Add(kiosk.PrintWindow - time.Duration(kiosk.PrintJobs-1)*time.Second)
	if rec := send(terminalAddr); rec.Code != 200 || !printed(t, args) {
		t.Errorf("a minute after the first job: got %d, want 200 and a job", rec.Code)
	}
}

func TestPrintDocument(t *testing.T) {
	st := openStore(t)
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	var doc printing.Document
	err = st.Read(func(rd *store.Reader) error {
		lay, err := h.newLayout(rd, req, DefaultSettings())
		if err != nil {
			return err
		}
		n, err := rd.Node(idStatut)
		if err != nil {
			return err
		}
		doc = lay.printDocument(n, at2)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all := doc.Title + "|" + doc.Owner + "|" + strings.Join(doc.Notes, "|") + "|" + strings.Join(doc.Files, "|")
	for _, f := range doc.Meta {
		all += "|" + f.Label + ": " + f.Value
	}
	for _, w := range []string{"Statut MOPS", "Miasto Testowo", "Podmiot udostępniający: Burmistrz Miasta",
		"Data ostatniej aktualizacji: ", "Adres w internetowym BIP: https://bip.testowo.example.pl/statut",
		"Wydrukowano z kopii offline biuletynu", "statut mops.pdf", "Ilość odwiedzin: 7"} {
		if !strings.Contains(all, w) {
			t.Errorf("print document lacks %q; got %s", w, all)
		}
	}
}

// TestPrintCodeOfItsTerminal: a print code is bound to the terminal that
// was shown the form: another host's flood of print pages does not make it
// lapse, and sent from another host it prints nothing and stays usable.
func TestPrintCodeOfItsTerminal(t *testing.T) {
	print := "/p/" + idStatut.String() + "/druk"
	const hostA, hostB = "192.168.1.10:5000", "192.168.1.11:6000"
	tests := []struct {
		name    string
		before  func(h *handler, code string)
		from    string
		status  int
		printed bool
	}{
		{name: "after 300 print pages shown to another host", before: func(h *handler, _ string) {
			for range 300 {
				get(h.mux, print, from(hostB))
			}
		}, from: hostA, status: http.StatusOK, printed: true},
		{name: "sent from another host", from: hostB, status: http.StatusForbidden},
		{name: "sent by its own host after another tried it", before: func(h *handler, code string) {
			postForm(h.mux, print, url.Values{"c": {code}}, from(hostB))
		}, from: hostA, status: http.StatusOK, printed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, args := printerHandler(t)
			code := formCode(t, get(h.mux, print, from(hostA)).Body.String())
			if tt.before != nil {
				tt.before(h, code)
				printed(t, args)
			}
			rec := postForm(h.mux, print, url.Values{"c": {code}}, from(tt.from))
			if got := printed(t, args); rec.Code != tt.status || got != tt.printed {
				t.Errorf("got %d and a job %v, want %d and a job %v", rec.Code, got, tt.status, tt.printed)
			}
		})
	}
}

// TestPrintNotice: the notices of the print page read whole in every
// language: a notice gets the printer's name only where it names it.
func TestPrintNotice(t *testing.T) {
	print := "/p/" + idStatut.String() + "/druk"
	tests := []struct {
		name   string
		key    string
		args   []any // what the text names: the printer, or nothing
		status int
		form   func(t *testing.T, h *handler, lang *http.Cookie) url.Values
	}{
		{name: "sent", key: "print.sent", args: []any{"Biuro_1"}, status: http.StatusOK, form: func(t *testing.T, h *handler, lang *http.Cookie) url.Values {
			return url.Values{"c": {formCode(t, get(h.mux, print, withCookie(lang)).Body.String())}}
		}},
		{name: "used code", key: "print.again", status: http.StatusForbidden, form: func(t *testing.T, h *handler, lang *http.Cookie) url.Values {
			used := url.Values{"c": {formCode(t, get(h.mux, print, withCookie(lang)).Body.String())}}
			postForm(h.mux, print, used, withCookie(lang))
			return used
		}},
		{name: "no code", key: "print.confirm", status: http.StatusOK, form: func(*testing.T, *handler, *http.Cookie) url.Values { return nil }},
	}
	for _, lang := range []i18n.Lang{i18n.Polish, i18n.English, i18n.Ukrainian} {
		for _, tt := range tests {
			t.Run(string(lang)+" "+tt.name, func(t *testing.T) {
				h, now, _ := printerHandler(t)
				cookie := &http.Cookie{Name: cookieName, Value: "lang=" + string(lang) + "&text=100&theme=default"}
				form := tt.form(t, h, cookie)
				*now = now.Add(time.Minute) // past the rate limit of the first send
				rec := postForm(h.mux, print, form, withCookie(cookie))
				body := html.UnescapeString(rec.Body.String())
				want := i18n.New(lang).T(tt.key, tt.args...)
				if rec.Code != tt.status || strings.Contains(body, "%!") || !strings.Contains(body, want) {
					t.Errorf("got %d, want %d and the notice %q whole; body has %q", rec.Code, tt.status, want, noticeOf(body))
				}
			})
		}
	}
}

// noticeOf is the text of a page's status notice, for a failure's message.
func noticeOf(body string) string {
	_, rest, _ := strings.Cut(body, `role="status"><p>`)
	text, _, _ := strings.Cut(rest, "</p>")
	return text
}
