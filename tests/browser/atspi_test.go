package browser

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"bipkiosk/internal/content"
	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

// The Debian python3 that python3-pyatspi installs into; another python3 on
// PATH (a virtualenv, pyenv) does not see it.
const atspiPython = "/usr/bin/python3"

// The article the issue names, and a query a citizen types to find it
// (without diacritics: the test types through an X keyboard map).
const (
	mopsTitle = "Miejski Ośrodek Pomocy Społecznej"
	mopsText  = "powołany w 1990 r."
	mopsQuery = "pomoc spoleczna"
)

// busLaunchers are where Debian and Fedora keep at-spi2-core's bus launcher.
var busLaunchers = []string{"/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher"}

// TestDesktopScreenReader runs the real desktop window on a virtual screen
// with the accessibility bus up and reads it over AT-SPI, the interface the
// Orca screen reader reads, not the DOM. For Polish and Ukrainian it walks,
// as a screen-reader user would (activating links and buttons through their
// AT-SPI actions, typing on the keyboard), the home page, a results page,
// the MOPS article and the settings page, then the low-vision version of
// them; every page is checked by checkScreenReaderPage.
func TestDesktopScreenReader(t *testing.T) {
	slow(t)
	if runtime.GOOS != "linux" {
		t.Skip("screen reader: AT-SPI is the Linux accessibility bus")
	}
	launcher := atspiTools(t)
	bin := desktopBinary(t)
	for _, lang := range []i18n.Lang{i18n.Polish, i18n.Ukrainian} {
		t.Run(string(lang), func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			site := seedStore(t, data, lang)
			display := startXvfb(t)
			// Every process of the test on this screen: the registry
			// types there and, without it, would use an inherited DISPLAY.
			t.Setenv("DISPLAY", display)
			startA11yBus(t, launcher, display)
			a := startApp(t, bin, display, data, nil)
			sr := startScreenReader(t, a, display)
			tourWindow(t, sr, i18n.New(lang), site)
		})
	}
}

// atspiTools checks the accessibility tools the test drives the window with
// and returns the bus launcher's path.
func atspiTools(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"dbus-daemon", "dbus-send", "xdotool"} {
		_, err := exec.LookPath(tool)
		require(t, err == nil, "screen reader: %s not found: apt-get install dbus xdotool", tool)
	}
	var launcher string
	for _, p := range busLaunchers {
		if _, err := os.Stat(p); err == nil {
			launcher = p
			break
		}
	}
	require(t, launcher != "", "screen reader: at-spi-bus-launcher not found: apt-get install at-spi2-core")
	err := exec.Command(atspiPython, "-c", "import pyatspi").Run()
	require(t, err == nil, "screen reader: %s cannot import pyatspi: apt-get install python3-pyatspi", atspiPython)
	return launcher
}

// seedStore installs the default bulletin in a fresh data directory with the
// reader's language chosen, and returns the bulletin's site.
func seedStore(t *testing.T, data string, lang i18n.Lang) content.Site {
	t.Helper()
	var site content.Site
	withStore(t, data, func(st *store.Store) {
		if err := importDefault(st, t.TempDir()); err != nil {
			t.Fatalf("screen reader: import the default bulletin: %v", err)
		}
		s := web.DefaultSettings()
		s.Lang = lang
		if err := web.NewInstallationSettings(st).Save(nil, nil, s); err != nil {
			t.Fatalf("screen reader: save the language: %v", err)
		}
		if err := st.Read(func(r *store.Reader) (err error) { site, err = r.Site(); return err }); err != nil {
			t.Fatalf("screen reader: read the site: %v", err)
		}
	})
	return site
}

// startA11yBus starts a private session bus and, on it, at-spi2-core's
// accessibility bus, and points this test's environment (inherited by the
// window and the walker) at them. Both end with the test, by PID; the
// launcher takes its accessibility bus and registry with it.
func startA11yBus(t *testing.T, launcher, display string) {
	t.Helper()
	runtimeDir := t.TempDir() // the launcher's socket goes here, not into the user's
	t.Setenv("XDG_RUNTIME_DIR", runtimeDir)
	t.Setenv("NO_AT_BRIDGE", "0")
	t.Setenv("AT_SPI_BUS_ADDRESS", "")

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=3")
	bus.ExtraFiles = []*os.File{w}
	if err := bus.Start(); err != nil {
		w.Close()
		t.Fatalf("screen reader: start dbus-daemon: %v", err)
	}
	w.Close()
	bp := watch(bus)
	t.Cleanup(func() { bp.stop(t, "dbus-daemon") })
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case a := <-addr:
		if a == "" {
			t.Fatal("screen reader: dbus-daemon gave no address")
		}
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", a)
	case <-time.After(10 * time.Second):
		t.Fatal("screen reader: dbus-daemon gave no address within 10s")
	}

	// The launcher's output goes to a file, not a pipe: the bus and registry
	// it starts inherit it, and a pipe they hold open would keep Wait waiting.
	logPath := filepath.Join(t.TempDir(), "at-spi-bus-launcher.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	l := exec.Command(launcher, "--launch-immediately")
	l.Env = append(os.Environ(), "DISPLAY="+display)
	l.Stdout, l.Stderr = logFile, logFile
	if err := l.Start(); err != nil {
		t.Fatalf("screen reader: start %s: %v", launcher, err)
	}
	lp := watch(l)
	out := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	t.Cleanup(func() {
		lp.stop(t, "at-spi-bus-launcher")
		if t.Failed() {
			t.Logf("at-spi-bus-launcher output:\n%s", out())
		}
	})
	// The accessibility bus is up when the launcher answers with its address.
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		reply, err := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
			"/org/a11y/bus", "org.a11y.Bus.GetAddress").Output()
		if err == nil && bytes.Contains(reply, []byte("unix:")) {
			return
		}
		if lp.exited() || time.Now().After(end) {
			t.Fatalf("screen reader: the accessibility bus did not come up within 10s: %v\n%s", err, out())
		}
	}
}

// a11yNode is one object of the document as AT-SPI gives it.
type a11yNode struct {
	Role   string            `json:"role"`
	Name   string            `json:"name"`
	Depth  int               `json:"depth"`
	States []string          `json:"states"`
	Attrs  map[string]string `json:"attrs"`
	Text   string            `json:"text"`   // paragraphs, labels and live regions
	Locale string            `json:"locale"` // headings and links
}

func (n a11yNode) has(state string) bool {
	for _, s := range n.States {
		if s == state {
			return true
		}
	}
	return false
}

func (n a11yNode) String() string {
	return fmt.Sprintf("%s %q %v", n.Role, n.Name, n.States)
}

// a11yDoc is the web document in the window, its objects in reading order.
type a11yDoc struct {
	Active bool       `json:"active"` // the window is shown and has the keyboard
	Title  string     `json:"title"`
	URI    string     `json:"uri"`
	Busy   bool       `json:"busy"`
	Nodes  []a11yNode `json:"nodes"`
}

// subtree is the index range [i, end) of node i and its descendants.
func (d a11yDoc) subtree(i int) (int, int) {
	end := i + 1
	for end < len(d.Nodes) && d.Nodes[end].Depth > d.Nodes[i].Depth {
		end++
	}
	return i, end
}

// inside says whether node i is node parent or one of its descendants.
func (d a11yDoc) inside(parent, i int) bool {
	s, e := d.subtree(parent)
	return i >= s && i < e
}

// landmark finds the landmark with this ARIA role (and name, when not "").
func (d a11yDoc) landmark(role, name string) (int, bool) {
	for i, n := range d.Nodes {
		if n.Role == "landmark" && n.Attrs["xml-roles"] == role && (name == "" || n.Name == name) {
			return i, true
		}
	}
	return -1, false
}

// find is the first node with this role and name.
func (d a11yDoc) find(role, name string) (a11yNode, bool) {
	for _, n := range d.Nodes {
		if n.Role == role && n.Name == name {
			return n, true
		}
	}
	return a11yNode{}, false
}

// h1 is the name of the first heading of level 1, or "".
func (d a11yDoc) h1() string {
	for _, n := range d.Nodes {
		if n.Role == "heading" && n.Attrs["level"] == "1" {
			return n.Name
		}
	}
	return ""
}

// tools is the header's disclosure of the settings bar, the bulletin
// navigation and search (a <details>).
func (d a11yDoc) tools() (a11yNode, bool) {
	for _, n := range d.Nodes {
		if n.Attrs["tag"] == "details" {
			return n, true
		}
	}
	return a11yNode{}, false
}

// screenReader reads and drives the window through atspi_walk.py, one
// process for the whole walk (starting Python and pyatspi costs a moment).
type screenReader struct {
	t   *testing.T
	app app
	in  io.WriteCloser
	out *bufio.Reader
}

// startScreenReader starts the walker on the window of a.
func startScreenReader(t *testing.T, a app, display string) *screenReader {
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", "atspi_walk.py"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(atspiPython, script, fmt.Sprint(a.cmd.Process.Pid))
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("screen reader: start atspi_walk.py: %v", err)
	}
	p := watch(cmd)
	t.Cleanup(func() {
		in.Close() // the walker ends at the end of its input
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			p.stop(t, "atspi_walk.py")
		}
	})
	return &screenReader{t: t, app: a, in: in, out: bufio.NewReader(out)}
}

// run sends one command and decodes its answer into v.
func (s *screenReader) run(v any, args ...string) error {
	line, err := json.Marshal(args)
	if err != nil {
		return err
	}
	if _, err := s.in.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("atspi_walk %s: %w", line, err)
	}
	reply, err := s.out.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("atspi_walk %s: no answer: %w", line, err)
	}
	var answer struct {
		OK    json.RawMessage `json:"ok"`
		Error string          `json:"error"`
	}
	if err := json.Unmarshal(reply, &answer); err != nil {
		return fmt.Errorf("atspi_walk %s: %w", line, err)
	}
	if answer.Error != "" {
		return fmt.Errorf("atspi_walk %s: %s", line, answer.Error)
	}
	if v == nil {
		return nil
	}
	return json.Unmarshal(answer.OK, v)
}

func (s *screenReader) snapshot() (a11yDoc, error) {
	var d a11yDoc
	err := s.run(&d, "snapshot")
	return d, err
}

// act runs the default action of the object (role "" for any role).
func (s *screenReader) act(role, name string) {
	s.t.Helper()
	if err := s.run(nil, "act", role, name); err != nil {
		s.t.Fatalf("screen reader: %v", err)
	}
}

// press focuses the object and presses Enter on the keyboard.
func (s *screenReader) press(role, name string) {
	s.t.Helper()
	s.keys(role, name, "key", "Return")
}

// keys focuses the object and sends it xdotool's keys. The window gets the X
// keyboard focus first: without a window manager nothing gives it, and the
// keys would go nowhere (the registry's own key synthesis has that problem).
func (s *screenReader) keys(role, name string, xdotool ...string) {
	s.t.Helper()
	if err := s.run(nil, "focus", role, name); err != nil {
		s.t.Fatalf("screen reader: %v", err)
	}
	s.xdotool(xdotool...)
}

// xdotool sends keys to the window, where the focus already is.
func (s *screenReader) xdotool(xdotool ...string) {
	s.t.Helper()
	args := append([]string{"search", "--onlyvisible", "--class", "bipkiosk", "windowfocus", "--sync"}, xdotool...)
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		s.t.Fatalf("screen reader: xdotool %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// typeInto types text into the field on the keyboard, as its reader does:
// WebKitGTK gives a search combobox no EditableText interface.
//
// xdotool types a letter missing from the keyboard map (ę) by mapping it to
// a spare key for the moment of the key press; when the map is restored
// before the window reads the press, the letter is lost (seen once in CI,
// the last letter of "termomodernizację"). A field left holding the start
// of text gets the rest typed again, at most twice; anything else fails.
func (s *screenReader) typeInto(role, name, text string) {
	s.t.Helper()
	s.keys(role, name, "type", "--delay", "20", text)
	var got struct{ Text string }
	// Each typing gets two seconds to arrive before what is missing is typed again.
	retyped, settled := 0, time.Now().Add(2*time.Second)
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if err := s.run(&got, "text", role, name); err != nil {
			s.t.Fatalf("screen reader: %v", err)
		}
		if got.Text == text {
			return
		}
		if rest, ok := strings.CutPrefix(text, got.Text); ok && got.Text != "" && retyped < 2 && time.Now().After(settled) {
			retyped, settled = retyped+1, time.Now().Add(2*time.Second)
			s.t.Logf("screen reader: the %s %q holds %q after typing %q; typing %q again", role, name, got.Text, text, rest)
			s.xdotool("type", "--delay", "20", rest)
		}
	}
	s.t.Fatalf("screen reader: the %s %q holds %q after typing %q", role, name, got.Text, text)
}

// waitFor reads the document until it has finished loading and ok accepts it.
func (s *screenReader) waitFor(what string, ok func(a11yDoc) bool) a11yDoc {
	s.t.Helper()
	var last a11yDoc
	var lastErr error
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(250 * time.Millisecond) {
		if s.app.exited() {
			s.t.Fatalf("screen reader: bipkiosk exited while waiting for %s: %v\n%s", what, s.app.cmd.ProcessState, s.app.out.String())
		}
		d, err := s.snapshot()
		if lastErr = err; err != nil {
			continue
		}
		if last = d; d.Active && !d.Busy && ok(d) {
			return d
		}
	}
	s.t.Fatalf("screen reader: no %s within 30s; last read %q (%s) with h1 %q, error %v", what, last.Title, last.URI, last.h1(), lastErr)
	return a11yDoc{}
}

// toolsOpen opens the header's settings and search when they are folded, as
// a reader of the low-vision version does.
func (s *screenReader) toolsOpen(d a11yDoc, tr i18n.Translator) a11yDoc {
	s.t.Helper()
	if det, ok := d.tools(); !ok || det.has("expanded") {
		return d
	}
	// WebKitGTK gives the <summary> no role and an action that does nothing
	// (docs/accessibility.md); Orca's user presses Enter on it, so does the test.
	s.press(summaryRole(d), tr.T("layout.tools"))
	return s.waitFor("the settings and search unfolded", func(d a11yDoc) bool {
		det, ok := d.tools()
		return ok && det.has("expanded")
	})
}

// tourWindow walks the window in one language: the standard version, then
// the low-vision version, checking every page it reaches.
func tourWindow(t *testing.T, s *screenReader, tr i18n.Translator, site content.Site) {
	lang := tr.Lang()
	menuItem := func(title string) string { return tr.T("menu.toggle", title) }
	home := pageWant{h1: site.Name, h1Locale: "pl", tools: toolsOpen}
	results := pageWant{h1: tr.T("search.title"), h1Locale: string(lang), query: mopsQuery}
	article := pageWant{h1: mopsTitle, h1Locale: "pl", body: mopsText,
		expanded: []string{menuItem("Jednostki organizacyjne"), menuItem(mopsTitle)}}
	settings := pageWant{h1: tr.T("settings.title"), h1Locale: string(lang), form: true}
	isHome := func(d a11yDoc) bool { return strings.HasSuffix(d.URI, "/") && d.h1() == site.Name }
	isResults := func(d a11yDoc) bool { return strings.Contains(d.URI, "/szukaj?") && d.h1() == results.h1 }
	isArticle := func(d a11yDoc) bool { return d.h1() == mopsTitle }
	search := func(d a11yDoc) a11yDoc {
		s.toolsOpen(d, tr)
		s.typeInto("combo box", tr.T("search.label"), mopsQuery)
		s.act("push button", tr.T("search.button"))
		return s.waitFor("the results page", isResults)
	}
	start := time.Now()
	check := func(name string, d a11yDoc, want pageWant) {
		t.Helper()
		t.Logf("%s %s: %d objects read at %s", lang, name, len(d.Nodes), time.Since(start).Round(100*time.Millisecond))
		for _, p := range checkScreenReaderPage(d, want, tr) {
			t.Errorf("%s %s: %s", lang, name, p)
		}
	}

	d := s.waitFor("the home page", isHome)
	check("home", d, home)
	d = search(d)
	check("results", d, results)
	s.act("link", mopsTitle)
	d = s.waitFor("the MOPS article", isArticle)
	check("MOPS article", d, article)

	// A branch of the menu opens in place: the button must say so.
	branch := menuItem("Budżet i majątek")
	if b, ok := d.find("push button", branch); !ok || b.has("expanded") {
		t.Fatalf("%s: want the collapsed menu button %q on the MOPS article, got %v (found %v)", lang, branch, b, ok)
	}
	s.act("push button", branch)
	s.waitFor("the menu branch "+branch+" expanded", func(d a11yDoc) bool {
		b, ok := d.find("push button", branch)
		return ok && b.has("expanded")
	})

	s.act("link", tr.T("nav.settings"))
	d = s.waitFor("the settings page", func(d a11yDoc) bool { return d.h1() == settings.h1 })
	check("settings", d, settings)

	// The low-vision version, switched on from the settings bar.
	s.act("link", tr.T("settings.lowvision")+" – "+tr.T("settings.off"))
	lowVision := func(d a11yDoc) bool {
		_, ok := d.find("check box", tr.T("settings.lowvision"))
		c, _ := d.find("check box", tr.T("settings.lowvision"))
		return ok && c.has("checked")
	}
	d = s.waitFor("the settings page in the low-vision version", lowVision)
	lv := settings
	lv.lowVision = true
	check("settings, low vision", d, lv)

	s.act("link", site.Owner+" – "+tr.T("layout.home"))
	d = s.waitFor("the home page in the low-vision version", isHome)
	lv = home
	lv.lowVision, lv.tools = true, toolsFolded
	check("home, low vision", d, lv)
	d = search(d)
	lv = results
	lv.lowVision = true
	check("results, low vision", d, lv)
	s.act("link", mopsTitle)
	d = s.waitFor("the MOPS article in the low-vision version", isArticle)
	lv = article
	lv.lowVision = true
	check("MOPS article, low vision", d, lv)
}

// toolsState is what a page must show of the header's settings and search.
type toolsState int

const (
	toolsAny    toolsState = iota // either, as long as the tree agrees with itself
	toolsOpen                     // shown
	toolsFolded                   // folded behind the summary
)

// pageWant is what one page must tell a screen reader.
type pageWant struct {
	h1        string     // the one heading of level 1
	h1Locale  string     // its language: bulletin text is Polish in every interface language
	lowVision bool       // the low-vision version is on
	tools     toolsState // the header's settings and search
	expanded  []string   // the menu buttons that must say "expanded"; all others "collapsed"
	query     string     // a results page for this query: its count is a live region
	body      string     // text the article's paragraphs must hold
	form      bool       // the settings page: its check boxes and radio buttons
}

// checkScreenReaderPage lists what is wrong with the document d for a
// screen-reader user, as want describes the page.
func checkScreenReaderPage(d a11yDoc, want pageWant, tr i18n.Translator) []string {
	var bad []string
	add := func(f string, args ...any) { bad = append(bad, fmt.Sprintf(f, args...)) }
	lang := string(tr.Lang())

	// The title: the page's heading, then the bulletin, then the product.
	if !strings.HasPrefix(d.Title, want.h1+" – ") || !strings.HasSuffix(d.Title, " – "+tr.T("layout.titleSuffix")) {
		add("title: got %q, want %q – … – %q", d.Title, want.h1, tr.T("layout.titleSuffix"))
	}
	bad = append(bad, checkHeadings(d, want)...)
	bad = append(bad, checkLandmarks(d, want, tr)...)
	bad = append(bad, checkMenuButtons(d, want, tr)...)
	bad = append(bad, checkLinks(d, tr)...)
	if det, ok := d.tools(); ok && det.has("expanded") {
		bad = append(bad, checkSettingsBar(d, want, tr)...)
	}
	if want.form {
		bad = append(bad, checkSettingsForm(d, want, tr)...)
	}
	if want.query != "" {
		bad = append(bad, checkResultsCount(d, want, tr)...)
	}
	if want.body != "" {
		main, _ := d.landmark("main", "")
		found := false
		for _, n := range d.Nodes[max(main, 0):] {
			found = found || (n.Role == "paragraph" && strings.Contains(n.Text, want.body))
		}
		if !found {
			add("article: no paragraph in main holds %q: the text cannot be read", want.body)
		}
	}
	for _, n := range d.Nodes {
		// WebKitGTK reads an <img>'s SVG file from inside, even with alt="".
		if n.Attrs["tag"] == "svg" && n.Name != "" {
			add("an image file's inside is read as %v: hide the decorative image, or its file's own name", n)
		}
	}
	if first := firstNode(d); first.Role != "link" || first.Name != tr.T("layout.skip") || first.Locale != lang {
		add("first object: got %v (locale %q), want the skip link %q in %s", first, first.Locale, tr.T("layout.skip"), lang)
	}
	return bad
}

func firstNode(d a11yDoc) a11yNode {
	if len(d.Nodes) == 0 {
		return a11yNode{}
	}
	return d.Nodes[0]
}

// checkHeadings: exactly one heading of level 1, the page's title, inside
// main and the first heading read; then headings that never skip a level.
func checkHeadings(d a11yDoc, want pageWant) []string {
	var bad []string
	main, hasMain := d.landmark("main", "")
	var h1s []string
	prev, after := 0, 0
	for i, n := range d.Nodes {
		if n.Role != "heading" {
			continue
		}
		level := 0
		fmt.Sscan(n.Attrs["level"], &level)
		switch {
		case level < 1:
			bad = append(bad, fmt.Sprintf("heading %q has no level", n.Name))
		case prev == 0 && level != 1:
			bad = append(bad, fmt.Sprintf("first heading: got %q of level %d, want the level 1 heading", n.Name, level))
		case prev > 0 && level > prev+1:
			bad = append(bad, fmt.Sprintf("heading %q: level %d after level %d skips a level", n.Name, level, prev))
		}
		if strings.TrimSpace(n.Name) == "" {
			bad = append(bad, fmt.Sprintf("a heading of level %d has no name", level))
		}
		if level == 1 {
			h1s = append(h1s, n.Name)
			if !hasMain || !d.inside(main, i) {
				bad = append(bad, fmt.Sprintf("heading 1 %q is not inside main", n.Name))
			}
			if n.Locale != want.h1Locale {
				bad = append(bad, fmt.Sprintf("heading 1 %q: locale %q, want %q", n.Name, n.Locale, want.h1Locale))
			}
		} else if len(h1s) > 0 {
			after++
		}
		prev = max(level, 1)
	}
	if len(h1s) != 1 || h1s[0] != want.h1 {
		bad = append(bad, fmt.Sprintf("headings of level 1: got %q, want exactly [%q]", h1s, want.h1))
	}
	if after == 0 {
		bad = append(bad, "no heading below the level 1 heading")
	}
	return bad
}

// checkLandmarks: one banner, main and contentinfo; named navigation
// regions; the header's navigation and search exactly when its tools show.
func checkLandmarks(d a11yDoc, want pageWant, tr i18n.Translator) []string {
	var bad []string
	count := map[string]int{}
	navNames := map[string]bool{}
	for _, n := range d.Nodes {
		if n.Role != "landmark" {
			continue
		}
		role := n.Attrs["xml-roles"]
		count[role]++
		if role == "navigation" {
			if n.Name == "" || navNames[n.Name] {
				bad = append(bad, fmt.Sprintf("navigation landmark named %q: each needs its own name", n.Name))
			}
			navNames[n.Name] = true
		}
	}
	for _, role := range []string{"banner", "main", "contentinfo"} {
		if count[role] != 1 {
			bad = append(bad, fmt.Sprintf("landmark %s: got %d, want 1", role, count[role]))
		}
	}
	if !navNames[tr.T("menu.title")] {
		bad = append(bad, fmt.Sprintf("no navigation landmark named %q (the subject menu)", tr.T("menu.title")))
	}
	det, ok := d.tools()
	if !ok {
		return append(bad, "the header's settings and search (a details element) are not exposed")
	}
	open := det.has("expanded")
	switch {
	case !det.has("expandable"):
		bad = append(bad, fmt.Sprintf("the header's tools: got %v, want expandable", det))
	case want.tools == toolsOpen && !open:
		bad = append(bad, "the header's tools are folded, want them open")
	case want.tools == toolsFolded && open:
		bad = append(bad, "the header's tools are open, want them folded in the low-vision version")
	}
	if shown := navNames[tr.T("layout.topNav")] && count["search"] == 1; shown != open {
		bad = append(bad, fmt.Sprintf("the header's tools expanded %v, but the navigation %q and the search landmark exposed %v",
			open, tr.T("layout.topNav"), shown))
	}
	if _, ok := d.find(summaryRole(d), tr.T("layout.tools")); !ok && (!open || want.lowVision) {
		bad = append(bad, fmt.Sprintf("no control named %q unfolds the header's tools", tr.T("layout.tools")))
	}
	return bad
}

// summaryRole is the role WebKitGTK gives the tools' <summary> (docs/accessibility.md).
func summaryRole(d a11yDoc) string {
	for _, n := range d.Nodes {
		if n.Attrs["tag"] == "summary" {
			return n.Role
		}
	}
	return ""
}

// checkMenuButtons: every branch of the subject menu has a named button that
// says whether it is expanded; exactly the wanted ones are.
func checkMenuButtons(d a11yDoc, want pageWant, tr i18n.Translator) []string {
	var bad []string
	prefix := tr.T("menu.toggle", "")
	wantOpen := map[string]bool{}
	for _, n := range want.expanded {
		wantOpen[n] = true
	}
	buttons := 0
	for _, n := range d.Nodes {
		if n.Role != "push button" && n.Role != "toggle button" {
			continue
		}
		if strings.TrimSpace(n.Name) == "" {
			bad = append(bad, fmt.Sprintf("a %s has no name", n.Role))
		}
		if !strings.HasPrefix(n.Name, prefix) {
			continue
		}
		buttons++
		if !n.has("expandable") {
			bad = append(bad, fmt.Sprintf("menu button %q is not expandable: a screen reader cannot say collapsed or expanded", n.Name))
		}
		if n.has("expanded") != wantOpen[n.Name] {
			bad = append(bad, fmt.Sprintf("menu button %q: expanded %v, want %v", n.Name, n.has("expanded"), wantOpen[n.Name]))
		}
		delete(wantOpen, n.Name)
	}
	if buttons == 0 {
		bad = append(bad, fmt.Sprintf("no menu button named %q…: the menu tree cannot be opened", prefix))
	}
	for n := range wantOpen {
		bad = append(bad, fmt.Sprintf("no menu button %q", n))
	}
	return bad
}

// checkLinks: every link has a name; the home link names the bulletin.
func checkLinks(d a11yDoc, tr i18n.Translator) []string {
	var bad []string
	home := false
	for _, n := range d.Nodes {
		if n.Role != "link" {
			continue
		}
		if strings.TrimSpace(n.Name) == "" {
			bad = append(bad, "a link has no name")
		}
		home = home || strings.HasSuffix(n.Name, " – "+tr.T("layout.home"))
	}
	if !home {
		bad = append(bad, fmt.Sprintf("no link named … – %q (the home link)", tr.T("layout.home")))
	}
	return bad
}

// checkSettingsBar: the settings links are named by their setting, and the
// chosen ones say so (aria-current, AT-SPI's "current" attribute).
func checkSettingsBar(d a11yDoc, want pageWant, tr i18n.Translator) []string {
	var bad []string
	state := tr.T("settings.off")
	if want.lowVision {
		state = tr.T("settings.on")
	}
	text := "100"
	if want.lowVision {
		text = "200"
	}
	current := map[string]bool{
		tr.T("settings.lowvision") + " – " + state: want.lowVision,
		"A – " + tr.T("settings.textN", "100"):     text == "100",
		"A++ – " + tr.T("settings.textN", "200"):   text == "200",
		i18n.Polish.Name():                         tr.Lang() == i18n.Polish,
		i18n.Ukrainian.Name():                      tr.Lang() == i18n.Ukrainian,
	}
	for name, cur := range current {
		n, ok := d.find("link", name)
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("settings bar: no link named %q", name))
		case (n.Attrs["current"] == "true") != cur:
			bad = append(bad, fmt.Sprintf("settings bar: link %q current %q, want chosen %v", name, n.Attrs["current"], cur))
		}
	}
	for _, l := range []i18n.Lang{i18n.Polish, i18n.Ukrainian} {
		if n, ok := d.find("link", l.Name()); ok && n.Locale != string(l) {
			bad = append(bad, fmt.Sprintf("settings bar: %q read in locale %q, want %q", l.Name(), n.Locale, l))
		}
	}
	return bad
}

// checkSettingsForm: the settings page's check boxes and radio buttons are
// named by their labels and checked as the settings are.
func checkSettingsForm(d a11yDoc, want pageWant, tr i18n.Translator) []string {
	var bad []string
	text := "100%"
	if want.lowVision {
		text = "200%"
	}
	checked := []struct {
		role, name string
		on         bool
	}{
		{"check box", tr.T("settings.lowvision"), want.lowVision},
		{"radio button", "100%", text == "100%"},
		{"radio button", "200%", text == "200%"},
		{"radio button", tr.Lang().Name(), true},
	}
	for _, c := range checked {
		n, ok := d.find(c.role, c.name)
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("settings form: no %s named %q", c.role, c.name))
		case n.has("checked") != c.on:
			bad = append(bad, fmt.Sprintf("settings form: %s %q checked %v, want %v", c.role, c.name, n.has("checked"), c.on))
		}
	}
	return bad
}

// checkResultsCount: the number of results is said in words in a polite live
// region inside main, the only one there with text, and it is the number of
// results listed.
func checkResultsCount(d a11yDoc, want pageWant, tr i18n.Translator) []string {
	main, ok := d.landmark("main", "")
	if !ok {
		return []string{"results: no main landmark"}
	}
	s, e := d.subtree(main)
	var status []a11yNode
	hits := 0
	for _, n := range d.Nodes[s:e] {
		// A live region that says nothing yet (the read-aloud player's
		// announcer) is not read out: only the ones with text compete.
		if (n.Attrs["live"] != "" || n.Attrs["xml-roles"] == "status") && strings.TrimSpace(n.Text) != "" {
			status = append(status, n)
		}
		if n.Role == "heading" && n.Attrs["level"] == "2" {
			hits++
		}
	}
	if len(status) != 1 {
		return []string{fmt.Sprintf("results: got %d live regions with text in main, want 1 with the count", len(status))}
	}
	var bad []string
	if status[0].Attrs["live"] != "polite" {
		bad = append(bad, fmt.Sprintf("results count: live %q, want polite", status[0].Attrs["live"]))
	}
	if wantText := tr.N("search.found", hits, want.query); hits == 0 || status[0].Text != wantText {
		bad = append(bad, fmt.Sprintf("results count: got %q, want %q (%d results listed)", status[0].Text, wantText, hits))
	}
	return bad
}

// TestDesktopOrcaSpeaks is the second check: Orca itself, on the same
// accessibility bus, reading the window. Its speech is taken from its debug
// log (no speech synthesiser is needed): moving the focus as a keyboard user
// does, Orca must say each object's name, role and state.
func TestDesktopOrcaSpeaks(t *testing.T) {
	slow(t)
	if runtime.GOOS != "linux" {
		t.Skip("screen reader: Orca runs on Linux")
	}
	launcher := atspiTools(t)
	orca, err := exec.LookPath("orca")
	require(t, err == nil, "screen reader: orca not found: apt-get install orca")
	bin := desktopBinary(t)
	tr := i18n.New(i18n.Polish)

	display := startXvfb(t)
	t.Setenv("DISPLAY", display)
	startA11yBus(t, launcher, display)
	a := startApp(t, bin, display, "", nil)
	s := startScreenReader(t, a, display)
	s.waitFor("the home page", func(d a11yDoc) bool { return d.h1() != "" })

	log := startOrca(t, orca)
	button := tr.T("menu.toggle", "Kontrole")
	// Orca drops a focus event that a newer one overtakes: a keyboard
	// user's pace, not a script's.
	for _, step := range []func(){
		func() { s.focus("link", tr.T("nav.settings")) },
		func() { s.focus("push button", button) },
		func() { s.act("push button", button) },
		func() { s.focus("combo box", tr.T("search.label")) },
	} {
		time.Sleep(1500 * time.Millisecond)
		step()
	}
	time.Sleep(1500 * time.Millisecond)
	// What Orca must say, in this order.
	want := []string{
		tr.T("nav.settings") + " link",
		"landmark " + tr.T("menu.title"),
		button + " collapsed push button",
		"expanded",
		tr.T("search.label") + " combo box",
	}
	// Orca's log is a buffered file: moving between two links makes it
	// write more until the last utterance is out.
	for end := time.Now().Add(30 * time.Second); !saidInOrder(log.speech(), want) && time.Now().Before(end); {
		s.focus("link", tr.T("nav.settings"))
		s.focus("link", tr.T("layout.skip"))
	}
	said := log.speech()
	if !saidInOrder(said, want) {
		t.Errorf("orca: got\n%s\nwant, in this order, %q", strings.Join(said, "\n"), want)
	}
	t.Logf("orca said:\n%s", strings.Join(said[:min(len(said), 12)], "\n"))
}

// saidInOrder says whether each of want is part of an utterance, in order.
func saidInOrder(said, want []string) bool {
	i := 0
	for _, u := range said {
		if i < len(want) && strings.Contains(u, want[i]) {
			i++
		}
	}
	return i == len(want)
}

// focus moves the focus to the object, as Tab would.
func (s *screenReader) focus(role, name string) {
	s.t.Helper()
	if err := s.run(nil, "focus", role, name); err != nil {
		s.t.Fatalf("screen reader: %v", err)
	}
}

// orcaLog is Orca's debug log, where it writes every utterance.
type orcaLog string

// startOrca starts Orca with fresh preferences and a debug log, waits until
// it has said it is on, and ends it with the test, by PID.
func startOrca(t *testing.T, orca string) orcaLog {
	t.Helper()
	dir := t.TempDir()
	log := orcaLog(filepath.Join(dir, "orca.log"))
	cmd := exec.Command(orca, "--user-prefs", filepath.Join(dir, "prefs"), "--debug-file", string(log))
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatalf("orca: start: %v", err)
	}
	p := watch(cmd)
	t.Cleanup(func() { // Orca ignores SIGTERM; nothing of it needs keeping
		_ = cmd.Process.Kill()
		<-p.done
	})
	if !log.waitSaid("", 0, 30*time.Second) {
		t.Fatalf("orca: said nothing within 30s (exited: %v)", p.exited())
	}
	return log
}

// speech is every utterance so far, in order.
func (l orcaLog) speech() []string {
	b, _ := os.ReadFile(string(l))
	var said []string
	for _, line := range strings.Split(string(b), "\n") {
		if _, text, ok := strings.Cut(line, "SPEECH OUTPUT: '"); ok {
			text, _, _ = strings.Cut(text, "'{")
			said = append(said, strings.TrimSuffix(text, "'"))
		}
	}
	return said
}

// waitSaid waits until an utterance after the first skip ones holds text.
func (l orcaLog) waitSaid(text string, skip int, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		said := l.speech()
		for _, u := range said[min(skip, len(said)):] {
			if strings.Contains(u, text) {
				return true
			}
		}
	}
	return false
}
