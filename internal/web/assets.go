package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"bipkiosk/frontend"
)

// assets are the static files with content-hashed URLs, built once at start-up.
// The stylesheets are concatenated into one file (one file per component in the
// source) in the order css/order.txt gives, the scripts into another.
type assets struct {
	css, js string            // URLs of the bundles
	urls    map[string]string // source name ("icons/bip.svg") → hashed URL
	files   map[string]asset  // hashed URL → bytes
	version string            // digest of everything, part of every page's ETag
}

type asset struct {
	data  []byte
	ctype string
}

// cssURL finds the asset references in stylesheets, rewritten to hashed URLs.
var cssURL = regexp.MustCompile(`url\("/static/([^"]+)"\)`)

// cssOrderFile lists the stylesheets in cascade order (why a list rather than
// CSS layers: see the file). It is read, never served.
const cssOrderFile = "css/order.txt"

// errCSSOrder is a stylesheet in static/css that the order file does not list,
// or a listed name with no file: start-up fails rather than guess its place.
var errCSSOrder = errors.New("web: stylesheet order")

func buildAssets() (*assets, error) {
	static, err := fs.Sub(frontend.Static, "static")
	if err != nil {
		return nil, fmt.Errorf("web: read embedded assets: %w", err)
	}
	return buildAssetsFrom(static)
}

// buildAssetsFrom builds the assets from static, the tree served under /static.
func buildAssetsFrom(static fs.FS) (*assets, error) {
	a := &assets{urls: map[string]string{}, files: map[string]asset{}}
	css, js := map[string][]byte{}, map[string][]byte{}
	err := fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || name == cssOrderFile {
			return err
		}
		data, err := fs.ReadFile(static, name)
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(name, "css/") && path.Ext(name) == ".css":
			css[name] = data
		case strings.HasPrefix(name, "js/") && path.Ext(name) == ".js":
			js[name] = data
		default:
			a.urls[name] = a.add(name, data)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read embedded assets: %w", err)
	}
	ordered, err := orderCSS(static, css)
	if err != nil {
		return nil, err
	}
	bundle := cssURL.ReplaceAllFunc(bytes.Join(ordered, []byte("\n")), func(m []byte) []byte {
		name := string(cssURL.FindSubmatch(m)[1])
		if u, ok := a.urls[name]; ok {
			return []byte(`url("` + u + `")`)
		}
		return m // a font the build step has not placed: the fallback fonts apply
	})
	a.css = a.add("app.css", bundle)
	a.js = a.add("app.js", bytes.Join(orderJS(js), []byte("\n")))
	a.version = a.digest()
	return a, nil
}

// orderCSS returns the stylesheets in the order cssOrderFile lists them. Every
// file must be listed exactly once and every listed name must exist.
func orderCSS(static fs.FS, css map[string][]byte) ([][]byte, error) {
	list, err := fs.ReadFile(static, cssOrderFile)
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", errCSSOrder, cssOrderFile, err)
	}
	var out [][]byte
	listed := map[string]bool{}
	for _, line := range strings.Split(string(list), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name := "css/" + line
		data, ok := css[name]
		switch {
		case listed[name]:
			return nil, fmt.Errorf("%w: %s lists %s twice; keep one line", errCSSOrder, cssOrderFile, line)
		case !ok:
			return nil, fmt.Errorf("%w: %s lists %s, which does not exist; remove the line or add the file", errCSSOrder, cssOrderFile, line)
		}
		listed[name] = true
		out = append(out, data)
	}
	for _, name := range slices.Sorted(maps.Keys(css)) {
		if !listed[name] {
			return nil, fmt.Errorf("%w: %s is not listed in %s; add it where it belongs in the cascade", errCSSOrder, name, cssOrderFile)
		}
	}
	return out, nil
}

// jsFirst is the script that goes first in the bundle: it defines
// window.bkModule, through which every other script attaches its modules.
const jsFirst = "js/app.js"

// orderJS returns the scripts jsFirst first, then the others by name; their
// order among themselves does not matter, as each only registers modules.
func orderJS(js map[string][]byte) [][]byte {
	out := [][]byte{js[jsFirst]}
	for _, name := range slices.Sorted(maps.Keys(js)) {
		if name != jsFirst {
			out = append(out, js[name])
		}
	}
	return out
}

// add stores data under a URL carrying its content hash and returns the URL.
func (a *assets) add(name string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	u := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
	ctype := mime.TypeByExtension(ext)
	switch ext {
	case ".css":
		ctype = "text/css; charset=utf-8"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	case ".svg":
		ctype = "image/svg+xml"
	case ".woff2":
		ctype = "font/woff2"
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	a.files[u] = asset{data: data, ctype: ctype}
	return u
}

func (a *assets) digest() string {
	keys := make([]string, 0, len(a.files))
	for k := range a.files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k))
	}
	return hex.EncodeToString(h.Sum(nil)[:4])
}

// serveStatic serves a hashed asset; its URL changes with its content, so it
// may be cached for a year.
func (h *handler) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := h.assets.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.data)
}
