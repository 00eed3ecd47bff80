package source

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// document is a page file split into its front matter and body.
type document struct {
	head     []byte // the YAML between the "---" lines; nil when there is no front matter
	headLine int    // file line of the first YAML line
	body     []byte
	bodyLine int // file line the body starts on
}

// split cuts src (with "\n" line ends) into front matter and body. Front
// matter opens with a first line of "---" and closes with a line of "---"
// or "..."; a file that does not start with "---" is all body.
func split(src []byte) (document, error) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !isFence(first, false) {
		return document{body: src, bodyLine: 1}, nil
	}
	if !found {
		return document{}, fmt.Errorf("%w: no closing \"---\" line; end the front matter with a line of three dashes", ErrFrontMatter)
	}
	line := 2
	for off := 0; off <= len(rest); line++ {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest) + 1
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = len(rest)
		}
		if isFence(rest[off:end], true) {
			body := []byte{}
			if next <= len(rest) {
				body = rest[next:]
			}
			return document{head: rest[:off], headLine: 2, body: body, bodyLine: line + 1}, nil
		}
		off = next
	}
	return document{}, fmt.Errorf("%w: no closing \"---\" line; end the front matter with a line of three dashes", ErrFrontMatter)
}

// isFence reports whether line is "---" (or "..." when closing), ignoring
// trailing blanks that editors leave behind.
func isFence(line []byte, closing bool) bool {
	line = bytes.TrimRight(line, " \t\r")
	return string(line) == "---" || (closing && string(line) == "...")
}

// yamlLineRE finds the line yaml.v3 puts in its syntax errors.
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlParserErrRE matches the errors of yaml.v3's parser (as opposed to
// its scanner), whose line numbers are one short.
var yamlParserErrRE = regexp.MustCompile(`^did not find expected (node content|key|',' or '\]'|',' or '\}'|'-' indicator|<document start>)`)

// parseYAML parses a YAML mapping whose first line is file line first. An
// empty document gives an empty mapping. Errors wrap bad and carry the file line.
func parseYAML(src []byte, first int, bad error) (m *yaml.Node, line int, err error) {
	var doc yaml.Node
	defer func() {
		// yaml.v3 has panicked on hostile input before; a page must never
		// take the whole build down.
		if p := recover(); p != nil {
			m, line, err = nil, first, fmt.Errorf("%w: YAML parser failed (%v); simplify this YAML", bad, p)
		}
	}()
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := err.Error()
		line := first
		if sub := yamlLineRE.FindStringSubmatch(msg); sub != nil {
			msg = msg[len(sub[0]):]
			if n, convErr := strconv.Atoi(sub[1]); convErr == nil && n >= 0 {
				if yamlParserErrRE.MatchString(msg) {
					n++ // yaml.v3 gives parser errors 0-based lines, scanner errors 1-based
				}
				n = min(max(n, 1), max(bytes.Count(src, []byte("\n")), 1))
				line = first + n - 1
			}
		} else {
			msg = trimPrefix(msg, "yaml: ")
		}
		return nil, line, fmt.Errorf("%w: %s", bad, msg)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1}, 0, nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1}, 0, nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, first + top.Line - 1, fmt.Errorf("%w: want \"key: value\" lines, got %s", bad, describe(top))
	}
	return top, 0, nil
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// describe names a YAML node's shape for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return fmt.Sprintf("the text %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// deref follows one alias, enough for anchors used as shorthand; aliases of
// aliases are left as they are and rejected as a wrong type.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}
