package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bipkiosk/internal/i18n"
	"bipkiosk/internal/store"
)

// translator is the UI language of the request, for text outside a page.
func (h *handler) translator(r *http.Request) i18n.Translator {
	return i18n.New(h.settingsFor(r).Lang)
}

// operatorCSV is GET /obsluga/odwiedziny.csv, an address the download once
// had: the PIN form, like every GET of the screen. The download is the
// answer to the screen's POST (operatorSave).
func (h *handler) operatorCSV(w http.ResponseWriter, r *http.Request) { h.showOperatorPIN(w, r) }

// operatorSave saves the visit statistics: through the desktop's save
// dialog, then the screen says where they went; in a browser, as a
// download, and the screen stays as it is.
func (h *handler) operatorSave(w http.ResponseWriter, r *http.Request) {
	if !h.session(w, r) {
		return
	}
	name, data, err := h.visitsCSV(r)
	if err != nil {
		h.serverError(w, r, h.settingsFor(r), err)
		return
	}
	if h.saveFile == nil {
		hd := w.Header()
		hd.Set("Content-Type", "text/csv; charset=utf-8")
		hd.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
		w.Write(data)
		return
	}
	tr := h.translator(r)
	where, err := h.saveFile(name, data)
	switch {
	case err != nil:
		h.log.Error("operator_save_failed", "err", err, "file", name)
		h.renderOperator(w, r, "", tr.T("operator.saveFailed", err.Error()))
	case where == "":
		h.renderOperator(w, r, tr.T("operator.saveCancelled"), "")
	default:
		h.log.Info("operator_visits_saved", "path", where)
		h.renderOperator(w, r, tr.T("operator.saved", where), "")
	}
}

// visitsCSV is the whole visit list as a spreadsheet file: UTF-8 with a BOM
// (spreadsheet programs guess the encoding from it), a header row, quoting
// per RFC 4180 with CRLF line ends, and cells that a spreadsheet would take
// for a formula made inert.
func (h *handler) visitsCSV(r *http.Request) (string, []byte, error) {
	tr := h.translator(r)
	visits, _, err := h.store.TerminalVisits(0)
	if err != nil {
		return "", nil, err
	}
	var rows []operatorVisit
	err = h.store.Read(func(rd *store.Reader) error {
		rows = operatorVisits(rd, visits)
		return nil
	})
	if err != nil && err != store.ErrEmpty {
		return "", nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write([]string{tr.T("operator.csv.rank"), tr.T("operator.csv.title"), tr.T("operator.csv.id"), tr.T("operator.csv.visits")})
	for _, v := range rows {
		title := v.Title
		if title == "" {
			title = tr.T("operator.gone")
		}
		cw.Write([]string{strconv.Itoa(v.Rank), inertCell(title), v.ID, strconv.FormatInt(v.Count, 10)})
	}
	cw.Flush()
	name := "odwiedziny-" + time.Now().Format("2006-01-02") + ".csv"
	return name, buf.Bytes(), cw.Error()
}

// inertCell keeps a spreadsheet from running a cell as a formula: text that
// starts with = + - @ (or a tab or carriage return) gets a leading apostrophe.
func inertCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
