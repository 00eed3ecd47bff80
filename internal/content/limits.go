package content

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The longest text each field of the model may hold, in characters. A title
// is shown in the menu of every page and sent to the printer as the job's
// name; a name or an e-mail address is shown under every article. The limits
// are far above what a real BIP page needs and far below what breaks one. Bodies are bounded by the
// size of a bundle's JSON entries, not here.
const (
	MaxTitle = 1000 // a node's, a menu group's or an attachment's title; the site's name and owner
	MaxName  = 500  // people, roles, the editorial office, phones, e-mails, file names, MIME types
	MaxText  = 2000 // a postal address, a change's summary, a node's path
	MaxURL   = 2000 // the live BIP address, a link's target, a source_url
)

// FieldTooLongError reports a text field over its limit. Field is the name
// it has in a bundle's JSON, with its place for fields of lists, e.g.
// "title", "meta.author", "attachments[2].name", "editorial.editors[0].name".
type FieldTooLongError struct {
	Field string
	Len   int // characters
	Max   int // characters
}

func (e *FieldTooLongError) Error() string {
	return fmt.Sprintf("content: %s is %d characters long; the limit is %d", e.Field, e.Len, e.Max)
}

// CheckLength returns a *FieldTooLongError when s is longer than max characters.
func CheckLength(field, s string, max int) error {
	if len(s) <= max { // a character is at least one byte
		return nil
	}
	if n := utf8.RuneCountInString(s); n > max {
		return &FieldTooLongError{Field: field, Len: n, Max: max}
	}
	return nil
}

// field is one text field and its limit.
type field struct {
	name string
	s    string
	max  int
}

// firstTooLong returns the error of the first field over its limit, or nil.
func firstTooLong(fields []field) error {
	for _, f := range fields {
		if err := CheckLength(f.name, f.s, f.max); err != nil {
			return err
		}
	}
	return nil
}

// CheckLengths returns a *FieldTooLongError for the first text field of the
// node over its limit, or nil. Bodies are not limited here.
func (n Node) CheckLengths() error {
	fields := []field{
		{"title", n.Title, MaxTitle}, {"path", n.Path, MaxText}, {"url", n.URL, MaxURL},
		{"meta.publisher", n.Meta.Publisher, MaxName}, {"meta.author", n.Meta.Author, MaxName},
		{"meta.responsible", n.Meta.Responsible, MaxName}, {"meta.entered_by", n.Meta.EnteredBy, MaxName},
		{"meta.source_url", n.Meta.SourceURL, MaxURL},
	}
	for i, a := range n.Attachments {
		at := "attachments[" + strconv.Itoa(i) + "]."
		fields = append(fields, field{at + "title", a.Title, MaxTitle}, field{at + "name", a.Name, MaxName},
			field{at + "type", a.Type, MaxName})
	}
	for i, c := range n.History {
		at := "history[" + strconv.Itoa(i) + "]."
		fields = append(fields, field{at + "by", c.By, MaxName}, field{at + "summary", c.Summary, MaxText})
	}
	return firstTooLong(fields)
}

// CheckLengths returns a *FieldTooLongError for the first text field of the
// site over its limit, or nil. The instructions and the accessibility
// statement are bodies and are not limited here.
func (s Site) CheckLengths() error {
	e := s.Editorial
	fields := []field{
		{"name", s.Name, MaxTitle}, {"owner", s.Owner, MaxTitle}, {"live_url", s.LiveURL, MaxURL},
		{"editorial.office", e.Office, MaxName}, {"editorial.address", e.Address, MaxText},
		{"editorial.phone", e.Phone, MaxName}, {"editorial.email", e.Email, MaxName},
	}
	if s.Logo != nil {
		fields = append(fields, field{"logo.type", s.Logo.Type, MaxName})
	}
	if v := s.SignLanguage; v != nil {
		fields = append(fields, field{"sign_language.title", v.Title, MaxTitle},
			field{"sign_language.video.type", v.Video.Type, MaxName}, field{"sign_language.captions.type", v.Captions.Type, MaxName})
	}
	for i, p := range e.Editors {
		at := "editorial.editors[" + strconv.Itoa(i) + "]."
		fields = append(fields, field{at + "name", p.Name, MaxName}, field{at + "role", p.Role, MaxName},
			field{at + "phone", p.Phone, MaxName}, field{at + "email", p.Email, MaxName})
	}
	for i, g := range s.Groups {
		fields = append(fields, field{"groups[" + strconv.Itoa(i) + "].title", g.Title, MaxTitle})
	}
	return firstTooLong(fields)
}
