package web

import (
	"html"
	"regexp"
	"strings"
)

// diffOp is one run of a word diff: "eq", "ins" or "del".
type diffOp struct {
	Op   string
	Text string
}

// blockEnd matches the tags that end a block of text, kept as line breaks so
// the diff still reads as paragraphs.
var (
	blockEnd = regexp.MustCompile(`(?i)</(p|div|li|h[1-6]|tr|blockquote|table|ul|ol)>|<br\s*/?>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
	spaces   = regexp.MustCompile(`[ \t\r\f\v]+`)
	newlines = regexp.MustCompile(`\s*\n\s*`)
)

// htmlText turns a sanitised body into plain text with paragraph breaks.
func htmlText(body string) string {
	s := blockEnd.ReplaceAllString(body, "\n")
	s = anyTag.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = spaces.ReplaceAllString(s, " ")
	s = newlines.ReplaceAllString(s, "\n")
	return strings.TrimSpace(s)
}

// tokens splits text into words and the separators between them, so that
// joining the tokens gives the text back.
var tokenRE = regexp.MustCompile(`\s+|[^\s]+`)

// maxDiffCells bounds the LCS table; beyond it the change is shown as the
// whole old text removed and the whole new text added.
const maxDiffCells = 4_000_000

// wordDiff compares two texts word by word with a longest common subsequence.
func wordDiff(before, after string) []diffOp {
	a, b := tokenRE.FindAllString(before, -1), tokenRE.FindAllString(after, -1)
	// Common prefix and suffix need no table.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	add := func(op, text string) {
		if text == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += text
			return
		}
		ops = append(ops, diffOp{Op: op, Text: text})
	}
	add("eq", strings.Join(a[:pre], ""))
	midA, midB := a[pre:len(a)-suf], b[pre:len(b)-suf]
	for _, op := range lcsDiff(midA, midB) {
		add(op.Op, op.Text)
	}
	add("eq", strings.Join(a[len(a)-suf:], ""))
	return ops
}

func lcsDiff(a, b []string) []diffOp {
	if len(a)*len(b) > maxDiffCells {
		return []diffOp{{"del", strings.Join(a, "")}, {"ins", strings.Join(b, "")}}
	}
	// l[i][j] is the LCS length of a[i:] and b[j:].
	w := len(b) + 1
	l := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			ops = append(ops, diffOp{"eq", a[i]})
			i, j = i+1, j+1
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			ops = append(ops, diffOp{"del", a[i]})
			i++
		default:
			ops = append(ops, diffOp{"ins", b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		ops = append(ops, diffOp{"del", a[i]})
	}
	for ; j < len(b); j++ {
		ops = append(ops, diffOp{"ins", b[j]})
	}
	return ops
}

// hasChanges reports whether a diff holds any insertion or deletion.
func hasChanges(ops []diffOp) bool {
	for _, op := range ops {
		if op.Op != "eq" {
			return true
		}
	}
	return false
}
