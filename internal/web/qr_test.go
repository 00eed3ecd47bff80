package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"rsc.io/qr"
)

var (
	qrViewBoxRE = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	qrPathRE    = regexp.MustCompile(`<path fill="#000" d="([^"]*)"`)
	qrRunRE     = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
	qrSVGRE     = regexp.MustCompile(`<svg class="bk-qr__code"[^>]*>.*?</svg>`)
)

// svgModules reads back the module grid an SVG from qrSVG draws, quiet zone
// included: the side from the viewBox, the black modules from the path's runs.
func svgModules(t *testing.T, svg string) [][]bool {
	t.Helper()
	vb := qrViewBoxRE.FindStringSubmatch(svg)
	if vb == nil || vb[1] != vb[2] {
		t.Fatalf("SVG viewBox: got %v, want a square 0 0 n n", vb)
	}
	side, _ := strconv.Atoi(vb[1])
	d := qrPathRE.FindStringSubmatch(svg)
	if d == nil {
		t.Fatal("SVG: got no black path, want one")
	}
	runs := qrRunRE.FindAllStringSubmatch(d[1], -1)
	var joined strings.Builder
	grid := make([][]bool, side)
	for i := range grid {
		grid[i] = make([]bool, side)
	}
	for _, m := range runs {
		joined.WriteString(m[0])
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		back, _ := strconv.Atoi(m[4])
		if w != back || y >= side || x+w > side {
			t.Fatalf("SVG run %q: out of the %d-module square or not closed", m[0], side)
		}
		for i := x; i < x+w; i++ {
			if grid[y][i] {
				t.Fatalf("SVG run %q: module (%d,%d) drawn twice", m[0], i, y)
			}
			grid[y][i] = true
		}
	}
	if joined.String() != d[1] {
		t.Fatalf("SVG path: got commands other than module runs in %.80q", d[1])
	}
	return grid
}

// checkQR compares the modules of svg with qr.Encode's bitmap for u and
// checks the four-module white quiet zone around them.
func checkQR(t *testing.T, u, svg string) {
	t.Helper()
	code, err := qr.Encode(u, qr.M)
	if err != nil {
		t.Fatalf("qr.Encode(%q): %v", u, err)
	}
	grid := svgModules(t, svg)
	if want := code.Size + 2*qrQuiet; len(grid) != want {
		t.Fatalf("%s: got %d modules a side, want %d (%d and a quiet zone of %d)", u, len(grid), want, code.Size, qrQuiet)
	}
	for y := range grid {
		for x := range grid[y] {
			want := code.Black(x-qrQuiet, y-qrQuiet) // false outside the code: the quiet zone
			if grid[y][x] != want {
				t.Fatalf("%s: module (%d,%d) got black=%v, want %v", u, x, y, grid[y][x], want)
			}
		}
	}
}

func TestQRSVGMatchesEncode(t *testing.T) {
	tests := []struct {
		name string
		url  string
	}{
		{name: "https", url: "https://www.gov.pl/bip"},
		{name: "query and Polish letters", url: "https://bip.chojnow.eu/szukaj?q=" + url.QueryEscape("żółć gęślą")},
		{name: "mailto", url: "mailto:bip@testowo.example.pl"},
		{name: "tel", url: "tel:+48768180000"},
		{name: "longest address", url: "https://example.org/" + strings.Repeat("a", maxURL-len("https://example.org/"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			label := `Kod QR adresu ` + tt.url + ` "<&>`
			svg, err := qrSVG(tt.url, label)
			if err != nil {
				t.Fatalf("qrSVG: %v", err)
			}
			s := string(svg)
			checkQR(t, tt.url, s)
			for _, want := range []string{`role="img"`, `fill="#fff"`, `shape-rendering="crispEdges"`} {
				if !strings.Contains(s, want) {
					t.Errorf("SVG lacks %s", want)
				}
			}
			if !strings.Contains(s, `aria-label="Kod QR adresu `) || strings.Contains(s, `"<&>"`) || !strings.Contains(s, `&#34;&lt;&amp;&gt;`) {
				t.Errorf("SVG label not escaped: %.300s", s)
			}
		})
	}
}

func TestQRSVGDiffersByAddress(t *testing.T) {
	a, _ := qrSVG("https://example.org/a", "")
	b, _ := qrSVG("https://example.org/b", "")
	if a == b {
		t.Error("two addresses got the same QR code, want different ones")
	}
}

func TestExternalQRPage(t *testing.T) {
	const u = "https://www.gov.pl/bip"
	page := "/zewnetrzny?u=" + url.QueryEscape(u)
	tests := []struct {
		name      string
		deps      Deps
		lang      string
		wantLabel string // "" when the page must show no QR code
	}{
		{name: "kiosk web Polish", deps: Deps{Kiosk: true}, lang: "pl", wantLabel: "Kod QR adresu " + u},
		{name: "kiosk desktop English", deps: Deps{Shell: ShellDesktop, Kiosk: true}, lang: "en", wantLabel: "QR code of the address " + u},
		{name: "kiosk web Ukrainian", deps: Deps{Kiosk: true}, lang: "uk", wantLabel: "QR-код адреси " + u},
		{name: "browser", deps: Deps{}, lang: "pl"},
		{name: "desktop", deps: Deps{Shell: ShellDesktop}, lang: "pl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openStore(t)
			tt.deps.Store = st
			if tt.deps.Shell == ShellDesktop {
				NewInstallationSettings(st).Save(nil, nil, decodeSettings("lang="+tt.lang))
			}
			h := newTestHandler(t, tt.deps)
			rec := get(h, page, withCookie(&http.Cookie{Name: cookieName, Value: "lang=" + tt.lang}))
			if rec.Code != http.StatusOK {
				t.Fatalf("got status %d, want 200", rec.Code)
			}
			body := rec.Body.String()
			svg := qrSVGRE.FindString(body)
			if tt.wantLabel == "" {
				if svg != "" || strings.Contains(body, "bk-qr") {
					t.Errorf("got a QR code outside a kiosk, want none")
				}
				return
			}
			if svg == "" {
				t.Fatal("got no QR code in a kiosk, want one")
			}
			checkQR(t, u, svg)
			if !strings.Contains(svg, `role="img" aria-label="`+tt.wantLabel+`"`) {
				t.Errorf("QR code: got %.160s, want role img named %q", svg, tt.wantLabel)
			}
			if !strings.Contains(body, `<p class="bk-external__address">`+u+`</p>`) {
				t.Error("kiosk page: got no written-out address, want it beside the QR code")
			}
			checkPage(t, page, body)
		})
	}
}

func TestExternalQRBadAddress(t *testing.T) {
	h := newTestHandler(t, Deps{Kiosk: true})
	tests := []struct {
		name string
		u    string
	}{
		{name: "empty", u: ""},
		{name: "script", u: "javascript:alert(1)"},
		{name: "ftp", u: "ftp://example.org/plik"},
		{name: "no host", u: "https:///sciezka"},
		{name: "relative", u: "/p/1"},
		{name: "too long", u: "https://example.org/" + strings.Repeat("a", maxURL)},
		{name: "line break", u: "https://example.org/\r\nSet-Cookie: x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(h, "/zewnetrzny?u="+url.QueryEscape(tt.u))
			if rec.Code != http.StatusBadRequest {
				t.Errorf("got status %d, want 400", rec.Code)
			}
			if strings.Contains(rec.Body.String(), "bk-qr__code") {
				t.Error("got a QR code for a refused address, want none")
			}
		})
	}
}

// externalHrefRE finds links that would leave the application.
var externalHrefRE = regexp.MustCompile(`(?i)href="(https?:|mailto:|tel:|//)`)

func TestKioskNoExternalHref(t *testing.T) {
	tests := []struct {
		name     string
		deps     Deps
		wantSome bool // a plain browser must show some: proves the check can fail
	}{
		{name: "kiosk web", deps: Deps{Kiosk: true, IdleTimeout: 2 * time.Minute}},
		{name: "kiosk desktop", deps: Deps{Shell: ShellDesktop, Kiosk: true, IdleTimeout: 2 * time.Minute}},
		{name: "browser", deps: Deps{}, wantSome: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, pages := everyScreen(t, tt.deps)
			found := 0
			for p, body := range pages {
				for _, m := range externalHrefRE.FindAllString(body, -1) {
					found++
					if !tt.wantSome {
						t.Errorf("%s: got external %s…, want none in a kiosk", p, m)
					}
				}
			}
			if tt.wantSome && found == 0 {
				t.Error("browser: got no external href on any screen, want some (the check cannot fail)")
			}
		})
	}
}
