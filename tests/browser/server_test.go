package browser

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"bipkiosk/internal/bundle"
	"bipkiosk/internal/defaultbulletin"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

// site is the real reader: the web handler over a real store holding the
// embedded default bulletin, served over HTTP on loopback.
type site struct {
	URL     string
	Screens []string // one example path per screen (web.ScreenPaths), error pages last
}

// One site serves every browser test; importing the bulletin takes a moment.
var sharedSite struct {
	once sync.Once
	site *site
	err  error
	dir  string
	st   *store.Store
	srv  *httptest.Server
}

// theSite starts the shared site on first use.
func theSite(t *testing.T) *site {
	t.Helper()
	slow(t)
	sharedSite.once.Do(func() { sharedSite.site, sharedSite.err = startSite() })
	if sharedSite.err != nil {
		t.Fatalf("browser: start the reader: %v", sharedSite.err)
	}
	return sharedSite.site
}

func startSite() (*site, error) {
	dir, err := os.MkdirTemp("", "bipkiosk-browser-")
	if err != nil {
		return nil, err
	}
	sharedSite.dir = dir
	st, err := store.Open(filepath.Join(dir, "store"), store.Options{})
	if err != nil {
		return nil, err
	}
	sharedSite.st = st
	if err := importDefault(st, dir); err != nil {
		return nil, err
	}
	h, err := web.NewHandler(web.Deps{Store: st, Shell: web.ShellWeb})
	if err != nil {
		return nil, err
	}
	var screens []string
	if err := st.Read(func(r *store.Reader) error {
		screens = web.ScreenPaths(r)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(screens) == 0 {
		return nil, fmt.Errorf("web.ScreenPaths listed no screens")
	}
	screens = append(screens, web.ErrorPaths()...)
	sharedSite.srv = httptest.NewServer(h)
	return &site{URL: sharedSite.srv.URL, Screens: screens}, nil
}

// importDefault installs the embedded default bulletin the way the app does:
// verified against its own key, then imported.
func importDefault(st *store.Store, dir string) error {
	data, err := defaultbulletin.Bundle()
	if err != nil {
		return err
	}
	key, err := defaultbulletin.PublicKey()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, "default.zip")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	trust := func(p bundle.Publisher) (ed25519.PublicKey, error) {
		if p.ID != key.Publisher.ID {
			return nil, bundle.ErrUntrusted
		}
		return ed25519.PublicKey(key.Key), nil
	}
	b, err := bundle.Open(path, bundle.OpenOptions{Trust: trust, Limits: bundle.DefaultLimits()})
	if err != nil {
		return err
	}
	defer b.Close()
	_, err = st.Import(context.Background(), b, store.ImportOptions{Indexers: []store.Indexer{search.NewIndexer(nil)}})
	return err
}

// stopServer closes the shared site (TestMain calls it after the tests).
func stopServer() {
	if sharedSite.srv != nil {
		sharedSite.srv.Close()
	}
	if sharedSite.st != nil {
		sharedSite.st.Close()
	}
	if sharedSite.dir != "" {
		os.RemoveAll(sharedSite.dir)
	}
}

// serveShared serves the shared bulletin through a handler of its own
// options (a kiosk, an operator PIN, …) until the test ends, and returns its
// address.
func serveShared(t *testing.T, deps web.Deps) string {
	t.Helper()
	theSite(t)
	deps.Store = sharedSite.st
	h, err := web.NewHandler(deps)
	if err != nil {
		t.Fatalf("browser: handler for %+v: %v", deps, err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
