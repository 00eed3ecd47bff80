package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/printing"
	"bipkiosk/internal/search"
	"bipkiosk/internal/store"
)

// Layout is the part of every page's view model that the frame needs: the
// translator, the settings, the bulletin and its edition, the menu and the
// breadcrumbs, and the frame's own data. It is plain data, complete once the
// request's one store.Read has built it: no template reads the store or
// mints anything through it. Each page's struct embeds a *Layout.
type Layout struct {
	tr       i18n.Translator
	frame    frame
	Settings Settings
	Site     content.Site
	Gen      store.Generation
	Path     string // the shown page's path and query, where settings links return
	Title    string // the page's h1 and the start of <title>
	Query    string // the search box's value
	Current  uuid.UUID
	Crumbs   []crumb
	Menu     menuView
	Saved    bool          // the settings were just saved
	update   *updateStatus // the footer's line about the last update check; nil for none
	stamp    string        // the ETag part for that check
	visit    uuid.UUID     // the node whose view this page counts, once it is served
	// menuScope is how far the frame's menu opens the path to Current;
	// noSideMenu leaves the frame's menu out (the menu screen shows it in main).
	menuScope  menuScope
	noSideMenu bool
	// header and footer are the frame's parts taken from the part cache
	// (partcache.go); empty, the layout renders them itself.
	header, footer template.HTML
	// htmlClass, when set, is written instead of the settings' classes: the
	// hole a page snapshot leaves for them (snapshot.go).
	htmlClass string
	// transient marks a page that shows a passing state (an attachment's
	// text not read in time): it is rendered afresh, never kept.
	transient bool
}

// frame is what the frame shows alike on every page of one handler: the
// shell and kiosk mode, the asset URLs, printing, the idle reset, the
// operator link. The handler builds it once; every layout carries a copy.
type frame struct {
	shell         Shell
	kiosk         bool
	plainExternal bool
	css, js       string
	assets        map[string]string // shared, never changed
	printShown    bool
	printDirect   bool
	idleSeconds   int // 0: no idle reset
	idleCountdown int
	operatorShown bool
	resetPath     string // where an idle kiosk starts over
	speechOutput  SpeechOutput
	speechSilent  bool // no speech engine: the talking kiosk says it is not available
	speech        bool // pages show the read-aloud player
}

// newFrame is the frame of every page h serves.
func (h *handler) newFrame() frame {
	f := frame{
		shell: h.shell, kiosk: h.kiosk, plainExternal: h.plainExternal(),
		css: h.assets.css, js: h.assets.js, assets: h.assets.urls,
		printShown: h.print.Kind != printing.Off, printDirect: h.print.Kind == printing.Printer,
		operatorShown: h.operator != nil, resetPath: kioskResetPath,
	}
	f.speech = h.speechOn()
	if h.idleOn() {
		f.idleSeconds = ceilSeconds(h.idleTimeout)
		f.idleCountdown = ceilSeconds(min(maxCountdown, h.idleTimeout/4))
	}
	return f
}

// crumb is one step of the breadcrumbs; the last one is the current page.
type crumb struct {
	Title   string
	Href    string
	Polish  bool // bulletin content, marked lang="pl" in another UI language
	Current bool
}

// newLayout builds the frame of a page inside the request's one read: the
// bulletin, its edition and the footer's update line all come from rd.
func (h *handler) newLayout(rd *store.Reader, r *http.Request, s Settings) (*Layout, error) {
	site, err := h.sites.site(rd)
	if err != nil {
		return nil, err
	}
	lay := h.bareLayout(r, s)
	lay.Site = site
	lay.Gen = rd.Generation()
	if !h.kiosk {
		c, err := rd.LastUpdateCheck()
		if err == nil {
			lay.update = lay.checkLine(c)
		}
		lay.stamp = checkStamp(c, err)
	}
	return lay, nil
}

// bareLayout is the frame without a bulletin: for the empty store.
func (h *handler) bareLayout(r *http.Request, s Settings) *Layout {
	return &Layout{
		tr:       i18n.New(s.Lang),
		frame:    h.frame,
		Settings: s,
		Path:     shownPath(r),
		Query:    boundedQuery(r),
		Saved:    justSaved(r),
	}
}

// maxEchoed is the longest piece of a request a page writes back into its
// links and fields: every settings link carries the page's address, so an
// address of a megabyte would otherwise make a page of many megabytes.
const maxEchoed = 2048

// shownPath is where the settings links bring the reader back: the page's
// address, or only its path when the query is too long to carry, or home.
func shownPath(r *http.Request) string {
	if uri := r.URL.RequestURI(); len(uri) <= maxEchoed {
		return uri
	}
	if p := r.URL.EscapedPath(); len(p) <= maxEchoed {
		return p
	}
	return "/"
}

// boundedQuery is the search box's value: the query as search will run it.
func boundedQuery(r *http.Request) string {
	q, _ := search.BoundQuery(r.URL.Query().Get("q"))
	return q
}

// T returns the UI string for key in the page's language.
func (l *Layout) T(key string, args ...any) string { return l.tr.T(key, args...) }

// N returns the plural form of key for n.
func (l *Layout) N(key string, n int, args ...any) string { return l.tr.N(key, n, args...) }

// DateTime formats a date and time the way the page's language shows them.
func (l *Layout) DateTime(t time.Time) string { return l.tr.DateTime(t) }

// Date formats a day the way the page's language shows it.
func (l *Layout) Date(t time.Time) string { return l.tr.Date(t) }

// ISO returns the machine-readable form of t for <time datetime>.
func (l *Layout) ISO(t time.Time) string { return t.Format(time.RFC3339) }

// Day returns t as rrrr-mm-dd, the form the accessibility statement requires.
func (l *Layout) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// Size formats a byte count.
func (l *Layout) Size(n int64) string { return l.tr.Size(n) }

// Lang is the UI language, for <html lang>.
func (l *Layout) Lang() i18n.Lang { return l.tr.Lang() }

// ContentLang is "pl" when the UI is in another language, so templates can mark
// the bulletin's Polish text with lang="pl"; empty when the UI is Polish.
func (l *Layout) ContentLang() string {
	if l.tr.Lang() == i18n.Polish {
		return ""
	}
	return "pl"
}

// HTMLClass returns the classes for <html>.
func (l *Layout) HTMLClass() string {
	if l.htmlClass != "" {
		return l.htmlClass
	}
	return l.Settings.Classes(l.frame.shell, l.frame.kiosk)
}

// CSS is the URL of the stylesheet bundle.
func (l *Layout) CSS() string { return l.frame.css }

// JS is the URL of the script bundle.
func (l *Layout) JS() string { return l.frame.js }

// Asset returns the hashed URL of a static file such as "icons/bip.svg".
func (l *Layout) Asset(name string) string { return l.frame.assets[name] }

// Desktop reports the desktop shell, which needs the Wails runtime scripts.
func (l *Layout) Desktop() bool { return l.frame.shell == ShellDesktop }

// Kiosk reports a public terminal.
func (l *Layout) Kiosk() bool { return l.frame.kiosk }

// PlainExternal reports whether external addresses may be plain links here.
func (l *Layout) PlainExternal() bool { return l.frame.plainExternal }

// ResetPath is where an idle kiosk starts over, for the idle script.
func (l *Layout) ResetPath() string { return l.frame.resetPath }

// Header is the frame's header rendered already, or "" for the layout to render.
func (l *Layout) Header() template.HTML { return l.header }

// Footer is the frame's footer rendered already, or "" for the layout to render.
func (l *Layout) Footer() template.HTML { return l.footer }

// SideMenu reports whether the frame shows the subject menu beside main.
func (l *Layout) SideMenu() bool { return !l.noSideMenu }

// Installed reports whether a bulletin is shown.
func (l *Layout) Installed() bool { return l.Gen.Number != 0 }

// SettingURL returns the link that changes one setting and shows this page again.
func (l *Layout) SettingURL(key, value string) string {
	q := url.Values{}
	q.Set(key, value)
	q.Set("wroc", l.Path)
	return "/ustawienia/ustaw?" + q.Encode()
}

// Choice is one option of a setting as the settings bar and form show it.
type Choice struct {
	Value   string
	Label   string
	Href    string
	Current bool
	Lang    string // for language names, their own language
}

// TextChoices are the A / A+ / A++ links.
func (l *Layout) TextChoices() []Choice {
	labels := []string{"A", "A+", "A++"}
	out := make([]Choice, len(textSizes))
	for i, n := range textSizes {
		v := strconv.Itoa(n)
		out[i] = Choice{Value: v, Label: labels[i], Href: l.SettingURL(keyText, v), Current: l.Settings.Text == n}
	}
	return out
}

// ThemeChoices are the contrast themes.
func (l *Layout) ThemeChoices() []Choice {
	out := make([]Choice, len(themes))
	for i, t := range themes {
		out[i] = Choice{Value: string(t), Label: l.T("theme." + string(t)), Href: l.SettingURL(keyTheme, string(t)), Current: l.Settings.Theme == t}
	}
	return out
}

// LangChoices are the UI languages, each named in itself.
func (l *Layout) LangChoices() []Choice {
	out := make([]Choice, len(i18n.Langs))
	for i, lg := range i18n.Langs {
		out[i] = Choice{Value: string(lg), Label: lg.Name(), Href: l.SettingURL(keyLang, string(lg)), Current: l.Settings.Lang == lg, Lang: string(lg)}
	}
	return out
}

// LowVisionURL toggles the low-vision version.
func (l *Layout) LowVisionURL() string {
	return l.SettingURL(keyLowVision, flag(!l.Settings.LowVision))
}

// navLink is one link of the bulletin's top navigation.
type navLink struct {
	Href    string
	Label   string
	Current bool
}

// TopNav lists the bulletin-wide screens, as on the reference page.
func (l *Layout) TopNav() []navLink {
	links := []navLink{
		{Href: "/statystyki", Label: l.T("nav.stats")},
		{Href: "/rejestr", Label: l.T("nav.changes")},
		{Href: "/mapa", Label: l.T("nav.map")},
		{Href: "/instrukcja", Label: l.T("nav.instructions")},
		{Href: "/pliki", Label: l.T("nav.files")},
		{Href: "/redakcja", Label: l.T("nav.editorial")},
		{Href: "/dostepnosc", Label: l.T("nav.accessibility")},
		{Href: "/ustawienia", Label: l.T("nav.settings")},
	}
	p, _, _ := strings.Cut(l.Path, "?")
	for i := range links {
		links[i].Current = links[i].Href == p
	}
	return links
}
