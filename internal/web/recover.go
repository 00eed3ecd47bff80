package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
)

// panicPage is the answer to a request whose handler panicked: it uses
// nothing that could fail again (no template, no store, no settings).
const panicPage = `<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Błąd serwera</title></head><body><main id="main-content"><h1>Błąd serwera</h1><p>Nie udało się wyświetlić tej strony.</p><p><a href="/">Strona główna</a></p></main></body></html>`

// recoverPanics keeps a panic in one request from ending the program: the
// desktop shell's asset server, unlike net/http, does not recover. It logs
// the panic once, with the stack, and answers a minimal 500 page, when no
// part of the answer has gone out yet. A panic after that cannot be turned
// into a page: net/http (abort true, the web shell) is told to break the
// connection, so the client does not take half an answer for a whole one;
// the desktop's asset server, which would die of that, is left with what
// was sent. http.ErrAbortHandler, net/http's way to abort, passes through.
func recoverPanics(log *slog.Logger, abort bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &startedWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.Error("web_panic", "panic", v, "path", r.URL.Path, "answer_started", sw.started, "stack", string(debug.Stack()))
			if sw.started {
				if abort {
					panic(http.ErrAbortHandler)
				}
				return
			}
			hd := w.Header()
			hd.Del("ETag")
			hd.Del("Content-Disposition")
			hd.Set("Content-Type", "text/html; charset=utf-8")
			hd.Set("Cache-Control", "no-store")
			hd.Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(panicPage))
		}()
		next.ServeHTTP(sw, r)
	})
}

// startedWriter notes whether any of the answer has been sent.
type startedWriter struct {
	http.ResponseWriter
	started bool
}

func (s *startedWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx answers are sent ahead of the real one
		s.started = true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *startedWriter) Write(p []byte) (int, error) {
	s.started = true
	return s.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's own writer.
func (s *startedWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
