package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"

	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

func runDesktop(ctx context.Context, e *env, args []string) error {
	cfg := DefaultConfig()
	fs := newFlags(e, "desktop", &cfg)
	addReaderFlags(fs, &cfg, "kiosk mode: fullscreen, frameless, no way out of the app")
	if err := parse(fs, args, 0, ""); err != nil {
		return err
	}
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return fmt.Errorf("no display to open a window on: run \"bipkiosk serve\" and open http://%s/ in a browser", cfg.Listen)
	}
	limitReaderMemory(desktopMemoryLimit)
	st, err := openStore(ctx, e, cfg, true)
	if err != nil {
		return err
	}
	defer st.Close()
	title := "bipkiosk"
	_ = st.Read(func(r *store.Reader) error {
		if site, err := r.Site(); err == nil && site.Name != "" {
			title = site.Name
		}
		return nil
	})
	d := NewDesktop(DesktopOptions{Title: title, Kiosk: cfg.Kiosk, Logger: e.log})
	deps, err := readerDeps(e, st, cfg, web.ShellDesktop)
	if err != nil {
		return err
	}
	deps.OpenExternal, deps.SaveFile, deps.Quit = d.OpenExternal, d.SaveFile, d.Quit
	h, warm, err := web.NewHandlerWithWarmup(deps)
	if err != nil {
		return err
	}
	defer startWarmup(ctx, warm)() // stops before the store closes
	stopUpdates, err := startUpdates(ctx, e, st, cfg)
	if err != nil {
		return err
	}
	stopControl := startControl(ctx, e, st, cfg)
	err = d.run(ctx, h) // a signal ends ctx; see Desktop.start for how the window quits on it
	stopControl()
	stopUpdates() // the window may close before ctx ends; the store closes next
	if errors.Is(err, ErrNoWindow) {
		return fmt.Errorf("%w: build it with \"go build -tags desktop,production,webkit2_41\" (see docs/desktop.md), or use \"bipkiosk serve\"", err)
	}
	return err
}
