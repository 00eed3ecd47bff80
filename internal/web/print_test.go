package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"bipkiosk/internal/printing"
	"bipkiosk/internal/store"
)

// fakeLP puts the printing package's stand-in lp first on PATH and returns
// its directory, where it leaves "args" and "job.pdf".
func fakeLP(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake lp is a shell script")
	}
	script, err := os.ReadFile(filepath.Join("..", "printing", "testdata", "lp"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "lp"), script, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return dir
}

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
				dir = fakeLP(t)
			} else {
				t.Setenv("PATH", dir)
			}
			t.Setenv("LP_EXIT", tt.exit)
			h := newTestHandler(t, Deps{Kiosk: true, Print: printing.Mode{Kind: printing.Printer, Printer: "Biuro_1"}})
			rec := do(h, http.MethodPost, print)
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
