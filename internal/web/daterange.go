package web

// DateRange is the view of the "od"/"do" date fields that the change register
// and the search filters share: one partial, so both forms keep the same
// labels, hint and accessible wiring.
type DateRange struct {
	ID                 string // prefix of the element ids: ID-od, ID-do, ID-date-hint
	Hint               string
	FromLabel, ToLabel string
	From, To           string // the values as typed, YYYY-MM-DD
}

// DateRange builds the date fields' view; labels names the catalogue group
// whose ".from" and ".to" keys label the fields ("changes", "search").
func (l *Layout) DateRange(id, labels, from, to string) DateRange {
	return DateRange{
		ID:        id,
		Hint:      l.T("changes.dateHint"),
		FromLabel: l.T(labels + ".from"),
		ToLabel:   l.T(labels + ".to"),
		From:      from,
		To:        to,
	}
}
