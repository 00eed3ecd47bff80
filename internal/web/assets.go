package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strings"

	"bipkiosk/frontend"
)

// assets are the static files with content-hashed URLs, built once at start-up.
// The stylesheets are concatenated into one file (one file per component in the
// source), the scripts into another.
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

func buildAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, files: map[string]asset{}}
	var css, js [][]byte
	err := fs.WalkDir(frontend.Static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(frontend.Static, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		switch {
		case strings.HasPrefix(name, "css/") && path.Ext(name) == ".css":
			css = append(css, data)
		case strings.HasPrefix(name, "js/") && path.Ext(name) == ".js":
			js = append(js, data)
		default:
			a.urls[name] = a.add(name, data)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read embedded assets: %w", err)
	}
	bundle := cssURL.ReplaceAllFunc(bytes.Join(css, []byte("\n")), func(m []byte) []byte {
		name := string(cssURL.FindSubmatch(m)[1])
		if u, ok := a.urls[name]; ok {
			return []byte(`url("` + u + `")`)
		}
		return m // a font the build step has not placed: the fallback fonts apply
	})
	a.css = a.add("app.css", bundle)
	a.js = a.add("app.js", bytes.Join(js, []byte("\n")))
	a.version = a.digest()
	return a, nil
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
