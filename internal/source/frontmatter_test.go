package source

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		head     string
		body     string
		bodyLine int
		hasHead  bool
		wantErr  bool
	}{
		{name: "no front matter", src: "# Tytuł\n\ntekst\n", body: "# Tytuł\n\ntekst\n", bodyLine: 1},
		{name: "front matter", src: "---\ntitle: A\n---\ntekst\n", head: "title: A\n", body: "tekst\n", bodyLine: 4, hasHead: true},
		{name: "yaml end marker", src: "---\ntitle: A\n...\ntekst", head: "title: A\n", body: "tekst", bodyLine: 4, hasHead: true},
		{name: "trailing blanks on fences", src: "--- \ntitle: A\n---\t\n", head: "title: A\n", body: "", bodyLine: 4, hasHead: true},
		{name: "empty front matter", src: "---\n---\nx", head: "", body: "x", bodyLine: 3, hasHead: true},
		{name: "closing fence at end of file", src: "---\ntitle: A\n---", head: "title: A\n", body: "", bodyLine: 4, hasHead: true},
		{name: "dashes later are body", src: "tekst\n---\n", body: "tekst\n---\n", bodyLine: 1},
		{name: "four dashes are no fence", src: "----\ntitle: A\n", body: "----\ntitle: A\n", bodyLine: 1},
		{name: "unterminated", src: "---\ntitle: A\n", wantErr: true},
		{name: "only the fence", src: "---", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := split([]byte(tt.src))
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrFrontMatter) {
					t.Errorf("got %v, want ErrFrontMatter", err)
				}
				return
			}
			if (doc.head != nil) != tt.hasHead || string(doc.head) != tt.head || string(doc.body) != tt.body || doc.bodyLine != tt.bodyLine {
				t.Errorf("got head %q (%v) body %q line %d, want %q (%v) %q %d", doc.head, doc.head != nil, doc.body, doc.bodyLine, tt.head, tt.hasHead, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	warsaw := mustZone("Europe/Warsaw")
	tests := []struct {
		name string
		in   string
		want time.Time
		ok   bool
	}{
		{name: "rfc 3339", in: "2003-11-18T14:00:26+01:00", want: time.Date(2003, 11, 18, 13, 0, 26, 0, time.UTC), ok: true},
		{name: "local winter", in: "2003-11-18 14:00:26", want: time.Date(2003, 11, 18, 13, 0, 26, 0, time.UTC), ok: true},
		{name: "local summer", in: "2024-07-01 12:00:00", want: time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), ok: true},
		{name: "local with T", in: "2024-07-01T12:00:00", want: time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), ok: true},
		{name: "minutes", in: "2024-07-01 12:00", want: time.Date(2024, 7, 1, 12, 0, 0, 0, warsaw), ok: true},
		{name: "date only", in: " 2024-07-01 ", want: time.Date(2024, 7, 1, 0, 0, 0, 0, warsaw), ok: true},
		{name: "polish order", in: "18.11.2003", ok: false},
		{name: "words", in: "wczoraj", ok: false},
		{name: "impossible day", in: "2003-02-30", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseTime(tt.in)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("got %v %v, want %v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		ok   bool
	}{
		{name: "plain", in: "7936", want: 7936, ok: true},
		{name: "space", in: "7 936", want: 7936, ok: true},
		{name: "nbsp", in: "7\u00a0936", want: 7936, ok: true},
		{name: "words", in: "dużo", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := parseCount(tt.in); got != tt.want || ok != tt.ok {
				t.Errorf("got %d %v, want %d %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{name: "nbsp", in: "Urząd\u00a0Miejski", want: "Urząd Miejski"},
		{name: "runs and edges", in: "  a \t\n b  ", want: "a b"},
		{name: "zero width and soft hyphen", in: "Cho\u200bj\u00adnów\ufeff", want: "Chojnów"},
		{name: "control", in: "a\x07b", want: "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := oneLine(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzFrontMatter feeds arbitrary page files through the splitter, the YAML
// parser and the key reader: they must never panic, and every error must
// point at a line of the file.
func FuzzFrontMatter(f *testing.F) {
	seeds := []string{
		"---\ntitle: A\n---\nbody",
		"---\ntitle: [\n---\n",
		"---\ntitle: A\nattachments:\n  - {file: x.pdf}\nhistory:\n  - at: 2003-11-18 14:00:26\n    previous: a.md\n---\n",
		"---\n&a [1]\n---\n",
		"---\nx: &a {b: *a}\ntitle: *a\n---\n",
		"---\r\ntitle: \"\\x00\"\r\n---\r\n",
		"---\nkind: link\nurl: javascript:x\n---",
		"---\nhistory: [{at: 2020-01-01, previous: ../../x.md}]\ntitle: t\n---\n",
		"\xef\xbb\xbf---\ntitle: \xff\n---\n",
		"<html><body><h1>x</h1></body></html>",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte) {
		ps := &parser{r: newReader(root), md: newMarkdown()}
		for _, job := range []pageJob{{rel: "u/a.md"}, {rel: "u/_index.html", index: true}} {
			p := &page{rel: job.rel, diag: diag{file: job.rel}}
			ps.parseBytes(p, job, "u", src)
			lines := bytes.Count(decodeText(src, &diag{}), []byte("\n")) + 1
			for _, err := range p.diag.errs {
				var e *Error
				if !errors.As(err, &e) || e.Line < 1 || e.Line > lines || e.File != job.rel {
					t.Errorf("got error %v (line %d of %d), want an *Error at a line of %s", err, e.Line, lines, job.rel)
				}
			}
		}
	})
}
