package harvesttest

import (
	"bytes"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"bipkiosk/internal/attachment"
)

// FixtureHost is the host the fixtures' absolute addresses name; ServeSite
// writes the test server's own address in its place.
const FixtureHost = "http://bip.example.pl/"

// ServeSite serves the fixture site in dir the way its system would: "?" in
// an address is "@" in a file name (".json" may follow), folders serve
// index.html or index.php, HTML is declared htmlType, and FixtureHost in a
// page (an API's absolute addresses) becomes the server's. The server stops
// when the test ends.
func ServeSite(t testing.TB, dir, htmlType string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if r.URL.RawQuery != "" {
			p += "@" + r.URL.RawQuery
		}
		for _, try := range []string{p, p + ".html", p + ".json", path.Join(p, "index.html"), path.Join(p, "index.php")} {
			if try == "" || strings.HasSuffix(try, "truth.yaml") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(try)))
			if err != nil {
				continue // a missing file, or a folder
			}
			w.Header().Set("Content-Type", ContentType(try, htmlType))
			w.Write(bytes.ReplaceAll(data, []byte(FixtureHost), []byte("http://"+r.Host+"/")))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// ContentType is the type a fixture file is served with: JSON, an
// attachment's own type, or htmlType for pages.
func ContentType(urlPath, htmlType string) string {
	if ext := path.Ext(urlPath); ext == ".json" {
		return "application/json"
	} else if typ, ok := attachment.ByExt(urlPath); ok && typ.Label != "HTML" {
		return typ.MIME
	} else if m := mime.TypeByExtension(ext); ext != ".php" && ext != "" && m != "" && !strings.HasPrefix(m, "text/html") {
		return m
	}
	return htmlType
}
