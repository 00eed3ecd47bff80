package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/printing"
	"bipkiosk/internal/store"
)

// printTimeout bounds one hand-over to lp: it queues a job, it does not print it.
const printTimeout = 30 * time.Second

// Direct printing's limits.
const (
	printJobs      = 6 // jobs one terminal may send in printWindow
	printWindow    = time.Minute
	printCodeTTL   = 30 * time.Minute // a print form left open longer prints no more
	printCodesKept = 256              // unused print codes remembered; older ones lapse
)

// printPage is the print version of a node.
type printPage struct {
	nodePage
	Auto   bool   // open the print dialog when the page has loaded
	Notice string // the job went to the printer
}

// printMode is the mode in force: kiosks follow --print; everyone else gets
// the dialog, since a reader at home picks the printer.
func printMode(kiosk bool, m printing.Mode) printing.Mode {
	if !kiosk || m.Kind == "" {
		return printing.Mode{Kind: printing.Dialog}
	}
	return m
}

// printGuard keeps a kiosk's printer from printing what nobody asked for:
// every print form carries a one-time code, so a blind POST or a form sent
// again by Back or a reload prints nothing, and each terminal may send
// only printJobs jobs in printWindow, so no loop empties the paper tray.
type printGuard struct {
	codes *onceCodes
	now   func() time.Time

	mu   sync.Mutex
	jobs map[string][]time.Time // terminal → when its jobs in the last window were sent
}

func newPrintGuard() (*printGuard, error) {
	g := &printGuard{now: time.Now, jobs: map[string][]time.Time{}}
	var err error
	g.codes, err = newOnceCodes(printCodeTTL, printCodesKept, func() time.Time { return g.now() })
	return g, err
}

// allow reports whether terminal may send a job now, and if so counts it.
func (g *printGuard) allow(terminal string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	for t, sent := range g.jobs {
		for len(sent) > 0 && now.Sub(sent[0]) >= printWindow {
			sent = sent[1:]
		}
		if len(sent) == 0 {
			delete(g.jobs, t)
		} else {
			g.jobs[t] = sent
		}
	}
	if len(g.jobs[terminal]) >= printJobs {
		return false
	}
	g.jobs[terminal] = append(g.jobs[terminal], now)
	return true
}

// holdsOnceCode reports a page that carries a print form, and so a
// one-time code: it must be rendered for every request, never cached.
func (h *handler) holdsOnceCode(name string) bool {
	return h.printGuard != nil && (name == "print" || name == "node")
}

// PrintCode is a new one-time code for a form that prints on the kiosk's
// printer; "" without one.
func (l *Layout) PrintCode() string {
	if l.printGuard == nil {
		return ""
	}
	return l.printGuard.codes.issue()
}

// PrintShown reports whether pages offer a print version.
func (l *Layout) PrintShown() bool { return l.frame.printShown }

// PrintDirect reports a kiosk that prints straight to its printer, no dialog.
func (l *Layout) PrintDirect() bool { return l.frame.printDirect }

// showPrint is the print version: in dialog mode it opens the print dialog
// by itself when asked to (?drukuj=1, the article's print link); with a
// printer it offers the button that sends the job.
func (h *handler) showPrint(w http.ResponseWriter, r *http.Request) {
	if h.print.Kind == printing.Off {
		h.showNotFound(w, r)
		return
	}
	id, ok := pathID(r)
	if !ok {
		h.showNotFound(w, r)
		return
	}
	h.render(w, r, "print", func(rd *store.Reader, lay *Layout) (any, error) {
		n, err := h.loadNode(rd, lay, id)
		if err != nil {
			return nil, err
		}
		lay.visit = id
		return printPage{nodePage: lay.nodePage(n, nil), Auto: r.URL.Query().Get("drukuj") == "1" && !lay.PrintDirect()}, nil
	})
}

// printNode renders the article as a PDF and sends it to the kiosk's
// printer, then shows the print page saying so, or an error page that says
// what went wrong. It renders rather than redirects (desktop webview). A
// form without a valid one-time code prints nothing: it shows the print
// page, whose button carries a fresh code.
func (h *handler) printNode(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if h.print.Kind != printing.Printer || !ok {
		h.showNotFound(w, r)
		return
	}
	switch code := r.PostFormValue("c"); {
	case code == "":
		h.renderPrinted(w, r, http.StatusOK, id, "print.confirm")
		return
	case !h.printGuard.codes.redeem(code):
		h.log.Info("print_form_refused", "remote", r.RemoteAddr, "node", id)
		h.renderPrinted(w, r, http.StatusForbidden, id, "print.again")
		return
	}
	if !h.printGuard.allow(h.terminalOf(r)) {
		h.log.Warn("print_rate_limited", "remote", r.RemoteAddr, "jobs", printJobs, "per", printWindow.String())
		h.serve(w, r, page{name: "error", status: http.StatusTooManyRequests, cache: cacheNoStore}, func(rd *store.Reader, lay *Layout) (any, error) {
			lay.Title = lay.T("print.failed")
			return errorView{Layout: lay, Status: http.StatusTooManyRequests, Reason: lay.T("print.tooMany")}, nil
		})
		return
	}
	s := h.settingsFor(r)
	var doc printing.Document
	err := h.store.Read(func(rd *store.Reader) error {
		lay, err := h.newLayout(rd, r, s)
		if err != nil {
			return err
		}
		n, err := h.loadNode(rd, lay, id)
		if err != nil {
			return err
		}
		doc = lay.printDocument(n, time.Now())
		return nil
	})
	var he *httpError
	if errors.As(err, &he) || errors.Is(err, store.ErrEmpty) {
		h.showNotFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, s, err)
		return
	}
	if err := h.sendPrint(r.Context(), id, doc); err != nil {
		h.printFailed(w, r, err)
		return
	}
	h.renderPrinted(w, r, http.StatusOK, id, "print.sent")
}

// renderPrinted is the print page as the answer to its form, with a notice:
// sent, or why nothing was printed.
func (h *handler) renderPrinted(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, notice string) {
	h.serve(w, r, page{name: "print", status: status, cache: cacheNoStore}, func(rd *store.Reader, lay *Layout) (any, error) {
		n, err := h.loadNode(rd, lay, id)
		if err != nil {
			return nil, err
		}
		return printPage{nodePage: lay.nodePage(n, nil), Notice: lay.T(notice, h.print.Printer)}, nil
	})
}

// errPrintBusy reports a touch while another job is being handed over.
var errPrintBusy = errors.New("web: a print job is already being sent")

// sendPrint renders doc and hands it to lp, one job at a time.
func (h *handler) sendPrint(ctx context.Context, id uuid.UUID, doc printing.Document) error {
	if !h.printMu.TryLock() {
		return errPrintBusy
	}
	defer h.printMu.Unlock()
	var pdf bytes.Buffer
	if err := printing.Render(&pdf, doc); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), printTimeout)
	defer cancel()
	if err := printing.Send(ctx, h.print.Printer, doc.Title, pdf.Bytes()); err != nil {
		return err
	}
	h.log.Info("print_sent", "node", id, "printer", h.print.Printer, "bytes", pdf.Len())
	return nil
}

// printFailed logs why a job failed, in English, and shows the reader a
// page that says so in their language, with the status 503.
func (h *handler) printFailed(w http.ResponseWriter, r *http.Request, err error) {
	reason := "print.failed.text"
	switch {
	case errors.Is(err, errPrintBusy):
		reason = "print.busy"
	case errors.Is(err, printing.ErrNoPrintService):
		reason = "print.noService"
	}
	if !errors.Is(err, errPrintBusy) {
		h.log.Error("print_failed", "err", err, "printer", h.print.Printer, "path", r.URL.Path)
	}
	h.serve(w, r, page{name: "error", status: http.StatusServiceUnavailable, cache: cacheNoStore}, func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("print.failed")
		return errorView{Layout: lay, Status: http.StatusServiceUnavailable, Reason: lay.T(reason, h.print.Printer)}, nil
	})
}

// printDocument is the article as the printout shows it, labelled in the
// reader's language.
func (l *Layout) printDocument(n content.Node, now time.Time) printing.Document {
	d := printing.Document{
		Title: n.Title, Owner: l.Site.Owner, Body: n.Body,
		MetaTitle: l.T("node.meta"), FilesTitle: l.T("node.attachments"),
		Footer: l.Site.Name, PageLabel: l.T("print.page"), Created: now,
	}
	for _, m := range l.metaItems(n.Meta) {
		v := m.Text
		switch {
		case !m.At.IsZero():
			v = l.DateTime(m.At)
		case m.Link != nil:
			v = m.Link.URL
		}
		d.Meta = append(d.Meta, printing.Field{Label: l.T(m.Key), Value: v})
	}
	for _, a := range n.Attachments {
		d.Files = append(d.Files, a.Title+" ("+a.Name+", "+l.Size(a.Size)+")")
	}
	live := n.Meta.SourceURL
	if live == "" {
		live = l.Site.LiveURL
	}
	if live != "" {
		d.Notes = append(d.Notes, l.T("print.live", live))
	}
	d.Notes = append(d.Notes,
		l.T("print.offline", l.DateTime(now)),
		l.T("footer.edition", l.Gen.Edition.Publisher, l.Gen.Edition.Sequence, l.DateTime(l.Gen.Edition.Created)))
	return d
}
