// Package browser holds bipkiosk's end-to-end tests: the real web handler over
// a real store with the embedded default bulletin, driven by headless Chromium
// (axe-core on every screen × display mode × language, keyboard-only use,
// reflow at 320 CSS px) and the real desktop window under Xvfb, also read over
// AT-SPI as the Orca screen reader reads it (docs/accessibility.md).
//
// It has no code outside its tests. The tests need Chromium and
// node_modules/axe-core (scripts/assets); the desktop test also needs Xvfb,
// ImageMagick, x11-utils and the GTK/WebKit development packages; the
// screen-reader tests also dbus, at-spi2-core, python3-pyatspi, xdotool and orca,
// and runs testdata/atspi_walk.py with Debian's /usr/bin/python3. When a tool
// is missing they skip locally and fail when CI=true. All skip under -short.
// Set BIPKIOSK_SHOTS to a folder to keep screenshots for a person to look at.
//
// It may import every internal package, the standard library,
// github.com/chromedp/chromedp, github.com/chromedp/cdproto,
// github.com/google/uuid and golang.org/x/image (the page images of the
// viewer's test document, drawn in the Go fonts).
package browser
