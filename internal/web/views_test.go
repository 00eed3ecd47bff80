package web

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// TestETagPerURL: a validator taken from one page never answers 304 for
// another page with the same settings; it still does for its own page.
func TestETagPerURL(t *testing.T) {
	h := newTestHandler(t, Deps{})
	article, section := nodePath(idStatut), nodePath(idJednostki)
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{name: "same page", from: article, to: article, want: http.StatusNotModified},
		{name: "another article", from: article, to: nodePath(idZlobek), want: http.StatusOK},
		{name: "article to section", from: article, to: section, want: http.StatusOK},
		{name: "home to site map", from: "/", to: "/mapa", want: http.StatusOK},
		{name: "same path, other query", from: "/rejestr", to: "/rejestr?od=2025-01-01", want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tag := get(h, tt.from).Header().Get("ETag")
			if tag == "" {
				t.Fatalf("%s: no ETag", tt.from)
			}
			rec := get(h, tt.to, func(r *http.Request) { r.Header.Set("If-None-Match", "W/"+tag) })
			if rec.Code != tt.want {
				t.Errorf("%s with the ETag of %s: got %d, want %d", tt.to, tt.from, rec.Code, tt.want)
			}
			if tt.want == http.StatusOK && (rec.Body.Len() == 0 || rec.Header().Get("ETag") == tag) {
				t.Errorf("%s: got an empty body or the other page's ETag %q", tt.to, rec.Header().Get("ETag"))
			}
		})
	}
}

// TestPanicRecovered: a request whose handler panics (here the desktop
// shell's hook that opens the system browser) is answered 500 and logged
// once with its path and stack; the handler goes on serving.
func TestPanicRecovered(t *testing.T) {
	var logs bytes.Buffer
	h := newTestHandler(t, Deps{
		Shell:        ShellDesktop,
		Logger:       slog.New(slog.NewJSONHandler(&logs, nil)),
		OpenExternal: func(string) error { panic("the system browser is gone") },
	})
	form := url.Values{"u": {"https://bip.example.pl/"}}.Encode()
	rec := do(h, http.MethodPost, "/zewnetrzny/otworz", func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(form))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	})
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("got status %d, want 500", rec.Code)
	}
	if got := rec.Header().Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control: got %q, want no-store", got)
	}
	if !strings.Contains(rec.Body.String(), "<h1>") {
		t.Errorf("no error page: %q", rec.Body.String())
	}
	var entry map[string]any
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	var panics int
	for _, l := range lines {
		if json.Unmarshal([]byte(l), &entry) == nil && entry["msg"] == "web_panic" {
			panics++
			if entry["path"] != "/zewnetrzny/otworz" || !strings.Contains(entry["stack"].(string), "recover.go") ||
				!strings.Contains(entry["panic"].(string), "system browser is gone") {
				t.Errorf("web_panic entry lacks the path, panic or stack: %v", entry)
			}
		}
	}
	if panics != 1 {
		t.Errorf("got %d web_panic entries, want 1:\n%s", panics, logs.String())
	}
	if rec := get(h, "/"); rec.Code != http.StatusOK {
		t.Errorf("after the panic: home answered %d", rec.Code)
	}
}

// TestPanicAbortPassesThrough: http.ErrAbortHandler, net/http's way to
// abort a response, is not turned into a page.
func TestPanicAbortPassesThrough(t *testing.T) {
	h := recoverPanics(slog.New(slog.DiscardHandler), true, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("got panic %v, want http.ErrAbortHandler", v)
		}
	}()
	get(h, "/")
}

// TestHealth: /healthz says whether a bulletin can be read and which.
func TestHealth(t *testing.T) {
	closed := storetest.Open(t, store.Options{})
	tests := []struct {
		name   string
		store  func(t *testing.T) *store.Store
		status int
		want   health
	}{
		{name: "installed", store: openStore, status: http.StatusOK,
			want: health{Status: "ok", Generation: 1, Sequence: testBulletin().Ed.Sequence}},
		{name: "empty", store: func(t *testing.T) *store.Store { return storetest.Open(t, store.Options{}) },
			status: http.StatusServiceUnavailable, want: health{Status: "empty"}},
		{name: "cannot be read", store: func(t *testing.T) *store.Store {
			if err := closed.Close(); err != nil {
				t.Fatal(err)
			}
			return closed
		}, status: http.StatusServiceUnavailable, want: health{Status: "unavailable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := NewHandler(Deps{Store: tt.store(t)})
			if err != nil {
				t.Fatal(err)
			}
			rec := get(h, "/healthz", withCookie(&http.Cookie{Name: cookieName, Value: "lang=en"}))
			if rec.Code != tt.status {
				t.Errorf("status: got %d, want %d", rec.Code, tt.status)
			}
			var got health
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got != tt.want {
				t.Errorf("body: got %+v (%v) from %.80q, want %+v", got, err, rec.Body.String(), tt.want)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control: got %q, want no-store", cc)
			}
			if sc := rec.Header().Values("Set-Cookie"); len(sc) != 0 {
				t.Errorf("sets cookies: %q", sc)
			}
		})
	}
}

// TestLayoutIsDataAfterRead: a layout built inside the request's read is
// complete: the footer's update line is the check as that read saw it, and
// the page renders with the store closed.
func TestLayoutIsDataAfterRead(t *testing.T) {
	st := openStore(t)
	at := time.Date(2025, 6, 9, 8, 15, 0, 0, time.UTC) // 10:15 in Warsaw
	if err := st.RecordUpdateCheck(store.UpdateCheck{At: at, Result: store.UpdateUnchanged}); err != nil {
		t.Fatal(err)
	}
	h, err := newHandler(Deps{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	var lay *Layout
	err = st.Read(func(rd *store.Reader) error {
		var err error
		if lay, err = h.newLayout(rd, httptest.NewRequest(http.MethodGet, "/ustawienia", nil), DefaultSettings()); err != nil {
			return err
		}
		lay.Menu, err = h.buildMenu(rd, lay, menuPath)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A check recorded after the read is not this page's; and no template
	// may read the store at all.
	if err := st.RecordUpdateCheck(store.UpdateCheck{At: at.Add(time.Hour), Result: store.UpdateFailed, Error: "later"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := h.execute(&buf, "settings", settingsPage{Layout: lay}); err != nil {
		t.Fatal(err)
	}
	footer := buf.String()[strings.Index(buf.String(), "<footer"):]
	if want := "2025-06-09 10:15:00"; !strings.Contains(footer, want) {
		t.Errorf("footer lacks the check of the read (%s):\n%s", want, footer)
	}
	if strings.Contains(footer, "later") || strings.Contains(footer, "11:15") {
		t.Errorf("footer shows a check recorded after the read:\n%s", footer)
	}
}

// TestPanicAfterTheAnswerStarted: a panic once part of the answer is out
// cannot become an error page; the web shell breaks the connection, and the
// desktop shell, whose asset server would die of that, keeps what was sent.
func TestPanicAfterTheAnswerStarted(t *testing.T) {
	half := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "half of an attachment")
		panic("the disk went away")
	})
	t.Run("web", func(t *testing.T) {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("got panic %v, want http.ErrAbortHandler", v)
			}
		}()
		get(recoverPanics(slog.New(slog.DiscardHandler), true, half), "/")
	})
	t.Run("desktop", func(t *testing.T) {
		rec := get(recoverPanics(slog.New(slog.DiscardHandler), false, half), "/")
		if strings.Contains(rec.Body.String(), "<h1>") {
			t.Errorf("got an error page appended to the answer: %q", rec.Body.String())
		}
	})
}
