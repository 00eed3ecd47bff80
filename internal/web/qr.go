package web

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"rsc.io/qr"
)

// qrQuiet is the quiet zone around a QR code in modules: the four the standard
// asks for, without which phone cameras often fail to find the code.
const qrQuiet = 4

// qrSVG draws the QR code of u as inline SVG: one black path of module-sized
// rectangles on a white square, so the code is crisp at any zoom and keeps
// dark-on-light whatever the theme (scanners expect it). label is its
// accessible name. Level M survives a glare spot on the screen.
func qrSVG(u, label string) (template.HTML, error) {
	code, err := qr.Encode(u, qr.M)
	if err != nil {
		return "", fmt.Errorf("web: QR code of %q: %w (the address is too long for a QR code)", u, err)
	}
	side := code.Size + 2*qrQuiet
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="bk-qr__code" role="img" aria-label="%s" viewBox="0 0 %d %d" shape-rendering="crispEdges">`,
		html.EscapeString(label), side, side)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, side, side)
	b.WriteString(qrPath(code))
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil // built here from numbers and an escaped label
}

// qrPath is the path data of the black modules, one rectangle per horizontal
// run, offset by the quiet zone.
func qrPath(code *qr.Code) string {
	var b strings.Builder
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			run := 1
			for code.Black(x+run, y) {
				run++
			}
			b.WriteString("M" + strconv.Itoa(x+qrQuiet) + " " + strconv.Itoa(y+qrQuiet) +
				"h" + strconv.Itoa(run) + "v1h-" + strconv.Itoa(run) + "z")
			x += run
		}
	}
	return b.String()
}

// qrCode draws the QR code of the address u for a kiosk page, named in the
// page's language; empty, and logged, when u cannot be encoded.
func (h *handler) qrCode(lay *Layout, u string) template.HTML {
	qr, err := qrSVG(u, lay.T("external.qrLabel", u))
	if err != nil {
		h.log.Warn("web_qr_failed", "url_length", len(u), "err", err)
	}
	return qr
}
