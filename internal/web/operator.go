package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"bipkiosk/internal/store"
)

// operatorPath is the operator screen's entry, for a discreet footer link.
const operatorPath = "/obsluga"

// operatorVisitRows is how many of the most visited pages the screen lists;
// the CSV has them all.
const operatorVisitRows = 50

// pinPage is the PIN form.
type pinPage struct {
	*Layout
	Code   string // the form's one-time code
	Error  string // why the last try was refused: announced by role="alert"
	Notice string // a session ended
}

// operatorPage is the operator screen.
type operatorPage struct {
	*Layout
	Token       string
	Bundle      store.Generation
	Generations []store.Generation
	Check       *store.UpdateCheck // nil: never checked
	CheckError  string             // the record could not be read
	Visits      []operatorVisit
	VisitTotal  int64
	VisitPages  int
	CanSave     bool // a save dialog exists (desktop); else the CSV is downloaded
	CanQuit     bool
	Notice      string
	Error       string
	Version     string // the program's version (Deps.Version)
}

// operatorVisit is one page in this terminal's visit statistics.
type operatorVisit struct {
	Rank  int
	ID    string
	Title string // "" when the installed bulletin no longer has the page
	Count int64
}

// OperatorShown reports whether the kiosk has an operator screen, for a
// footer link to it.
func (l *Layout) OperatorShown() bool { return l.frame.operatorShown }

// KioskNav reports whether the page carries the kiosk's Home / Back /
// Start over bar: every kiosk page but the operator's.
func (l *Layout) KioskNav() bool { return l.frame.kiosk }

// KioskNav is false on the PIN form: Back from it would walk the history
// of the operator's visit, and the screen has its own way out.
func (pinPage) KioskNav() bool { return false }

// KioskNav is false on the operator screen, which ends with "Zakończ obsługę".
func (operatorPage) KioskNav() bool { return false }

// onOperatorPath reports a path of the operator screen.
func onOperatorPath(p string) bool {
	return p == operatorPath || strings.HasPrefix(p, operatorPath+"/")
}

// leaveOperator ends the operator session of the terminal that is shown a
// page outside the operator screen: whoever stands there next must not get
// the screen back with Back. Fragments of a page (the menu's branches) are
// not a page shown.
func (h *handler) leaveOperator(r *http.Request, name string) {
	if h.operator == nil || pageEntries[name] == "fragment" || onOperatorPath(r.URL.Path) {
		return
	}
	h.operator.End(h.terminalOf(r))
}

// operatorGate answers for every operator path: 404 where there is no
// operator screen, 403 to a host other than the terminal itself unless
// --operator-remote allows it. It reports whether the request may go on.
func (h *handler) operatorGate(w http.ResponseWriter, r *http.Request) bool {
	if h.operator == nil {
		h.showNotFound(w, r)
		return false
	}
	if h.operator.remote || h.fromTerminal(r) {
		return true
	}
	h.log.Warn("operator_remote_refused", "remote", r.RemoteAddr, "path", r.URL.Path)
	h.serve(w, r, page{name: "error", status: http.StatusForbidden, cache: cacheNoStore}, func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("operator.title")
		return errorView{Layout: lay, Status: http.StatusForbidden, Reason: lay.T("operator.remote")}, nil
	})
	return false
}

// showOperatorPIN is the PIN form. Every GET of an operator path shows it:
// the screen itself is only ever the answer to a POST, so no address, in
// the history or typed, opens it.
func (h *handler) showOperatorPIN(w http.ResponseWriter, r *http.Request) {
	if h.operatorGate(w, r) {
		h.renderPIN(w, r, http.StatusOK, "", "")
	}
}

// showOperator is GET /obsluga/panel, an address the screen once had: the
// PIN form, whatever token its query carries.
func (h *handler) showOperator(w http.ResponseWriter, r *http.Request) { h.showOperatorPIN(w, r) }

func (h *handler) renderPIN(w http.ResponseWriter, r *http.Request, status int, errKey, noticeKey string, args ...any) {
	h.serve(w, r, page{name: "operator-pin", status: status, cache: cacheNoStore}, func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("operator.title")
		lay.Path = operatorPath // where the settings links return: never an action's address
		p := pinPage{Layout: lay, Code: h.operator.FormCode(h.terminalOf(r))}
		if errKey != "" {
			p.Error = lay.T(errKey, args...)
		}
		if noticeKey != "" {
			p.Notice = lay.T(noticeKey)
		}
		return p, nil
	})
}

// operatorLogin answers the PIN form: a right PIN shows the screen at once.
// The form's one-time code comes first, so a blind POST or the form sent
// again (Back, reload) checks no PIN. The screen's own "refresh" posts its
// session here instead of a PIN.
func (h *handler) operatorLogin(w http.ResponseWriter, r *http.Request) {
	if !h.operatorGate(w, r) {
		return
	}
	if r.PostFormValue("t") != "" {
		if h.session(w, r) {
			h.renderOperator(w, r, "", "")
		}
		return
	}
	if !h.operator.RedeemForm(r.PostFormValue("c"), h.terminalOf(r)) {
		h.log.Warn("operator_form_refused", "remote", r.RemoteAddr)
		h.renderPIN(w, r, http.StatusForbidden, "", "operator.formExpired")
		return
	}
	res := h.operator.Check(r.PostFormValue("pin"), h.fromTerminal(r))
	switch {
	case res.OK:
		h.log.Info("operator_session_started", "remote", r.RemoteAddr)
		h.renderOperator(w, r, "", "")
	case res.Locked:
		h.log.Warn("operator_pin_locked", "remote", r.RemoteAddr, "failures", res.Failures, "for", res.Wait.String())
		h.renderPIN(w, r, http.StatusTooManyRequests, "operator.locked", "", ceilSeconds(res.Wait))
	case res.Wait > 0:
		h.renderPIN(w, r, http.StatusTooManyRequests, "operator.locked", "", ceilSeconds(res.Wait))
	default:
		h.log.Warn("operator_pin_refused", "remote", r.RemoteAddr, "failures", res.Failures)
		h.renderPIN(w, r, http.StatusForbidden, "operator.wrong", "")
	}
}

// session reports a valid session token in the form; without one it shows
// the PIN form again, saying the session ended.
func (h *handler) session(w http.ResponseWriter, r *http.Request) bool {
	if !h.operatorGate(w, r) {
		return false
	}
	if r.Method == http.MethodPost && h.operator.Valid(r.PostFormValue("t"), h.terminalOf(r)) {
		return true
	}
	h.renderPIN(w, r, http.StatusForbidden, "", "operator.expired")
	return false
}

// renderOperator shows the screen with a fresh token, so an operator at
// work is not cut off while an abandoned session still ends. It is always
// the answer to a POST, and kiosk pages are no-store: neither the cache nor
// an address in the history holds a live screen.
func (h *handler) renderOperator(w http.ResponseWriter, r *http.Request, notice, errText string) {
	visits, total, verr := h.store.TerminalVisits(0)
	h.serve(w, r, page{name: "operator", cache: cacheNoStore}, func(rd *store.Reader, lay *Layout) (any, error) {
		if verr != nil {
			return nil, verr
		}
		lay.Title = lay.T("operator.title")
		lay.Path = operatorPath
		p := operatorPage{Layout: lay, Token: h.operator.Token(h.terminalOf(r)), Bundle: rd.Generation(), VisitTotal: total,
			VisitPages: len(visits), CanSave: h.saveFile != nil, CanQuit: h.quit != nil, Notice: notice, Error: errText, Version: h.appVersion}
		var err error
		if p.Generations, err = h.store.Generations(); err != nil {
			return nil, err
		}
		switch c, err := h.store.LastUpdateCheck(); {
		case err == nil:
			p.Check = &c
		case !errors.Is(err, store.ErrNotFound):
			p.CheckError = err.Error()
		}
		p.Visits = operatorVisits(rd, visits[:min(len(visits), operatorVisitRows)])
		return p, nil
	})
}

// operatorVisits names the counted pages by their titles in the installed bulletin.
func operatorVisits(rd *store.Reader, counts []store.VisitCount) []operatorVisit {
	rows := make([]operatorVisit, len(counts))
	for i, c := range counts {
		rows[i] = operatorVisit{Rank: i + 1, ID: c.ID.String(), Count: c.Count}
		if s, err := rd.Summary(c.ID); err == nil {
			rows[i].Title = s.Title
		}
	}
	return rows
}

// operatorLogout ends the session and shows the PIN form.
func (h *handler) operatorLogout(w http.ResponseWriter, r *http.Request) {
	if h.session(w, r) {
		h.operator.End(h.terminalOf(r))
		h.log.Info("operator_session_ended")
		h.renderPIN(w, r, http.StatusOK, "", "operator.ended")
	}
}

// operatorQuit ends the program (desktop), after the page saying so is sent.
func (h *handler) operatorQuit(w http.ResponseWriter, r *http.Request) {
	if !h.session(w, r) {
		return
	}
	if h.quit == nil {
		h.showNotFound(w, r)
		return
	}
	h.operator.EndAll()
	h.log.Info("operator_quit", "remote", r.RemoteAddr)
	h.renderPIN(w, r, http.StatusOK, "", "operator.quitting")
	go func() {
		time.Sleep(500 * time.Millisecond) // let the webview show the page
		h.quit()
	}()
}

// resetKioskOperator is the idle reset: it also ends the terminal's
// operator session (rendering the home page would too; this says so).
func (h *handler) resetKioskOperator(w http.ResponseWriter, r *http.Request) {
	if h.operator != nil {
		h.operator.End(h.terminalOf(r))
	}
	h.resetKiosk(w, r)
}

// Digits are the keys of the on-screen PIN pad, in telephone order.
func (pinPage) Digits() []string { return []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} }
