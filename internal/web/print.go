package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"

	"bipkiosk/internal/content"
	"bipkiosk/internal/kiosk"
	"bipkiosk/internal/printing"
	"bipkiosk/internal/store"
)

// printTimeout bounds one hand-over to lp: it queues a job, it does not print it.
const printTimeout = 30 * time.Second

// printPage is the print version of a node.
type printPage struct {
	nodePage
	Auto   bool   // open the print dialog when the page has loaded
	Notice string // the job went to the printer
}

// printMode is the mode in force: kiosks follow --print; everyone else gets
// the dialog, since a reader at home picks the printer.
func printMode(inKiosk bool, m printing.Mode) printing.Mode {
	if !inKiosk || m.Kind == "" {
		return printing.Mode{Kind: printing.Dialog}
	}
	return m
}

// printGuard is direct printing's policy (kiosk.Printing: one-time codes
// bound to the terminal that was shown the form, and the rate limit).
type printGuard struct {
	*kiosk.Printing
	now func() time.Time // the policy's clock: a test moves it
}

func newPrintGuard() (*printGuard, error) {
	g := &printGuard{now: time.Now}
	var err error
	g.Printing, err = kiosk.NewPrinting(func() time.Time { return g.now() })
	return g, err
}

// printCode is a new one-time code for a print form shown to r's terminal,
// for the page's view; "" without direct printing.
func (h *handler) printCode(r *http.Request) string {
	if h.printGuard == nil {
		return ""
	}
	return h.printGuard.Code(h.terminalOf(r))
}

// holdsOnceCode reports a page that carries a print form, and so a
// one-time code: it must be rendered for every request, never cached.
func (h *handler) holdsOnceCode(name string) bool {
	return h.printGuard != nil && (name == "print" || name == "node")
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
		p := printPage{nodePage: lay.nodePage(n, nil), Auto: r.URL.Query().Get("drukuj") == "1" && !lay.PrintDirect()}
		p.PrintCode = h.printCode(r)
		return p, nil
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
	case !h.printGuard.Redeem(code, h.terminalOf(r)):
		h.log.Info("print_form_refused", "remote", r.RemoteAddr, "node", id)
		h.renderPrinted(w, r, http.StatusForbidden, id, "print.again")
		return
	}
	if !h.printGuard.Allow(h.terminalOf(r)) {
		h.log.Warn("print_rate_limited", "remote", r.RemoteAddr, "jobs", kiosk.PrintJobs, "per", kiosk.PrintWindow.String())
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
	h.renderPrinted(w, r, http.StatusOK, id, "print.sent", h.print.Printer)
}

// renderPrinted is the print page as the answer to its form, with a notice:
// sent, or why nothing was printed. args fill the notice's verbs, and only
// those: an argument the text does not take would show as "%!(EXTRA …)".
func (h *handler) renderPrinted(w http.ResponseWriter, r *http.Request, status int, id uuid.UUID, notice string, args ...any) {
	h.serve(w, r, page{name: "print", status: status, cache: cacheNoStore}, func(rd *store.Reader, lay *Layout) (any, error) {
		n, err := h.loadNode(rd, lay, id)
		if err != nil {
			return nil, err
		}
		p := printPage{nodePage: lay.nodePage(n, nil), Notice: lay.T(notice, args...)}
		p.PrintCode = h.printCode(r)
		return p, nil
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
