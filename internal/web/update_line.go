package web

import (
	"strconv"
	"strings"

	"bipkiosk/internal/store"
)

// updateStatus is the footer's line about the last look for a new bulletin.
type updateStatus struct {
	Text   string // in the page's language
	Reason string // the English cause of a failure or refusal, shortened; "" otherwise
}

// maxReasonRunes keeps a failure's cause to about one line of the footer: the
// whole message is in the log and on the operator screen.
const maxReasonRunes = 120

// UpdateLine returns the footer's line about the last update check, or nil
// when this installation has never checked, and always in kiosk mode: the
// visitors of a public terminal are not its operators (the operator screen
// shows the check instead). The layout read it inside the request's read.
func (l *Layout) UpdateLine() *updateStatus { return l.update }

// checkLine is the footer's line for check c in the page's language.
func (l *Layout) checkLine(c store.UpdateCheck) *updateStatus {
	when := l.DateTime(c.At)
	switch c.Result {
	case store.UpdateInstalled:
		return &updateStatus{Text: l.T("update.line.installed", when, c.Sequence)}
	case store.UpdateUnchanged:
		return &updateStatus{Text: l.T("update.line.unchanged", when)}
	case store.UpdateRefused:
		return &updateStatus{Text: l.T("update.line.refused", when), Reason: shortReason(c)}
	case store.UpdateFailed:
		return &updateStatus{Text: l.T("update.line.failed", when), Reason: shortReason(c)}
	}
	return nil
}

// shortReason is the cause of a failed check without the address it starts
// with (the operator set it), cut to about one line.
func shortReason(c store.UpdateCheck) string {
	msg := strings.TrimPrefix(c.Error, c.URL+": ")
	if r := []rune(msg); len(r) > maxReasonRunes {
		msg = strings.TrimSpace(string(r[:maxReasonRunes-1])) + "…"
	}
	return msg
}

// updateStamp is the part of a page's ETag that the footer's update line
// depends on: the time of the last check, outside kiosk mode. Without it a
// page cached (or revalidated with 304) before a check would keep showing the
// check before it. A page rendered takes it from its own read (Layout.stamp);
// this is for answering 304 before any read.
func (h *handler) updateStamp() string {
	if h.kiosk {
		return ""
	}
	c, err := h.store.LastUpdateCheck()
	return checkStamp(c, err)
}

// checkStamp is the ETag part for check c, read with err.
func checkStamp(c store.UpdateCheck, err error) string {
	if err != nil {
		return ""
	}
	return "-u" + strconv.FormatInt(c.At.UnixNano(), 36)
}
