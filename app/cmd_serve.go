package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"bipkiosk/internal/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "serve", &cfg)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address to listen on; 0.0.0.0:8080 serves browser kiosks on the LAN")
	addReaderFlags(fs, &cfg, "kiosk mode: external links shown as address and QR code, never followed")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	limitReaderMemory(serverMemoryLimit)
	st, err := openStore(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer st.Close()
	deps, err := readerDeps(e, st, cfg, web.ShellWeb)
	if err != nil {
		return err
	}
	h, warm, err := web.NewHandlerWithWarmup(deps)
	if err != nil {
		return err
	}
	defer startWarmup(ctx, warm)() // stops before the store closes
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w (is another server using it? pass --listen HOST:PORT)", cfg.Listen, err)
	}
	stopUpdates, err := startUpdates(ctx, e, st, cfg)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopUpdates() // before the store closes
	defer startControl(ctx, e, st, cfg)()
	return serve(ctx, e, ln, h)
}

// kioskIdle is the idle reset the handler gets: the timeout in kiosk mode, off otherwise.
func kioskIdle(cfg Config) time.Duration {
	if !cfg.Kiosk {
		return 0
	}
	return cfg.IdleTimeout
}

// serve answers HTTP on ln until ctx ends, then drains open requests.
func serve(ctx context.Context, e *env, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // large attachments on slow links
		IdleTimeout:       2 * time.Minute,
	}
	fmt.Fprintf(e.stdout, "bipkiosk: serving the bulletin at http://%s/ (Ctrl+C to stop)\n", ln.Addr())
	e.log.Info("serving", "addr", ln.Addr().String(), "version", readBuildInfo().String())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	e.log.Info("stopped")
	return err
}

// startWarmup runs the handler's fragment warm-up in the background until
// ctx ends or the returned function is called; that function returns once
// the warm-up has stopped, so the store may close after it.
func startWarmup(ctx context.Context, w *web.Warmup) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}
