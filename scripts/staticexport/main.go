// Command staticexport writes the reader's own pages of an installed bulletin
// as static files, so scripts/bench-compare can serve the same pages with
// nginx and pack them into a ZIM for kiwix-serve. It renders every page
// through the real handler in process (web shell, default settings) and
// writes what a browser would get:
//
//	index.html                home
//	p/<id>.html               every node page that answers 200
//	pliki/<sha256>/<name>     every attachment
//	static/…, logo            the assets the home page links to
//	illustration.png          the 48×48 image a ZIM requires
//
// and, with -urls, the paths of the article pages, one a line, for the load test.
//
//	go run ./scripts/staticexport -data DIR -out DIR [-urls FILE]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

func main() {
	data := flag.String("data", "", "data directory of an installed bulletin")
	out := flag.String("out", "", "directory to write the pages into (created)")
	urls := flag.String("urls", "", "file to write the article page paths into")
	flag.Parse()
	if *data == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "staticexport: give -data and -out")
		os.Exit(2)
	}
	if err := run(*data, *out, *urls); err != nil {
		fmt.Fprintln(os.Stderr, "staticexport:", err)
		os.Exit(1)
	}
}

// exporter renders pages through the handler and writes them under dir.
type exporter struct {
	h     http.Handler
	dir   string
	pages int
	bytes int64
}

func run(data, out, urlsFile string) error {
	st, err := store.Open(data, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	h, err := web.NewHandler(web.Deps{Store: st, Shell: web.ShellWeb})
	if err != nil {
		return err
	}
	nodes, files, err := listBulletin(st)
	if err != nil {
		return err
	}
	e := &exporter{h: h, dir: out}
	home, err := e.save("/", "index.html")
	if err != nil {
		return err
	}
	for _, asset := range assetsOf(home) {
		if _, err := e.save(asset, strings.TrimPrefix(asset, "/")); err != nil {
			return err
		}
	}
	var articles []string
	for _, n := range nodes {
		p := "/p/" + n.ID.String()
		body, err := e.save(p, "p/"+n.ID.String()+".html")
		if err != nil {
			return err
		}
		if body != nil && n.Kind == content.KindArticle {
			articles = append(articles, p)
		}
	}
	for _, f := range files {
		p := "/pliki/" + f.SHA256 + "/" + url.PathEscape(f.Name)
		if _, err := e.save(p, filepath.Join("pliki", f.SHA256, f.Name)); err != nil {
			return err
		}
	}
	if err := writeIllustration(filepath.Join(out, "illustration.png")); err != nil {
		return err
	}
	if urlsFile != "" {
		if err := os.WriteFile(urlsFile, []byte(strings.Join(articles, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("staticexport: %d files, %d article pages, %.1f MiB\n", e.pages, len(articles), float64(e.bytes)/(1<<20))
	return nil
}

// listBulletin returns every node, top level first and then depth-first, and
// every attachment of the current generation.
func listBulletin(st *store.Store) ([]store.NodeSummary, []content.Attachment, error) {
	var nodes []store.NodeSummary
	var files []content.Attachment
	err := st.Read(func(r *store.Reader) error {
		queue := []uuid.UUID{uuid.Nil}
		for len(queue) > 0 {
			parent := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			kids, err := r.Children(parent)
			if err != nil {
				return err
			}
			for _, k := range kids {
				nodes = append(nodes, k)
				if k.HasChildren {
					queue = append(queue, k.ID)
				}
			}
		}
		list, _, err := r.Attachments(0, 0)
		seen := map[string]bool{}
		for _, a := range list {
			if !seen[a.Attachment.SHA256] {
				seen[a.Attachment.SHA256] = true
				files = append(files, a.Attachment)
			}
		}
		return err
	})
	return nodes, files, err
}

// save writes the page at path to name under the export directory; a page
// that does not answer 200 (a link node's redirect) is skipped and nil returned.
func (e *exporter) save(path, name string) ([]byte, error) {
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		return nil, nil
	}
	dst := filepath.Join(e.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	body := rec.Body.Bytes()
	if err := os.WriteFile(dst, body, 0o644); err != nil {
		return nil, err
	}
	e.pages++
	e.bytes += int64(len(body))
	return body, nil
}

// assetRef finds the static files and the logo a page links to.
var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"?#]+|/logo)`)

// assetsOf returns the distinct asset paths page links to.
func assetsOf(page []byte) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range assetRef.FindAllSubmatch(page, -1) {
		if p := string(m[1]); !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// writeIllustration writes the plain 48×48 PNG a ZIM file must carry.
func writeIllustration(name string) error {
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	img.Set(24, 24, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(name, buf.Bytes(), 0o644)
}
