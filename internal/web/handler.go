package web

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"bipkiosk/internal/attachment"
	"bipkiosk/internal/printing"
	"bipkiosk/internal/search"
	"bipkiosk/internal/speech"
	"bipkiosk/internal/store"
)

// Shell names the program that shows the pages.
type Shell string

// The shells. The desktop window (Wails, wails:// origin) has no cookies and
// follows no redirects, and an external link would navigate it away for good.
const (
	ShellWeb     Shell = "web"
	ShellDesktop Shell = "desktop"
)

// Deps is what the handler needs from the program that wires it.
type Deps struct {
	Store  *store.Store
	Logger *slog.Logger // nil discards logs
	Shell  Shell        // ShellWeb or ShellDesktop; empty means ShellWeb
	// Kiosk marks a public terminal: external links are never followed and
	// touch targets are 44 px.
	Kiosk bool
	// OpenExternal opens an address in the system browser (desktop shell); nil
	// on the web, where the external-link page offers an ordinary link instead.
	OpenExternal func(url string) error
	// Settings keeps display settings; nil means a cookie per browser in the web
	// shell and one set per installation (in the store) in the desktop shell.
	Settings SettingsStore
	// IdleTimeout is how long a kiosk waits without input before it warns and
	// starts over for the next visitor; zero turns the idle reset off. It has
	// no effect without Kiosk.
	IdleTimeout time.Duration
	// Print is how "Wersja do wydruku" prints in a kiosk (printing.ParseMode
	// of --print): the system dialog, not at all, or straight to a named
	// printer. Outside a kiosk printing always opens the dialog.
	Print printing.Mode
	// OperatorPIN opens the operator screen (/obsluga) of a kiosk; empty, or
	// outside a kiosk, the screen does not exist.
	OperatorPIN string
	// OperatorRemote lets hosts other than the terminal itself open the
	// operator screen (--operator-remote); without it only the desktop
	// window and a browser on the same computer (a loopback address) may.
	OperatorRemote bool
	// SaveFile saves an export where the operator chooses (the desktop
	// shell's save dialog) and returns where it went; nil offers a download,
	// which the desktop webview cannot take.
	SaveFile func(name string, data []byte) (string, error)
	// Quit ends the program (desktop shell); nil in the web shell, where the
	// browser kiosk is stopped through the system.
	Quit func()
	// AttachmentText reads attachments' text for their pages, a few PDFs at
	// once and each in bounded time; nil makes one with the defaults.
	AttachmentText *attachment.Reader
	// Searcher answers the full-text search; nil gives the handler its own.
	Searcher *search.Searcher
	// Version is the program's version (and commit), shown on the operator screen.
	Version string
	// Speech reads pages aloud (the player, /mowa); nil, or a service without
	// an engine, hides the player and the reader stays silent.
	Speech *speech.Service
	// SpeechOutput is where a talking kiosk is heard (--speech-output):
	// headphones (the default) or speakers. It sets the starting volume and
	// what the kiosk says when speech is switched on.
	SpeechOutput SpeechOutput
	// SpeechTrace, when set, gets one JSON line for every phrase and
	// sentence sent to synthesis, in order (a support and test hook:
	// BIPKIOSK_SPEECH_TRACE, docs/speech.md); nil traces nothing.
	SpeechTrace io.Writer
}

// ErrNoStore reports a Deps without a store.
var ErrNoStore = errors.New("web: Deps.Store is nil; open the store before building the handler")

// handler holds what every request shares; all of it is read-only after NewHandler.
type handler struct {
	store        *store.Store
	log          *slog.Logger
	shell        Shell
	kiosk        bool
	openExternal func(string) error
	settings     SettingsStore
	idleTimeout  time.Duration
	print        printing.Mode
	printMu      sync.Mutex // one print job at a time: a second touch does not print twice
	operator     *operator  // nil: no operator screen
	saveFile     func(string, []byte) (string, error)
	quit         func()
	attText      *attachment.Reader // never nil
	searcher     *search.Searcher
	appVersion   string // Deps.Version
	pages        map[string]*template.Template
	assets       *assets
	version      string     // digest of the templates and assets, part of every ETag
	fragBuild    string     // digest of version and Deps.Version, in the names of the node fragments kept in the store
	cache        *pageCache // nil renders every page
	menus        menuCache
	parts        *partCache // the frame's header and footer, per generation and settings; nil renders them in place
	mux          *http.ServeMux
	frame        frame // the frame every page shows alike
	// printGuard holds direct printing's one-time codes and rate limit; nil without a printer.
	printGuard *printGuard
	// speech reads pages aloud; never nil (speech.ErrNoEngine when silent).
	speech *speech.Service
	// scripts keeps the sentences of pages read aloud, for their audio.
	scripts scriptCache
	// trace records what is sent to synthesis; nil when off.
	trace *speechTrace
	// served and inFlight count page requests, for the warm-up to give way (warm.go).
	served   atomic.Uint64
	inFlight atomic.Int64
	warmHook func(gen uint64, kept int) // tests: called after each warm-up batch
	// snapshotWarned: a page kept without its snapshot was logged once.
	snapshotWarned atomic.Bool
	sites          siteCache // the site data of the generation last read
}

// NewHandler builds the reader's handler: it parses the templates and builds
// the hashed assets once, and fails if any of them is broken. A request
// that panics is logged and answered 500; the program goes on.
func NewHandler(deps Deps) (http.Handler, error) {
	h, err := newHandler(deps)
	if err != nil {
		return nil, err
	}
	return recoverPanics(h.log, h.shell == ShellWeb, h.mux), nil
}

// newHandler builds the handler itself, for tests that look inside it.
func newHandler(deps Deps) (*handler, error) {
	if deps.Store == nil {
		return nil, ErrNoStore
	}
	h := &handler{
		store:        deps.Store,
		log:          deps.Logger,
		shell:        deps.Shell,
		kiosk:        deps.Kiosk,
		openExternal: deps.OpenExternal,
		settings:     deps.Settings,
		idleTimeout:  deps.IdleTimeout,
		print:        printMode(deps.Kiosk, deps.Print),
		saveFile:     deps.SaveFile,
		quit:         deps.Quit,
		attText:      cmp.Or(deps.AttachmentText, attachment.NewReader(0, 0)),
		searcher:     cmp.Or(deps.Searcher, search.NewSearcher()),
		appVersion:   deps.Version,
		speech:       cmp.Or(deps.Speech, speech.NewService(nil, 0)),
		trace:        newSpeechTrace(deps.SpeechTrace),
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.shell == "" {
		h.shell = ShellWeb
	}
	if h.shell != ShellWeb && h.shell != ShellDesktop {
		return nil, errors.New("web: Deps.Shell is " + string(h.shell) + `; use "web" or "desktop"`)
	}
	var err error
	if deps.Kiosk && deps.OperatorPIN != "" {
		op, err := newOperator(deps.OperatorPIN)
		if err != nil {
			return nil, err
		}
		op.remote = deps.OperatorRemote
		h.operator = op
	}
	if h.print.Kind == printing.Printer {
		if h.printGuard, err = newPrintGuard(); err != nil {
			return nil, err
		}
	}
	if h.settings == nil {
		h.settings = defaultSettingsStore(h.shell, deps.Store)
	}
	if h.assets, err = buildAssets(); err != nil {
		return nil, err
	}
	if h.pages, err = parseTemplates(); err != nil {
		return nil, err
	}
	tpl, err := templatesDigest()
	if err != nil {
		return nil, err
	}
	// The shell, kiosk mode and idle timeout change every page's markup, so a
	// restart with other options must not be answered with 304 for old pages.
	h.version = fmt.Sprintf("%s%s-%s-%t-%d-%s-%t", h.assets.version, tpl, h.shell, h.kiosk, h.idleTimeout/time.Second,
		h.print, h.operator != nil)
	if deps.SpeechOutput != "" {
		if _, err := ParseSpeechOutput(string(deps.SpeechOutput)); err != nil {
			return nil, err
		}
	}
	h.version += h.speechVersion()
	h.frame = h.newFrame()
	h.frame.speechOutput = cmpOutput(deps.SpeechOutput)
	h.frame.speechSilent = h.speech.Available() != nil
	h.version += fmt.Sprintf("-%s-%t", h.frame.speechOutput, h.frame.speechSilent)
	// The program's version too: kept pages hold markup the Go code writes
	// (the menu, marked links and sentences), which a template digest misses.
	h.fragBuild = buildDigest(h.version + deps.Version)
	h.cache = newPageCache(pageCacheBytes)
	h.parts = &partCache{}
	h.mux = h.routes()
	return h, nil
}

// plainExternal reports whether external addresses may be rendered as plain
// links: only in a browser that is not a kiosk.
func (h *handler) plainExternal() bool {
	return h.shell == ShellWeb && !h.kiosk
}
