package harvest

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"bipkiosk/internal/content"
)

// historyHeadings are the headings a change register goes under.
var historyHeadings = []string{"rejestr zmian", "historia zmian", "historia", "rejestr zmian dokumentu",
	"rejestr zmian informacji", "historia dokumentu"}

// column is what a register column holds.
type column uint8

const (
	colOther column = iota
	colAt
	colBy
	colSummary
	colKind
	colPage
)

// columnWords name register columns by the start of their header.
var columnWords = []struct {
	col   column
	words []string
}{
	{colAt, []string{"data", "kiedy", "czas", "date"}},
	{colBy, []string{"kto", "użytkownik", "uzytkownik", "osoba", "zmienił", "autor", "wprowadził", "redaktor", "user", "operator"}},
	{colKind, []string{"rodzaj", "typ", "akcja", "czynność", "operacja"}},
	{colSummary, []string{"opis", "zmiana", "zakres", "komentarz", "uwagi", "summary"}},
	{colPage, []string{"dokument", "tytuł", "strona", "artykuł", "pozycja", "nazwa", "informacja"}},
}

// readHistory reads and drops a change register: the hinted block, else
// one called so. Rows that link to other pages make a site-wide register.
func readHistory(doc *html.Node, base string, hint Match) ([]content.Change, []RegisterEntry) {
	block := find(doc, hint)
	var heading *html.Node
	if block == nil {
		block = find(doc, func(n *html.Node) bool {
			return n.Type == html.ElementNode && hasToken(classID(n), "rejestr", "histori", "changelog")
		})
	}
	if block == nil {
		heading, block = headed(doc, historyHeadings...)
	}
	if block == nil {
		return nil, nil
	}
	var changes []content.Change
	var reg []RegisterEntry
	if table := find(block, ByTag("table")); table != nil {
		changes, reg = readRegisterTable(table, base)
	}
	if len(changes) == 0 && len(reg) == 0 {
		for _, li := range findAll(block, ByTag("li")) {
			if c, ok := changeFromLine(text(li)); ok {
				changes = append(changes, c)
			}
		}
	}
	if len(changes) == 0 && len(reg) == 0 {
		return nil, nil
	}
	remove(block)
	remove(heading)
	sortChanges(changes)
	return changes, reg
}

// readRegisterTable reads a register table with a header row.
func readRegisterTable(table *html.Node, base string) ([]content.Change, []RegisterEntry) {
	rows := findAll(table, ByTag("tr"))
	if len(rows) < 2 {
		return nil, nil
	}
	var cols []column
	for _, c := range cellsOf(rows[0]) {
		cols = append(cols, columnOf(text(c)))
	}
	var changes []content.Change
	var reg []RegisterEntry
	for _, tr := range rows[1:] {
		var c content.Change
		var page string
		for i, cell := range cellsOf(tr) {
			if i >= len(cols) {
				break
			}
			fillChange(&c, cols[i], text(cell))
			if cols[i] == colPage {
				if a := firstLink(cell); a != nil {
					page = resolve(base, attr(a, "href"))
				}
			}
		}
		if c.At.IsZero() {
			continue
		}
		if c.Kind == "" {
			c.Kind = content.ChangeModified
		}
		if page != "" {
			reg = append(reg, RegisterEntry{URL: page, Change: c})
		} else {
			changes = append(changes, c)
		}
	}
	return changes, reg
}

func columnOf(header string) column {
	h := strings.ToLower(collapse(header))
	for _, cw := range columnWords {
		for _, w := range cw.words {
			if strings.HasPrefix(h, w) {
				return cw.col
			}
		}
	}
	return colOther
}

// fillChange puts one cell's value where its column says.
func fillChange(c *content.Change, col column, v string) {
	switch col {
	case colAt:
		c.At, _ = ParseDate(v)
	case colBy:
		c.By = v
	case colKind:
		c.Kind = changeKind(v)
		if c.Summary == "" {
			c.Summary = v
		}
	case colSummary:
		c.Summary = v
		if c.Kind == "" {
			c.Kind = changeKind(v)
		}
	}
}

var lineSepRE = regexp.MustCompile(`\s+[–—-]\s+|;\s*|:\s+`)

// changeFromLine reads "2019-11-06 08:39 – Jan Kowalski – zmiana treści".
func changeFromLine(s string) (content.Change, bool) {
	at, ok := ParseDate(s)
	if !ok {
		return content.Change{}, false
	}
	parts := lineSepRE.Split(stripDate(s), 2)
	c := content.Change{At: at}
	if len(parts) == 2 {
		c.By, c.Summary = strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	} else {
		c.Summary = strings.TrimSpace(parts[0])
	}
	c.Kind = changeKind(c.Summary)
	return c, true
}

// changeKind reads the Polish words registers use for a change.
func changeKind(s string) content.ChangeKind {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "usunię") || strings.Contains(s, "usuwanie") || s == "deleted":
		return content.ChangeDeleted
	case strings.Contains(s, "nowa pozycja") || strings.Contains(s, "utworzen") || strings.Contains(s, "dodan") ||
		strings.Contains(s, "opublikowanie") || strings.Contains(s, "publikacja") || s == "created":
		return content.ChangeCreated
	}
	return content.ChangeModified
}

// sortChanges puts changes oldest first, as the content model keeps them.
func sortChanges(cs []content.Change) {
	slices.SortStableFunc(cs, func(a, b content.Change) int { return a.At.Compare(b.At) })
}

// jsonKeys name the fields of a register endpoint's rows, by column.
var jsonKeys = map[string]column{
	"data": colAt, "date": colAt, "kiedy": colAt, "czas": colAt, "at": colAt,
	"kto": colBy, "uzytkownik": colBy, "użytkownik": colBy, "user": colBy, "autor": colBy, "by": colBy,
	"opis": colSummary, "summary": colSummary, "zmiana": colSummary, "opis_zmiany": colSummary,
	"rodzaj": colKind, "typ": colKind, "akcja": colKind, "type": colKind, "kind": colKind,
	"url": colPage, "adres": colPage, "link": colPage, "href": colPage, "strona": colPage,
}

// registerJSON reads a register endpoint: an array of rows, or an object
// holding one, each naming the page changed.
func registerJSON(p Page) []RegisterEntry {
	var rows []map[string]any
	if json.Unmarshal(p.Body, &rows) != nil {
		var wrapped map[string]json.RawMessage
		if json.Unmarshal(p.Body, &wrapped) != nil {
			return nil
		}
		for _, k := range []string{"rejestr", "items", "data", "zmiany", "results"} {
			if json.Unmarshal(wrapped[k], &rows) == nil && len(rows) > 0 {
				break
			}
		}
	}
	var out []RegisterEntry
	for _, row := range rows {
		var e RegisterEntry
		for k, v := range row {
			s, ok := v.(string)
			if !ok {
				continue
			}
			if col := jsonKeys[strings.ToLower(k)]; col == colPage {
				e.URL = resolve(p.URL, s)
			} else {
				fillChange(&e.Change, col, s)
			}
		}
		if e.URL != "" && !e.Change.At.IsZero() {
			if e.Change.Kind == "" {
				e.Change.Kind = content.ChangeModified
			}
			out = append(out, e)
		}
	}
	return out
}

// sameChange reports whether two register rows record the same change.
func sameChange(a, b content.Change) bool {
	return a.At.Truncate(time.Minute).Equal(b.At.Truncate(time.Minute)) && a.Kind == b.Kind
}
