package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bipkiosk/internal/content"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// pagePNG draws a page as a scan looks: white paper with k dark bars of
// "text", so every page's image is different.
func pagePNG(t testing.TB, k int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 120, 170))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for line := 0; line < k; line++ {
		for x := 10; x < 110; x++ {
			for y := 20 + 12*line; y < 26+12*line; y++ {
				img.SetGray(x, y, color.Gray{Y: 0x10})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pagedDoc is a document published with page images and a text per page.
type pagedDoc struct {
	file   []byte
	pages  [][]byte
	text   string
	method content.TextMethod
}

// attach adds d's blobs to src and returns its attachment.
func (d pagedDoc) attach(src *storetest.Source, name, title string) content.Attachment {
	blob := func(data []byte, typ string) content.Blob {
		src.Blobs[sha(data)] = data
		return content.Blob{SHA256: sha(data), Size: int64(len(data)), Type: typ}
	}
	a := content.Attachment{Blob: blob(d.file, "application/pdf"), Name: name, Title: title}
	if d.text != "" {
		a.Text = &content.AttachmentText{Blob: blob([]byte(d.text), "text/plain; charset=utf-8"), Method: d.method}
	}
	for _, p := range d.pages {
		a.Pages = append(a.Pages, content.PageImage{Blob: blob(p, "image/png"), Width: 120, Height: 170})
	}
	return a
}

// The documents of the viewer tests, on the nursery's page.
var (
	scanFile   = []byte("%PDF-1.4 a scanned resolution, three pages of images")
	layerFile  = []byte("%PDF-1.4 a two-page document with a text layer")
	officeFile = []byte("PK\x03\x04 an office document the publisher read")
	scanText   = "Uchwała nr 1 o żłobku\nstrona pierwsza\fDruga strona mówi o opłatach za wyżywienie\fTrzecia strona: podpis przewodniczącego"
)

// viewerBulletin is the test bulletin with a scan (OCR text), a PDF with a
// text layer and an office file with published text but no pages.
func viewerBulletin(t testing.TB) (*storetest.Source, []content.Attachment) {
	src := testBulletin()
	scan := pagedDoc{file: scanFile, pages: [][]byte{pagePNG(t, 1), pagePNG(t, 2), pagePNG(t, 3)},
		text: scanText, method: content.TextOCR}
	layer := pagedDoc{file: layerFile, pages: [][]byte{pagePNG(t, 4), pagePNG(t, 5)},
		text: "Regulamin strona 1\fRegulamin strona 2", method: content.TextLayer}
	office := pagedDoc{file: officeFile, text: "Umowa o świadczenie usług\fzałącznik", method: content.TextOffice}
	untexted := pagedDoc{file: testPDF("Cennik z warstwa tekstowa"), pages: [][]byte{pagePNG(t, 6)}}
	atts := []content.Attachment{
		scan.attach(src, "uchwala.pdf", "Uchwała o żłobku (skan)"),
		layer.attach(src, "regulamin.pdf", "Regulamin"),
		office.attach(src, "umowa.doc", "Umowa"),
		untexted.attach(src, "cennik.pdf", "Cennik"),
	}
	for i := range src.Nodes {
		if src.Nodes[i].ID == idZlobek {
			src.Nodes[i].Attachments = atts
		}
	}
	return src, atts
}

func viewerHandler(t *testing.T, deps Deps) (http.Handler, []content.Attachment) {
	t.Helper()
	src, atts := viewerBulletin(t)
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, src, store.ImportOptions{Indexers: []store.Indexer{search.NewIndexer(nil)}})
	deps.Store = st
	return newTestHandler(t, deps), atts
}

func TestViewerPages(t *testing.T) {
	h, atts := viewerHandler(t, Deps{})
	scan, layer := atts[0], atts[1]
	base := attachmentPagePath(idZlobek, scan.SHA256)
	img := func(k int) string { return `src="/pliki/` + scan.Pages[k-1].SHA256 + `/strona-` + itoa(k) + `.png"` }
	link := func(k int) string { return `href="` + base + `?strona=` + itoa(k) + `#bk-viewer"` }
	tests := []struct {
		name, query string
		want, not   []string
	}{
		{name: "first page by default", query: "",
			want: []string{`id="bk-viewer"`, img(1), `width="120" height="170"`, "Strona 1 z 3", `rel="next" ` + link(2),
				"Uchwała nr 1 o żłobku\nstrona pierwsza</div>", "To pierwsza strona", "Tekst strony 1"},
			not: []string{`rel="prev"`, "Druga strona", img(2)}},
		{name: "a middle page", query: "?strona=2",
			want: []string{img(2), "Strona 2 z 3", `rel="prev" ` + link(1), `rel="next" ` + link(3), "Druga strona mówi o opłatach"},
			not:  []string{"strona pierwsza", "Trzecia strona"}},
		{name: "the last page", query: "?strona=3",
			want: []string{img(3), "Strona 3 z 3", `rel="prev" ` + link(2), "To ostatnia strona", "podpis przewodniczącego"},
			not:  []string{`rel="next"`}},
		{name: "past the last page shows the last", query: "?strona=99",
			want: []string{img(3), "Strona 3 z 3"}},
		{name: "OCR text is marked", query: "",
			want: []string{`<p class="bk-viewer__ocr">Ten tekst został rozpoznany automatycznie`}},
		{name: "the go-to-page form", query: "?strona=2",
			want: []string{`<form class="bk-viewer__goto" method="get" action="` + base + `#bk-viewer">`, `<option value="2" selected>2</option>`}},
		{name: "no text page below the viewer", query: "",
			not: []string{`id="bk-attachment-text"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base + tt.query
			rec := get(h, p)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: got status %d, want 200", p, rec.Code)
			}
			body := rec.Body.String()
			checkPage(t, p, body)
			checkContains(t, p, body, tt.want, tt.not)
		})
	}

	t.Run("a text layer is not marked as recognised", func(t *testing.T) {
		p := attachmentPagePath(idZlobek, layer.SHA256) + "?strona=2"
		body := get(h, p).Body.String()
		checkContains(t, p, body, []string{"Strona 2 z 2", "Regulamin strona 2</div>"}, []string{"bk-viewer__ocr", "Regulamin strona 1"})
	})

	t.Run("pages without published text show the file's own text", func(t *testing.T) {
		p := attachmentPagePath(idZlobek, atts[3].SHA256)
		body := get(h, p).Body.String()
		checkContains(t, p, body, []string{"Strona 1 z 1", "<h3 id=\"bk-viewer-text\">Treść pliku</h3>", "Cennik z warstwa tekstowa"},
			[]string{"bk-viewer__ocr", "bk-viewer__goto", `rel="next"`})
	})

	for _, bad := range []string{"0", "-1", "abc", "1.5", "99999999999999999999"} {
		t.Run("page "+bad+" is refused", func(t *testing.T) {
			rec := get(h, base+"?strona="+bad)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("?strona=%s: got status %d, want 400", bad, rec.Code)
			}
		})
	}
}

func TestViewerTextPageWithoutPages(t *testing.T) {
	h, atts := viewerHandler(t, Deps{Kiosk: true})
	office := atts[2]
	p := attachmentPagePath(idZlobek, office.SHA256)
	rec := get(h, p)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: got status %d, want 200", p, rec.Code)
	}
	// The publisher's text is shown (the app cannot read a DOC itself),
	// its pages apart, not marked as recognised; no viewer.
	checkContains(t, p, rec.Body.String(),
		[]string{`id="bk-attachment-text"`, "Umowa o świadczenie usług\n\nzałącznik</div>"},
		[]string{`id="bk-viewer"`, "bk-viewer__ocr", "\f"})
}

func TestViewerKioskKeepsQRAndServesImages(t *testing.T) {
	h, atts := viewerHandler(t, Deps{Kiosk: true})
	scan := atts[0]
	p := attachmentPagePath(idZlobek, scan.SHA256) + "?strona=2"
	body := get(h, p).Body.String()
	checkContains(t, p, body, []string{`id="bk-viewer"`, `class="bk-qr"`, "Strona 2 z 3"}, []string{`href="/pliki/`})

	// The image, as the page embeds it (not a navigation): its bytes.
	img := "/pliki/" + scan.Pages[1].SHA256 + "/strona-2.png"
	rec := get(h, img, func(r *http.Request) { r.Header.Set("Sec-Fetch-Mode", "no-cors") })
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" || !bytes.Equal(rec.Body.Bytes(), pagePNG(t, 2)) {
		t.Errorf("%s: got %d %q (%d bytes), want 200 image/png with page 2's bytes", img, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
	}
}

func TestSearchHitOpensViewerAtPage(t *testing.T) {
	for _, kiosk := range []bool{false, true} {
		h, atts := viewerHandler(t, Deps{Kiosk: kiosk})
		scan, office := atts[0], atts[2]
		tests := []struct {
			query, want string
		}{
			{"wyżywienie", attachmentPagePath(idZlobek, scan.SHA256) + "?strona=2#bk-viewer"},
			{"przewodniczącego", attachmentPagePath(idZlobek, scan.SHA256) + "?strona=3#bk-viewer"},
			{"żłobku pierwsza", attachmentPagePath(idZlobek, scan.SHA256) + "?strona=1#bk-viewer"},
		}
		for _, tt := range tests {
			p := "/szukaj?q=" + url.QueryEscape(tt.query)
			body := get(h, p).Body.String()
			if !strings.Contains(body, `href="`+tt.want+`"`) {
				t.Errorf("kiosk %v: %s: got no result linking %s", kiosk, p, tt.want)
			}
		}
		// A file without page images links as before: its page in a kiosk,
		// else the file; found by the publisher's text (a DOC the app
		// cannot read itself).
		body := get(h, "/szukaj?q="+url.QueryEscape("świadczenie")).Body.String()
		want := attachmentURL(office)
		if kiosk {
			want = attachmentPagePath(idZlobek, office.SHA256)
		}
		if !strings.Contains(body, `href="`+want+`"`) {
			t.Errorf("kiosk %v: search for the office file's text: got no result linking %s", kiosk, want)
		}
	}
}
