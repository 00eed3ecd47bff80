package source

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"bipkiosk/internal/content"
)

// diag collects the warnings and errors of one file.
type diag struct {
	file  string
	warns []Warning
	errs  []error
}

func (d *diag) warn(line int, format string, args ...any) {
	d.warns = append(d.warns, Warning{File: d.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (d *diag) fail(line int, err error) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Err: err})
}

// yamlView reads the YAML nodes of one file, reporting problems at file
// lines: a node on YAML line n sits on file line n+off.
type yamlView struct {
	*diag
	off int   // file line of the first YAML line, minus one
	bad error // sentinel for wrong types: ErrFrontMatter or ErrSite
}

func (v yamlView) line(n *yaml.Node) int { return n.Line + v.off }

// pair is one "key: value" of a mapping.
type pair struct {
	key, val *yaml.Node
}

// pairs lists a mapping's entries and fails on a repeated key: yaml.v3 only
// checks that when decoding into Go values, and a second title is a mistake.
func (v yamlView) pairs(m *yaml.Node) []pair {
	out := make([]pair, 0, len(m.Content)/2)
	seen := make(map[string]int, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], deref(m.Content[i+1])
		if first, dup := seen[k.Value]; dup {
			v.fail(v.line(k), fmt.Errorf("%w: key %q given twice (first on line %d); keep one", v.bad, k.Value, first+v.off))
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, pair{k, val})
	}
	return out
}

// isNull reports an empty value ("title:" with nothing after it).
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// raw returns a scalar's text as written; a list or mapping is an error.
func (v yamlView) raw(p pair) (string, bool) {
	if isNull(p.val) {
		return "", true
	}
	if p.val.Kind != yaml.ScalarNode {
		v.fail(v.line(p.val), fmt.Errorf("%w: %q must be text, not %s", v.bad, p.key.Value, describe(p.val)))
		return "", false
	}
	return p.val.Value, true
}

// text returns a scalar as one clean line.
func (v yamlView) text(p pair) string {
	s, _ := v.raw(p)
	return oneLine(s)
}

// limited returns a scalar as one clean line, like text, and fails on the
// value's line when it is longer than max characters: the limits of
// content, which opening a bundle and importing it enforce too.
func (v yamlView) limited(p pair, max int) string {
	return v.limit(p, v.text(p), max)
}

// limit fails on p's value line when s, read from p, is longer than max
// characters, and returns s cut to max, so later messages that quote it
// stay short (the tree does not build anyway).
func (v yamlView) limit(p pair, s string, max int) string {
	if content.CheckLength(p.key.Value, s, max) == nil {
		return s
	}
	n := utf8.RuneCountInString(s)
	v.fail(v.line(p.val), fmt.Errorf("%w: %s is %d characters long; the limit is %d: shorten it", ErrTooLong, p.key.Value, n, max))
	return cut(s, max)
}

// tooLong fails on the whole file for the first field of a node or site
// over content's limits that no key of the file's YAML gave (a title taken
// from a heading, a path made of long folder names), or that a check above
// missed.
func (d *diag) tooLong(err error) {
	var e *content.FieldTooLongError
	if errors.As(err, &e) {
		d.fail(0, fmt.Errorf("%w: %s is %d characters long; the limit is %d: shorten it", ErrTooLong, e.Field, e.Len, e.Max))
	}
}

// cut returns the first max characters of s.
func cut(s string, max int) string {
	for i := range s {
		if max == 0 {
			return s[:i]
		}
		max--
	}
	return s
}

// list returns a sequence's items; an empty value is an empty list.
func (v yamlView) list(p pair) ([]*yaml.Node, bool) {
	if isNull(p.val) {
		return nil, true
	}
	if p.val.Kind != yaml.SequenceNode {
		v.fail(v.line(p.val), fmt.Errorf("%w: %q must be a list (lines starting with \"- \"), not %s", v.bad, p.key.Value, describe(p.val)))
		return nil, false
	}
	items := make([]*yaml.Node, len(p.val.Content))
	for i, it := range p.val.Content {
		items[i] = deref(it)
	}
	return items, true
}

// mapping checks that n is a mapping; what names it in the error.
func (v yamlView) mapping(n *yaml.Node, what string) bool {
	if n.Kind != yaml.MappingNode {
		v.fail(v.line(n), fmt.Errorf("%w: %s must be \"key: value\" lines, not %s", v.bad, what, describe(n)))
		return false
	}
	return true
}

func (v yamlView) unknown(k *yaml.Node, where string) {
	v.warn(v.line(k), "unknown key %q%s ignored; see docs/source-format.md for the keys", k.Value, where)
}

// invisible are format characters that only hide text differences.
func invisible(r rune) bool {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return unicode.IsControl(r)
}

// oneLine collapses every kind of white space (NBSP included) to single
// spaces and drops control and zero-width characters: titles and names are
// compared, sorted and shown on one line.
func oneLine(s string) string {
	if s == "" {
		return s
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if invisible(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// lines cleans each line of a multi-line value such as a postal address.
func lines(s string) string {
	ls := strings.Split(s, "\n")
	out := ls[:0]
	for _, l := range ls {
		if l = oneLine(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
