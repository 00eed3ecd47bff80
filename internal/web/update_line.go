package web

import (
	"strconv"
	"strings"

	"bipkiosk/internal/store"
)

// UpdateStatus is the footer's line about the last look for a new bulletin.
type UpdateStatus struct {
	Text   string // in the page's language
	Reason string // the English cause of a failure or refusal, shortened; "" otherwise
}

// maxReasonRunes keeps a failure's cause to about one line of the footer: the
// whole message is in the log and on the operator screen.
const maxReasonRunes = 120

// UpdateLine returns the footer's line about the last update check, or nil
// when this installation has never checked, and always in kiosk mode: the
// visitors of a public terminal are not its operators (the operator screen
// shows the check instead).
func (l *Layout) UpdateLine() *UpdateStatus {
	if l.h == nil || l.h.kiosk {
		return nil
	}
	c, err := l.h.store.LastUpdateCheck()
	if err != nil {
		return nil
	}
	when := l.DateTime(c.At)
	switch c.Result {
	case store.UpdateInstalled:
		return &UpdateStatus{Text: l.T("update.line.installed", when, c.Sequence)}
	case store.UpdateUnchanged:
		return &UpdateStatus{Text: l.T("update.line.unchanged", when)}
	case store.UpdateRefused:
		return &UpdateStatus{Text: l.T("update.line.refused", when), Reason: shortReason(c)}
	case store.UpdateFailed:
		return &UpdateStatus{Text: l.T("update.line.failed", when), Reason: shortReason(c)}
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
// check before it; the ETag in render.go must include it.
func (h *handler) updateStamp() string {
	if h.kiosk {
		return ""
	}
	c, err := h.store.LastUpdateCheck()
	if err != nil {
		return ""
	}
	return "-u" + strconv.FormatInt(c.At.UnixNano(), 36)
}
