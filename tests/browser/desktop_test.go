package browser

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
	"bipkiosk/internal/web"
)

// The Xvfb screen the desktop test draws on.
const screenW, screenH = 1280, 800

// desktopBinary checks the tools the desktop tests drive the window with,
// then builds the real Linux desktop binary.
func desktopBinary(t testing.TB) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "import", "xwininfo", "pkg-config"} {
		_, err := exec.LookPath(tool)
		require(t, err == nil, "desktop: %s not found: apt-get install xvfb xauth imagemagick x11-utils pkg-config", tool)
	}
	err := exec.Command("pkg-config", "--exists", "gtk+-3.0", "webkit2gtk-4.1").Run()
	require(t, err == nil, "desktop: GTK 3 / WebKitGTK 4.1 development files missing: apt-get install libgtk-3-dev libwebkit2gtk-4.1-dev")

	bin := buildDesktop(t)
	return bin
}

// TestDesktopWindowDraws builds the real Linux desktop binary, runs it on a
// virtual X screen and checks from outside, as a person would, that a window
// appeared and that the bulletin was drawn into it; in kiosk mode that the
// window covers the whole screen.
func TestDesktopWindowDraws(t *testing.T) {
	slow(t)
	bin := desktopBinary(t)
	tests := []struct {
		name  string
		args  []string
		shot  string
		cover bool // the window must be exactly the screen
	}{
		{name: "window", args: nil, shot: "desktop-window.png"},
		{name: "kiosk", args: []string{"--kiosk"}, shot: "desktop-kiosk.png", cover: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			display := startXvfb(t)
			app := startApp(t, bin, display, "", tt.args)
			win, shot := waitForDrawing(t, display, app)
			saveShot(t, tt.shot, shot.png)
			if tt.cover && (win.w != screenW || win.h != screenH || win.x != 0 || win.y != 0) {
				t.Errorf("kiosk window: got %dx%d+%d+%d, want %dx%d+0+0 (the whole screen)", win.w, win.h, win.x, win.y, screenW, screenH)
			}
			if !tt.cover && (win.w >= screenW && win.h >= screenH) {
				t.Errorf("window: got %dx%d, want smaller than the %dx%d screen without --kiosk", win.w, win.h, screenW, screenH)
			}
		})
	}
}

// buildDesktop compiles the desktop binary with the tags the window needs.
func buildDesktop(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bipkiosk") // the binary name is the X window class
	cmd := exec.Command("go", "build", "-tags", "desktop,production,webkit2_41", "-o", bin, ".")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("desktop: go build -tags desktop,production,webkit2_41: %v\n%s", err, out)
	}
	return bin
}

// startXvfb starts a virtual screen on a display number Xvfb picks itself
// (-displayfd), so parallel runs never collide, and stops it with the test.
func startXvfb(t testing.TB) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// No auto-repeat (-r): on a loaded machine xdotool's release of a key
	// can come late enough for the server to repeat it, and one keypad
	// press would move the talking kiosk two items on.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", screenW, screenH), "-nolisten", "tcp", "-r")
	cmd.ExtraFiles = []*os.File{w} // fd 3 in the child
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("desktop: start Xvfb: %v", err)
	}
	w.Close()
	p := watch(cmd)
	t.Cleanup(func() {
		// A window that could not open its display (a CI run once saw
		// "failed to init GTK") is explained by what the server said.
		if t.Failed() {
			t.Logf("Xvfb (pid %d, exited: %v) output:\n%s", cmd.Process.Pid, p.exited(), stderr.String())
		}
		p.stop(t, "Xvfb")
	})
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	var display string
	select {
	case n := <-num:
		if _, err := strconv.Atoi(n); err != nil {
			t.Fatalf("desktop: Xvfb gave no display number (%q): %s", n, stderr.String())
		}
		display = ":" + n
	case <-time.After(15 * time.Second):
		t.Fatalf("desktop: Xvfb did not start within 15s: %s", stderr.String())
	}
	// The number is written once the server listens; a client must also get
	// through before the window is started, or GTK gives up at once.
	for end := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		err := exec.Command("xwininfo", "-display", display, "-root").Run()
		if err == nil {
			return display
		}
		if p.exited() || time.Now().After(end) {
			t.Fatalf("desktop: Xvfb on %s took no client within 15s (%v): %s", display, err, stderr.String())
		}
	}
}

// proc is a process we started, with its exit watched.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

func watch(cmd *exec.Cmd) *proc {
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.done) }()
	return p
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends the process by its PID: SIGTERM (Wails shuts down cleanly on it),
// then, if it hangs, SIGQUIT, on which a Go program prints every goroutine
// into its output before it ends, and SIGKILL as the last resort. Where gdb
// is installed, the threads' native stacks are logged first: a hang in GTK
// or WebKit shows only there.
func (p *proc) stop(t testing.TB, name string) {
	t.Helper()
	if p.exited() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return
	case <-time.After(10 * time.Second):
	}
	pid := p.cmd.Process.Pid
	t.Errorf("desktop: %s (pid %d) ignored SIGTERM for 10s; its goroutines follow in its output", name, pid)
	if stacks := nativeStacks(pid); stacks != "" {
		t.Logf("desktop: %s native stacks:\n%s", name, stacks)
	}
	_ = p.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// nativeStacks is every thread's native stack, by gdb, of the process pid
// and of its children (WebKit's web and network processes), or "" without
// gdb. A window that stops answering hangs in GTK, WebKit or GStreamer,
// which only these stacks show.
func nativeStacks(pid int) string {
	gdb, err := exec.LookPath("gdb")
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range processTree(pid) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		out, _ := exec.CommandContext(ctx, gdb, "-p", strconv.Itoa(p), "-batch", "-iex", "set auto-load off", "-ex", "thread apply all bt 25").CombinedOutput()
		cancel()
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", p))
		fmt.Fprintf(&b, "=== pid %d (%s)\n%s\n", p, bytes.TrimSpace(comm), out)
	}
	return b.String()
}

// processTree is pid and its descendants, by the parent named in /proc.
func processTree(pid int) []int {
	parent := map[int]int{}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		p, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", d.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so read after its ")".
		if f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:])); len(f) > 1 {
			parent[p], _ = strconv.Atoi(f[1])
		}
	}
	tree := []int{pid}
	for i := 0; i < len(tree); i++ {
		for p, pp := range parent {
			if pp == tree[i] {
				tree = append(tree, p)
			}
		}
	}
	return tree
}

// app is the running desktop binary and what it printed.
type app struct {
	*proc
	out *syncBuffer
}

// TestDesktopStopsDuringStartUp sends SIGTERM while the window is still
// starting: the moment the program hands over to the window (its control
// socket is logged just before), and a second later, while GTK and WebKit
// start. Wails listens for signals only late in its start-up, and a signal
// before that was once swallowed: the window stayed up until killed. Each
// stop must end the program cleanly within soakStopTimeout.
func TestDesktopStopsDuringStartUp(t *testing.T) {
	slow(t)
	bin := desktopBinary(t)
	display := startXvfb(t)
	for _, after := range []time.Duration{0, time.Second} {
		t.Run(after.String(), func(t *testing.T) {
			a := startApp(t, bin, display, "", nil)
			for end := time.Now().Add(soakDrawTimeout); !strings.Contains(a.out.String(), "msg=control_socket"); time.Sleep(20 * time.Millisecond) {
				if a.exited() || time.Now().After(end) {
					t.Fatalf("desktop: no control socket logged (exited: %v):\n%s", a.exited(), a.out.String())
				}
			}
			time.Sleep(after)
			if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case <-a.done:
			case <-time.After(soakStopTimeout):
				t.Fatalf("desktop: SIGTERM %s into the start-up was ignored for %s:\n%s", after, soakStopTimeout, a.out.String())
			}
			out := a.out.String()
			if st := a.cmd.ProcessState; !st.Success() || crashSigns.MatchString(out) {
				t.Errorf("desktop: stop %s into the start-up did not end cleanly (%s):\n%s", after, st, out)
			}
		})
	}
}

// startApp runs "bipkiosk desktop" on display with the data directory data
// ("" for a fresh one) and fresh WebKit dirs, and stops it with the test.
func startApp(t testing.TB, bin, display, data string, args []string) app {
	t.Helper()
	tmp := t.TempDir()
	if data == "" {
		data = filepath.Join(tmp, "data")
	}
	cmd := exec.Command(bin, append([]string{"desktop", "--data", data}, args...)...)
	cmd.Env = append(os.Environ(),
		"DISPLAY="+display,
		"HOME="+tmp, // WebKit keeps local storage and caches under the home directory
		"XDG_DATA_HOME="+filepath.Join(tmp, "share"),
		"XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"),
		"BIPKIOSK_DATA=",
		"GOTRACEBACK=all", // SIGQUIT on a hang prints every goroutine (stop)
	)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("desktop: start %s: %v", bin, err)
	}
	a := app{proc: watch(cmd), out: out}
	t.Cleanup(func() {
		a.stop(t, "bipkiosk desktop")
		if t.Failed() {
			t.Logf("bipkiosk desktop output:\n%s", out.String())
		}
	})
	return a
}

// syncBuffer collects a child's output; the child writes while tests read.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// window is one top-level X window as xwininfo lists it.
type window struct {
	title, class string
	w, h, x, y   int
}

var xwinLine = regexp.MustCompile(`^\s*0x[0-9a-f]+ "(.*)": \("([^"]*)" "[^"]*"\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)`)

// appWindow finds the biggest window whose class is the binary's name; GTK
// also makes a tiny leader window with the same class.
func appWindow(display string) (window, bool, error) {
	out, err := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
	if err != nil {
		return window{}, false, fmt.Errorf("xwininfo: %w", err)
	}
	var best window
	for _, line := range strings.Split(string(out), "\n") {
		m := xwinLine.FindStringSubmatch(line)
		if m == nil || m[2] != "bipkiosk" {
			continue
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		if w := (window{title: m[1], class: m[2], w: n(3), h: n(4), x: n(5), y: n(6)}); w.w*w.h > best.w*best.h {
			best = w
		}
	}
	return best, best.w > 100 && best.h > 100, nil
}

// screenshot is one capture of the whole X screen.
type screenshot struct {
	png []byte
	img image.Image
}

func capture(display string) (screenshot, error) {
	out, err := exec.Command("import", "-display", display, "-window", "root", "png:-").Output()
	if err != nil {
		return screenshot{}, fmt.Errorf("import -window root: %w", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		return screenshot{}, fmt.Errorf("decode screenshot: %w", err)
	}
	return screenshot{png: out, img: img}, nil
}

// inked counts the distinct colours and the dark pixels inside r: a drawn
// page of text has many colours (anti-aliasing) and dark glyphs; a blank or
// not-yet-painted window has one or two colours.
func inked(img image.Image, r image.Rectangle) (colours, dark int) {
	seen := map[uint32]bool{}
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[(cr>>8)<<16|(cg>>8)<<8|cb>>8] = true
			if (299*cr+587*cg+114*cb)/1000 < 0x4000 {
				dark++
			}
		}
	}
	return len(seen), dark
}

// The least a drawn bulletin page shows.
const minColours, minDark = 32, 2000

// waitForDrawing polls until the app's window exists and shows a drawn page,
// then returns it with the screenshot that proved it.
func waitForDrawing(t *testing.T, display string, a app) (window, screenshot) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		if a.exited() {
			t.Fatalf("desktop: bipkiosk exited early: %v\n%s", a.cmd.ProcessState, a.out.String())
		}
		win, ok, err := appWindow(display)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			shot, err := capture(display)
			if err != nil {
				t.Fatal(err)
			}
			colours, dark := inked(shot.img, image.Rect(win.x, win.y, win.x+win.w, win.y+win.h))
			last = fmt.Sprintf("window %q %dx%d+%d+%d: %d colours, %d dark pixels", win.title, win.w, win.h, win.x, win.y, colours, dark)
			if colours >= minColours && dark >= minDark {
				t.Log(last)
				return win, shot
			}
		} else {
			last = "no bipkiosk window yet"
		}
		time.Sleep(500 * time.Millisecond)
	}
	if shot, err := capture(display); err == nil {
		saveShot(t, "desktop-failed.png", shot.png)
	}
	t.Fatalf("desktop: no drawn window within 45s (want ≥ %d colours and ≥ %d dark pixels); last: %s", minColours, minDark, last)
	return window{}, screenshot{}
}

// desktopIdle is the window test's idle timeout, the least the config
// accepts; the countdown is a quarter of it, 3 s.
const desktopIdle = 10 * time.Second

// TestDesktopKioskIdleReset runs the real kiosk window with the shortest idle
// timeout on a store whose settings a visitor changed (Ukrainian, black on
// yellow) and watches the screen, as the next visitor would: the page first
// in black on yellow, then the countdown dialog over a dimmed page, then the
// home page in the default white theme. The store must then hold the
// default settings.
func TestDesktopKioskIdleReset(t *testing.T) {
	slow(t)
	bin := desktopBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	visitor := web.DefaultSettings()
	visitor.Lang, visitor.Theme = i18n.Ukrainian, web.ThemeBlackYellow
	withStore(t, data, func(st *store.Store) {
		if err := importDefault(st, t.TempDir()); err != nil {
			t.Fatalf("desktop: import the default bulletin: %v", err)
		}
		if err := web.NewInstallationSettings(st).Save(nil, nil, visitor); err != nil {
			t.Fatalf("desktop: save the visitor's settings: %v", err)
		}
	})

	display := startXvfb(t)
	a := startApp(t, bin, display, data, []string{"--kiosk", "--idle-timeout", desktopIdle.String()})
	win, shot := waitForDrawing(t, display, a)
	drawn := time.Now()
	rect := image.Rect(win.x, win.y, win.x+win.w, win.y+win.h)
	if y := share(shot.img, rect, yellow); y < 0.4 {
		saveShot(t, "desktop-idle-start.png", shot.png)
		t.Fatalf("desktop: %.0f %% of the window yellow at the start, want most of it (the visitor's black-on-yellow theme)", 100*y)
	}

	shot = waitScreen(t, display, a, desktopIdle+10*time.Second, "the countdown over the dimmed page", func(s screenshot) bool {
		return share(s.img, rect, dimYellow) > 0.3
	})
	saveShot(t, "desktop-idle-dialog.png", shot.png)
	opened := time.Now()
	if waited := opened.Sub(drawn); waited < desktopIdle-4*time.Second {
		t.Errorf("desktop: the countdown appeared %s after the page, want about %s", waited.Round(100*time.Millisecond), desktopIdle)
	}

	shot = waitScreen(t, display, a, 15*time.Second, "the home page in the default white theme", func(s screenshot) bool {
		return share(s.img, rect, white) > 0.2 && share(s.img, rect, yellow) < 0.02
	})
	saveShot(t, "desktop-idle-reset.png", shot.png)
	if waited := time.Since(opened); waited < 1500*time.Millisecond {
		t.Errorf("desktop: reset %s after the countdown appeared, want about 3s", waited.Round(100*time.Millisecond))
	}

	a.stop(t, "bipkiosk desktop")
	withStore(t, data, func(st *store.Store) {
		if got := web.NewInstallationSettings(st).Load(nil); got != web.DefaultSettings() {
			t.Errorf("desktop: settings after the reset got %+v, want the defaults %+v", got, web.DefaultSettings())
		}
	})
}

// withStore opens the store in dir (the app must not be running), runs fn
// and closes it.
func withStore(t *testing.T, dir string, fn func(*store.Store)) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatalf("desktop: open the store: %v", err)
	}
	defer st.Close()
	fn(st)
}

// waitScreen captures the screen until ok accepts it.
func waitScreen(t *testing.T, display string, a app, d time.Duration, what string, ok func(screenshot) bool) screenshot {
	t.Helper()
	var last screenshot
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if a.exited() {
			t.Fatalf("desktop: bipkiosk exited while waiting for %s: %v\n%s", what, a.cmd.ProcessState, a.out.String())
		}
		s, err := capture(display)
		if err != nil {
			t.Fatal(err)
		}
		if last = s; ok(s) {
			return s
		}
	}
	if last.png != nil {
		saveShot(t, "desktop-failed.png", last.png)
	}
	t.Fatalf("desktop: no %s within %s", what, d)
	return screenshot{}
}

// The colours the idle test looks for: the black-on-yellow theme's yellow,
// that yellow under the dialog's 60 % black backdrop, and the default white.
func yellow(r, g, b uint8) bool    { return r > 240 && g > 240 && b < 40 }
func dimYellow(r, g, b uint8) bool { return r > 80 && r < 130 && g > 80 && g < 130 && b < 40 }
func white(r, g, b uint8) bool     { return r > 245 && g > 245 && b > 245 }

// share is the fraction of the pixels in r (every third, both ways) that match.
func share(img image.Image, r image.Rectangle, match func(r, g, b uint8) bool) float64 {
	r = r.Intersect(img.Bounds())
	n, hit := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			n++
			if match(uint8(cr>>8), uint8(cg>>8), uint8(cb>>8)) {
				hit++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hit) / float64(n)
}
