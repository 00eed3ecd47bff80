package bundle

import (
	"strings"

	"bipkiosk/internal/content"
)

// plainText removes from a plain-text field (a title, a name, an address)
// what no publisher means to show and what would only harm a reader: C0 and C1
// control characters other than tab and newline (a NUL cuts strings short in
// C code and in some screen readers), DEL, and the bidirectional overrides and
// isolates that can make text read in another order than it is stored.
// Invalid UTF-8 has already become U+FFFD when the JSON was decoded.
func plainText(s string) string {
	if strings.IndexFunc(s, unwanted) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unwanted(r) {
			return -1
		}
		return r
	}, s)
}

func unwanted(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// cleanSiteText and cleanNodeText pass every plain-text field of the model
// through plainText; HTML fields go through the sanitiser instead.
func cleanSiteText(s *content.Site) {
	for _, f := range []*string{&s.Name, &s.Owner, &s.Editorial.Office, &s.Editorial.Address,
		&s.Editorial.Phone, &s.Editorial.Email} {
		*f = plainText(*f)
	}
	for i := range s.Editorial.Editors {
		p := &s.Editorial.Editors[i]
		p.Name, p.Role, p.Phone, p.Email = plainText(p.Name), plainText(p.Role), plainText(p.Phone), plainText(p.Email)
	}
	for i := range s.Groups {
		s.Groups[i].Title = plainText(s.Groups[i].Title)
	}
}

func cleanNodeText(n *content.Node) {
	for _, f := range []*string{&n.Title, &n.Meta.Publisher, &n.Meta.Author, &n.Meta.Responsible, &n.Meta.EnteredBy} {
		*f = plainText(*f)
	}
	for i := range n.Attachments {
		n.Attachments[i].Title = plainText(n.Attachments[i].Title)
	}
	for i := range n.History {
		n.History[i].By, n.History[i].Summary = plainText(n.History[i].By), plainText(n.History[i].Summary)
	}
}
