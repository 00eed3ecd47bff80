package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// blockKind is the shape of one block of an article body.
type blockKind uint8

const (
	para blockKind = iota
	heading
	list
	table
)

// block is one paragraph, heading, list or table. Bodies are kept as blocks
// so that Generate (HTML) and WriteTree (Markdown) give the same article.
type block struct {
	kind  blockKind
	text  string
	items []string   // list items
	rows  [][]string // table rows; the first is the header
}

// bodySize is the length of the rendered body: blocks are added until it
// passes the article's target.
func bodySize(bs []block) int {
	n := 0
	for _, b := range bs {
		n += len(b.text) + 10
		for _, it := range b.items {
			n += len(it) + 10
		}
		for _, r := range b.rows {
			for _, c := range r {
				n += len(c) + 10
			}
		}
	}
	return n
}

// html renders blocks exactly as goldmark renders their Markdown, so a tree
// written by WriteTree reads back into the same bodies.
func html(bs []block) string {
	var w strings.Builder
	w.Grow(bodySize(bs) + 64)
	for _, b := range bs {
		switch b.kind {
		case para:
			w.WriteString("<p>")
			escape(&w, b.text)
			w.WriteString("</p>\n")
		case heading:
			w.WriteString("<h2>")
			escape(&w, b.text)
			w.WriteString("</h2>\n")
		case list:
			w.WriteString("<ul>\n")
			for _, it := range b.items {
				w.WriteString("<li>")
				escape(&w, it)
				w.WriteString("</li>\n")
			}
			w.WriteString("</ul>\n")
		case table:
			w.WriteString("<table>\n<thead>\n<tr>\n")
			for _, c := range b.rows[0] {
				w.WriteString("<th>")
				escape(&w, c)
				w.WriteString("</th>\n")
			}
			w.WriteString("</tr>\n</thead>\n<tbody>\n")
			for _, r := range b.rows[1:] {
				w.WriteString("<tr>\n")
				for _, c := range r {
					w.WriteString("<td>")
					escape(&w, c)
					w.WriteString("</td>\n")
				}
				w.WriteString("</tr>\n")
			}
			w.WriteString("</tbody>\n</table>\n")
		}
	}
	return w.String()
}

// markdown renders blocks as the Markdown a publisher would write.
func markdown(bs []block) string {
	var w strings.Builder
	w.Grow(bodySize(bs))
	for i, b := range bs {
		if i > 0 {
			w.WriteByte('\n')
		}
		switch b.kind {
		case para:
			w.WriteString(b.text)
			w.WriteByte('\n')
		case heading:
			w.WriteString("## ")
			w.WriteString(b.text)
			w.WriteByte('\n')
		case list:
			for _, it := range b.items {
				w.WriteString("- ")
				w.WriteString(it)
				w.WriteByte('\n')
			}
		case table:
			for j, r := range b.rows {
				w.WriteString("| ")
				w.WriteString(strings.Join(r, " | "))
				w.WriteString(" |\n")
				if j == 0 {
					w.WriteString(strings.Repeat("|---", len(r)))
					w.WriteString("|\n")
				}
			}
		}
	}
	return w.String()
}

// escape writes s as HTML text. The word lists hold none of these
// characters, but filled-in values could.
func escape(w *strings.Builder, s string) {
	if !strings.ContainsAny(s, `<>&"`) {
		w.WriteString(s)
		return
	}
	for _, r := range s {
		switch r {
		case '<':
			w.WriteString("&lt;")
		case '>':
			w.WriteString("&gt;")
		case '&':
			w.WriteString("&amp;")
		case '"':
			w.WriteString("&quot;")
		default:
			w.WriteRune(r)
		}
	}
}

// filler substitutes the {placeholders} of the word lists.
type filler struct {
	rng  *rand.Rand
	t    *town
	year int
}

func (f *filler) pick(list []string) string { return list[f.rng.IntN(len(list))] }

// fill replaces {Y} (year), {Y1} (year before), {Y1n} (year after), {Y10},
// {N} (large number), {n} and {d} (small numbers), {street}, {loc}, {gen},
// {voiv}, {phone}, {date}, {amount} and {amount2}.
func (f *filler) fill(s string) string {
	if strings.IndexByte(s, '{') < 0 {
		return s
	}
	var w strings.Builder
	w.Grow(len(s) + 32)
	f.fillTo(&w, s)
	return w.String()
}

// fillTo writes s with its placeholders filled to w.
func (f *filler) fillTo(w *strings.Builder, s string) {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			w.WriteString(s)
			return
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			w.WriteString(s)
			return
		}
		w.WriteString(s[:i])
		f.value(w, s[i+1:i+j])
		s = s[i+j+1:]
	}
}

func (f *filler) value(w *strings.Builder, key string) {
	itoa := func(n int) { w.WriteString(strconv.Itoa(n)) }
	switch key {
	case "Y":
		itoa(f.year)
	case "Y1":
		itoa(f.year - 1)
	case "Y1n":
		itoa(f.year + 1)
	case "Y10":
		itoa(f.year + 10)
	case "N":
		itoa(100 + f.rng.IntN(2400))
	case "n":
		itoa(1 + f.rng.IntN(60))
	case "d":
		itoa(1 + f.rng.IntN(20))
	case "street":
		w.WriteString(f.pick(streets))
	case "loc":
		w.WriteString(f.t.loc)
	case "gen":
		w.WriteString(f.t.gen)
	case "voiv":
		w.WriteString(f.t.voivodeship)
	case "phone":
		w.WriteString("76 818 ")
		w.WriteString(strconv.Itoa(10 + f.rng.IntN(90)))
		w.WriteByte(' ')
		w.WriteString(strconv.Itoa(10 + f.rng.IntN(90)))
	case "date":
		w.WriteString(strconv.Itoa(1 + f.rng.IntN(28)))
		w.WriteByte(' ')
		w.WriteString(f.pick(monthsGen))
		w.WriteByte(' ')
		itoa(f.year)
		w.WriteString(" r.")
	case "amount", "amount2":
		w.WriteString(money(1000 + f.rng.IntN(2_000_000)))
	default:
		w.WriteString(key)
	}
}

// money formats whole złoty the Polish way: "1 234 567,00".
func money(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	b.WriteString(",00")
	return b.String()
}

// paragraph joins 2–5 stock sentences.
func (f *filler) paragraph() string {
	var w strings.Builder
	w.Grow(600)
	for i := range 2 + f.rng.IntN(4) {
		if i > 0 {
			w.WriteByte(' ')
		}
		f.fillTo(&w, f.pick(sentences))
	}
	return w.String()
}
