package web

import (
	"errors"
	"net/http"
	"net/url"
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
	CanSave     bool // a save dialog exists (desktop); else a download link
	CanQuit     bool
	Notice      string
	Error       string
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
func (l *Layout) OperatorShown() bool { return l.h.operator != nil }

// CSVURL is the download of the visit statistics, carrying the session.
func (p operatorPage) CSVURL() string {
	return operatorPath + "/odwiedziny.csv?t=" + url.QueryEscape(p.Token)
}

// PanelURL is the screen again, carrying the session.
func (p operatorPage) PanelURL() string { return operatorPath + "/panel?t=" + url.QueryEscape(p.Token) }

// operatorOff answers 404 where there is no operator screen.
func (h *handler) operatorOff(w http.ResponseWriter, r *http.Request) bool {
	if h.operator == nil {
		h.showNotFound(w, r)
		return true
	}
	return false
}

// showOperatorPIN is the PIN form.
func (h *handler) showOperatorPIN(w http.ResponseWriter, r *http.Request) {
	if h.operatorOff(w, r) {
		return
	}
	h.renderPIN(w, r, http.StatusOK, "", "")
}

func (h *handler) renderPIN(w http.ResponseWriter, r *http.Request, status int, errKey, noticeKey string, args ...any) {
	h.renderFresh(statusWriter{w, status}, r, "operator-pin", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("operator.title")
		p := pinPage{Layout: lay}
		if errKey != "" {
			p.Error = lay.T(errKey, args...)
		}
		if noticeKey != "" {
			p.Notice = lay.T(noticeKey)
		}
		return p, nil
	})
}

// operatorLogin checks the PIN and, if right, shows the screen at once.
func (h *handler) operatorLogin(w http.ResponseWriter, r *http.Request) {
	if h.operatorOff(w, r) {
		return
	}
	ok, wait, locked := h.operator.check(r.PostFormValue("pin"))
	switch {
	case ok:
		h.log.Info("operator_session_started")
		h.renderOperator(w, r, "", "")
	case locked:
		h.log.Warn("operator_pin_locked", "tries", operatorTries, "for", operatorLockout.String())
		h.renderPIN(w, r, http.StatusTooManyRequests, "operator.locked", "", ceilSeconds(wait))
	case wait > 0:
		h.renderPIN(w, r, http.StatusTooManyRequests, "operator.locked", "", ceilSeconds(wait))
	default:
		h.log.Warn("operator_pin_refused")
		h.renderPIN(w, r, http.StatusForbidden, "operator.wrong", "")
	}
}

// session reports a valid session token in the query or form; without one
// it shows the PIN form again, saying the session ended.
func (h *handler) session(w http.ResponseWriter, r *http.Request) bool {
	if h.operatorOff(w, r) {
		return false
	}
	if h.operator.valid(r.FormValue("t")) {
		return true
	}
	h.renderPIN(w, r, http.StatusForbidden, "", "operator.expired")
	return false
}

func (h *handler) showOperator(w http.ResponseWriter, r *http.Request) {
	if h.session(w, r) {
		h.renderOperator(w, r, "", "")
	}
}

// renderOperator shows the screen with a fresh token, so an operator at
// work is not cut off while the idle reset still ends an abandoned session.
func (h *handler) renderOperator(w http.ResponseWriter, r *http.Request, notice, errText string) {
	visits, total, verr := h.store.TerminalVisits(0)
	h.renderFresh(noStore{w}, r, "operator", func(rd *store.Reader, lay *Layout) (any, error) {
		if verr != nil {
			return nil, verr
		}
		lay.Title = lay.T("operator.title")
		p := operatorPage{Layout: lay, Token: h.operator.issue(), Bundle: rd.Generation(), VisitTotal: total,
			VisitPages: len(visits), CanSave: h.saveFile != nil, CanQuit: h.quit != nil, Notice: notice, Error: errText}
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
		h.operator.end()
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
	h.operator.end()
	h.log.Info("operator_quit")
	h.renderPIN(w, r, http.StatusOK, "", "operator.quitting")
	go func() {
		time.Sleep(500 * time.Millisecond) // let the webview show the page
		h.quit()
	}()
}

// resetKioskOperator is the idle reset: it also ends any operator session.
func (h *handler) resetKioskOperator(w http.ResponseWriter, r *http.Request) {
	if h.operator != nil {
		h.operator.end()
	}
	h.resetKiosk(w, r)
}

// Digits are the keys of the on-screen PIN pad, in telephone order.
func (pinPage) Digits() []string { return []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} }
