package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/content"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
	"bipkiosk/internal/storetest"
)

// testPDF writes a one-page PDF showing lines in Helvetica, the way simple
// office exports do, with a correct cross-reference table.
func testPDF(lines ...string) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offsets), s)
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var st strings.Builder
	st.WriteString("BT\n/F1 12 Tf\n14 TL\n56 780 Td\n")
	esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	for i, l := range lines {
		if i > 0 {
			st.WriteString("T* ")
		}
		fmt.Fprintf(&st, "(%s) Tj\n", esc.Replace(l))
	}
	st.WriteString("ET")
	obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", st.Len(), st.String()))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// Files of the attachment tests, published on the nursery's page (which has
// no live address of its own, so the bulletin's is used).
var (
	fileRegulamin = testPDF("Regulamin rekrutacji do zlobka", "Zasady <b> & terminy")
	fileCennik    = []byte("\xef\xbb\xbfCennik usług żłobka\r\nOpłata stała: 250 zł\r\n<script>alert(1)</script>\n")
	fileWykaz     = []byte("lp;imię;grupa\n1;Zofia;Motylki\n")
	fileLatin2    = []byte("Op\xb3ata sta\xb3a: 250 z\xb3\n") // ISO-8859-2, not UTF-8
	fileDocx      = []byte("PK\x03\x04 not really a document")
	fileLong      = []byte(strings.Repeat("Długi wiersz ąęłńóśźż.\n", maxShownText/20))
)

// attachmentBulletin is the test bulletin with files of every kind on the
// nursery's page.
func attachmentBulletin() *storetest.Source {
	src := testBulletin()
	var atts []content.Attachment
	for _, f := range []struct {
		data             []byte
		typ, name, title string
	}{
		{fileRegulamin, "application/pdf", "regulamin.pdf", "Regulamin rekrutacji"},
		{fileCennik, "text/plain", "cennik.txt", "Cennik"},
		{fileWykaz, "text/csv", "wykaz.csv", "Wykaz grup"},
		{fileLatin2, "text/plain", "stary.txt", "Stary cennik"},
		{fileDocx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "umowa.docx", "Wzór umowy"},
		{fileLong, "text/plain", "dlugi.txt", "Długi plik"},
	} {
		src.Blobs[sha(f.data)] = f.data
		atts = append(atts, content.Attachment{Blob: content.Blob{SHA256: sha(f.data), Size: int64(len(f.data)), Type: f.typ},
			Name: f.name, Title: f.title})
	}
	for i := range src.Nodes {
		if src.Nodes[i].ID == idZlobek {
			src.Nodes[i].Attachments = atts
		}
	}
	return src
}

func attachmentHandler(t *testing.T, deps Deps) http.Handler {
	t.Helper()
	st := storetest.Open(t, store.Options{})
	storetest.Import(t, st, attachmentBulletin(), store.ImportOptions{})
	deps.Store = st
	return newTestHandler(t, deps)
}

func TestAttachmentPageText(t *testing.T) {
	h := attachmentHandler(t, Deps{Kiosk: true})
	tests := []struct {
		name      string
		data      []byte
		want, not []string
	}{
		{name: "PDF text, escaped", data: fileRegulamin,
			want: []string{`<div class="bk-attachment__text">Regulamin rekrutacji do zlobka` + "\n" + `Zasady &lt;b&gt; &amp; terminy</div>`},
			not:  []string{"<b>", "bk-attachment__note"}},
		{name: "UTF-8 text with line breaks, BOM dropped, escaped", data: fileCennik,
			want: []string{">Cennik usług żłobka\nOpłata stała: 250 zł\n&lt;script&gt;alert(1)&lt;/script&gt;\n</div>"},
			not:  []string{"\r", "<script>alert", "\ufeff"}},
		{name: "CSV as it is", data: fileWykaz, want: []string{">lp;imię;grupa\n1;Zofia;Motylki\n</div>"}},
		{name: "not UTF-8 refused politely", data: fileLatin2,
			want: []string{"Tego pliku tekstowego nie można tutaj wyświetlić: zapisano go w kodowaniu innym niż UTF-8.",
				"Aby go przeczytać, zeskanuj kod QR powyżej"},
			not: []string{"Op\xb3ata", "Op\ufffdata", `class="bk-attachment__text"`}},
		{name: "unknown type", data: fileDocx,
			want: []string{"Pliku typu DOCX nie można tutaj wyświetlić."}, not: []string{"PK\x03\x04"}},
		{name: "long text cut with a note", data: fileLong,
			want: []string{"To tylko początek pliku", ">Długi wiersz ąęłńóśźż.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := attachmentPagePath(idZlobek, sha(tt.data))
			rec := get(h, p)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: got status %d, want 200", p, rec.Code)
			}
			body := rec.Body.String()
			checkPage(t, p, body)
			checkContains(t, p, body, tt.want, tt.not)
			if !utf8.ValidString(body) {
				t.Errorf("%s: page is not valid UTF-8", p)
			}
		})
	}
	t.Run("cut text is bounded", func(t *testing.T) {
		body := get(h, attachmentPagePath(idZlobek, sha(fileLong))).Body.String()
		start := strings.Index(body, `<div class="bk-attachment__text">`)
		end := strings.Index(body[max(start, 0):], "</div>")
		if start < 0 || end < 0 {
			t.Fatal("no text block")
		}
		if n := len(html.UnescapeString(body[start : start+end])); n > maxShownText+100 || n < maxShownText/2 {
			t.Errorf("shown text: got %d bytes, want about %d", n, maxShownText)
		}
	})
	t.Run("PDF without a text layer", func(t *testing.T) {
		body := get(h, attachmentPagePath(idStatut, sha(pdfData))).Body.String()
		checkContains(t, "statut", body, []string{"Z tego pliku PDF nie da się odczytać tekstu"}, []string{`class="bk-attachment__text"`})
	})
}

func TestAttachmentPageFacts(t *testing.T) {
	h := attachmentHandler(t, Deps{Kiosk: true})
	p := attachmentPagePath(idStatut, sha(pdfData))
	body := get(h, p).Body.String()
	checkContains(t, p, body, []string{
		`<h1>Statut MOPS – tekst jednolity</h1>`,
		`>statut mops.pdf</dd>`, `>PDF</dd>`,
		`<a href="/p/` + idStatut.String() + `">Statut MOPS</a></dd>`,
		// Breadcrumbs: the page's path, then the page as a link, then the file.
		`<a href="/p/` + idMops.String() + `">Miejski Ośrodek Pomocy Społecznej</a>`,
		`<li class="bk-crumbs__item"><a href="/p/` + idStatut.String() + `">Statut MOPS</a></li>`,
		`<span aria-current="page">Statut MOPS – tekst jednolity</span>`,
	}, nil)
	// In another UI language the bulletin's words are marked Polish.
	en := get(h, p, withCookie(&http.Cookie{Name: cookieName, Value: "lang=en"})).Body.String()
	checkContains(t, p+" (en)", en, []string{`<h1 lang="pl">Statut MOPS – tekst jednolity</h1>`, "Text of the file",
		`<dd class="bk-meta__value" lang="pl">statut mops.pdf</dd>`}, nil)
}

func TestAttachmentPageQR(t *testing.T) {
	const source = "https://bip.testowo.example.pl/statut" // the article's page on the live BIP
	const live = "https://bip.testowo.example.pl"          // the bulletin, for a page without one
	tests := []struct {
		name string
		id   string
		sum  string
		want string
	}{
		{name: "the article's live page", id: idStatut.String(), sum: sha(pdfData), want: source},
		{name: "the bulletin's live address", id: idZlobek.String(), sum: sha(fileCennik), want: live},
	}
	h := attachmentHandler(t, Deps{Kiosk: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := "/p/" + tt.id + "/zalacznik/" + tt.sum
			body := get(h, p).Body.String()
			svg := qrSVGRE.FindString(body)
			if svg == "" {
				t.Fatalf("%s: no QR code", p)
			}
			checkQR(t, tt.want, svg)
			checkContains(t, p, body, []string{
				`<p class="bk-external__address">` + tt.want + `</p>`,
				`aria-label="Kod QR adresu ` + tt.want + `"`,
				"Zeskanuj ten kod aparatem swojego telefonu",
			}, []string{`href="/pliki/`, `href="http`, "Pobierz plik"})
		})
	}
}

func TestAttachmentPageShells(t *testing.T) {
	sum := sha(pdfData)
	raw := `href="/pliki/` + sum + `/statut%20mops.pdf"`
	tests := []struct {
		name      string
		deps      Deps
		want, not []string
	}{
		{name: "web", deps: Deps{},
			want: []string{raw, "Pobierz plik (PDF, ", `href="https://bip.testowo.example.pl/statut" class="bk-external"`, "Pobierz plik, aby otworzyć go"},
			not:  []string{`class="bk-qr__code"`, "zeskanuj kod QR"}},
		{name: "desktop", deps: Deps{Shell: ShellDesktop},
			want: []string{raw, "Pobierz plik (PDF, ", `href="/zewnetrzny?u=https%3A%2F%2Fbip.testowo.example.pl%2Fstatut"`},
			not:  []string{`class="bk-qr__code"`, `href="https://`}},
		{name: "kiosk", deps: Deps{Kiosk: true},
			want: []string{`class="bk-qr__code"`, "zeskanuj kod QR powyżej"},
			not:  []string{`href="/pliki/`, "Pobierz plik", `href="/zewnetrzny?u=https%3A%2F%2Fbip.testowo.example.pl%2Fstatut"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			p := attachmentPagePath(idStatut, sum)
			checkContains(t, p, get(h, p).Body.String(), tt.want, tt.not)
		})
	}
}

// TestAttachmentHrefs checks how every screen that lists attachments links
// them: a kiosk only to the in-app page, elsewhere to the file as before
// plus "Pokaż tekst"; and no kiosk screen links a raw file at all.
func TestAttachmentHrefs(t *testing.T) {
	sum := sha(pdfData)
	raw := `href="/pliki/` + sum + `/statut%20mops.pdf"`
	page := `href="` + attachmentPagePath(idStatut, sum) + `"`
	showText := `<a class="bk-attachment__show" ` + page + `>Pokaż tekst<span class="bk-visually-hidden">: <span>Statut MOPS – tekst jednolity</span></span></a>`
	screens := []string{"/p/" + idStatut.String(), "/pliki", "/p/" + idStatut.String() + "/druk"}
	tests := []struct {
		name      string
		deps      Deps
		want, not []string
	}{
		{name: "web", deps: Deps{}, want: []string{raw, showText}},
		{name: "desktop", deps: Deps{Shell: ShellDesktop}, want: []string{raw, showText}},
		{name: "kiosk", deps: Deps{Kiosk: true}, want: []string{page + `>Statut MOPS – tekst jednolity</a>`}, not: []string{raw, "Pokaż tekst"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTestHandler(t, tt.deps)
			for _, p := range screens {
				checkContains(t, p, get(h, p).Body.String(), tt.want, tt.not)
			}
		})
	}
	t.Run("no kiosk screen links a raw file", func(t *testing.T) {
		_, pages := everyScreen(t, Deps{Kiosk: true})
		for p, body := range pages {
			for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
				if strings.HasPrefix(m[1], "/pliki/") {
					t.Errorf("%s: href %q opens the raw file in a kiosk", p, m[1])
				}
			}
		}
	})
	t.Run("only text files offer their text", func(t *testing.T) {
		body := get(attachmentHandler(t, Deps{}), "/p/"+idZlobek.String()).Body.String()
		if got := strings.Count(body, `class="bk-attachment__show"`); got != 6 {
			t.Errorf("Pokaż tekst links: got %d, want 6 (PDF, TXT, CSV, DOCX and the two other .txt)", got)
		}
	})
}

func TestAttachmentPageNotFound(t *testing.T) {
	h := newTestHandler(t, Deps{Kiosk: true})
	sum := sha(pdfData)
	tests := []struct {
		name string
		path string
	}{
		{name: "unknown node", path: "/p/00000000-0000-0000-0000-000000000000/zalacznik/" + sum},
		{name: "bad node id", path: "/p/statut/zalacznik/" + sum},
		{name: "file of another node", path: attachmentPagePath(idZlobek, sum)},
		{name: "unknown file", path: attachmentPagePath(idStatut, strings.Repeat("0", 64))},
		{name: "short hash", path: attachmentPagePath(idStatut, sum[:63])},
		{name: "upper-case hash", path: attachmentPagePath(idStatut, strings.ToUpper(sum))},
		{name: "index, not hash", path: attachmentPagePath(idStatut, "0")},
		{name: "node without files", path: attachmentPagePath(idDane, sum)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, tt.path)
			if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Nie znaleziono strony") {
				t.Errorf("%s: got status %d, want the 404 page", tt.path, rec.Code)
			}
		})
	}
}

// TestKioskFileNavigation checks the safety net for links to raw files that
// the app did not write (an article's text, a stale link): in a kiosk a
// navigation gets the in-app page, an image its bytes.
func TestKioskFileNavigation(t *testing.T) {
	target := "/pliki/" + sha(pdfData) + "/" + url.PathEscape("statut mops.pdf")
	header := func(k, v string) func(*http.Request) { return func(r *http.Request) { r.Header.Set(k, v) } }
	navigate := header("Sec-Fetch-Mode", "navigate")
	image := func(r *http.Request) { r.Header.Set("Sec-Fetch-Mode", "no-cors"); r.Header.Set("Accept", "image/*") }
	htmlAccept := header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	tests := []struct {
		name     string
		deps     Deps
		mod      func(*http.Request)
		wantPage bool
	}{
		{name: "kiosk navigation", deps: Deps{Kiosk: true}, mod: navigate, wantPage: true},
		{name: "kiosk navigation without Sec-Fetch", deps: Deps{Kiosk: true}, mod: htmlAccept, wantPage: true},
		{name: "kiosk image", deps: Deps{Kiosk: true}, mod: image},
		{name: "desktop kiosk navigation", deps: Deps{Shell: ShellDesktop, Kiosk: true}, mod: htmlAccept, wantPage: true},
		{name: "web navigation", deps: Deps{}, mod: navigate},
		{name: "desktop navigation", deps: Deps{Shell: ShellDesktop}, mod: htmlAccept},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(newTestHandler(t, tt.deps), target, tt.mod)
			ctype := rec.Header().Get("Content-Type")
			if rec.Code != http.StatusOK {
				t.Fatalf("got status %d, want 200", rec.Code)
			}
			if page := strings.HasPrefix(ctype, "text/html"); page != tt.wantPage {
				t.Fatalf("got Content-Type %q, want the page %v", ctype, tt.wantPage)
			}
			if tt.wantPage {
				checkContains(t, target, rec.Body.String(), []string{"<h1>Statut MOPS – tekst jednolity</h1>", "bk-kiosknav"}, nil)
			} else if !bytes.Equal(rec.Body.Bytes(), pdfData) {
				t.Errorf("got %d bytes, want the file's %d", rec.Body.Len(), len(pdfData))
			}
			if vary := rec.Header().Values("Vary"); tt.deps.Kiosk != strings.Contains(strings.Join(vary, ","), "Sec-Fetch-Mode") {
				t.Errorf("Vary: got %q, want Sec-Fetch-Mode in it only in a kiosk", vary)
			}
		})
	}
	t.Run("unknown file", func(t *testing.T) {
		rec := get(newTestHandler(t, Deps{Kiosk: true}), "/pliki/"+strings.Repeat("a", 64)+"/x.pdf", navigate)
		if rec.Code != http.StatusNotFound {
			t.Errorf("got status %d, want 404", rec.Code)
		}
	})
}

func TestClipShown(t *testing.T) {
	// Polish letters are two bytes: a cut at maxShownText falls inside one.
	atBoundary := strings.Repeat("a", maxShownText-1) + "żółw"
	tests := []struct {
		name, text, want string
		wantCut          bool
	}{
		{name: "short", text: "ala ma kota", want: "ala ma kota"},
		{name: "exactly the bound", text: strings.Repeat("a", maxShownText), want: strings.Repeat("a", maxShownText)},
		{name: "cut inside a letter", text: atBoundary, want: strings.Repeat("a", maxShownText-1), wantCut: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, cut := clipShown(tt.text); got != tt.want || cut != tt.wantCut {
				t.Errorf("clipShown: got (%.40q…, %v), want (%.40q…, %v)", got, cut, tt.want, tt.wantCut)
			}
		})
	}
}

// TestAttachmentTextReader checks that the handler reads text with the
// Reader its Deps give, and that each handler without one has its own, so
// no bound on PDFs read at once is shared by every handler of the process.
func TestAttachmentTextReader(t *testing.T) {
	st := storetest.Open(t, store.Options{})
	r := attachment.NewReader(1, 0)
	h, err := newHandler(Deps{Store: st, AttachmentText: r})
	if err != nil {
		t.Fatal(err)
	}
	if h.attText != r {
		t.Error("handler does not use Deps.AttachmentText")
	}
	h1, err1 := newHandler(Deps{Store: st})
	h2, err2 := newHandler(Deps{Store: st})
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if h1.attText == nil || h1.attText == h2.attText {
		t.Errorf("handlers without Deps.AttachmentText: got readers %p and %p, want two of their own", h1.attText, h2.attText)
	}
}

func TestAttachmentViewPage(t *testing.T) {
	l := &Layout{tr: i18n.New(i18n.Polish)}
	a := content.Attachment{Blob: content.Blob{SHA256: sha(pdfData), Size: 3}, Name: "zażółć / 100%.pdf"}
	v := l.attachmentView(a, store.NodeSummary{ID: idStatut, Title: "Statut"})
	if want := attachmentPagePath(idStatut, sha(pdfData)); v.Page != want {
		t.Errorf("in-app page: got %q, want %q", v.Page, want)
	}
}

// TestSlowTextIsNotKept: an attachment page that gave up on its text (the
// visitor left, or the readers were busy) is not kept in the page cache; the
// next visitor gets the text.
func TestSlowTextIsNotKept(t *testing.T) {
	h := attachmentHandler(t, Deps{Kiosk: true})
	p := attachmentPagePath(idZlobek, sha(fileRegulamin))
	gone := func(r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		cancel()
		*r = *r.WithContext(ctx)
	}
	first := get(h, p, gone)
	const text = `class="bk-attachment__text"`
	if strings.Contains(first.Body.String(), text) {
		t.Fatalf("%s: got the text for a request that had ended; the test needs the slow answer first", p)
	}
	if got := first.Header().Get("ETag"); got != "" {
		t.Errorf("the slow answer has ETag %q, want none: it must not be revalidated", got)
	}
	if body := get(h, p).Body.String(); !strings.Contains(body, text) {
		t.Errorf("%s: the next visitor still gets the slow answer", p)
	}
}
