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
// the panic once, with the stack, and answers a minimal 500 page.
// http.ErrAbortHandler, net/http's way to abort a response, passes through.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			log.Error("web_panic", "panic", v, "path", r.URL.Path, "stack", string(debug.Stack()))
			hd := w.Header()
			hd.Del("ETag")
			hd.Del("Content-Disposition")
			hd.Set("Content-Type", "text/html; charset=utf-8")
			hd.Set("Cache-Control", "no-store")
			hd.Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(panicPage))
		}()
		next.ServeHTTP(w, r)
	})
}
