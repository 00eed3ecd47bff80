package printing

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockKind is what a block of the printed body is.
type blockKind int

const (
	blockPara    blockKind = iota // a paragraph, a list item, a table row
	blockHeading                  // h1–h6
	blockRule                     // hr
)

// block is one paragraph of the printout: text laid out as one unit.
type block struct {
	kind   blockKind
	text   string // "\n" marks a forced line break
	level  int    // heading level 1–6
	indent int    // list and quotation depth
	prefix string // the list marker, hung in front of the text
	bold   bool   // a table header row
}

// blocks reduces a sanitised body to what paper can show: headings,
// paragraphs, list items with their markers, table rows with cells joined by
// " | ", quotations indented, and a link's address after its text.
func blocks(body string) []block {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(body), ctx)
	if err != nil {
		// The tokenizer only fails on a broken reader; a string never is.
		return []block{{text: collapse(body)}}
	}
	var b builder
	for _, n := range nodes {
		b.walk(n)
	}
	b.flush()
	return b.out
}

type builder struct {
	out    []block
	buf    strings.Builder
	indent int
	prefix string // the marker for the next block, from <li>
	bold   bool
}

// flush ends the current block, if it has any text.
func (b *builder) flush() {
	text := strings.TrimSpace(collapseLines(b.buf.String()))
	b.buf.Reset()
	if text == "" {
		return
	}
	b.out = append(b.out, block{kind: blockPara, text: text, indent: b.indent, prefix: b.prefix, bold: b.bold})
	b.prefix = ""
}

func (b *builder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.buf.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		b.children(n)
		return
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		b.flush()
		level := int(n.Data[1] - '0')
		if t := collapse(textOf(n)); t != "" {
			b.out = append(b.out, block{kind: blockHeading, text: t, level: level, indent: b.indent})
		}
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Figure, atom.Figcaption, atom.Dt, atom.Dd, atom.Caption, atom.Address:
		b.flush()
		b.children(n)
		b.flush()
	case atom.Pre:
		b.flush()
		b.buf.WriteString(strings.ReplaceAll(strings.Trim(textOf(n), "\n"), "\n", "\x00"))
		b.flush()
	case atom.Br:
		b.buf.WriteString("\x00")
	case atom.Hr:
		b.flush()
		b.out = append(b.out, block{kind: blockRule})
	case atom.Ul, atom.Ol:
		b.list(n)
	case atom.Blockquote:
		b.flush()
		b.indent++
		b.children(n)
		b.flush()
		b.indent--
	case atom.Table:
		b.flush()
		b.table(n)
	case atom.A:
		b.children(n)
		href := attr(n, "href")
		if (strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://")) && collapse(textOf(n)) != href {
			b.buf.WriteString(" (" + href + ")")
		}
	case atom.Img:
		if alt := collapse(attr(n, "alt")); alt != "" {
			b.buf.WriteString("[" + alt + "]")
		}
	case atom.Script, atom.Style, atom.Template:
	default:
		b.children(n)
	}
}

func (b *builder) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.walk(c)
	}
}

// list lays out the items of ul or ol one level deeper, each with its marker.
func (b *builder) list(n *html.Node) {
	b.flush()
	num := 1
	if s, err := strconv.Atoi(attr(n, "start")); err == nil {
		num = s
	}
	b.indent++
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom != atom.Li {
			continue
		}
		b.flush()
		b.prefix = "•"
		if n.DataAtom == atom.Ol {
			b.prefix = strconv.Itoa(num) + "."
			num++
		}
		b.children(c)
		b.flush()
		b.prefix = ""
	}
	b.indent--
}

// table lays out each row as one block, its cells joined by " | "; a row of
// header cells is bold.
func (b *builder) table(n *html.Node) {
	var rows func(*html.Node)
	rows = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.DataAtom {
			case atom.Caption:
				b.walk(c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				rows(c)
			case atom.Tr:
				var cells []string
				header := true
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.DataAtom != atom.Td && td.DataAtom != atom.Th {
						continue
					}
					header = header && td.DataAtom == atom.Th
					cells = append(cells, collapse(textOf(td)))
				}
				if len(cells) > 0 {
					b.buf.WriteString(strings.Join(cells, " | "))
					b.bold = header
					b.flush()
					b.bold = false
				}
			}
		}
	}
	rows(n)
}

// textOf is the text inside n, links' addresses left out.
func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			sb.WriteString(n.Data)
		case n.DataAtom == atom.Br:
			sb.WriteString("\n")
		case n.DataAtom == atom.Script || n.DataAtom == atom.Style:
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
	}
	walk(n)
	return sb.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// collapse turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// collapseLines collapses white space within the lines of a block; "\x00"
// marks a forced break (br, pre) and becomes "\n".
func collapseLines(s string) string {
	lines := strings.Split(s, "\x00")
	for i, l := range lines {
		lines[i] = collapse(l)
	}
	return strings.Join(lines, "\n")
}
